// swift-tools-version:6.1
import PackageDescription

// The C header in PluginSDK/include is the only contract between the host and adapters.
// Adapters link RollportABI (the header) and, when written in Swift, RollportAdapterKit and
// RollportToolkit statically; nothing Swift crosses the boundary.
let package = Package(
    name: "Rollport",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "rollport", targets: ["rollport"]),
        .library(name: "RollportHost", targets: ["RollportHost"]),
        .library(name: "RollportAdapterKit", targets: ["RollportAdapterKit"]),
        .library(name: "RollportToolkit", targets: ["RollportToolkit"]),
        .library(name: "MinimalSwiftAdapter", type: .dynamic, targets: ["MinimalSwiftAdapter"]),
        .library(name: "OptimismAdapter", type: .dynamic, targets: ["OptimismAdapter"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", exact: "4.5.2"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", exact: "0.6.0"),
        .package(url: "https://github.com/ordo-one/benchmark.git", exact: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/swift-server/async-http-client.git", exact: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", exact: "2.28.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", exact: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", exact: "2.101.3"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", exact: "2.4.1"),
    ],
    targets: [
        // The C ABI: PluginSDK/include/rollport.h.
        .target(
            name: "RollportABI",
            path: "PluginSDK",
            exclude: ["AdapterKit", "Toolkit", "System", "examples", "README.md"],
            sources: ["ABI"],
            publicHeadersPath: "include"
        ),
        // Debian's C libraries, wrapped as they are.
        .systemLibrary(name: "CSecp256k1", path: "PluginSDK/System/CSecp256k1", pkgConfig: "libsecp256k1", providers: [.apt(["libsecp256k1-dev"])]),
        .systemLibrary(name: "CZlib", path: "PluginSDK/System/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CBrotli", path: "PluginSDK/System/CBrotli", pkgConfig: "libbrotlidec", providers: [.apt(["libbrotli-dev"])]),
        .systemLibrary(name: "CZstd", path: "PluginSDK/System/CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        // Debian ships LevelDB without a pkg-config file: the module map links it by name.
        .systemLibrary(name: "CLevelDB", path: "Host/System/CLevelDB", providers: [.apt(["libleveldb-dev"])]),
        // Ethereum building blocks shared by the host and every adapter: keccak, RLP, ABI,
        // transactions, trie proofs, compression, blobs, JSON-RPC shapes.
        .target(
            name: "RollportToolkit",
            dependencies: [
                "CSecp256k1", "CZlib", "CBrotli", "CZstd",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "PluginSDK/Toolkit"
        ),
        // Writing an adapter in Swift: exports the entry symbol, wraps sinks, maps errors to statuses.
        .target(name: "RollportAdapterKit", dependencies: ["RollportABI", "RollportToolkit"], path: "PluginSDK/AdapterKit"),
        .target(
            name: "MinimalSwiftAdapter",
            dependencies: ["RollportAdapterKit"],
            path: "PluginSDK/examples/minimal-swift",
            exclude: ["minimal-swift.toml", "exports.map"],
            linkerSettings: [.unsafeFlags(["-Xlinker", "--version-script=\(Context.packageDirectory)/PluginSDK/examples/minimal-swift/exports.map"])]
        ),

        .target(
            name: "RollportHost",
            dependencies: [
                "RollportABI", "RollportToolkit", "CLevelDB",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            path: "Host/RollportHost",
            exclude: ["L1/README.md"]
        ),
        // The development L1: a deterministic chain with OP Stack traffic, served on loopback
        // over JSON-RPC and the beacon API.
        .target(
            name: "RollportDevnet",
            dependencies: [
                "RollportHost", "RollportToolkit", "RollportAPI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Host/Devnet",
            exclude: ["README.md"]
        ),
        // The JSON-RPC API, the Prometheus metrics and the health check, served by `rollport run`
        // and `rollport serve`.
        .target(
            name: "RollportAPI",
            dependencies: [
                "RollportHost", "RollportToolkit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Host/API",
            exclude: ["README.md"]
        ),
        .executableTarget(
            name: "rollport",
            dependencies: [
                "RollportHost", "RollportToolkit", "RollportDevnet", "RollportAPI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Host/rollport"
        ),

        // OP Stack derivation formats: rollup config, blob codec, frames, channels, batches, and
        // the batch encoder. Used by the Optimism adapter and the CLI.
        .target(name: "OptimismDerivation", dependencies: ["RollportToolkit"], path: "Plugins/Optimism/Derivation"),
        // OP Stack settlement: deposits, L1 attributes and upgrades (Bridge), output roots and
        // proposals (Commitments), withdrawals and their proofs (Bridge), fault dispute games (Disputes).
        .target(name: "OptimismSettlement", dependencies: ["RollportToolkit"], path: "Plugins/Optimism",
                exclude: ["Derivation", "Adapter", "README.md"], sources: ["Bridge", "Commitments", "Disputes"]),
        // The OP Stack adapter: a dynamic library reached only through the C ABI.
        .target(
            name: "OptimismAdapter",
            dependencies: ["RollportAdapterKit", "OptimismDerivation", "OptimismSettlement"],
            path: "Plugins/Optimism/Adapter",
            exclude: ["exports.map"],
            linkerSettings: [.unsafeFlags(["-Xlinker", "--version-script=\(Context.packageDirectory)/Plugins/Optimism/Adapter/exports.map"])]
        ),

        // Paths and the C compiler, shared by the test suites and the benchmarks.
        .target(name: "RollportTestSupport", path: "Tests/Support"),
        // The OP Stack chains of Manifests/optimism.toml as rollup configs, for tests and benchmarks.
        .target(name: "OptimismTestSupport", dependencies: ["OptimismDerivation", "RollportHost", "RollportTestSupport", "RollportToolkit"], path: "Tests/OptimismSupport"),
        .testTarget(name: "RollportToolkitTests", dependencies: ["RollportToolkit", "RollportTestSupport"], path: "Tests/RollportToolkitTests"),
        .testTarget(
            name: "RollportHostTests",
            dependencies: [
                "RollportHost", "RollportToolkit", "RollportTestSupport", "MinimalSwiftAdapter",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Tests/RollportHostTests"
        ),
        .testTarget(
            name: "OptimismTests",
            // RollportHost: the adapter's tests load its library through the host, as `rollport` does.
            // The library itself is not a dependency: every test target links into one test binary,
            // where a second entry symbol would clash with the Swift example's.
            dependencies: ["OptimismDerivation", "OptimismSettlement", "OptimismTestSupport", "RollportToolkit", "RollportTestSupport", "RollportHost", .product(name: "Logging", package: "swift-log")],
            path: "Tests/OptimismTests"
        ),
        // Generated OP chains on a generated L1, for the follower's tests and benchmarks.
        .target(
            name: "FollowerTestSupport",
            dependencies: ["OptimismDerivation", "RollportHost", "RollportTestSupport", "RollportToolkit", .product(name: "Logging", package: "swift-log")],
            path: "Tests/FollowerSupport"
        ),
        .testTarget(
            name: "FollowerTests",
            // The Optimism adapter is loaded from its library beside the test executable, as in OptimismTests.
            dependencies: ["FollowerTestSupport", "RollportHost", "RollportToolkit", "RollportTestSupport", "OptimismDerivation",
                           .product(name: "Logging", package: "swift-log"), .product(name: "AsyncHTTPClient", package: "async-http-client")],
            path: "Tests/FollowerTests"
        ),
        .testTarget(
            name: "RollportDevnetTests",
            // The devnet, real traffic replayed through a loopback node, and the API over what they store.
            dependencies: ["RollportDevnet", "RollportAPI", "FollowerTestSupport", "RollportHost", "RollportToolkit", "RollportTestSupport",
                           .product(name: "Logging", package: "swift-log"), .product(name: "AsyncHTTPClient", package: "async-http-client")],
            path: "Tests/RollportDevnetTests"
        ),
        .testTarget(
            name: "RollportCLITests",
            dependencies: ["rollport", "RollportToolkit", "RollportTestSupport", "MinimalSwiftAdapter"],
            path: "Tests/RollportCLITests"
        ),

        .executableTarget(
            name: "RouterBenchmarks",
            dependencies: [
                "RollportHost", "RollportToolkit", "RollportTestSupport",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/RouterBenchmarks",
            exclude: ["Fixtures"],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "ToolkitBenchmarks",
            dependencies: [
                "RollportToolkit", "RollportTestSupport",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/ToolkitBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "OptimismBenchmarks",
            dependencies: [
                "OptimismDerivation", "OptimismSettlement", "OptimismTestSupport", "RollportToolkit", "RollportTestSupport",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/OptimismBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // The follower: backfill over an in-memory L1 of OP batches, and a new head block's latency.
        .executableTarget(
            name: "FollowerBenchmarks",
            dependencies: [
                "FollowerTestSupport", "RollportHost", "RollportToolkit", "RollportTestSupport", "RollportDevnet", "RollportAPI",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/FollowerBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Pairing-based proof verification: BN254 arithmetic, pairings, precompiles.
        .executableTarget(
            name: "ZKBenchmarks",
            dependencies: [
                "RollportToolkit", "RollportTestSupport",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/ZKBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)

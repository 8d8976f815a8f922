// The follower against the devnet over HTTP: a `Devnet` (one OP Stack calldata batch of 100 L2
// transactions in every block, deposits and withdrawals) served by `L1NodeServer` on
// 127.0.0.1, read by `RPCL1Source` (the JSON-RPC client `rollport run` uses), into a fresh
// LevelDB data directory, with the Optimism adapter loaded from the devnet manifest.
//
// Setup produces the chain and follows it once, checking that the store counts what the devnet
// says it produced (batches, L2 blocks and transactions, deposits, withdrawals); a follower that
// drops anything fails setup instead of being measured.

import Benchmark
import Dispatch
import FollowerTestSupport
import Foundation
import Logging
import RollportDevnet
import RollportHost
import RollportTestSupport
import RollportToolkit

let microsecondsAfterProduced = BenchmarkMetric.custom("µs from produced to stored", polarity: .prefersSmaller, useScalingFactor: false)

func devnetBenchmarks() {
    Benchmark("Follower over the devnet (HTTP): backfill 500 L1 blocks, 100-transaction OP calldata batch each", configuration: .init(
        metrics: [.wallClock, blocksPerSecond], warmupIterations: 1, maxDuration: .seconds(30), maxIterations: 8
    ), closure: { benchmark in
        guard case .success(let fixture) = DevnetFixture.shared else { return }
        for _ in benchmark.scaledIterations {
            let dir = fixture.scratch + "/backfill-\(UUID().uuidString.prefix(8))"
            defer { try? FileManager.default.removeItem(atPath: dir) }
            do {
                let start = DispatchTime.now().uptimeNanoseconds
                let summary = try fixture.follow(into: dir, until: DevnetFixture.blockCount)
                let elapsed = DispatchTime.now().uptimeNanoseconds - start
                guard summary.blocksProcessed == DevnetFixture.blockCount + 1 else {
                    benchmark.error("stored \(summary.blocksProcessed) blocks, expected \(DevnetFixture.blockCount + 1) (0...\(DevnetFixture.blockCount))")
                    return
                }
                benchmark.measurement(blocksPerSecond, Int((Double(summary.blocksProcessed) / (Double(elapsed) / 1e9)).rounded()))
            } catch {
                benchmark.error("\(error)")
                return
            }
        }
    }, setup: DevnetFixture.require)

    // The same with the node in a process of its own, as an L1 node is: `rollport devnet`.
    Benchmark("Follower over the devnet in its own process (HTTP): backfill 500 L1 blocks, 100-transaction OP calldata batch each", configuration: .init(
        metrics: [.wallClock, blocksPerSecond], warmupIterations: 1, maxDuration: .seconds(30), maxIterations: 8
    ), closure: { benchmark in
        guard case .success(let fixture) = DevnetFixture.shared, case .success(let node) = DevnetProcess.shared else { return }
        for _ in benchmark.scaledIterations {
            let dir = fixture.scratch + "/process-\(UUID().uuidString.prefix(8))"
            defer { try? FileManager.default.removeItem(atPath: dir) }
            do {
                let source = RPCL1Source(RPCL1Source.Configuration(rpcURL: node.url, beaconURL: node.url), logger: OPTestChain.quietLogger)
                let start = DispatchTime.now().uptimeNanoseconds
                let summary = try FollowerFixture.wait { () async throws -> FollowerSummary in
                    try await OPTestChain.follow(source, directory: dir, manifests: DevnetFixture.manifests, until: DevnetFixture.blockCount)
                }
                let elapsed = DispatchTime.now().uptimeNanoseconds - start
                guard summary.blocksProcessed == DevnetFixture.blockCount + 1 else {
                    benchmark.error("stored \(summary.blocksProcessed) blocks, expected \(DevnetFixture.blockCount + 1)")
                    return
                }
                benchmark.measurement(blocksPerSecond, Int((Double(summary.blocksProcessed) / (Double(elapsed) / 1e9)).rounded()))
            } catch {
                benchmark.error("\(error)")
                return
            }
        }
    }, setup: {
        try DevnetFixture.require()
        if case .failure(let error) = DevnetProcess.shared {
            FileHandle.standardError.write(Data("FollowerBenchmarks: the devnet process did not start, nothing was measured:\n\(error)\nBuild it first: swift build -c release --product rollport\n".utf8))
            exit(EXIT_FAILURE)
        }
    }, teardown: {
        if case .success(let node) = DevnetProcess.shared { node.process.terminate() }
    })

    Benchmark("Follower over the devnet (HTTP): a new block, from produceBlock() returning to stored (5 ms polls)", configuration: .init(
        metrics: [.wallClock, microsecondsAfterProduced], warmupIterations: 5, maxDuration: .seconds(90), maxIterations: 150
    ), closure: { benchmark in
        guard case .success(let head) = DevnetHead.shared else { return }
        for _ in benchmark.scaledIterations {
            do {
                benchmark.measurement(microsecondsAfterProduced, Int(try head.produceAndWait() / 1000))
            } catch {
                benchmark.error("\(error)")
                return
            }
        }
    }, setup: {
        try DevnetFixture.require()
        if case .failure(let error) = DevnetHead.shared {
            FileHandle.standardError.write(Data("FollowerBenchmarks: devnet head setup failed, nothing was measured:\n\(error)\n".utf8))
            exit(EXIT_FAILURE)
        }
    })
}

/// A follower running at the head of the served devnet, polling every `pollInterval`, kept
/// across iterations (it runs until the process ends): each iteration produces one block.
final class DevnetHead: @unchecked Sendable {
    // @unchecked: `produceAndWait` is called from one thread at a time; the store is thread-safe.
    static let shared: Result<DevnetHead, any Error> = Result {
        guard case .success(let fixture) = DevnetFixture.shared else { throw FollowerFixture.SetupError(message: "no devnet") }
        return try DevnetHead(fixture)
    }

    static let pollInterval: Duration = .milliseconds(5)
    /// How often the benchmark looks at the store's cursor: the resolution of the measurement.
    static let checkEvery: UInt32 = 100 // µs

    let fixture: DevnetFixture
    let store: ChainStore
    let adapters: AdapterSet
    let task: Task<FollowerSummary, any Error>

    init(_ fixture: DevnetFixture) throws {
        self.fixture = fixture
        (store, adapters) = try fixture.open(fixture.scratch + "/head-\(UUID().uuidString.prefix(8))")
        var options = FollowerOptions()
        options.pollInterval = Self.pollInterval
        let follower = Follower(source: fixture.source(), adapters: adapters, store: store, options: options, logger: OPTestChain.quietLogger)
        task = Task { try await follower.run() }
        let head = fixture.devnet.head
        try wait(for: head, timeout: 120)
    }

    /// Nanoseconds from the devnet's new block to its being the store's cursor.
    func produceAndWait() throws -> UInt64 {
        let header = try fixture.devnet.produceBlock()
        let start = DispatchTime.now().uptimeNanoseconds
        try wait(for: header, timeout: 10)
        return DispatchTime.now().uptimeNanoseconds - start
    }

    private func wait(for header: L1Header, timeout seconds: UInt64) throws {
        let deadline = DispatchTime.now().uptimeNanoseconds + seconds * 1_000_000_000
        while store.cursor?.hash != header.hash {
            if DispatchTime.now().uptimeNanoseconds > deadline {
                throw FollowerFixture.SetupError(message: "block \(header.number) not stored within \(seconds) s (cursor \(store.cursor.map { "\($0.number)" } ?? "none"))")
            }
            usleep(Self.checkEvery)
        }
    }
}

/// The devnet produced to `blockCount`, served on a loopback port, and a scratch folder.
final class DevnetFixture: Sendable {
    static let blockCount: UInt64 = 500
    static let manifests = TestPaths.repository + "/Manifests/devnet"
    static let options = AdapterLibrary.Options(pluginPath: [], executableDirectory: TestPaths.binDirectory)

    let devnet: Devnet
    let server: L1NodeServer
    let scratch: String

    init() throws {
        let encoder = try Devnet.adapterEncoder(manifests: [Self.manifests], options: Self.options, logger: OPTestChain.quietLogger)
        devnet = Devnet(configuration: DevnetConfiguration(), encoder: encoder)
        try devnet.produce(through: Self.blockCount)
        let devnet = devnet
        server = try FollowerFixture.wait { () async throws -> L1NodeServer in try await devnet.serve(port: 0, logger: OPTestChain.quietLogger) }
        scratch = TestPaths.temporaryDirectory("follower-devnet-benchmarks")
        // One checked run: the store counts what the devnet produced.
        let dir = scratch + "/check"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let summary = try follow(into: dir, until: Self.blockCount)
        let store = try ChainStore(directory: dir)
        let counts = store.counts[DevnetSpec.OP.chain] ?? ChainCounts()
        store.close()
        let made = devnet.summary.chains[DevnetSpec.OP.chain] ?? ChainTraffic()
        guard summary.blocksProcessed == Self.blockCount + 1, made.batches == Int(Self.blockCount),
              counts.batches == UInt64(made.batches), counts.l2Blocks == UInt64(made.l2Blocks), counts.transactions == UInt64(made.transactions),
              counts.deposits == UInt64(made.deposits), counts.withdrawals == UInt64(made.withdrawals) else {
            throw FollowerFixture.SetupError(message: "the check run stored \(summary.blocksProcessed) blocks and counted \(counts); the devnet produced \(made)")
        }
    }

    static let shared: Result<DevnetFixture, any Error> = Result { try DevnetFixture() }

    static func require() throws {
        if case .failure(let error) = shared {
            FileHandle.standardError.write(Data("FollowerBenchmarks: devnet setup failed, nothing was measured:\n\(error)\nBuild the adapter first: swift build -c release --product OptimismAdapter\n".utf8))
            exit(EXIT_FAILURE)
        }
    }

    /// A client of the served devnet, with the defaults `rollport run` uses.
    func source() -> RPCL1Source {
        RPCL1Source(RPCL1Source.Configuration(rpcURL: server.rpcURL, beaconURL: server.beaconURL),
                    logger: OPTestChain.quietLogger)
    }

    /// The store in `directory` with the devnet's Optimism adapter loaded on its kv contents.
    func open(_ directory: String) throws -> (ChainStore, AdapterSet) {
        try OPTestChain.open(directory, manifests: Self.manifests)
    }

    /// Follows the served devnet into `directory` up to block `until`.
    func follow(into directory: String, until: UInt64) throws -> FollowerSummary {
        let source = self.source()
        return try FollowerFixture.wait { () async throws -> FollowerSummary in
            try await OPTestChain.follow(source, directory: directory, manifests: Self.manifests, until: until)
        }
    }
}

/// `rollport devnet` in a child process, serving the same chain (seed 1, blocks 0...500) and
/// producing nothing more.
final class DevnetProcess: Sendable {
    static let shared: Result<DevnetProcess, any Error> = Result { try DevnetProcess() }

    let process: Process
    let url: String

    init() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.binDirectory + "/rollport")
        process.arguments = ["devnet", "--port", "0", "--blocks", String(DevnetFixture.blockCount), "--block-time", "0", "--json",
                             "--manifests", DevnetFixture.manifests]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The first line says where it serves, once it does.
        var line = [UInt8]()
        while let byte = try out.fileHandleForReading.read(upToCount: 1)?.first, byte != UInt8(ascii: "\n") { line.append(byte) }
        guard let rpc = (try? JSONValue.parse(line))?["rpc"]?.stringValue else {
            process.terminate()
            throw FollowerFixture.SetupError(message: "rollport devnet printed \(String(decoding: line, as: UTF8.self))")
        }
        self.process = process
        url = rpc
    }
}


// The toolkit's throughput targets, in release builds: keccak-256 on 4 KiB inputs (≥ 450 MB/s)
// and strict RLP decoding into values (≥ 300 MB/s). Each benchmark checks its result before it
// measures, so a wrong implementation fails instead of being timed. See Benchmarks/README.md.

import Benchmark
import Dispatch
import Foundation
import RollportToolkit

/// Bytes processed per second of wall time in one iteration, in MB/s (10⁶ bytes).
let megabytesPerSecond = BenchmarkMetric.custom("MB/s", polarity: .prefersLarger, useScalingFactor: false)

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, megabytesPerSecond],
        warmupIterations: 3,
        maxDuration: .seconds(3),
        maxIterations: 10_000
    )

    FixtureCheck.run()

    Benchmark("Keccak256: 4 KiB inputs (per iteration: 256 hashes, 1 MiB)", configuration: configuration) { benchmark in
        let inputs = KeccakFixture.inputs
        for _ in benchmark.scaledIterations {
            let start = DispatchTime.now().uptimeNanoseconds
            for input in inputs { blackHole(Keccak256.hash(input)) }
            report(benchmark, bytes: inputs.count * KeccakFixture.size, since: start)
        }
    }

    Benchmark("Keccak256: 64-byte inputs (per iteration: 16,384 hashes, 1 MiB)", configuration: configuration) { benchmark in
        let inputs = KeccakFixture.small
        for _ in benchmark.scaledIterations {
            let start = DispatchTime.now().uptimeNanoseconds
            for input in inputs { blackHole(Keccak256.hash(input)) }
            report(benchmark, bytes: inputs.count * 64, since: start)
        }
    }

    Benchmark("RLP.decode: signed transactions into values (per iteration: 4,096 transactions)", configuration: configuration) { benchmark in
        let encoded = RLPFixture.transactions
        let total = encoded.reduce(0) { $0 + $1.count }
        for _ in benchmark.scaledIterations {
            let start = DispatchTime.now().uptimeNanoseconds
            for bytes in encoded { blackHole(try? RLP.decode(bytes)) }
            report(benchmark, bytes: total, since: start)
        }
    }

    Benchmark("RLP.decode: one 1 MiB list of 32-byte strings and nested lists", configuration: configuration) { benchmark in
        let encoded = RLPFixture.large
        for _ in benchmark.scaledIterations {
            let start = DispatchTime.now().uptimeNanoseconds
            blackHole(try? RLP.decode(encoded))
            report(benchmark, bytes: encoded.count, since: start)
        }
    }

    transactionBenchmarks()
}

func report(_ benchmark: Benchmark, bytes: Int, since start: UInt64) {
    let elapsed = DispatchTime.now().uptimeNanoseconds - start
    benchmark.measurement(megabytesPerSecond, Int((Double(bytes) * 1_000 / Double(max(elapsed, 1))).rounded()))
}

/// Checks the code under measurement before timing it; a wrong result ends the run with status 1
/// (package-benchmark still exits 0 when a setup hook throws).
enum FixtureCheck {
    static func run() {
        var problems = [String]()
        if Keccak256.hash("abc").description != "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45" {
            problems.append("keccak256(\"abc\") is wrong")
        }
        for (index, input) in (KeccakFixture.inputs.prefix(8) + KeccakFixture.small.prefix(8)).enumerated() {
            var hasher = Keccak256()
            hasher.update(Array(input.prefix(100)))
            hasher.update(Array(input.dropFirst(100)))
            if hasher.finalize() != Keccak256.hash(input) { problems.append("keccak input \(index): streaming and one-shot differ") }
        }
        for (index, bytes) in (RLPFixture.transactions + [RLPFixture.large]).enumerated() {
            guard let item = try? RLP.decode(bytes), item.encoded() == bytes else {
                problems.append("RLP fixture \(index) does not decode and re-encode to itself")
                continue
            }
        }
        guard problems.isEmpty else {
            FileHandle.standardError.write(Data(("benchmark fixtures failed their checks:\n" + problems.prefix(20).joined(separator: "\n") + "\n").utf8))
            exit(1)
        }
    }
}

enum KeccakFixture {
    static let size = 4096
    static let inputs: [[UInt8]] = {
        var random = SplitMix64(seed: 0x6b656363616b)
        return (0..<256).map { _ in (0..<size).map { _ in UInt8(truncatingIfNeeded: random.next()) } }
    }()
    static let small: [[UInt8]] = {
        var random = SplitMix64(seed: 0x6b6563636136)
        return (0..<16_384).map { _ in (0..<64).map { _ in UInt8(truncatingIfNeeded: random.next()) } }
    }()
}

enum RLPFixture {
    /// Shapes of EIP-1559 transactions: small integers, a 20-byte `to`, 0-2,000 bytes of calldata,
    /// an access list now and then, and a 65-byte signature split in three.
    static let transactions: [[UInt8]] = {
        var random = SplitMix64(seed: 0x726c70)
        func bytes(_ n: Int) -> [UInt8] { (0..<n).map { _ in UInt8(truncatingIfNeeded: random.next() | 1) } }
        func quantity(_ bits: UInt64) -> RLP { .bytes(UInt64(random.next() % bits + 1).minimalBigEndianBytes) }
        return (0..<4096).map { index in
            var accessList = [RLP]()
            if index % 5 == 0 {
                accessList = (0..<2).map { _ in .list([.bytes(bytes(20)), .list((0..<3).map { _ in .bytes(bytes(32)) })]) }
            }
            let fields: [RLP] = [
                quantity(10), quantity(1 << 20), quantity(1 << 30), quantity(1 << 40), quantity(1 << 24),
                .bytes(bytes(20)), quantity(1 << 60), .bytes(bytes(Int(random.next() % 2_000))),
                .list(accessList), .bytes([1]), .bytes(bytes(32)), .bytes(bytes(32)),
            ]
            return RLP.list(fields).encoded()
        }
    }()

    static let large: [UInt8] = {
        var random = SplitMix64(seed: 0x6c61726765)
        var items = [RLP]()
        var size = 0
        while size < 1 << 20 {
            let word = RLP.bytes((0..<32).map { _ in UInt8(truncatingIfNeeded: random.next()) })
            items.append(size % 7 == 0 ? .list([word, .bytes([]), .bytes([7])]) : word)
            size += 33
        }
        return RLP.list(items).encoded()
    }()
}

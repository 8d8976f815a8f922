// The toolkit's throughput targets, in release builds: keccak-256 on 4 KiB inputs (≥ 450 MB/s)
// and strict RLP decoding into values (≥ 300 MB/s). Each benchmark checks its result before it
// measures, so a wrong implementation fails instead of being timed. See Benchmarks/README.md.

import Benchmark
import Dispatch
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

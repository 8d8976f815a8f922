// Proof-verification benchmarks, release builds. Each file registers its own group; every
// benchmark checks its result before it measures, so a wrong implementation fails instead of
// being timed. See Benchmarks/README.md.

import Benchmark
import Dispatch
import Foundation

let benchmarks: @Sendable () -> Void = {
    pairingBenchmarks()
    groth16Benchmarks()
    snarkjsBenchmarks()
}

/// Nanoseconds per operation: one iteration's wall time over the operations it performs.
let nanosecondsPerOperation = BenchmarkMetric.custom("ns/op", polarity: .prefersSmaller, useScalingFactor: false)

/// Microseconds per operation, for the slower operations.
let microsecondsPerOperation = BenchmarkMetric.custom("µs/op", polarity: .prefersSmaller, useScalingFactor: false)

/// Registers a benchmark that runs `body` `operations` times per iteration and reports the time
/// per operation in `metric`.
func perOperation(_ name: String, operations: Int, metric: BenchmarkMetric, maxDuration: Duration = .seconds(3), _ body: @escaping () -> Void) {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, metric], warmupIterations: 2, maxDuration: maxDuration, maxIterations: 100_000)
    Benchmark(name, configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<operations { body() }
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / Double(operations)
            benchmark.measurement(metric, Int((metric == nanosecondsPerOperation ? elapsed : elapsed / 1_000).rounded()))
        }
    }
}

/// Ends the run with status 1 when a benchmark's fixture is wrong (package-benchmark still exits 0
/// when a setup hook throws).
func requireBenchmark(_ condition: Bool, _ message: String) {
    guard condition else {
        FileHandle.standardError.write(Data("benchmark fixture check failed: \(message)\n".utf8))
        exit(1)
    }
}

import Testing
import RollportToolkit

@Suite("Compression: robustness")
struct CompressionRobustnessTests {
    @Test("seeded mutations of compressed streams never crash and never exceed the cap", arguments: CompressionCodec.allCases)
    func mutations(codec: CompressionCodec) throws {
        var rng = SplitMix64(seed: 0x434f_4d50 ^ UInt64(codec.rawValue.count))
        let samples = try [sampleData(3000, seed: 1), [UInt8](repeating: 7, count: 40_000), sampleData(200, seed: 2)].map {
            try codec.compress($0)
        }
        var failures = FailureBudget()
        var decoded = 0
        for round in 0..<3000 {
            let original = samples[round % samples.count]
            var mutator = Mutator(rng: SplitMix64(seed: rng.next()), headers: [])
            let mutated = mutator.mutate(original)
            let cap = 1 + Int(rng.next() % 50_000)
            do {
                let out = try codec.decompress(mutated, maxOutputBytes: cap)
                decoded += 1
                if out.count > cap { failures.record("\(codec) round \(round): \(out.count) bytes over a cap of \(cap)") }
            } catch {
                if error.inputConsumed < 0 || error.inputConsumed > mutated.count || error.outputProduced > cap || error.description.isEmpty {
                    failures.record("\(codec) round \(round): inconsistent error \(error)")
                }
                if case .trailingBytes(let n) = error.reason, n <= 0 || error.inputConsumed + n != mutated.count {
                    failures.record("\(codec) round \(round): trailing \(n) at \(error.inputConsumed) of \(mutated.count)")
                }
            }
        }
        // Some mutations only touch data (stored blocks, literals), so decoding sometimes succeeds.
        #expect(decoded < 3000)
    }
}

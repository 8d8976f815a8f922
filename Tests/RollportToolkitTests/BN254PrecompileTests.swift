import Foundation
import Testing
import RollportToolkit

@Suite("BN254 precompiles")
struct BN254PrecompileTests {
    typealias Precompile = BN254.Precompile

    static func run(_ name: String, _ input: [UInt8]) -> Result<[UInt8], BN254.PrecompileFailure> {
        switch name {
        case "ecAdd": return Precompile.ecAdd(input)
        case "ecMul": return Precompile.ecMul(input)
        default: return Precompile.ecPairing(input)
        }
    }

    @Test("go-ethereum's bn256Add, bn256ScalarMul and bn256Pairing vectors, byte for byte")
    func gethVectors() throws {
        guard let dir = SharedVectors.locate() else { return }
        var count = 0
        for (file, precompile, cases) in [("bn256Add", "ecAdd", 16), ("bn256ScalarMul", "ecMul", 19), ("bn256Pairing", "ecPairing", 14)] {
            let vectors = try SharedVectors.jsonArray("proofs/bn254_precompiles/\(file).json", in: dir)
            #expect(vectors.count == cases)
            for vector in vectors {
                let name = vector["Name"] as? String ?? "?"
                let input = try Hex.decode(try #require(vector["Input"] as? String))
                let expected = try Hex.decode(try #require(vector["Expected"] as? String))
                switch Self.run(precompile, input) {
                case .success(let output): #expect(output == expected, "\(file) \(name)")
                case .failure(let failure): Issue.record("\(file) \(name): failed with \(failure)")
                }
                let gas = vector["Gas"] as? Int
                switch precompile {
                case "ecAdd": #expect(gas == Precompile.ecAddGas)
                case "ecMul": #expect(gas == Precompile.ecMulGas)
                default: #expect(gas == Precompile.ecPairingGas(pairs: input.count / 192), "\(name)")
                }
                count += 1
            }
        }
        #expect(count == 49)
    }

    @Test("edge and failure cases: padding, trailing bytes, non-canonical, off-curve, subgroup, length")
    func edgeCases() throws {
        guard let dir = SharedVectors.locate() else { return }
        let vectors = try SharedVectors.jsonArray("proofs/bn254_precompiles/bn254_edge_and_fail_cases.json", in: dir)
        #expect(vectors.count == 26)
        for vector in vectors {
            let name = vector["Name"] as? String ?? "?"
            let precompile = String((vector["Precompile"] as? String ?? "").prefix { $0 != "(" })
            let input = try Hex.decode(try #require(vector["Input"] as? String))
            let result = Self.run(precompile, input)
            if let expected = vector["Expected"] as? String {
                #expect(try result.get() == Hex.decode(expected), "\(name)")
                continue
            }
            let expectedError = try #require(vector["ExpectedError"] as? String)
            guard case .failure(let failure) = result else {
                Issue.record("\(name): succeeded, expected failure \(expectedError)")
                continue
            }
            #expect(!failure.description.isEmpty)
            switch (expectedError, failure.reason) {
            case ("length not multiple of 192", .lengthNotMultipleOf192(input.count)): break
            case ("coordinate >= p", .invalidPoint(let error, _)) where error.reason == .coordinateNotBelowModulus: break
            case ("G1 not on curve", .invalidPoint(let error, "G1")) where error.reason == .notOnCurve: break
            case ("G2 not on twist", .invalidPoint(let error, "G2")) where error.reason == .notOnTwist: break
            case ("G2 not in order-r subgroup", .invalidPoint(let error, "G2")) where error.reason == .notInSubgroup: break
            default: Issue.record("\(name): expected \(expectedError), got \(failure)")
            }
        }
    }

    @Test("failures name the offset and the reason")
    func failureDescriptions() throws {
        var input = G1.generator.evmEncoding + G2.generator.evmEncoding
        for i in 64..<96 { input[i] = 0xff }
        let failure = Precompile.ecPairing(input)
        guard case .failure(let error) = failure else { Issue.record("accepted x.c1 = 2^256 - 1"); return }
        #expect(error.description.contains("G2") && error.description.contains("x.c1") && error.description.contains("offset 64"), "\(error)")
        guard case .failure(let lengthError) = Precompile.ecPairing([UInt8](repeating: 0, count: 191)) else { return }
        #expect(lengthError.description.contains("191") && lengthError.description.contains("192"))
        var second = [UInt8](repeating: 0, count: 192) + G1.generator.evmEncoding + G2.generator.evmEncoding
        second[192 + 63] = 3
        guard case .failure(let offsetError) = Precompile.ecPairing(second) else { Issue.record("accepted (1, 3)"); return }
        #expect(offsetError.description.contains("offset 192"), "\(offsetError)")
        #expect(try Precompile.ecPairing([]).get() == [UInt8](repeating: 0, count: 31) + [1])
        #expect(try Precompile.ecAdd([]).get() == [UInt8](repeating: 0, count: 64))
        #expect(try Precompile.ecMul([]).get() == [UInt8](repeating: 0, count: 64))
    }

    @Test("random and mutated input never traps")
    func robustness() {
        var rng = SplitMix64(seed: bn254Seed &+ 30)
        let valid = G1.generator.evmEncoding + G2.generator.evmEncoding
        for round in 0..<300 {
            let length = Int(rng.next() % 200)
            let random = rng.bytes(length)
            _ = Precompile.ecAdd(random)
            _ = Precompile.ecMul(random)
            _ = try? G1(evm: random)
            _ = try? G2(evm: random)
            if round % 3 == 0 {
                // Mostly valid pairing input with a few bytes changed: exercises the deep checks.
                var mutated = valid
                for _ in 0..<Int(1 + rng.next() % 3) { mutated[Int(rng.next() % 192)] ^= UInt8(1 + rng.next() % 255) }
                if case .success(let output) = Precompile.ecPairing(mutated) {
                    #expect(output.count == 32, "seed \(bn254Seed)")
                }
            } else {
                _ = Precompile.ecPairing(random)
            }
        }
        // All-ones words: every coordinate ≥ p.
        let ones = [UInt8](repeating: 0xff, count: 192)
        if case .success = Precompile.ecPairing(ones) { Issue.record("accepted all-ones input") }
        if case .success = Precompile.ecAdd(ones) { Issue.record("accepted all-ones input") }
    }
}

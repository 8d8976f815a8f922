import Foundation
import RollportToolkit
import Testing

/// PLONK and FFLONK readers and verifiers on random and corrupted input: every outcome is a
/// value or a thrown error, never a trap.
@Suite("PLONK and FFLONK robustness")
struct SnarkjsRobustnessTests {
    static func bytes(_ count: Int, _ rng: inout SplitMix64) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
    }

    /// Random bytes of every length around the calldata sizes, as PLONK and FFLONK calldata.
    @Test func randomCalldata() {
        var rng = SplitMix64(seed: 0x5eed_ca11)
        for length in [0, 1, 4, 31, 32, 767, 768, 772, 800, 804, 836] {
            for _ in 0..<8 {
                let input = Self.bytes(length, &rng)
                _ = try? Plonk.proof(evm: input)
                _ = try? Fflonk.proof(evm: input)
                _ = try? PublicInputs.read(evm: input)
            }
        }
        // Words below the moduli, so that decoding reaches the curve checks.
        for _ in 0..<16 {
            var input = Self.bytes(768 + 32, &rng)
            for w in stride(from: 0, to: input.count, by: 32) { input[w] &= 0x0f }
            _ = try? Plonk.proof(evm: input)
            _ = try? Fflonk.proof(evm: input)
        }
    }

    /// proof.json with random bytes overwritten: parsed or refused, and verified when parsed.
    @Test func corruptedDocuments() throws {
        guard let dir = SharedVectors.locate() else { return }
        var rng = SplitMix64(seed: 0xc0_77_0b7)
        let plonkKey = try Plonk.PreparedVerifyingKey(
            Plonk.verifyingKey(json: JSONValue.parse(SharedVectors.data("proofs/snarkjs/plonk/verification_key.json", in: dir))))
        let fflonkKey = try Fflonk.PreparedVerifyingKey(
            Fflonk.verifyingKey(json: JSONValue.parse(SharedVectors.data("proofs/snarkjs/fflonk/verification_key.json", in: dir))))
        let plonkText = try SharedVectors.data("proofs/snarkjs/plonk/proof.json", in: dir)
        let fflonkText = try SharedVectors.data("proofs/snarkjs/fflonk/proof.json", in: dir)
        var verified = 0
        for round in 0..<150 {
            var text = round % 2 == 0 ? plonkText : fflonkText
            for _ in 0...(Int(rng.next() % 3)) {
                text[Int(rng.next() % UInt64(text.count))] = UInt8(truncatingIfNeeded: rng.next())
            }
            guard let json = try? JSONValue.parse(text) else { continue }
            if round % 2 == 0, let file = try? Plonk.proof(json: json) {
                #expect(try !plonkKey.verify(file.proof, publicInputs: [BN254.Fr(7776), .one]) || file.proof == Plonk.proof(json: JSONValue.parse(plonkText)).proof)
                verified += 1
            } else if round % 2 == 1, let file = try? Fflonk.proof(json: json) {
                _ = try fflonkKey.check(file.proof, publicInputs: [BN254.Fr(5)], semantics: .solidity)
                verified += 1
            }
        }
        #expect(verified > 0)
    }

    /// Proofs of random valid points and scalars never verify, and never trap.
    @Test func randomValidProofs() throws {
        guard let dir = SharedVectors.locate() else { return }
        var rng = SplitMix64(seed: 0xa11_9000d)
        func point() -> BN254.G1Point { BN254.G1Point.generator.multiplied(by: BN254.Fr.random(using: &rng)) }
        func scalar() -> BN254.Fr { BN254.Fr.random(using: &rng) }
        let plonkKey = try Plonk.PreparedVerifyingKey(
            Plonk.verifyingKey(json: JSONValue.parse(SharedVectors.data("proofs/snarkjs/plonk/verification_key.json", in: dir))))
        let fflonkKey = try Fflonk.PreparedVerifyingKey(
            Fflonk.verifyingKey(json: JSONValue.parse(SharedVectors.data("proofs/snarkjs/fflonk/verification_key.json", in: dir))))
        for _ in 0..<3 {
            let plonk = Plonk.Proof(a: point(), b: point(), c: point(), z: point(), t1: point(), t2: .infinity, t3: point(),
                                    wxi: point(), wxiw: point(), evalA: scalar(), evalB: .zero, evalC: scalar(),
                                    evalS1: scalar(), evalS2: scalar(), evalZw: scalar())
            #expect(try !plonkKey.verify(plonk, publicInputs: [scalar(), scalar()]))
            let fflonk = Fflonk.Proof(c1: point(), c2: point(), w1: point(), w2: point(), ql: scalar(), qr: scalar(), qm: .zero,
                                      qo: scalar(), qc: scalar(), s1: scalar(), s2: scalar(), s3: scalar(), a: scalar(), b: scalar(),
                                      c: scalar(), z: scalar(), zw: scalar(), t1w: scalar(), t2w: scalar(), inv: scalar())
            for semantics in Fflonk.Semantics.allCases {
                #expect(try !fflonkKey.verify(fflonk, publicInputs: [scalar()], semantics: semantics))
            }
        }
    }
}

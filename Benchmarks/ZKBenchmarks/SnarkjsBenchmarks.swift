// snarkjs PLONK and FFLONK over BN254 on the shared vectors (ROLLPORT_VECTORS, else
// ../shared/vectors): one proof with a prepared key, from proof.json and from the Solidity
// calldata bytes; 16 proofs under one key batched into one pairing check and one by one; and
// the parts of a verification (transcript, the two multi-scalar multiplications of its final
// equation) apart. The 2-pair pairing check with prepared lines is in PairingBenchmarks.

import Benchmark
import Foundation
import RollportTestSupport
import RollportToolkit

func snarkjsBenchmarks() {
    guard let vectors = TestPaths.vectors else {
        requireBenchmark(false, "PLONK/FFLONK: shared vectors not found at \(TestPaths.vectorsCandidate); set ROLLPORT_VECTORS")
        return
    }
    func document(_ path: String) -> JSONValue {
        guard let data = FileManager.default.contents(atPath: vectors + "/proofs/snarkjs/" + path), let json = try? JSONValue.parse([UInt8](data)) else {
            requireBenchmark(false, "PLONK/FFLONK: cannot read proofs/snarkjs/\(path)")
            return .null
        }
        return json
    }
    guard let plonkKey = try? Plonk.PreparedVerifyingKey(Plonk.verifyingKey(json: document("plonk/verification_key.json"))),
          let plonk = try? Plonk.proof(json: document("plonk/proof.json")).proof,
          let plonkInputs = try? PublicInputs.read(json: document("plonk/public.json")),
          let plonk4Key = try? Plonk.PreparedVerifyingKey(Plonk.verifyingKey(json: document("plonk_4pub/verification_key.json"))),
          let plonk4 = try? Plonk.proof(json: document("plonk_4pub/proof.json")).proof,
          let plonk4Inputs = try? PublicInputs.read(json: document("plonk_4pub/public.json")),
          let fflonkKey = try? Fflonk.PreparedVerifyingKey(Fflonk.verifyingKey(json: document("fflonk/verification_key.json"))),
          let fflonk = try? Fflonk.proof(json: document("fflonk/proof.json")).proof,
          let fflonkInputs = try? PublicInputs.read(json: document("fflonk/public.json"))
    else {
        requireBenchmark(false, "PLONK/FFLONK: the vectors do not parse")
        return
    }
    let plonkBytes = Plonk.evmWords(plonk).flatMap(\.bigEndianBytes) + plonkInputs.flatMap(\.canonical.bigEndianBytes)
    let fflonkBytes = Fflonk.evmWords(fflonk).flatMap(\.bigEndianBytes) + fflonkInputs.flatMap(\.canonical.bigEndianBytes)
    let plonkBatch = [Plonk.Statement](repeating: Plonk.Statement(proof: plonk, publicInputs: plonkInputs), count: 16)
    let fflonkBatch = [Fflonk.Statement](repeating: Fflonk.Statement(proof: fflonk, publicInputs: fflonkInputs), count: 16)
    var badPlonk = plonkBatch
    badPlonk[5].proof.evalA += .one
    requireBenchmark((try? plonkKey.verify(plonk, publicInputs: plonkInputs)) == true, "PLONK proof verifies")
    requireBenchmark((try? plonk4Key.verify(plonk4, publicInputs: plonk4Inputs)) == true, "PLONK 4-input proof verifies")
    requireBenchmark((try? Plonk.proof(evm: plonkBytes).proof) == plonk, "PLONK calldata bytes")
    requireBenchmark((try? fflonkKey.check(fflonk, publicInputs: fflonkInputs, semantics: .snarkjs)) == .valid, "FFLONK verifies (snarkjs)")
    requireBenchmark((try? fflonkKey.check(fflonk, publicInputs: fflonkInputs, semantics: .solidity)) == .valid, "FFLONK verifies (Solidity)")
    requireBenchmark((try? Fflonk.proof(evm: fflonkBytes).proof) == fflonk, "FFLONK calldata bytes")
    requireBenchmark((try? Plonk.verifyBatch(plonkKey, plonkBatch).allValid) == true, "PLONK batch of 16 verifies")
    requireBenchmark((try? Plonk.verifyBatch(plonkKey, badPlonk).invalid) == [5], "PLONK batch names proof 5")
    requireBenchmark((try? Fflonk.verifyBatch(fflonkKey, fflonkBatch).allValid) == true, "FFLONK batch of 16 verifies")

    perOperation("PLONK verify, 2 public inputs (prepared key)", operations: 10, metric: microsecondsPerOperation) {
        blackHole(try? plonkKey.verify(plonk, publicInputs: plonkInputs))
    }
    perOperation("PLONK verify, 4 public inputs, Qc at infinity (prepared key)", operations: 10, metric: microsecondsPerOperation) {
        blackHole(try? plonk4Key.verify(plonk4, publicInputs: plonk4Inputs))
    }
    perOperation("PLONK verify from Solidity calldata bytes (decoding and curve checks included)", operations: 10,
                 metric: microsecondsPerOperation) {
        if let proof = try? Plonk.proof(evm: plonkBytes).proof { blackHole(try? plonkKey.verify(proof, publicInputs: plonkInputs)) }
    }
    perOperation("PLONK transcript: the six challenges", operations: 100, metric: microsecondsPerOperation) {
        blackHole(plonkKey.challenges(plonk, publicInputs: plonkInputs))
    }
    perOperation("PLONK batch of 16 proofs, one pairing check (per batch)", operations: 2, metric: microsecondsPerOperation) {
        blackHole(try? Plonk.verifyBatch(plonkKey, plonkBatch))
    }
    perOperation("PLONK 16 proofs one by one (per 16)", operations: 1, metric: microsecondsPerOperation) {
        for s in plonkBatch { blackHole(try? plonkKey.verify(s)) }
    }
    perOperation("FFLONK verify, 1 public input, snarkjs semantics (prepared key)", operations: 10, metric: microsecondsPerOperation) {
        blackHole(try? fflonkKey.verify(fflonk, publicInputs: fflonkInputs, semantics: .snarkjs))
    }
    perOperation("FFLONK verify, 1 public input, Solidity semantics (inv checked)", operations: 10, metric: microsecondsPerOperation) {
        blackHole(try? fflonkKey.verify(fflonk, publicInputs: fflonkInputs, semantics: .solidity))
    }
    perOperation("FFLONK verify from Solidity calldata bytes (decoding and curve checks included)", operations: 10,
                 metric: microsecondsPerOperation) {
        if let proof = try? Fflonk.proof(evm: fflonkBytes).proof {
            blackHole(try? fflonkKey.verify(proof, publicInputs: fflonkInputs, semantics: .solidity))
        }
    }
    perOperation("FFLONK transcript: the five challenges", operations: 100, metric: microsecondsPerOperation) {
        blackHole(fflonkKey.challenges(fflonk, publicInputs: fflonkInputs))
    }
    perOperation("FFLONK batch of 16 proofs, one pairing check (per batch)", operations: 2, metric: microsecondsPerOperation) {
        blackHole(try? Fflonk.verifyBatch(fflonkKey, fflonkBatch))
    }
    perOperation("FFLONK 16 proofs one by one (per 16)", operations: 1, metric: microsecondsPerOperation) {
        for s in fflonkBatch { blackHole(try? fflonkKey.verify(s.proof, publicInputs: s.publicInputs)) }
    }

    // The multi-scalar multiplications of the final equations, with random points and scalars
    // of the same counts: PLONK 18 terms on the [1]₂ side (8 key commitments, G1, 9 proof
    // points) and 2 on the [τ]₂ side; FFLONK 6 and 1.
    var rng = SplitMix64(seed: 0x6d73_6d)
    func terms(_ n: Int) -> ([BN254.G1Point], [BN254.Fr]) {
        ((0..<n).map { _ in BN254.G1Point.generator.multiplied(by: BN254.Fr.random(using: &rng)) },
         (0..<n).map { _ in BN254.Fr.random(using: &rng) })
    }
    let (p18, s18) = terms(18), (p2, s2) = terms(2), (p6, s6) = terms(6), (p1, s1) = terms(1)
    perOperation("PLONK shape: G1 linear combinations of 18 and 2 terms", operations: 10, metric: microsecondsPerOperation) {
        blackHole(BN254.G1Point.linearCombination(p18, s18))
        blackHole(BN254.G1Point.linearCombination(p2, s2))
    }
    perOperation("FFLONK shape: G1 linear combinations of 6 terms and 1", operations: 10, metric: microsecondsPerOperation) {
        blackHole(BN254.G1Point.linearCombination(p6, s6))
        blackHole(BN254.G1Point.linearCombination(p1, s1))
    }
}

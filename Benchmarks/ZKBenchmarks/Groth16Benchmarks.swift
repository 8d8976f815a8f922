// Groth16 over BN254 on the shared vectors (ROLLPORT_VECTORS, else ../shared/vectors): the
// snarkjs proof with 1 public input of proofs/groth16_external, verified with a prepared key and
// with the key prepared each time; the 16 proofs of proofs/snarkjs/groth16_batch16_same_vk.json
// batched in one multi-pairing and one by one.

import Benchmark
import Foundation
import RollportTestSupport
import RollportToolkit

func groth16Benchmarks() {
    guard let vectors = TestPaths.vectors else {
        requireBenchmark(false, "Groth16: shared vectors not found at \(TestPaths.vectorsCandidate); set ROLLPORT_VECTORS")
        return
    }
    func document(_ path: String) -> JSONValue {
        guard let data = FileManager.default.contents(atPath: vectors + "/proofs/" + path), let json = try? JSONValue.parse([UInt8](data)) else {
            requireBenchmark(false, "Groth16: cannot read proofs/\(path)")
            return .null
        }
        return json
    }
    guard let key = try? Groth16.verifyingKey(json: document("groth16_external/snarkjs_vk_bn254.json")).key,
          let proof = try? Groth16.proof(json: document("groth16_external/snarkjs_proof_bn254.json")).proof,
          let inputs = try? Groth16.publicInputs(json: document("groth16_external/snarkjs_public_bn254.json")),
          let prepared = try? Groth16.PreparedVerifyingKey(key),
          let batch = try? Groth16.batch(json: document("snarkjs/groth16_batch16_same_vk.json")),
          let batchKey = try? batch.key.map(Groth16.PreparedVerifyingKey.init)
    else {
        requireBenchmark(false, "Groth16: the vectors do not parse")
        return
    }
    let proofBytes = proof.a.evmEncoding + proof.b.evmEncoding + proof.c.evmEncoding
    var tampered = batch.statements
    tampered[5].publicInputs[0] += .one
    requireBenchmark(inputs.count == 1 && (try? prepared.verify(proof, publicInputs: inputs)) == true, "Groth16 1-input proof verifies")
    requireBenchmark((try? Groth16.verifyBatch(batchKey, batch.statements).allValid) == true, "16-proof batch verifies")
    requireBenchmark((try? Groth16.verifyBatch(batchKey, tampered).invalid) == [5], "tampered batch names proof 5")

    perOperation("Groth16 verify, 1 public input (prepared key)", operations: 10, metric: microsecondsPerOperation) {
        blackHole(try? prepared.verify(proof, publicInputs: inputs))
    }
    perOperation("Groth16 verify, 1 public input (key prepared each time: subgroup checks, e(alpha, beta), lines)",
                 operations: 5, metric: microsecondsPerOperation) {
        blackHole(try? Groth16.verify(key: key, proof: proof, publicInputs: inputs))
    }
    perOperation("Groth16 verify from EVM bytes, 1 public input (proof decoding and B subgroup check included)",
                 operations: 10, metric: microsecondsPerOperation) {
        blackHole(try? prepared.verify(Groth16.proof(evm: proofBytes), publicInputs: inputs))
    }
    perOperation("Groth16 batch of 16 proofs, one multi-pairing (per batch)", operations: 2, metric: microsecondsPerOperation) {
        blackHole(try? Groth16.verifyBatch(batchKey, batch.statements))
    }
    perOperation("Groth16 16 proofs verified one by one (per 16)", operations: 1, metric: microsecondsPerOperation) {
        for statement in batch.statements { blackHole(try? batchKey.verify(statement)) }
    }
    perOperation("Groth16 batch of 16 with one invalid proof, named by bisection (per batch)", operations: 1,
                 metric: microsecondsPerOperation) {
        blackHole(try? Groth16.verifyBatch(batchKey, tampered))
    }
}

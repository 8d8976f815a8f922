import Foundation
import RollportToolkit
import Testing

/// snarkjs PLONK proofs (proofs/MANIFEST.md §2 in the shared vectors): `plonk` (2 public inputs)
/// and `plonk_4pub` (4 inputs; its key has Qc at infinity, which the transcript hashes as 64
/// zero bytes). Each verifies from proof.json and from the Solidity calldata; tampered inputs,
/// aliased inputs and every single-field change of the proof are rejected.
@Suite("PLONK vectors")
struct PlonkVectorTests {
    struct Fixture {
        var key: Plonk.PreparedVerifyingKey
        var proof: Plonk.Proof
        var inputs: [BN254.Fr]
        var dir: URL
        var name: String

        func document(_ file: String) throws -> JSONValue {
            try JSONValue.parse(SharedVectors.data("proofs/snarkjs/\(name)/\(file)", in: dir))
        }
    }

    static func fixture(_ name: String) throws -> Fixture? {
        guard let dir = SharedVectors.locate() else { return nil }
        func document(_ file: String) throws -> JSONValue {
            try JSONValue.parse(SharedVectors.data("proofs/snarkjs/\(name)/\(file)", in: dir))
        }
        let key = try Plonk.PreparedVerifyingKey(Plonk.verifyingKey(json: document("verification_key.json")))
        let file = try Plonk.proof(json: document("proof.json"))
        #expect(file.format == .snarkjs && file.publicInputs == nil)
        return Fixture(key: key, proof: file.proof, inputs: try PublicInputs.read(json: document("public.json")), dir: dir, name: name)
    }

    @Test(arguments: ["plonk", "plonk_4pub"])
    func validTamperedAndAlias(_ name: String) throws {
        guard let f = try Self.fixture(name) else { return }
        #expect(f.inputs.count == f.key.publicInputCount)
        #expect(try f.key.verify(f.proof, publicInputs: f.inputs))
        #expect(try !f.key.verify(f.proof, publicInputs: PublicInputs.read(json: f.document("public_tampered.json"))))
        #expect(throws: ProofFormatError(.publicInputNotBelowModulus(index: 0), field: "[0]",
                                         "public input 0 is not below the scalar field modulus r; inputs >= r are refused, not reduced")) {
            try PublicInputs.read(json: f.document("public_alias.json"))
        }
        #expect(throws: ProofFormatError.self) { try f.key.verify(f.proof, publicInputs: Array(f.inputs.dropLast())) }
    }

    /// The β of `plonk` as an independent verifier derived it (proofs notes §1).
    @Test func challengesOfTheFirstRound() throws {
        guard let f = try Self.fixture("plonk") else { return }
        let beta = f.key.challenges(f.proof, publicInputs: f.inputs).beta.canonical.hexQuantity
        #expect(beta.hasPrefix("0x1d18a32f") && beta.hasSuffix("6b30"), "\(beta)")
    }

    /// Qc = ∞ in `plonk_4pub`: the key reads it as the point at infinity and the proof verifies,
    /// which only the 64-zero-byte encoding in the transcript allows.
    @Test func keyPointAtInfinity() throws {
        guard let f = try Self.fixture("plonk_4pub") else { return }
        #expect(f.key.key.qc.isInfinity)
        #expect(try f.key.verify(f.proof, publicInputs: f.inputs))
    }

    @Test(arguments: ["plonk", "plonk_4pub"])
    func solidityCalldata(_ name: String) throws {
        guard let f = try Self.fixture(name) else { return }
        let calldata = try f.document("solidity_calldata.json")
        let file = try Plonk.proof(json: calldata)
        #expect(file.format == .evm && file.proof == f.proof && file.publicInputs == f.inputs)
        let words = try #require(calldata["proof_words_24"]?.arrayValue).compactMap { $0.stringValue.flatMap(UInt256.init) }
        #expect(Plonk.evmWords(f.proof) == words)

        // As ABI bytes: with and without the selector of verifyProof(uint256[24],uint256[n]).
        let bytes = words.flatMap(\.bigEndianBytes) + f.inputs.flatMap(\.canonical.bigEndianBytes)
        let selector = Keccak256.selector("verifyProof(uint256[24],uint256[\(f.inputs.count)])")
        let selectorBytes = (0..<4).map { UInt8(truncatingIfNeeded: selector >> (24 - 8 * $0)) }
        for encoded in [bytes, selectorBytes + bytes] {
            let parsed = try Plonk.proof(evm: encoded)
            #expect(parsed.proof == f.proof && parsed.publicInputs == f.inputs)
        }
        #expect(throws: ProofFormatError.self) { try Plonk.proof(evm: [0, 0, 0, 0] + bytes) }
        #expect(throws: ProofFormatError.self) { try Plonk.proof(evm: Array(bytes.prefix(767))) }
    }

    /// Every evaluation + 1 and every commitment moved to another valid point (+ G1): each
    /// such proof is rejected.
    @Test(arguments: ["plonk", "plonk_4pub"])
    func everySingleFieldChangeIsRejected(_ name: String) throws {
        guard let f = try Self.fixture(name) else { return }
        for (field, path) in Plonk.Proof.evaluationPaths {
            var proof = f.proof
            proof[keyPath: path] += .one
            #expect(try !f.key.verify(proof, publicInputs: f.inputs), "\(name): \(field) + 1 verified")
        }
        for (field, path) in Plonk.Proof.commitmentPaths {
            var proof = f.proof
            proof[keyPath: path] = proof[keyPath: path] + .generator
            #expect(try !f.key.verify(proof, publicInputs: f.inputs), "\(name): \(field) + G1 verified")
        }
    }

    @Test func batches() throws {
        guard let f = try Self.fixture("plonk") else { return }
        var rng = SplitMix64(seed: 0x706c_6f6e_6b)
        let statement = Plonk.Statement(proof: f.proof, publicInputs: f.inputs)
        var tampered = statement
        tampered.proof.evalZw += .one
        #expect(try Plonk.verifyBatch(f.key, [statement, statement, statement], using: &rng).allValid)
        #expect(try Plonk.verifyBatch(f.key, [statement, tampered, statement, tampered], using: &rng)
                == Plonk.BatchResult(invalid: [1, 3], count: 4))
        #expect(throws: ProofFormatError.self) {
            try Plonk.verifyBatch(f.key, [Plonk.Statement(proof: f.proof, publicInputs: [])], using: &rng)
        }
    }

    @Test func refusals() throws {
        guard let f = try Self.fixture("plonk") else { return }
        // A proof from snarkjs 0.4-0.6 carries eval_r.
        let proofText = String(decoding: try SharedVectors.data("proofs/snarkjs/plonk/proof.json", in: f.dir), as: UTF8.self)
        let old = proofText.replacingOccurrences(of: "\"eval_zw\"", with: "\"eval_r\": \"5\", \"eval_zw\"")
        #expect { try Plonk.proof(json: JSONValue.parse(old)) } throws: { ($0 as? ProofFormatError)?.reason == .unsupported }
        // An evaluation >= r.
        let r = BN254.groupOrder.description
        let evalA = f.proof.evalA.description
        let big = proofText.replacingOccurrences(of: "\"\(evalA)\"", with: "\"\(r)\"")
        #expect { try Plonk.proof(json: JSONValue.parse(big)) } throws: {
            ($0 as? ProofFormatError).map { $0.reason == .scalarNotBelowModulus && $0.field == "eval_a" } == true
        }
        // A key whose w is not the root of unity snarkjs uses for its power.
        var key = f.key.key
        key.omega = key.omega.squared()
        #expect { try Plonk.PreparedVerifyingKey(key) } throws: { ($0 as? ProofFormatError)?.field == "w" }
        key = f.key.key
        key.power = 29
        #expect(throws: ProofFormatError.self) { try Plonk.PreparedVerifyingKey(key) }
        // A Groth16 key is not a PLONK key.
        let groth16 = try JSONValue.parse(SharedVectors.data("proofs/snarkjs/groth16/verification_key.json", in: f.dir))
        #expect(throws: ProofFormatError.self) { try Plonk.verifyingKey(json: groth16) }
    }
}

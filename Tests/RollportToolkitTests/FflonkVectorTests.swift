import Foundation
import RollportToolkit
import Testing

/// The snarkjs FFLONK proof of the shared vectors (one public input), under snarkjs's rules
/// and under its Solidity verifier's, which also checks the prover's `inv`.
@Suite("FFLONK vectors")
struct FflonkVectorTests {
    struct Fixture {
        var key: Fflonk.PreparedVerifyingKey
        var proof: Fflonk.Proof
        var inputs: [BN254.Fr]
        var dir: URL

        func document(_ file: String) throws -> JSONValue {
            try JSONValue.parse(SharedVectors.data("proofs/snarkjs/fflonk/\(file)", in: dir))
        }
    }

    static func fixture() throws -> Fixture? {
        guard let dir = SharedVectors.locate() else { return nil }
        func document(_ file: String) throws -> JSONValue {
            try JSONValue.parse(SharedVectors.data("proofs/snarkjs/fflonk/\(file)", in: dir))
        }
        let key = try Fflonk.PreparedVerifyingKey(Fflonk.verifyingKey(json: document("verification_key.json")))
        let file = try Fflonk.proof(json: document("proof.json"))
        #expect(file.format == .snarkjs && file.publicInputs == nil)
        return Fixture(key: key, proof: file.proof, inputs: try PublicInputs.read(json: document("public.json")), dir: dir)
    }

    @Test(arguments: Fflonk.Semantics.allCases)
    func validTamperedAndAlias(_ semantics: Fflonk.Semantics) throws {
        guard let f = try Self.fixture() else { return }
        #expect(try f.key.check(f.proof, publicInputs: f.inputs, semantics: semantics) == .valid)
        let tampered = try PublicInputs.read(json: f.document("public_tampered.json"))
        let expected: Fflonk.Outcome = semantics == .solidity ? .inverseMismatch : .pairingFailed
        #expect(try f.key.check(f.proof, publicInputs: tampered, semantics: semantics) == expected)
        #expect { try PublicInputs.read(json: f.document("public_alias.json")) } throws: {
            ($0 as? ProofFormatError)?.reason == .publicInputNotBelowModulus(index: 0)
        }
        #expect(throws: ProofFormatError.self) { try f.key.verify(f.proof, publicInputs: [], semantics: semantics) }
    }

    /// `inv` is read only by the Solidity verifier's rules.
    @Test func proverInverse() throws {
        guard let f = try Self.fixture() else { return }
        var proof = f.proof
        proof.inv += .one
        #expect(try f.key.check(proof, publicInputs: f.inputs, semantics: .snarkjs) == .valid)
        #expect(try f.key.check(proof, publicInputs: f.inputs, semantics: .solidity) == .inverseMismatch)
        proof = f.proof
        proof.w1 = .infinity
        #expect(try f.key.check(proof, publicInputs: f.inputs, semantics: .solidity) == .commitmentAtInfinity)
        #expect(try f.key.check(proof, publicInputs: f.inputs, semantics: .snarkjs) == .pairingFailed)
    }

    @Test func solidityCalldata() throws {
        guard let f = try Self.fixture() else { return }
        let calldata = try f.document("solidity_calldata.json")
        let file = try Fflonk.proof(json: calldata)
        #expect(file.format == .evm && file.proof == f.proof && file.publicInputs == f.inputs)
        let words = try #require(calldata["proof_words_24"]?.arrayValue).compactMap { $0.stringValue.flatMap(UInt256.init) }
        #expect(Fflonk.evmWords(f.proof) == words)
        let bytes = words.flatMap(\.bigEndianBytes) + f.inputs.flatMap(\.canonical.bigEndianBytes)
        let selector = Keccak256.selector("verifyProof(bytes32[24],uint256[1])")
        let selectorBytes = (0..<4).map { UInt8(truncatingIfNeeded: selector >> (24 - 8 * $0)) }
        let parsed = try Fflonk.proof(evm: selectorBytes + bytes)
        #expect(parsed.proof == f.proof && parsed.publicInputs == f.inputs)
        #expect(try f.key.verify(parsed.proof, publicInputs: f.inputs, semantics: .solidity))
        // The word of qm (index 10) made >= r names its place.
        var wrong = bytes
        for i in 0..<32 { wrong[320 + i] = 0xff }
        #expect { try Fflonk.proof(evm: wrong) } throws: {
            ($0 as? ProofFormatError).map { $0.reason == .scalarNotBelowModulus && $0.offset == 320 && $0.field.contains("qm") } == true
        }
    }

    /// Every evaluation + 1 and every commitment moved to another valid point, under both rules.
    @Test func everySingleFieldChangeIsRejected() throws {
        guard let f = try Self.fixture() else { return }
        for (field, path) in Fflonk.Proof.evaluationPaths.dropLast() {
            var proof = f.proof
            proof[keyPath: path] += .one
            #expect(try f.key.check(proof, publicInputs: f.inputs, semantics: .snarkjs) == .pairingFailed, "\(field) + 1")
            #expect(try !f.key.verify(proof, publicInputs: f.inputs, semantics: .solidity), "\(field) + 1")
        }
        for (field, path) in Fflonk.Proof.commitmentPaths {
            var proof = f.proof
            proof[keyPath: path] = proof[keyPath: path] + .generator
            #expect(try f.key.check(proof, publicInputs: f.inputs, semantics: .snarkjs) == .pairingFailed, "\(field) + G1")
            #expect(try !f.key.verify(proof, publicInputs: f.inputs, semantics: .solidity), "\(field) + G1")
        }
    }

    @Test func batches() throws {
        guard let f = try Self.fixture() else { return }
        var rng = SplitMix64(seed: 0x6666_6c6f_6e6b)
        let statement = Fflonk.Statement(proof: f.proof, publicInputs: f.inputs)
        var tampered = statement
        tampered.proof.c2 = tampered.proof.c2 + .generator
        #expect(try Fflonk.verifyBatch(f.key, [statement, statement, statement], using: &rng).allValid)
        #expect(try Fflonk.verifyBatch(f.key, [tampered, statement, statement], semantics: .solidity, using: &rng)
                == Fflonk.BatchResult(invalid: [0], count: 3))
    }

    @Test func keyRefusals() throws {
        guard let f = try Self.fixture() else { return }
        for (field, edit) in [("w3", { (k: inout Fflonk.VerifyingKey) in k.w3 = .one }),
                              ("w4", { (k: inout Fflonk.VerifyingKey) in k.w4 = k.w8 }),
                              ("w8", { (k: inout Fflonk.VerifyingKey) in k.w8 = k.w4 }),
                              ("wr", { (k: inout Fflonk.VerifyingKey) in k.wr = k.w3 }),
                              ("w", { (k: inout Fflonk.VerifyingKey) in k.omega = k.omega.squared() })] {
            var key = f.key.key
            edit(&key)
            #expect { try Fflonk.PreparedVerifyingKey(key) } throws: { ($0 as? ProofFormatError)?.field == field }
        }
        let plonkKey = try JSONValue.parse(SharedVectors.data("proofs/snarkjs/plonk/verification_key.json", in: f.dir))
        #expect { try Fflonk.verifyingKey(json: plonkKey) } throws: { ($0 as? ProofFormatError)?.reason == .unsupported }
    }
}

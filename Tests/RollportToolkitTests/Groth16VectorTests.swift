import Foundation
import RollportToolkit
import Testing

/// Groth16 proofs from snarkjs, gnark, SP1 and RISC Zero (proofs/MANIFEST.md §2 and §3 in the
/// shared vectors): each verifies, and each with its first public input + 1 does not.
@Suite("Groth16 vectors")
struct Groth16VectorTests {
    static func document(_ relativePath: String, in dir: URL) throws -> JSONValue {
        try JSONValue.parse(SharedVectors.data(relativePath, in: dir))
    }

    static func plusOne(_ inputs: [BN254.Fr]) -> [BN254.Fr] {
        var tampered = inputs
        tampered[0] += .one
        return tampered
    }

    @Test func snarkjsValidTamperedAndAlias() throws {
        guard let dir = SharedVectors.locate() else { return }
        let (vk, format) = try Groth16.verifyingKey(json: Self.document("proofs/snarkjs/groth16/verification_key.json", in: dir))
        #expect(format == .snarkjs && vk.publicInputCount == 2)
        let key = try Groth16.PreparedVerifyingKey(vk)
        let proof = try Groth16.proof(json: Self.document("proofs/snarkjs/groth16/proof.json", in: dir))
        #expect(proof.format == .snarkjs && proof.publicInputs == nil)
        let inputs = try Groth16.publicInputs(json: Self.document("proofs/snarkjs/groth16/public.json", in: dir))
        #expect(try key.verify(proof.proof, publicInputs: inputs))
        let tampered = try Groth16.publicInputs(json: Self.document("proofs/snarkjs/groth16/public_tampered.json", in: dir))
        #expect(try !key.verify(proof.proof, publicInputs: tampered))

        // The alias (first input + r) is refused when it is read, naming the input.
        let alias = try Self.document("proofs/snarkjs/groth16/public_alias.json", in: dir)
        #expect(throws: Groth16.FormatError(.publicInputNotBelowModulus(index: 0), field: "[0]",
                                            "public input 0 is not below the scalar field modulus r; inputs >= r are refused, not reduced")) {
            try Groth16.publicInputs(json: alias)
        }
        // Too few inputs for the key is a malformed call, not an invalid proof.
        #expect(throws: Groth16.FormatError.self) { try key.verify(proof.proof, publicInputs: [inputs[0]]) }
    }

    /// The Solidity calldata (pB imaginary part first) verifies, its tampered twin does not,
    /// and the proof equals the one of proof.json.
    @Test func evmCalldata() throws {
        guard let dir = SharedVectors.locate() else { return }
        let key = try Groth16.PreparedVerifyingKey(
            Groth16.verifyingKey(json: Self.document("proofs/snarkjs/groth16/verification_key.json", in: dir)).key)
        let encoding = try Self.document("proofs/snarkjs/groth16/evm_encoding.json", in: dir)
        let file = try Groth16.proof(json: encoding)
        #expect(file.format == .evm)
        let inputs = try #require(file.publicInputs)
        #expect(try key.verify(file.proof, publicInputs: inputs))
        let tampered = try Groth16.publicInputs(json: #require(encoding["tampered"]?["public_signals"]))
        #expect(try !key.verify(file.proof, publicInputs: tampered))

        let snarkjs = try Groth16.proof(json: Self.document("proofs/snarkjs/groth16/proof.json", in: dir)).proof
        #expect(file.proof.a == snarkjs.a && file.proof.b == snarkjs.b && file.proof.c == snarkjs.c)

        // The 768-byte ecPairing input: −A ‖ B ‖ α ‖ β ‖ vk_x ‖ γ ‖ C ‖ δ, the same points.
        let pairing = try Hex.decode(#require(encoding["valid"]?["ecpairing_input_hex"]?.stringValue))
        #expect(pairing.count == 768)
        #expect(Array(pairing[0..<64]) == (-snarkjs.a).evmEncoding)
        #expect(Array(pairing[64..<192]) == snarkjs.b.evmEncoding)
        #expect(Array(pairing[192..<256]) == key.key.alpha.evmEncoding)
        #expect(Array(pairing[576..<640]) == snarkjs.c.evmEncoding)
        #expect(Array(pairing[640..<768]) == key.key.delta.evmEncoding)
        let evmProof = try Groth16.proof(evm: snarkjs.a.evmEncoding + snarkjs.b.evmEncoding + snarkjs.c.evmEncoding)
        #expect(try key.verify(evmProof, publicInputs: inputs))
    }

    /// gnark, snarkjs, garaga's generic format, SP1 v5 and RISC Zero v2: public inputs as
    /// summary_derived_public_inputs.json lists them; valid, and invalid with input 0 + 1.
    @Test(arguments: ["gnark", "snarkjs", "generic", "sp1_v5", "risc0"])
    func external(_ name: String) throws {
        guard let dir = SharedVectors.locate() else { return }
        let summary = try Self.document("proofs/groth16_external/summary_derived_public_inputs.json", in: dir)
        let entry = try #require(summary[name])
        let base = "proofs/groth16_external/"
        let vk = try Groth16.verifyingKey(json: Self.document(base + #require(entry["vk_file"]?.stringValue), in: dir)).key
        let file = try Groth16.proof(json: Self.document(base + #require(entry["proof_file"]?.stringValue), in: dir))
        let inputs: [BN254.Fr]
        if let publicFile = entry["public_file"]?.stringValue {
            #expect(file.publicInputs == nil)
            inputs = try Groth16.publicInputs(json: Self.document(base + publicFile, in: dir))
        } else {
            inputs = try #require(file.publicInputs)
        }
        let expected = try #require(entry["public_inputs_dec"]?.arrayValue).map { $0.stringValue }
        #expect(inputs.map(\.description) == expected)

        let affine = try #require(entry["proof_affine"])
        #expect(file.proof.a.x.description == affine["A"]?.arrayValue?[0].stringValue)
        #expect(file.proof.c.y.description == affine["C"]?.arrayValue?[1].stringValue)

        let key = try Groth16.PreparedVerifyingKey(vk)
        #expect(try key.verify(file.proof, publicInputs: inputs), "\(name)")
        #expect(try !key.verify(file.proof, publicInputs: Self.plusOne(inputs)), "\(name)")
    }

    @Test func sp1AndRiscZeroDerivations() throws {
        guard let dir = SharedVectors.locate() else { return }
        let summary = try Self.document("proofs/groth16_external/summary_derived_public_inputs.json", in: dir)
        let sp1 = try #require(summary["sp1_v5"]?["derivation"])
        let sp1Inputs = try Groth16.sp1PublicInputs(
            vkey: Hex.decode(#require(sp1["vkey"]?.stringValue)),
            publicValues: Hex.decode(#require(Self.document("proofs/groth16_external/proof_sp1.json", in: dir)["publicValues"]?.stringValue)))
        #expect(sp1Inputs[1].canonical == UInt256(try #require(sp1["publicValuesDigest_mod_2^253"]?.stringValue)))
        #expect(try Groth16.proof(json: Self.document("proofs/groth16_external/proof_sp1.json", in: dir)).selector == [0xa4, 0x59, 0x4c, 0x59])

        let constants = try #require(summary["risc0"]?["constants"])
        #expect(Hex.encode(Groth16.RiscZeroParameters.v2.controlRoot) == constants["CONTROL_ROOT"]?.stringValue)
        #expect(Groth16.RiscZeroParameters.v2.bn254ControlID == UInt256(try #require(constants["BN254_CONTROL_ID"]?.stringValue)))
    }

    /// 16 proofs under one key: one multi-pairing accepts them; with one member's input
    /// tampered the batch fails and names that member.
    @Test func batchOfSixteen() throws {
        guard let dir = SharedVectors.locate() else { return }
        let (vk, statements) = try Groth16.batch(json: Self.document("proofs/snarkjs/groth16_batch16_same_vk.json", in: dir))
        let key = try Groth16.PreparedVerifyingKey(try #require(vk))
        #expect(statements.count == 16)
        var rng = SplitMix64(seed: 0x6272_6f74_6831_3620)
        #expect(try Groth16.verifyBatch(key, statements, using: &rng) == Groth16.BatchResult(invalid: [], count: 16))

        var tampered = statements
        tampered[11].publicInputs = Self.plusOne(tampered[11].publicInputs)
        #expect(try Groth16.verifyBatch(key, tampered) == Groth16.BatchResult(invalid: [11], count: 16))
    }

    // MARK: - Refusals name the field

    func snarkjsKeyText(_ dir: URL) throws -> String {
        String(decoding: try SharedVectors.data("proofs/snarkjs/groth16/verification_key.json", in: dir), as: UTF8.self)
    }

    @Test func refusalsNameTheField() throws {
        guard let dir = SharedVectors.locate() else { return }
        let text = try snarkjsKeyText(dir)
        let key = try JSONValue.parse(text)
        let deltaX0 = try #require(key["vk_delta_2"]?.arrayValue?[0].arrayValue?[0].stringValue)
        let deltaY0 = try #require(key["vk_delta_2"]?.arrayValue?[1].arrayValue?[0].stringValue)

        func refusal(_ edited: String) -> Groth16.FormatError? {
            do { _ = try Groth16.verifyingKey(json: JSONValue.parse(edited)); return nil } catch let error as Groth16.FormatError {
                return error
            } catch { return nil }
        }
        // y.c0 changed: off the twist.
        let offTwist = try #require(refusal(text.replacingOccurrences(of: "\"\(deltaY0)\"", with: "\"5\"")))
        #expect(offTwist.field == "vk_delta_2" && offTwist.reason == .point(.notOnTwist), "\(offTwist)")
        // x.c0 + p: not canonical.
        let big = try #require(UInt256(deltaX0)).addingReportingOverflow(BN254.baseFieldModulus).partialValue
        let nonCanonical = try #require(refusal(text.replacingOccurrences(of: "\"\(deltaX0)\"", with: "\"\(big)\"")))
        #expect(nonCanonical.reason == .point(.coordinateNotBelowModulus) && nonCanonical.field == "vk_delta_2", "\(nonCanonical)")
        // A word that is not a number, and a projective z other than 1.
        let word = try #require(refusal(text.replacingOccurrences(of: "\"\(deltaY0)\"", with: "\"12ab\"")))
        #expect(word.field == "vk_delta_2[1][0]" && word.reason == .malformed, "\(word)")
        #expect(refusal(text.replacingOccurrences(of: "\"protocol\": \"groth16\"", with: "\"protocol\": \"plonk\""))?.reason == .unsupported)
        #expect(refusal("{\"foo\": 1}")?.reason == .malformed)
    }

    @Test func evmEncodingsNameTheOffset() throws {
        guard let dir = SharedVectors.locate() else { return }
        let key = try Groth16.verifyingKey(json: Self.document("proofs/snarkjs/groth16/verification_key.json", in: dir)).key
        var bytes = key.alpha.evmEncoding + key.beta.evmEncoding + key.gamma.evmEncoding + key.delta.evmEncoding
            + key.ic.flatMap(\.evmEncoding)
        #expect(bytes.count == 448 + 64 * 3)
        let parsed = try Groth16.verifyingKey(evm: bytes)
        #expect(parsed.ic == key.ic && parsed.delta == key.delta)

        #expect(throws: Groth16.FormatError.self) { try Groth16.verifyingKey(evm: Array(bytes.dropLast())) }
        bytes[64 + 32] ^= 0x01 // beta.x.c0 (the second word: imaginary part first)
        do {
            _ = try Groth16.verifyingKey(evm: bytes)
            Issue.record("a corrupted beta was accepted")
        } catch {
            #expect(error.field.hasPrefix("beta") && error.offset == 64, "\(error)")
        }
        let word = [UInt8](repeating: 0xff, count: 32)
        #expect(throws: Groth16.FormatError(.publicInputNotBelowModulus(index: 1), field: "public_inputs[1]", offset: 32,
                                            "public input 1 is not below the scalar field modulus r; inputs >= r are refused, not reduced")) {
            try Groth16.publicInputs(evm: [UInt8](repeating: 0, count: 32) + word)
        }
        #expect(throws: Groth16.FormatError.self) { try Groth16.proof(evm: [UInt8](repeating: 0, count: 255)) }
    }
}

import Foundation
import RollportTestSupport
import Testing

/// `rollport verify groth16` and `rollport verify groth16-batch` on the shared Groth16 vectors.
@Suite struct VerifyCommandTests {
    static func proofs() -> String? {
        guard let vectors = TestPaths.vectors else { print("vectors: absent, skipping"); return nil }
        return vectors + "/proofs"
    }

    @Test func snarkjsValidTamperedAndAlias() throws {
        guard let dir = Self.proofs().map({ $0 + "/snarkjs/groth16/" }) else { return }
        let base = ["verify", "groth16", "--vk", dir + "verification_key.json", "--proof", dir + "proof.json"]

        let valid = try CLI.run(base + ["--public", dir + "public.json", "--json", "--repeat", "3"])
        #expect(valid.status == 0, "\(valid)")
        let json = try valid.json()
        #expect(json["valid"] as? Bool == true && json["format"] as? String == "snarkjs" && json["publicInputs"] as? Int == 2)
        #expect((json["medianMs"] as? Double).map { $0 > 0 } == true && json["p99Ms"] is Double)

        let tampered = try CLI.run(base + ["--public", dir + "public_tampered.json"])
        #expect(tampered.status == 1 && tampered.stdout.hasPrefix("invalid:"), "\(tampered)")

        let alias = try CLI.run(base + ["--public", dir + "public_alias.json", "--json"])
        #expect(alias.status == 2, "\(alias)")
        #expect(try alias.json()["field"] as? String == "[0]")
        #expect((try alias.json()["error"] as? String)?.contains("not below the scalar field modulus r") == true)

        let human = try CLI.run(base + ["--public", dir + "public.json"])
        #expect(human.status == 0 && human.stdout.hasPrefix("valid:"), "\(human)")
    }

    /// SP1 and RISC Zero proofs carry their public inputs; the calldata file carries pubSignals.
    @Test func formatsWithoutAPublicFile() throws {
        guard let dir = Self.proofs() else { return }
        let external = dir + "/groth16_external/"
        for (vk, proof, format, count) in [("vk_sp1.json", "proof_sp1.json", "sp1", 2), ("vk_risc0.json", "proof_risc0.json", "risc0", 5)] {
            let run = try CLI.run(["verify", "groth16", "--vk", external + vk, "--proof", external + proof, "--format", format, "--json"])
            #expect(run.status == 0, "\(run)")
            #expect(try run.json()["publicInputs"] as? Int == count)
        }
        let evm = try CLI.run(["verify", "groth16", "--vk", dir + "/snarkjs/groth16/verification_key.json",
                               "--proof", dir + "/snarkjs/groth16/evm_encoding.json", "--format", "evm"])
        #expect(evm.status == 0, "\(evm)")
        // A snarkjs proof has no public inputs of its own.
        let missing = try CLI.run(["verify", "groth16", "--vk", dir + "/snarkjs/groth16/verification_key.json",
                                   "--proof", dir + "/snarkjs/groth16/proof.json"])
        #expect(missing.status == 2 && missing.stderr.contains("--public"), "\(missing)")
        // Forcing the wrong format names what is missing.
        let wrong = try CLI.run(["verify", "groth16", "--vk", external + "gnark_vk_bn254.json", "--proof", external + "gnark_proof_bn254.json",
                                 "--public", external + "gnark_public_bn254.json", "--format", "snarkjs"])
        #expect(wrong.status == 2 && wrong.stderr.contains("pi_a"), "\(wrong)")
    }

    @Test func batchFileAndDirectory() throws {
        guard let dir = Self.proofs() else { return }
        let batchFile = dir + "/snarkjs/groth16_batch16_same_vk.json"
        let valid = try CLI.run(["verify", "groth16-batch", "--proofs", batchFile, "--json"])
        #expect(valid.status == 0, "\(valid)")
        #expect(try valid.json()["count"] as? Int == 16)

        // A directory of pairs: the three snarkjs statements, one of them tampered.
        let scratch = TestPaths.temporaryDirectory("verify-batch")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let source = dir + "/snarkjs/groth16/"
        for (name, publicFile) in [("a", "public.json"), ("b", "public_tampered.json"), ("c", "public.json")] {
            try FileManager.default.copyItem(atPath: source + "proof.json", toPath: scratch + "/\(name)_proof.json")
            try FileManager.default.copyItem(atPath: source + publicFile, toPath: scratch + "/\(name)_public.json")
        }
        let mixed = try CLI.run(["verify", "groth16-batch", "--vk", source + "verification_key.json", "--proofs", scratch])
        #expect(mixed.status == 1, "\(mixed)")
        #expect(mixed.stdout.contains("1: b_proof.json") && !mixed.stdout.contains("a_proof.json"), "\(mixed)")

        let json = try CLI.run(["verify", "groth16-batch", "--vk", source + "verification_key.json", "--proofs", scratch, "--json"])
        #expect(json.status == 1)
        #expect(try json.json()["invalid"] as? [Int] == [1])

        let noKey = try CLI.run(["verify", "groth16-batch", "--proofs", scratch])
        #expect(noKey.status == 2 && noKey.stderr.contains("--vk"), "\(noKey)")
    }

    @Test func malformedInputsExitTwo() throws {
        let scratch = TestPaths.temporaryDirectory("verify-bad")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        _ = FileManager.default.createFile(atPath: scratch + "/vk.json", contents: Data("{\"vk_alpha_1\": [\"1\", \"3\", \"1\"]}".utf8))
        _ = FileManager.default.createFile(atPath: scratch + "/proof.hex", contents: Data("0x1234".utf8))
        let run = try CLI.run(["verify", "groth16", "--vk", scratch + "/vk.json", "--proof", scratch + "/proof.hex", "--public", scratch + "/none.json"])
        #expect(run.status == 2 && run.stderr.contains("vk.json"), "\(run)")
        let offCurve = try CLI.run(["verify", "groth16", "--vk", scratch + "/vk.json", "--proof", scratch + "/proof.hex", "--json"])
        #expect(offCurve.status == 2)
        #expect((try offCurve.json()["error"] as? String)?.contains("not on the curve") == true, "\(offCurve)")
    }
}

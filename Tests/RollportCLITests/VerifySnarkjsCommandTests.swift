import Foundation
import RollportTestSupport
import RollportToolkit
import Testing

/// `rollport verify plonk` and `rollport verify fflonk` on the shared snarkjs vectors.
@Suite struct VerifySnarkjsCommandTests {
    static func fixture(_ name: String) -> String? {
        guard let vectors = TestPaths.vectors else { print("vectors: absent, skipping"); return nil }
        return vectors + "/proofs/snarkjs/\(name)/"
    }

    static func system(_ name: String) -> String { name == "fflonk" ? "fflonk" : "plonk" }

    @Test(arguments: ["plonk", "plonk_4pub", "fflonk"])
    func validTamperedAndAlias(_ name: String) throws {
        guard let dir = Self.fixture(name) else { return }
        let base = ["verify", Self.system(name), "--vk", dir + "verification_key.json", "--proof", dir + "proof.json"]

        let valid = try CLI.run(base + ["--public", dir + "public.json", "--json", "--repeat", "2"])
        #expect(valid.status == 0, "\(valid)")
        let json = try valid.json()
        #expect(json["valid"] as? Bool == true && json["format"] as? String == "snarkjs" && json["keyFormat"] as? String == "snarkjs")
        #expect((json["medianMs"] as? Double).map { $0 > 0 } == true && json["p99Ms"] is Double && json["repeat"] as? Int == 2)
        if name == "fflonk" { #expect(json["semantics"] as? String == "snarkjs" && json["outcome"] as? String == "valid") }

        let tampered = try CLI.run(base + ["--public", dir + "public_tampered.json"])
        #expect(tampered.status == 1 && tampered.stdout.hasPrefix("invalid:"), "\(tampered)")

        let alias = try CLI.run(base + ["--public", dir + "public_alias.json", "--json"])
        #expect(alias.status == 2, "\(alias)")
        #expect(try alias.json()["field"] as? String == "[0]")

        let missing = try CLI.run(base)
        #expect(missing.status == 2 && missing.stderr.contains("--public"), "\(missing)")
    }

    /// The Solidity calldata as JSON (it carries pubSignals) and as ABI bytes with the selector.
    @Test(arguments: ["plonk", "plonk_4pub", "fflonk"])
    func solidityCalldata(_ name: String) throws {
        guard let dir = Self.fixture(name) else { return }
        let system = Self.system(name)
        let vk = dir + "verification_key.json"
        let calldata = try CLI.run(["verify", system, "--vk", vk, "--proof", dir + "solidity_calldata.json", "--json"])
        #expect(calldata.status == 0, "\(calldata)")
        #expect(try calldata.json()["format"] as? String == "evm")
        if name == "fflonk" { #expect(try calldata.json()["semantics"] as? String == "solidity") }

        let object = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "solidity_calldata.json"))) as? [String: Any])
        let words = try #require(object["proof_words_24"] as? [String]) + (try #require(object["pubSignals"] as? [String]))
        let signature = system == "fflonk" ? "verifyProof(bytes32[24],uint256[\(words.count - 24)])"
                                           : "verifyProof(uint256[24],uint256[\(words.count - 24)])"
        let selector = String(format: "%08x", Keccak256.selector(signature))
        let scratch = TestPaths.temporaryDirectory("verify-\(name)")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let hex = "0x" + selector + words.map { $0.dropFirst(2) }.joined()
        try hex.write(toFile: scratch + "/calldata.hex", atomically: true, encoding: .utf8)
        let bytes = try CLI.run(["verify", system, "--vk", vk, "--proof", scratch + "/calldata.hex"])
        #expect(bytes.status == 0 && bytes.stdout.hasPrefix("valid:"), "\(bytes)")
        let forced = try CLI.run(["verify", system, "--vk", vk, "--proof", scratch + "/calldata.hex", "--format", "snarkjs"])
        #expect(forced.status == 2 && forced.stderr.contains("--format evm"), "\(forced)")
    }

    /// One evaluation + 1 and one commitment moved to another curve point: exit 1, not a crash.
    /// (Every field of every fixture is changed in the toolkit's tests.)
    @Test(arguments: ["plonk", "plonk_4pub", "fflonk"])
    func changedProofsExitOne(_ name: String) throws {
        guard let dir = Self.fixture(name) else { return }
        let object = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "solidity_calldata.json"))) as? [String: Any])
        let words = try #require(object["proof_words_24"] as? [String]).compactMap { UInt256($0) }
        let scratch = TestPaths.temporaryDirectory("verify-changed-\(name)")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        // Word 19 is an evaluation in both layouts; words 2, 3 are B (PLONK) or C2 (FFLONK).
        var evaluation = words
        evaluation[19] = evaluation[19].addingReportingOverflow(UInt256(1)).partialValue
        var commitment = words
        let moved = try BN254.G1Point(x: words[2], y: words[3]) + .generator
        (commitment[2], commitment[3]) = (moved.x, moved.y)
        for (label, changed) in [("evaluation", evaluation), ("commitment", commitment)] {
            let path = scratch + "/\(label).json"
            let document: [String: Any] = ["proof_words_24": changed.map(\.hexQuantity), "pubSignals": object["pubSignals"] ?? []]
            try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: path))
            let run = try CLI.run(["verify", Self.system(name), "--vk", dir + "verification_key.json", "--proof", path, "--json"])
            #expect(run.status == 1, "\(name) \(label): \(run)")
            #expect(try run.json()["valid"] as? Bool == false)
        }
    }

    @Test func fflonkSemantics() throws {
        guard let dir = Self.fixture("fflonk") else { return }
        let object = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "solidity_calldata.json"))) as? [String: Any])
        var words = try #require(object["proof_words_24"] as? [String])
        words[23] = "0x01" // inv
        let scratch = TestPaths.temporaryDirectory("verify-fflonk-inv")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let path = scratch + "/calldata.json"
        try JSONSerialization.data(withJSONObject: ["proof_words_24": words, "pubSignals": object["pubSignals"] ?? []])
            .write(to: URL(fileURLWithPath: path))
        let base = ["verify", "fflonk", "--vk", dir + "verification_key.json", "--proof", path, "--json"]
        let solidity = try CLI.run(base)
        #expect(solidity.status == 1, "\(solidity)")
        #expect(try solidity.json()["outcome"] as? String == "inverseMismatch")
        let snarkjs = try CLI.run(base + ["--semantics", "snarkjs"])
        #expect(snarkjs.status == 0, "\(snarkjs)")
        #expect(try snarkjs.json()["semantics"] as? String == "snarkjs")
    }

    /// A directory of proof/public pairs, one of them with a tampered input; FFLONK mixing
    /// proof.json and Solidity calldata.
    @Test(arguments: ["plonk", "fflonk"])
    func batchDirectory(_ name: String) throws {
        guard let dir = Self.fixture(name) else { return }
        let scratch = TestPaths.temporaryDirectory("verify-\(name)-batch")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        for (pair, publicFile) in [("a", "public.json"), ("b", "public_tampered.json"), ("c", "public.json")] {
            try FileManager.default.copyItem(atPath: dir + "proof.json", toPath: scratch + "/\(pair)_proof.json")
            try FileManager.default.copyItem(atPath: dir + publicFile, toPath: scratch + "/\(pair)_public.json")
        }
        try FileManager.default.copyItem(atPath: dir + "solidity_calldata.json", toPath: scratch + "/d_proof.json")
        let base = ["verify", "\(name)-batch", "--vk", dir + "verification_key.json", "--proofs", scratch]
        let mixed = try CLI.run(base + ["--json"])
        #expect(mixed.status == 1, "\(mixed)")
        #expect(try mixed.json()["invalid"] as? [Int] == [1] && mixed.json()["count"] as? Int == 4)
        try FileManager.default.removeItem(atPath: scratch + "/b_proof.json")
        let valid = try CLI.run(base)
        #expect(valid.status == 0 && valid.stdout.hasPrefix("valid: all 3 proofs"), "\(valid)")
        let notDirectory = try CLI.run(["verify", "\(name)-batch", "--vk", dir + "verification_key.json", "--proofs", dir + "proof.json"])
        #expect(notDirectory.status == 2, "\(notDirectory)")
    }

    @Test func malformedInputsExitTwo() throws {
        guard let dir = Self.fixture("plonk") else { return }
        let scratch = TestPaths.temporaryDirectory("verify-plonk-bad")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        _ = FileManager.default.createFile(atPath: scratch + "/proof.hex", contents: Data("0x1234".utf8))
        let short = try CLI.run(["verify", "plonk", "--vk", dir + "verification_key.json", "--proof", scratch + "/proof.hex", "--json"])
        #expect(short.status == 2, "\(short)")
        #expect((try short.json()["error"] as? String)?.contains("proof.hex") == true, "\(short)")
        // A FFLONK key is not a PLONK key, and a Groth16 proof is not a PLONK proof.
        let wrongKey = try CLI.run(["verify", "plonk", "--vk", dir + "../fflonk/verification_key.json", "--proof", dir + "proof.json",
                                    "--public", dir + "public.json"])
        #expect(wrongKey.status == 2 && wrongKey.stderr.contains("fflonk"), "\(wrongKey)")
        let wrongProof = try CLI.run(["verify", "plonk", "--vk", dir + "verification_key.json", "--proof", dir + "../groth16/proof.json",
                                      "--public", dir + "public.json"])
        #expect(wrongProof.status == 2, "\(wrongProof)")
        let count = try CLI.run(["verify", "fflonk", "--vk", dir + "../fflonk/verification_key.json", "--proof", dir + "../fflonk/proof.json",
                                 "--public", dir + "public.json"])
        #expect(count.status == 2 && count.stderr.contains("public inputs"), "\(count)")
    }
}

import Foundation
import RollportTestSupport
import Testing

@Suite("CLI: mpt verify")
struct MPTCommandTests {
    static let stateRoot = "0xb46d4bcb0e471e1b8506031a1f34ebc6f200253cbaba56246dd2320e8e2c8f13"

    /// The deposit contract's eth_getProof result from the shared vectors, written as a JSON-RPC
    /// response (optionally edited) into a scratch file.
    static func proofFile(edit: (inout [String: Any]) -> Void = { _ in }) throws -> String? {
        guard let vectors = TestPaths.vectors else {
            print("vectors: absent, skipping")
            return nil
        }
        let data = try #require(FileManager.default.contents(atPath: vectors + "/optimism/withdrawals/output_root_and_account_proof.json"))
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var result = try #require(document["eth_getProof"] as? [String: Any])
        edit(&result)
        let path = TestPaths.temporaryDirectory("mpt") + "/proof.json"
        try JSONSerialization.data(withJSONObject: ["jsonrpc": "2.0", "id": 1, "result": result]).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("a valid proof prints the account; --json has the documented fields")
    func valid() throws {
        guard let file = try Self.proofFile() else { return }
        let human = try CLI.run(["mpt", "verify", "--proof", file, "--state-root", Self.stateRoot])
        #expect(human.status == 0, "\(human)")
        #expect(human.stdout.contains("10772706000069000000000069 wei"))
        let run = try CLI.run(["mpt", "verify", "--proof", file, "--state-root", Self.stateRoot, "--json"])
        #expect(run.status == 0, "\(run)")
        let json = try run.json()
        #expect(json["valid"] as? Bool == true)
        #expect(json["address"] as? String == "0x00000000219ab540356cbb839cbe05303d7705fa")
        let account = try #require(json["account"] as? [String: Any])
        #expect(account["nonce"] as? String == "0x1")
        #expect(account["balance"] as? String == "0x8e9358ffc243096c55045")
        #expect(account["storageRoot"] as? String == "0xc1917a80cb25ccc50d0d1921525a44fb619b4601194ca726ae32312f08a799f8")
        #expect(account["codeHash"] as? String == "0x6c029a231254fadb724d63be769f75eedd66362df034a3e663252b49d062a666")
        #expect((json["storage"] as? [Any])?.isEmpty == true)
    }

    @Test("another root or a tampered node: exit 1 naming the node")
    func invalid() throws {
        guard let file = try Self.proofFile(edit: { result in
            var nodes = result["accountProof"] as? [String] ?? []
            nodes[3] = String(nodes[3].dropLast(2)) + (nodes[3].hasSuffix("00") ? "01" : "00")
            result["accountProof"] = nodes
        }) else { return }
        let run = try CLI.run(["mpt", "verify", "--proof", file, "--state-root", Self.stateRoot])
        #expect(run.status == 1, "\(run)")
        #expect(run.stderr.contains("proof node 3"))
        let json = try CLI.run(["mpt", "verify", "--proof", file, "--state-root", Self.stateRoot, "--json"]).json()
        #expect(json["valid"] as? Bool == false)
        #expect((json["error"] as? String)?.contains("proof node 3") == true)
    }

    @Test("claims that disagree are listed per field, exit 1")
    func claims() throws {
        guard let file = try Self.proofFile(edit: { $0["nonce"] = "0x2"; $0["balance"] = "0x0" }) else { return }
        let run = try CLI.run(["mpt", "verify", "--proof", file, "--state-root", Self.stateRoot, "--json"])
        #expect(run.status == 1, "\(run)")
        let mismatches = try #require(try run.json()["mismatches"] as? [[String: Any]])
        #expect(mismatches.compactMap { $0["field"] as? String } == ["nonce", "balance"])
    }

    @Test("a malformed file or root: exit 2 naming the field")
    func malformed() throws {
        guard let file = try Self.proofFile(edit: { $0["codeHash"] = "0x1234" }) else { return }
        let run = try CLI.run(["mpt", "verify", "--proof", file, "--state-root", Self.stateRoot])
        #expect(run.status == 2, "\(run)")
        #expect(run.stderr.contains("codeHash"))
        let root = try CLI.run(["mpt", "verify", "--proof", file, "--state-root", "0x12"])
        #expect(root.status == 2)
        #expect(root.stderr.contains("--state-root"))
        let missing = try CLI.run(["mpt", "verify", "--proof", "/nonexistent/proof.json", "--state-root", Self.stateRoot])
        #expect(missing.status == 2)
    }
}

import Foundation
import RollportTestSupport
import Testing

/// `rollport devnet`: serves, produces, records and reports what it produced.
@Suite struct DevnetCommandTests {
    static let manifests = ["--manifests", TestPaths.repository + "/Manifests/devnet"]

    static func lines(_ stdout: String) throws -> [[String: Any]] {
        try stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not a JSON line: \(line)")
        }
    }

    @Test func runsToABlockRecordsItAndReportsTheTraffic() throws {
        let record = TestPaths.temporaryDirectory("devnet-cli") + "/devnet.json"
        let args = ["devnet", "--port", "0", "--blocks", "3", "--until-block", "3", "--l2-transactions", "6", "--record", record, "--json"] + Self.manifests
        let run = try CLI.run(args)
        #expect(run.status == 0, "\(run)")
        let lines = try Self.lines(run.stdout)
        #expect(lines.count == 2, "\(run)")
        let ready = try #require(lines.first)
        #expect(ready["label"] as? String == "development chain")
        #expect(ready["chainId"] as? Int == 900)
        #expect((ready["rpc"] as? String)?.hasPrefix("http://127.0.0.1:") == true)
        let summary = try #require(lines.last)
        #expect((summary["head"] as? [String: Any])?["number"] as? Int == 3)
        let traffic = try #require((summary["chains"] as? [String: Any])?["op-devnet"] as? [String: Any])
        #expect(traffic["batches"] as? Int == 3)
        #expect(traffic["l2Blocks"] as? Int == 18)
        #expect(traffic["transactions"] as? Int == 18)

        let recorded = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: record))) as? [String: Any])
        #expect(recorded["format"] as? String == "rollport-l1-recording/1")
        #expect((recorded["blocks"] as? [Any])?.count == 4)

        // The same seed, the same chain: the head hash is the same in a second run.
        let again = try CLI.run(["devnet", "--port", "0", "--blocks", "3", "--until-block", "3", "--l2-transactions", "6", "--json"] + Self.manifests)
        let headHash = (summary["head"] as? [String: Any])?["hash"] as? String
        #expect(headHash?.count == 66)
        #expect((try Self.lines(again.stdout).last?["head"] as? [String: Any])?["hash"] as? String == headHash)
        let human = try CLI.run(["devnet", "--port", "0", "--blocks", "1", "--until-block", "1", "--l2-transactions", "6"] + Self.manifests)
        #expect(human.status == 0, "\(human)")
        #expect(human.stdout.contains("a development chain (L1 chain id 900, seed 1), not Ethereum"), "\(human.stdout)")
        #expect(human.stdout.contains("op-devnet: 1 batches"), "\(human.stdout)")
    }

    @Test func badOptionsAndMissingManifestsExit2() throws {
        let bad = try CLI.run(["devnet", "--port", "70000"] + Self.manifests)
        #expect(bad.status == 2, "\(bad)")
        let none = try CLI.run(["devnet", "--manifests", "/nonexistent-devnet-manifests", "--until-block", "1"])
        #expect(none.status == 2, "\(none)")
        #expect(none.stderr.contains("op-devnet"), "\(none)")
    }
}

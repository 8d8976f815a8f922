import Foundation
import RollportTestSupport
import RollportToolkit
import Testing

/// `rollport batch decode|encode` and `rollport route` on OP Stack batcher transactions, with the
/// shipped manifest and the Optimism adapter built beside `rollport`.
@Suite struct BatchCommandTests {
    static let manifests = ["--manifests", TestPaths.repository + "/Manifests/optimism.toml"]
    static let inbox = "0xff00000000000000000000000000000000000010"
    static let batcher = "0x6887246668a3b87f54deb3b94ba47a6f63f32985"

    static var opBatcherTransaction: String? {
        guard let vectors = TestPaths.vectors else { print("vectors: absent, skipping"); return nil }
        return vectors + "/optimism/batches/op_mainnet_batcher_tx_0xe69d9433.bin"
    }

    @Test func decodeTheRealOPMainnetBatcherTransaction() throws {
        guard let file = Self.opBatcherTransaction else { return }
        let run = try CLI.run(["batch", "decode", "--chain", "op-mainnet", file, "--json"] + Self.manifests)
        #expect(run.status == 0, "\(run)")
        let records = try #require(try run.json()["records"] as? [[String: Any]])
        #expect(records.count == 1)
        let details = try #require(records.first?["details"] as? [String: Any])
        #expect((details["blocks"] as? [Any])?.count == 27)
        #expect((details["batch"] as? [String: Any])?["transactionCount"] as? Int == 209)
        #expect((details["validity"] as? [String: Any])?["label"] as? String == "undecided")

        let human = try CLI.run(["batch", "decode", "--chain", "op-mainnet", file] + Self.manifests)
        #expect(human.status == 0, "\(human)")
        #expect(human.stdout.contains("channel 0xac329933f5efdcc35ccd284232a376d3: zlib, 1 frame, 119799 → 240308 bytes"), "\(human.stdout)")
        #expect(human.stdout.contains("117369690    1710338157  19426582   10"), "\(human.stdout)")
        #expect(human.stdout.contains("validity: undecided (safe-head-unknown)"))
    }

    @Test func routePrintsTheSameRecordAsATable() throws {
        guard let file = Self.opBatcherTransaction else { return }
        let run = try CLI.run(["route", file] + Self.manifests)
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("claimed by org.rollport.optimism for chain op-mainnet as batch"))
        #expect(run.stdout.contains("L2 block     timestamp   L1 origin  txs"))
        #expect(!run.stdout.contains("\"blocks\""), "route's text output prints batch records as tables, not JSON")
    }

    @Test func decodeExitCodes() throws {
        // Not a batch of the chain: the sender is not its batcher.
        let stranger = #"{"from": "0x000000000000000000000000000000000000dead", "to": "\#(Self.inbox)", "input": "0x00"}"#
        let notMine = try CLI.run(["batch", "decode", "--chain", "op-mainnet", stranger] + Self.manifests)
        #expect(notMine.status == 1, "\(notMine)")
        #expect(notMine.stderr.contains("is not op-mainnet's batcher"))
        // Malformed frames.
        let truncated = #"{"from": "\#(Self.batcher)", "to": "\#(Self.inbox)", "input": "0x00aabb"}"#
        let malformed = try CLI.run(["batch", "decode", "--chain", "op-mainnet", truncated, "--json"] + Self.manifests)
        #expect(malformed.status == 2, "\(malformed)")
        #expect(((try malformed.json()["error"] as? [String: Any])?["status"] as? String) == "decode_error")
        // An item that is not JSON or a transaction.
        let garbage = try CLI.run(["batch", "decode", "--chain", "op-mainnet", "{not json"] + Self.manifests)
        #expect(garbage.status == 2, "\(garbage)")
        // A chain no manifest has.
        let unknown = try CLI.run(["batch", "decode", "--chain", "no-such-chain", truncated] + Self.manifests)
        #expect(unknown.status == 2, "\(unknown)")
        #expect(unknown.stderr.contains("op-mainnet"))
    }

    @Test func encodeRefusesWhatTheForksDoNotAllowAndRejectsBadRequests() throws {
        let tx = "0x02f86a0a8084773594008504a817c80082520894000000000000000000000000000000000000000001808001a0aa4f45e2f2b40cf0bd0e0a8f8c6b6a1c4c11d86c0f0e0f6e2f3e2ad7a1e2f0d1a0112233445566778899aabbccddeeff00112233445566778899aabbccddeeff00"
        func request(timestamp: UInt64, options: String) -> String {
            """
            {"blocks": [{"number": 1, "timestamp": \(timestamp), "l1OriginNumber": 19000000,
              "l1OriginHash": "0x\(String(repeating: "11", count: 32))", "parentHash": "0x\(String(repeating: "22", count: 32))",
              "transactions": ["\(tx)"]}], "options": \(options)}
            """
        }
        // March 2024 on OP Mainnet: Delta, not yet Fjord.
        let brotli = try CLI.run(["batch", "encode", "--chain", "op-mainnet", request(timestamp: 1_710_338_157, options: #"{"compression": "brotli", "da": "calldata"}"#)] + Self.manifests)
        #expect(brotli.status == 1, "\(brotli)")
        #expect(brotli.stderr.contains("Fjord"))
        let bad = try CLI.run(["batch", "encode", "--chain", "op-mainnet", #"{"blocks": []}"#] + Self.manifests)
        #expect(bad.status == 2, "\(bad)")
        #expect(bad.stderr.contains("request.blocks"))
    }

    @Test func theAdapterPassesTheConformanceChecker() throws {
        let run = try CLI.run(["plugins", "check", TestPaths.binDirectory + "/libOptimismAdapter.so",
                               "--manifest", TestPaths.repository + "/Manifests/optimism.toml"])
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("conforms to ABI \(TestPaths.abiVersion)"))
    }
}

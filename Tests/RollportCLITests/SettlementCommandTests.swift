import Foundation
import RollportTestSupport
import RollportToolkit
import Testing

/// `rollport route` on OptimismPortal, L2OutputOracle and DisputeGameFactory logs, and
/// `rollport call` on the Optimism adapter's settlement methods.
@Suite struct SettlementCommandTests {
    static let manifests = ["--manifests", TestPaths.repository + "/Manifests/optimism.toml"]
    static let portal = "0xbEb5Fc579115071764c7423A4f12eDde41f106Ed"
    static let depositTopic = "0xb3813568d9991fc951961fcb4c784893574240a28925604d09fc577c55bb7c32"
    static let account = "0x0000000000000000000000001a1e021a302c237453d3d45c7b82b19ceeb7e2e6"

    /// The real OP Mainnet deposit (69 wei to itself), as eth_getLogs returns it.
    static func depositLog(data: String) -> String {
        #"""
        {"address": "\#(portal)", "topics": ["\#(depositTopic)", "\#(account)", "\#(account)", "0x\#(String(repeating: "0", count: 64))"],
         "data": "\#(data)", "blockNumber": "0x1234567", "logIndex": "0x6d",
         "blockHash": "0x634c52556471c589f42db9131467e0c9484f5c73049e32d1a74e2a4ce0f91d57"}
        """#
    }

    static let depositData = "0x" + String(repeating: "0", count: 62) + "20" + String(repeating: "0", count: 62) + "49"
        + String(repeating: "0", count: 64) + String(repeating: "0", count: 62) + "45" + "0000000000005208" + "00" + String(repeating: "0", count: 46)

    /// The value on the `  key   value` line of route's text output.
    static func line(_ text: String, _ key: String) -> String? {
        for l in text.split(separator: "\n") {
            let parts = l.split(separator: " ", omittingEmptySubsequences: true)
            if parts.count == 2, parts[0] == key { return String(parts[1]) }
        }
        return nil
    }

    @Test func routeADepositLog() throws {
        let run = try CLI.run(["route", Self.depositLog(data: Self.depositData)] + Self.manifests)
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("op-mainnet deposit: initiated"), "\(run.stdout)")
        #expect(Self.line(run.stdout, "l2TxHash") == "0x0a60b983815ed475c5919609025204a479654d93afc610feca7d99ae0befc329", "\(run.stdout)")
        let json = try CLI.run(["route", "--json", Self.depositLog(data: Self.depositData)] + Self.manifests)
        #expect(json.status == 0, "\(json)")
        let record = try #require((try json.json()["records"] as? [[String: Any]])?.first)
        #expect(record["kind"] as? String == "deposit")
        let details = try #require(record["details"] as? [String: Any])
        #expect(details["sourceHash"] as? String == "0x2b20821e4d5b3903456a7f19d5a8e867a503b2f1e82ed9b083cc71a7b6437b72")
        #expect(details["l2TxHash"] as? String == "0x0a60b983815ed475c5919609025204a479654d93afc610feca7d99ae0befc329")
        #expect(details["value"] as? String == "0x45")
    }

    @Test func malformedDepositLogsExitTwo() throws {
        // The length word says 0x100 bytes; the data holds 96.
        let long = Self.depositData.replacingOccurrences(of: String(repeating: "0", count: 62) + "49", with: String(repeating: "0", count: 61) + "100")
        let run = try CLI.run(["route", Self.depositLog(data: long)] + Self.manifests)
        #expect(run.status == 2, "\(run)")
        #expect(run.stdout.contains("opaqueData length of 256 bytes") || run.stderr.contains("opaqueData length of 256 bytes"), "\(run)")
        let truncated = try CLI.run(["route", "--json", Self.depositLog(data: String(Self.depositData.dropLast(64)))] + Self.manifests)
        #expect(truncated.status == 2, "\(truncated)")
    }

    @Test func routeWithdrawalAndGameLogs() throws {
        let hash = "0x" + String(repeating: "ab", count: 32)
        let proven = #"""
            {"address": "\#(Self.portal)", "topics": ["0x67a6208cfcc0801d50f6cbe764733f4fddf66ac0b04442061a8a8c0cb6b63f62", "\#(hash)", "\#(Self.account)", "\#(Self.account)"],
             "data": "0x", "blockNumber": "0x1400000", "blockTimestamp": "0x66000000", "logIndex": "0x1", "blockHash": "0x\#(String(repeating: "33", count: 32))"}
            """#
        let run = try CLI.run(["route", proven] + Self.manifests)
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("op-mainnet withdrawal (WithdrawalProven): proven"), "\(run.stdout)")
        #expect(Self.line(run.stdout, "withdrawalHash") == hash, "\(run.stdout)")
        let game = #"""
            {"address": "0xe5965Ab5962eDc7477C8520243A95517CD252fA9",
             "topics": ["0x5b565efe82411da98814f356d0e7bcb8f0219b8d970307c5afb4a6903a8b2e35", "\#(Self.account)", "0x\#(String(repeating: "0", count: 64))", "\#(hash)"],
             "data": "0x", "blockNumber": "0x1400000", "blockTimestamp": "0x66000000", "logIndex": "0x2", "blockHash": "0x\#(String(repeating: "33", count: 32))"}
            """#
        let g = try CLI.run(["route", game] + Self.manifests)
        #expect(g.status == 0, "\(g)")
        #expect(g.stdout.contains("op-mainnet state commitment (disputeGame): committed"), "\(g.stdout)")
        #expect(g.stdout.contains("op-mainnet dispute (faultDisputeGame): IN_PROGRESS"), "\(g.stdout)")
    }

    @Test func callSettlementMethods() throws {
        let roots = #"{"stateRoot": "0x000000000000000000000000000000000000000000000000000000000000beef", "messagePasserStorageRoot": "0x000000000000000000000000000000000000000000000000000000000000babe", "blockHash": "0x000000000000000000000000000000000000000000000000000000000000c0de"}"#
        let root = try CLI.run(["call", "--chain", "op-mainnet", "optimism_outputRoot", roots, "--json"] + Self.manifests)
        #expect(root.status == 0, "\(root)")
        #expect((try root.json()["result"] as? [String: Any])?["outputRoot"] as? String == "0x0c39fb6b07cf6694b13e63e59f7b15255be1c93a4d6d3e0da6c99729647c0d11")

        let withdrawal = #"{"nonce": "0x00010000000000000000000000000000000000000000000000000000000000b5", "sender": "0x1a1E021A302C237453D3D45c7B82B19cEEB7E2e6", "target": "0x1a1E021A302C237453D3D45c7B82B19cEEB7E2e6", "value": "0x45", "gasLimit": "21000", "data": "0x"}"#
        let hash = try CLI.run(["call", "--chain", "op-mainnet", "optimism_withdrawalHash", withdrawal] + Self.manifests)
        #expect(hash.status == 0, "\(hash)")
        #expect(hash.stdout.contains("\"withdrawalHash\": \"0x319fb0748049a3cffd0d3dc9ab6eff9d9fe06b38157a7183180e3d190dd2825b\""), "\(hash.stdout)")

        // A uint256 as a JSON number: malformed, exit 2.
        let number = try CLI.run(["call", "--chain", "op-mainnet", "optimism_withdrawalHash", withdrawal.replacingOccurrences(of: "\"21000\"", with: "21000")] + Self.manifests)
        #expect(number.status == 2, "\(number)")
        #expect(number.stderr.contains("params.gasLimit"), "\(number)")

        // A proof that does not hold: exit 1.
        let proof = #"{"withdrawal": \#(withdrawal), "outputRootProof": {"stateRoot": "0x\#(String(repeating: "00", count: 32))", "messagePasserStorageRoot": "0x\#(String(repeating: "11", count: 32))", "latestBlockhash": "0x\#(String(repeating: "22", count: 32))"}, "withdrawalProof": ["0xc0"]}"#
        let failed = try CLI.run(["call", "--chain", "op-mainnet", "optimism_verifyWithdrawalProof", proof] + Self.manifests)
        #expect(failed.status == 1, "\(failed)")
        #expect(failed.stderr.contains("verify_failed") || failed.stderr.contains("withdrawal proof"), "\(failed)")
    }
}

import FollowerTestSupport
import Foundation
import RollportAPI
import RollportHost
import RollportTestSupport
import RollportToolkit
import Testing

/// Every `rollport_*` method over stores filled by following replayed mainnet traffic through
/// the loopback node: the OP Mainnet span batch, the thirteen real deposits, and the portal's
/// events for two real OP Mainnet withdrawals.
@Suite(.serialized) struct APIReplayTests {
    static let opPortal = try! Address(hex: "0xbEb5Fc579115071764c7423A4f12eDde41f106Ed")
    static let batcherTx = "0xe69d94330faafb4f716f7ad9b3b50ea8ff5ce57aea6d2f8be07afb7fe49cd6cf"

    static func serve(_ segment: FollowerReplayTests.Segment) async throws -> ServedStore {
        let (dir, manifests) = try await FollowerReplayTests.followKept(segment)
        return try ServedStore.open(dir, manifests: manifests, removeOnClose: [dir, manifests])
    }

    static func word(_ a: Address) -> Hash32 { Hash32(bytes: [UInt8](repeating: 0, count: 12) + a.bytes)! }

    @Test func batchesByRangeAndByTheirL1Transaction() async throws {
        guard let dir = DevnetTesting.vectors() else { return }
        let served = try await Self.serve(try FollowerReplayTests.batchSegment(dir))
        defer { served.close() }

        let summaries = try #require(try await served.result("rollport_getBatches", #"["op-mainnet", 19426582, 19426591]"#).arrayValue)
        #expect(summaries.count == 1)
        let summary = try #require(summaries.first)
        #expect(summary["l1"]?["transactionHash"] == .string(Self.batcherTx) && summary["l1"]?["blockNumber"] == .number(19_426_591))
        #expect(summary["summary"]?["l2Blocks"]?["count"] == .number(27) && summary["summary"]?["l2Blocks"]?["transactions"] == .number(209))
        #expect(summary["summary"]?["validity"]?["label"] == .string("undecided"))
        #expect(summary["summary"]?["blocks"] == nil, "a summary lists no blocks")

        let full = try #require(try await served.result("rollport_getBatches",
            #"{"chain": "op-mainnet", "fromL1Block": "0x1286d16", "toL1Block": "19426591", "full": true}"#).arrayValue?.first)
        let blocks = full["details"]?["blocks"]?.arrayValue ?? []
        #expect(blocks.count == 27)
        #expect(summary["summary"]?["l2Blocks"]?["first"] == blocks.first?["number"] && summary["summary"]?["l2Blocks"]?["last"] == blocks.last?["number"])

        let byTx = try #require(try await served.result("rollport_getBatchByL1Tx", "[\"\(Self.batcherTx)\"]").arrayValue)
        #expect(byTx == [full])
        #expect(try await served.result("rollport_getBatchByL1Tx", "[\"\(Hash32.zero)\"]") == .array([]))
        #expect(try await served.result("rollport_getBatches", #"["op-mainnet", 19426582, 19426590]"#) == .array([]))
        #expect(try await served.result("rollport_getBatches", #"["base", 19426582, 19426591]"#) == .array([]))

        let status = try await served.result("rollport_syncStatus")
        #expect(status["cursor"]?["number"] == .number(19_426_591) && status["l1Head"] == .null && status["follower"] == .string("none"))
        #expect(status["chains"]?["op-mainnet"]?["lastBatch"] == summary)
        #expect(status["chains"]?["op-mainnet"]?["finishedL1Block"] == .number(19_426_591))
        #expect(status["chains"]?["base"]?["lastBatch"] == .null)

        let chains = try #require(try await served.result("rollport_chains").arrayValue)
        let op = try #require(chains.first { $0["name"] == .string("op-mainnet") })
        #expect(op["chainId"] == .number(10) && op["l1ChainId"] == .number(1) && op["counts"]?["l2Blocks"] == .number(27))
        #expect(op["methods"]?.arrayValue?.contains(.string("optimism_outputRoot")) == true)

        // The raw batcher transaction routed one-off: decoded by the adapter, stored nowhere.
        let replay = try L1NodeReplayTests.replay(dir)
        let routed = try await served.result("rollport_route", "[\"\(Hex.encode(replay.batcherRaw))\"]")
        #expect(routed["claimed"] == .bool(true) && routed["chain"] == .string("op-mainnet") && routed["kind"] == .string("batch"), "\(routed.compact)")
        #expect(routed["hash"] == .string(Self.batcherTx))
        #expect(served.store.counts["op-mainnet"] == ChainCounts(batches: 1, l2Blocks: 27, transactions: 209))
    }

    @Test func depositsByAnyOfTheirHashesAndWithdrawalsByTheirs() async throws {
        guard let dir = DevnetTesting.vectors() else { return }
        var (segment, expected) = try FollowerReplayTests.depositSegment(dir)
        let withdrawals = try DevnetTesting.json("withdrawals/withdrawals.json", in: dir)["op_mainnet_prove_params"]?.arrayValue ?? []
        #expect(withdrawals.count == 2)
        let hashes = try withdrawals.map { try Hash32(hex: try #require($0["expected_withdrawalHash"]?.stringValue)) }
        let proven = Keccak256.hash(Array("WithdrawalProven(bytes32,address,address)".utf8))
        let finalized = Keccak256.hash(Array("WithdrawalFinalized(bytes32,bool)".utf8))
        let proofs = try zip(withdrawals, hashes).enumerated().map { i, pair in
            L1Log(address: Self.opPortal,
                  topics: [proven, pair.1, Self.word(try Address(hex: try #require(pair.0["withdrawal"]?["sender"]?.stringValue))),
                           Self.word(try Address(hex: try #require(pair.0["withdrawal"]?["target"]?.stringValue)))],
                  data: [], transactionHash: Keccak256.hash("prove \(i)"), logIndex: UInt32(i))
        }
        try segment.append(18_480_931, timestamp: 1_698_825_023, logs: proofs)
        let relay = L1Log(address: Self.opPortal, topics: [finalized, hashes[0]], data: [UInt8](repeating: 0, count: 31) + [1],
                          transactionHash: Keccak256.hash("finalize 0"), logIndex: 0)
        try segment.append(18_480_932, timestamp: 1_698_825_035, logs: [relay])
        let served = try await Self.serve(segment)
        defer { served.close() }

        // Each deposit by its L2 hash, then by its source hash, positionally and by name.
        for entry in expected {
            let parts = entry.split(separator: " ").map(String.init)
            let (chain, logIndex, l2Hash) = (parts[0], parts[1], parts[2])
            let record = try await served.result("rollport_getDeposit", #"{"chain": "\#(chain)", "l2TxHash": "\#(l2Hash)"}"#)
            #expect(record["chain"] == .string(chain) && record["l1"]?["logIndex"]?.compact == logIndex, "\(entry): \(record.compact)")
            let source = try #require(record["details"]?["sourceHash"]?.stringValue)
            #expect(try await served.result("rollport_getDeposit", #"{"chain": "\#(chain)", "sourceHash": "\#(source)"}"#) == record)
            #expect(try await served.result("rollport_getDeposit", #"["\#(chain)", "\#(source)"]"#) == record)
            let other = chain == "base" ? "op-mainnet" : "base"
            #expect(try await served.result("rollport_getDeposit", #"["\#(other)", "\#(l2Hash)"]"#) == .null, "deposits are per chain")
        }
        // The L1 transaction made eight deposits at OP Mainnet's portal: which one is asked.
        let depositTx = try #require(served.store.header(18_480_930) != nil ? L1NodeReplayTests.replay(dir).chain.block(101)?.transactions.first?.hash : nil)
        let several = try await served.call("rollport_getDeposit", #"{"chain": "op-mainnet", "l1TxHash": "\#(depositTx)"}"#)
        #expect(several["error"]?["code"] == .number(-32602) && several["error"]?["data"]?["sourceHashes"]?.arrayValue?.count == 8, "\(several.compact)")
        #expect(try await served.result("rollport_getDeposit", #"{"chain": "op-mainnet", "l2TxHash": "\#(Hash32.zero)"}"#) == .null)

        let relayed = try await served.result("rollport_getWithdrawal", #"["op-mainnet", "\#(hashes[0])"]"#)
        #expect(relayed["withdrawalHash"] == .string(hashes[0].description) && relayed["status"] == .string("relayed"))
        #expect(relayed["events"]?.arrayValue?.map { $0["details"]?["event"] ?? .null } == [.string("WithdrawalProven"), .string("WithdrawalFinalized")])
        let waiting = try await served.result("rollport_getWithdrawal", #"{"chain": "op-mainnet", "withdrawalHash": "\#(hashes[1])"}"#)
        #expect(waiting["status"] == .string("proven") && waiting["events"]?.arrayValue?.count == 1)
        #expect(try await served.result("rollport_getWithdrawal", #"["base", "\#(hashes[0])"]"#) == .null)

        let status = try await served.result("rollport_syncStatus")
        #expect(status["cursor"]?["number"] == .number(18_480_932))
        #expect(status["chains"]?["base"]?["lastBatch"] == .null)
        #expect(try await served.result("rollport_getBatchByL1Tx", "[\"\(depositTx)\"]") == .array([]))

        // An adapter's own method through the API: the withdrawal's hash from its fields.
        let fields = try #require(withdrawals.first?["withdrawal"])
        let params = #"{"chain": "op-mainnet", "nonce": "\#(fields["nonce"]?.stringValue ?? "")", "sender": "\#(fields["sender"]?.stringValue ?? "")", "target": "\#(fields["target"]?.stringValue ?? "")", "value": "0", "gasLimit": "\#(fields["gasLimit"]?.compact ?? "")", "data": "\#(fields["data"]?.stringValue ?? "")"}"#
        #expect(try await served.result("optimism_withdrawalHash", params)["withdrawalHash"] == .string(hashes[0].description))
        let wrong = try await served.call("optimism_withdrawalHash", params.replacingOccurrences(of: #""value": "0""#, with: #""value": 0"#))
        #expect(wrong["error"]?["code"] == .number(-32602) && wrong["error"]?["data"]?["status"] == .string("invalid_argument"), "\(wrong.compact)")
    }
}

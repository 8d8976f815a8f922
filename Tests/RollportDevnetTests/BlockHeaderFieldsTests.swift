import RollportHost
import RollportTestSupport
import RollportToolkit
import Testing

@Suite struct BlockHeaderFieldsTests {
    /// A real mainnet header (block 14474377, London): its fields hash to its hash, and a block
    /// object carrying them keeps them; one changed field and they are dropped, not trusted.
    @Test func aRealMainnetHeaderHashesToItsHash() throws {
        guard let dir = DevnetTesting.vectors() else { return }
        let vector = try DevnetTesting.json("withdrawals/output_root_and_account_proof.json", in: dir)
        let header = try #require(vector["header"])
        let expected = try Hash32(hex: try #require(vector["expected"]?["header_hash"]?.stringValue))
        let fields = try #require(try BlockHeader.ifComplete(header))
        #expect(fields.hash == expected)
        #expect(fields.number == 14_474_377)
        #expect(fields.withdrawalsRoot == nil)

        guard case .object(var members) = header else { Issue.record("the header is not an object"); return }
        members.append(("hash", .string(expected.description)))
        let (read, _) = try L1RPCShapes.block(.object(members), path: "result")
        #expect(read.fields == fields)
        // Rendered back, the same members hash the same.
        #expect(try BlockHeader.ifComplete(.object(fields.jsonMembers))?.hash == expected)

        if let i = members.firstIndex(where: { $0.0 == "gasUsed" }) { members[i].1 = .string("0x1") }
        let (tampered, _) = try L1RPCShapes.block(.object(members), path: "result")
        #expect(tampered.hash == expected)
        #expect(tampered.fields == nil)
    }

    /// A real Ethereum mainnet receipt (an Arbitrum withdrawal's execution on L1, two logs):
    /// the bloom of its logs is the bloom the node gave.
    @Test func theBloomOfARealReceiptsLogs() throws {
        guard let root = TestPaths.vectors else { return }
        let capture = try DevnetTesting.json("arbitrum/sdk-tracing-withdraw.json", in: root)
        let json = try #require(capture["parentExecutionReceipt"])
        let (receipt, _, _) = try L1RPCShapes.receipt(json, path: "parentExecutionReceipt")
        #expect(receipt.logs.count == 2)
        let expected = try Hex.decode(try #require(json["logsBloom"]?.stringValue))
        #expect(LogsBloom(receipt.logs).bytes == expected)
        #expect(expected.contains { $0 != 0 })
    }
}

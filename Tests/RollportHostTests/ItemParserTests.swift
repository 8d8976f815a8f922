import RollportHost
import RollportToolkit
import Testing

@Suite struct ItemParserTests {
    @Test func transactionInRPCShape() throws {
        let item = try L1ItemParser.parse("""
        {"hash": "0x\(String(repeating: "11", count: 32))", "type": "0x2", "from": "0x00000000000000000000000000000000000000aa",
         "to": "0x000000000000000000000000000000000000e1a0", "nonce": "0x10", "chainId": "0x1", "value": "0xde0b6b3a7640000",
         "input": "0xe001", "blockNumber": "0x64", "blockHash": "0x\(String(repeating: "22", count: 32))", "transactionIndex": "0x3",
         "receipt": {"status": "0x1", "logs": [{"address": "0x000000000000000000000000000000000000e1a1", "topics": [], "data": "0x", "logIndex": "0x0"}]},
         "blobs": [{"blob": "0x\(String(repeating: "00", count: 131_072))", "kzg_commitment": "0x\(String(repeating: "c0", count: 48))"}]}
        """)
        guard case .transaction(let t) = item else { Issue.record("expected a transaction"); return }
        #expect(t.transaction.type == 2 && t.transaction.nonce == 16 && t.transaction.chainID == 1)
        #expect(t.transaction.input == [0xe0, 0x01])
        #expect(t.transaction.value.suffix(8) == [0x0d, 0xe0, 0xb6, 0xb3, 0xa7, 0x64, 0x00, 0x00])
        #expect(t.block?.number == 100 && t.transaction.index == 3)
        #expect(t.receiptStatus == 1 && t.receiptLogs.count == 1)
        #expect(t.blobs.count == 1 && t.blobs[0].kzgCommitment.count == 48 && t.blobs[0].kzgProof.isEmpty)
    }

    @Test func logShape() throws {
        let item = try L1ItemParser.parse("""
        {"address": "0x000000000000000000000000000000000000e1a1", "topics": ["0x\(String(repeating: "ab", count: 32))"],
         "data": "0x0102", "blockNumber": 5, "logIndex": "0x7", "transactionHash": "0x\(String(repeating: "cd", count: 32))"}
        """)
        guard case .log(let l) = item else { Issue.record("expected a log"); return }
        #expect(l.log.topics.count == 1 && l.log.data == [1, 2] && l.log.logIndex == 7 && l.block?.number == 5)
    }

    @Test func rawSignedTransaction() throws {
        // A legacy EIP-155 transaction (chain 1) built field by field.
        let fields: [RLP] = [.bytes([9]), .bytes([0x04, 0xa8, 0x17, 0xc8, 0x00]), .bytes([0x52, 0x08]),
                             .bytes([UInt8](repeating: 0x35, count: 20)), .bytes([0x0d, 0xe0]), .bytes([]),
                             .bytes([37]), .bytes([UInt8](repeating: 1, count: 32)), .bytes([UInt8](repeating: 2, count: 32))]
        let raw = RLP.list(fields).encoded()
        guard case .transaction(let t) = try L1ItemParser.parse(Hex.encode(raw)) else { Issue.record("expected a transaction"); return }
        #expect(t.transaction.type == 0 && t.transaction.chainID == 1 && t.transaction.nonce == 9)
        // The made-up signature still recovers some key, so the sender is filled in, with the hash.
        #expect(t.transaction.raw == raw && t.transaction.from != nil && t.transaction.hash == Keccak256.hash(raw))
        // The same bytes in binary, as a file holds them, and as hex text in a file.
        #expect(try L1ItemParser.parse(contents: raw) == L1ItemParser.parse(Hex.encode(raw)))
        #expect(try L1ItemParser.parse(contents: Array((Hex.encode(raw) + "\n").utf8)) == L1ItemParser.parse(Hex.encode(raw)))
        #expect(throws: L1ItemParser.ItemError.self) { try L1ItemParser.parse(contents: [0x02, 0xc0]) }
    }

    @Test func emptyItemIsNamed() {
        for contents in [[], Array(" \n".utf8)] as [[UInt8]] {
            do {
                _ = try L1ItemParser.parse(contents: contents)
                Issue.record("empty item parsed")
            } catch {
                #expect(error.description.contains("the item is empty"))
            }
        }
    }

    @Test func errorsNameTheField() {
        let cases: [(String, String)] = [
            ("{\"to\": \"0x12\"}", "item.to"),
            ("{\"to\": \"0x000000000000000000000000000000000000e1a0\", \"input\": \"0xz\"}", "item.input"),
            ("{\"address\": \"0x000000000000000000000000000000000000e1a1\", \"topics\": [\"0x01\"]}", "item.topics[0]"),
            ("{\"to\": \"0x000000000000000000000000000000000000e1a0\", \"nonce\": \"0x1ffffffffffffffff\"}", "item.nonce"),
            ("{\"to\": \"0x000000000000000000000000000000000000e1a0\", \"receipt\": {\"logs\": [{\"topics\": []}]}}", "item.receipt.logs[0].address"),
            ("{\"to\": \"0x000000000000000000000000000000000000e1a0\", \"blobs\": [{\"kzg_commitment\": \"0x00\"}]}", "item.blobs[0].blob"),
            ("{\"to\": ", "byte 6"),
            ("[1, 2]", "expected a JSON object"),
            ("{\"nothing\": 1}", "neither a transaction"),
            ("0x05ff", "byte 0 is 0x05"),
            ("0xc3010203", "9 (nonce"),
        ]
        for (text, expected) in cases {
            do {
                _ = try L1ItemParser.parse(text)
                Issue.record("\(text) parsed")
            } catch {
                #expect(error.description.contains(expected), "\(text): \(error.description)")
            }
        }
    }

    @Test func jsonRoundTripsAndLimits() throws {
        let text = #"{"a":[1,-2.5e3,true,false,null,"x\"y\u00e9\ud83d\ude00"],"b":{}}"#
        let value = try JSONValue.parse(text)
        #expect(try JSONValue.parse(value.compact) == value)
        #expect(value["a"]?.arrayValue?.count == 6)
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(deep) }
        for bad in ["", "{", "[1,]", "01", "\"\\x\"", "tru", "{\"a\" 1}", "1 2"] {
            #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(bad) }
        }
    }
}

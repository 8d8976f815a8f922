import Testing
import RollportToolkit

@Suite("JSON-RPC shapes")
struct RPCShapeTests {
    func json(_ text: String) throws -> JSONValue { try JSONValue.parse(text) }

    @Test("quantities: 0x hex, padded hex, JSON numbers and decimal strings; data: 0x and whole bytes")
    func valueConventions() throws {
        #expect(try RPCValue.quantity(.string("0x0"), field: "q") == 0)
        #expect(try RPCValue.quantity(.string("0x1a"), field: "q") == 26)
        #expect(try RPCValue.quantity(.string("0x001a"), field: "q") == 26)
        #expect(try RPCValue.quantity(.number("26"), field: "q") == 26)
        #expect(try RPCValue.quantity(.string("26"), field: "q") == 26)
        #expect(try RPCValue.quantity256(.string("0xde0b6b3a7640000"), field: "q").description == "1000000000000000000")
        for bad in ["0x", "-1", "1.5", "0xg1", ""] {
            #expect(throws: RPCShapeError.self, "\(bad)") { try RPCValue.quantity(.string(bad), field: "q") }
        }
        #expect(throws: RPCShapeError(field: "q", message: "0x10000000000000000 does not fit in 64 bits")) {
            try RPCValue.quantity(.string("0x10000000000000000"), field: "q")
        }
        #expect(try RPCValue.data(.string("0x"), field: "d") == [])
        #expect(try RPCValue.data(.string("0x00ff"), field: "d") == [0, 255])
        #expect(throws: RPCShapeError.self) { try RPCValue.data(.string("0x0"), field: "d") }
        #expect(throws: RPCShapeError.self) { try RPCValue.data(.string("00ff"), field: "d") }
        #expect(throws: RPCShapeError.self) { try RPCValue.address(.string("0x00ff"), field: "a") }
        #expect(throws: RPCShapeError.self) { try RPCValue.hash(.number("1"), field: "h") }
    }

    @Test("a receipt with logs, errors naming the nested field")
    func receipt() throws {
        let receipt = try RPCReceipt(json("""
        {"transactionHash": "0x\(String(repeating: "ab", count: 32))", "blockNumber": "0x10", "status": "0x1", "type": "0x3",
         "gasUsed": "0x5208", "effectiveGasPrice": "0x3b9aca00", "blobGasUsed": "0x20000",
         "logs": [{"address": "0x\(String(repeating: "11", count: 20))", "topics": ["0x\(String(repeating: "22", count: 32))"],
                   "data": "0x01", "logIndex": "0x0", "removed": false}]}
        """))
        #expect(receipt.status == 1 && receipt.type == 3 && receipt.blockNumber == 16 && receipt.gasUsed == 21_000)
        #expect(receipt.effectiveGasPrice == UInt256(1_000_000_000) && receipt.blobGasUsed == 131_072)
        #expect(receipt.logs.count == 1 && receipt.logs[0].data == [1] && receipt.logs[0].logIndex == 0)

        let short = try json(#"{"status": "0x1", "logs": [{"address": "0x00", "topics": []}]}"#)
        #expect(throws: RPCShapeError(field: "receipt.logs[0].address", message: "1 bytes; an address has 20")) {
            try RPCReceipt(short, path: "receipt")
        }
        #expect(throws: RPCShapeError(field: "status", message: "2 is not 0 (failure) or 1 (success)")) {
            try RPCReceipt(json(#"{"status": "0x2"}"#))
        }
    }

    @Test("a block with hashes or with full transactions; a transaction in ethers' shape")
    func block() throws {
        let hash = "\"0x\(String(repeating: "cd", count: 32))\""
        let header = "\"number\": \"0x1234\", \"hash\": \(hash), \"parentHash\": \(hash), \"timestamp\": \"0x65000000\", \"baseFeePerGas\": \"0x7\", \"excessBlobGas\": \"0x0\""
        let withHashes = try RPCBlock(json("{\(header), \"transactions\": [\(hash), \(hash)]}"))
        #expect(withHashes.number == 0x1234 && withHashes.baseFeePerGas == UInt256(7) && withHashes.excessBlobGas == 0)
        #expect(withHashes.transactions == .hashes([try Hash32(hex: String(repeating: "cd", count: 32))] + [try Hash32(hex: String(repeating: "cd", count: 32))]))

        let withFull = try RPCBlock(json("""
        {\(header), "transactions": [{"type": "0x2", "to": null, "nonce": "0x1", "value": "0x0", "input": "0x6000", "gas": "0x5208",
          "maxFeePerGas": "0x2", "maxPriorityFeePerGas": "0x1"},
          {"type": 3, "to": "0x\(String(repeating: "ee", count: 20))", "data": "0x", "gasLimit": 21000,
           "blobVersionedHashes": [\(hash)], "maxFeePerBlobGas": "0x1"}]}
        """))
        guard case .full(let txs) = withFull.transactions else { Issue.record("expected full transactions"); return }
        #expect(txs[0].to == nil && txs[0].input == [0x60, 0x00] && txs[0].maxFeePerGas == UInt256(2) && txs[0].gas == 21_000)
        #expect(txs[1].type == 3 && txs[1].gas == 21_000 && txs[1].blobVersionedHashes.count == 1)

        #expect(throws: RPCShapeError(field: "hash", message: "missing; expected a 32-byte 0x hash")) {
            try RPCBlock(json(#"{"number": "0x1", "parentHash": \#(hash), "timestamp": "0x1"}"#))
        }
        #expect(throws: RPCShapeError(field: "transactions[0].type", message: "128 is not an EIP-2718 type (0x00-0x7f)")) {
            try RPCBlock(json("{\(header), \"transactions\": [{\"type\": \"0x80\"}]}"))
        }
    }

    @Test("a beacon blob sidecar: sizes checked, index as the beacon API writes it (decimal string)")
    func sidecar() throws {
        let blob = "\"0x\(String(repeating: "00", count: 131_072))\""
        let commitment = "\"0x\(String(repeating: "c0", count: 48))\""
        let sidecar = try RPCBlobSidecar(json("{\"index\": \"2\", \"blob\": \(blob), \"kzg_commitment\": \(commitment)}"))
        #expect(sidecar.index == 2 && sidecar.kzgCommitment.count == 48 && sidecar.kzgProof == nil)
        #expect(throws: RPCShapeError(field: "kzg_commitment", message: "1 bytes; expected 48")) {
            try RPCBlobSidecar(json("{\"blob\": \(blob), \"kzg_commitment\": \"0x00\"}"))
        }
    }
}

import Foundation
import RollportToolkit

/// Reads an L1 item from JSON in the shapes of the JSON-RPC answers (`eth_getTransactionByHash`
/// with optional `"receipt"` as `eth_getTransactionReceipt` and `"blobs"` as beacon sidecars, or
/// a log as in `eth_getLogs`), or from a raw signed transaction in hex.
public enum L1ItemParser {
    public struct ItemError: Error, CustomStringConvertible, Sendable {
        public var field: String?
        public var message: String
        public var description: String { field.map { "item.\($0): \(message)" } ?? "item: \(message)" }
    }

    /// The contents of a file or standard input: text as above, or a raw signed transaction as
    /// binary (its first byte is a transaction type, 0x01-0x04, or an RLP list, 0xc0 and above;
    /// no text starts that way).
    public static func parse(contents bytes: [UInt8]) throws(ItemError) -> L1Item {
        if let first = bytes.first, (0x01...0x04).contains(first) || first >= 0xc0 {
            return .transaction(L1Item.TransactionItem(transaction: try decodeSigned(bytes, field: nil)))
        }
        return try parse(String(decoding: bytes, as: UTF8.self))
    }

    public static func parse(_ text: String) throws(ItemError) -> L1Item {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw ItemError(field: nil, message: "the item is empty; give a JSON transaction or log, or a raw signed transaction")
        }
        if trimmed.hasPrefix("0x") || trimmed.hasPrefix("0X") || (!trimmed.isEmpty && trimmed.allSatisfy(\.isHexDigit)) {
            return try rawTransaction(trimmed)
        }
        let json: JSONValue
        do { json = try JSONValue.parse(trimmed) } catch {
            throw ItemError(field: nil, message: "\(error); expected a JSON transaction or log object, or a raw signed transaction in hex")
        }
        return try parse(json)
    }

    public static func parse(_ json: JSONValue) throws(ItemError) -> L1Item {
        guard json.isObject else { throw ItemError(field: nil, message: "expected a JSON object (a transaction or a log)") }
        if json["topics"] != nil { return .log(try logItem(json)) }
        if json["input"] != nil || json["data"] != nil || json["to"] != nil || json["raw"] != nil {
            return .transaction(try transaction(json))
        }
        throw ItemError(field: nil, message: "neither a transaction (no `to`/`input`/`raw`) nor a log (no `topics`)")
    }

    public static func rawTransaction(_ hex: String) throws(ItemError) -> L1Item {
        let bytes: [UInt8]
        do { bytes = try Hex.decode(hex) } catch { throw ItemError(field: nil, message: "raw transaction: \(error)") }
        return .transaction(L1Item.TransactionItem(transaction: try decodeSigned(bytes, field: nil)))
    }

    /// Decodes a raw signed transaction and recovers its sender. A signature that recovers no
    /// sender makes the transaction invalid, so it is an error naming the signature field.
    static func decodeSigned(_ bytes: [UInt8], field: String?) throws(ItemError) -> L1Transaction {
        let tx: SignedTransaction
        do { tx = try SignedTransaction(encoded: bytes) } catch {
            throw ItemError(field: field, message: error.description)
        }
        let from: Address
        do { from = try tx.recoverSender() } catch {
            throw ItemError(field: field.map { "\($0).\(error.field)" } ?? error.field, message: error.description)
        }
        let canonical = tx.canonicalEncoding
        return L1Transaction(type: tx.type, hash: Keccak256.hash(canonical), from: from, to: tx.to, nonce: tx.nonce,
                             chainID: tx.chainID, value: tx.value.bigEndianBytes, input: tx.input, raw: canonical,
                             blobVersionedHashes: tx.blobVersionedHashes)
    }

    // MARK: pieces

    /// Shape errors from the toolkit's JSON-RPC readers, under the item's name.
    static func reading<T>(_ body: () throws(RPCShapeError) -> T) throws(ItemError) -> T {
        do { return try body() } catch { throw ItemError(field: error.field, message: error.message) }
    }

    static func transaction(_ json: JSONValue) throws(ItemError) -> L1Item.TransactionItem {
        let rpc = try reading { () throws(RPCShapeError) in try RPCTransaction(json) }
        var tx: L1Transaction
        if let raw = rpc.raw {
            tx = try decodeSigned(raw, field: "raw")
            if let hash = rpc.hash { tx.hash = hash }
            if let from = rpc.from { tx.from = from }
        } else {
            tx = L1Transaction(
                type: rpc.type, hash: rpc.hash, from: rpc.from, to: rpc.to, nonce: rpc.nonce, chainID: rpc.chainID,
                value: rpc.value.bigEndianBytes, input: rpc.input, blobVersionedHashes: rpc.blobVersionedHashes)
        }
        if let index = rpc.transactionIndex {
            guard index <= UInt64(UInt32.max) else { throw ItemError(field: "transactionIndex", message: "\(index) is too large") }
            tx.index = UInt32(index)
        }
        var item = L1Item.TransactionItem(transaction: tx, block: rpc.blockNumber.map {
            L1BlockReference(number: $0, hash: rpc.blockHash, timestamp: rpc.blockTimestamp)
        })
        let object = try reading { () throws(RPCShapeError) in try RPCObject(json) }
        if let receiptJSON = object.value("receipt") {
            let receipt = try reading { () throws(RPCShapeError) in try RPCReceipt(receiptJSON, path: "receipt") }
            item.receiptStatus = receipt.status
            for (i, log) in receipt.logs.enumerated() { item.receiptLogs.append(try l1Log(log, field: "receipt.logs[\(i)]")) }
            if item.block == nil, let number = receipt.blockNumber {
                item.block = L1BlockReference(number: number, hash: receipt.blockHash)
            }
        }
        if let blobs = object.value("blobs") {
            guard let array = blobs.arrayValue else { throw ItemError(field: "blobs", message: "expected an array of beacon blob sidecars") }
            for (i, b) in array.enumerated() {
                let sidecar = try reading { () throws(RPCShapeError) in try RPCBlobSidecar(b, path: "blobs[\(i)]") }
                item.blobs.append(BlobSidecar(blob: sidecar.blob, kzgCommitment: sidecar.kzgCommitment, kzgProof: sidecar.kzgProof ?? []))
            }
        }
        return item
    }

    static func logItem(_ json: JSONValue) throws(ItemError) -> L1Item.LogItem {
        let rpc = try reading { () throws(RPCShapeError) in try RPCLog(json) }
        return L1Item.LogItem(log: try l1Log(rpc, field: nil), block: rpc.blockNumber.map {
            L1BlockReference(number: $0, hash: rpc.blockHash, timestamp: rpc.blockTimestamp)
        })
    }

    static func l1Log(_ rpc: RPCLog, field: String?) throws(ItemError) -> L1Log {
        var logIndex: UInt32?
        if let n = rpc.logIndex {
            guard n <= UInt64(UInt32.max) else { throw ItemError(field: field.map { "\($0).logIndex" } ?? "logIndex", message: "\(n) is too large") }
            logIndex = UInt32(n)
        }
        return L1Log(address: rpc.address, topics: rpc.topics, data: rpc.data, transactionHash: rpc.transactionHash, logIndex: logIndex)
    }
}

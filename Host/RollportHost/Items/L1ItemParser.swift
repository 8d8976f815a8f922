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
        if json["topics"] != nil { return .log(L1Item.LogItem(log: try log(json, at: nil), block: try block(json))) }
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

    static func transaction(_ json: JSONValue) throws(ItemError) -> L1Item.TransactionItem {
        var tx: L1Transaction
        if let rawText = try optionalString(json, "raw") {
            tx = try decodeSigned(try data(rawText, "raw"), field: "raw")
            if let hash = try optionalHash(json, "hash") { tx.hash = hash }
            if let from = try optionalAddress(json, "from") { tx.from = from }
        } else {
            var inputText = try optionalString(json, "input")
            if inputText == nil { inputText = try optionalString(json, "data") }
            var to: Address?
            if let t = json["to"], t != .null { to = try address(t, "to") }
            tx = L1Transaction(
                type: UInt8(clamping: try optionalQuantity(json, "type") ?? 0),
                hash: try optionalHash(json, "hash"),
                from: try optionalAddress(json, "from"),
                to: to,
                nonce: try optionalQuantity(json, "nonce") ?? 0,
                chainID: try optionalQuantity(json, "chainId"),
                value: try optionalU256(json, "value") ?? [UInt8](repeating: 0, count: 32),
                input: try data(inputText ?? "0x", json["input"] != nil ? "input" : "data"),
                blobVersionedHashes: try hashList(json["blobVersionedHashes"], "blobVersionedHashes"))
        }
        if let index = try optionalQuantity(json, "transactionIndex") {
            guard index <= UInt64(UInt32.max) else { throw ItemError(field: "transactionIndex", message: "too large") }
            tx.index = UInt32(index)
        }
        var item = L1Item.TransactionItem(transaction: tx, block: try block(json))
        if let receipt = json["receipt"], receipt != .null {
            guard receipt.isObject else { throw ItemError(field: "receipt", message: "expected an eth_getTransactionReceipt object") }
            if let status = receipt["status"] {
                let s = try quantity(status, "receipt.status")
                guard s <= 1 else { throw ItemError(field: "receipt.status", message: "\(s) is not 0 or 1") }
                item.receiptStatus = UInt8(s)
            }
            if let logs = receipt["logs"] {
                guard let array = logs.arrayValue else { throw ItemError(field: "receipt.logs", message: "expected an array") }
                for (i, l) in array.enumerated() { item.receiptLogs.append(try log(l, at: "receipt.logs[\(i)]")) }
            }
            if item.block == nil { item.block = try block(receipt) }
        }
        if let blobs = json["blobs"], blobs != .null {
            guard let array = blobs.arrayValue else { throw ItemError(field: "blobs", message: "expected an array of beacon blob sidecars") }
            for (i, b) in array.enumerated() { item.blobs.append(try sidecar(b, at: "blobs[\(i)]")) }
        }
        return item
    }

    static func log(_ json: JSONValue, at path: String?) throws(ItemError) -> L1Log {
        func f(_ name: String) -> String { path.map { "\($0).\(name)" } ?? name }
        guard json.isObject else { throw ItemError(field: path, message: "expected a log object") }
        guard let addressValue = json["address"] else { throw ItemError(field: f("address"), message: "missing; a log names the contract that emitted it") }
        let topics = try hashList(json["topics"], f("topics"))
        guard topics.count <= 4 else { throw ItemError(field: f("topics"), message: "\(topics.count) topics; a log has at most 4") }
        var logIndex: UInt32?
        if let v = json["logIndex"], v != .null {
            let n = try quantity(v, f("logIndex"))
            guard n <= UInt64(UInt32.max) else { throw ItemError(field: f("logIndex"), message: "too large") }
            logIndex = UInt32(n)
        }
        return L1Log(
            address: try address(addressValue, f("address")), topics: topics,
            data: try data(try optionalString(json, "data", path: path) ?? "0x", f("data")),
            transactionHash: try optionalHash(json, "transactionHash", path: path), logIndex: logIndex)
    }

    static func sidecar(_ json: JSONValue, at path: String) throws(ItemError) -> BlobSidecar {
        guard json.isObject else { throw ItemError(field: path, message: "expected {\"blob\", \"kzg_commitment\", \"kzg_proof\"}") }
        func bytes(_ key: String, _ size: Int) throws(ItemError) -> [UInt8] {
            guard let text = try optionalString(json, key, path: path) else { return [] }
            let b = try data(text, "\(path).\(key)")
            guard b.count == size else { throw ItemError(field: "\(path).\(key)", message: "\(b.count) bytes; expected \(size)") }
            return b
        }
        return BlobSidecar(blob: try bytes("blob", 131_072), kzgCommitment: try bytes("kzg_commitment", 48), kzgProof: try bytes("kzg_proof", 48))
    }

    static func block(_ json: JSONValue) throws(ItemError) -> L1BlockReference? {
        guard let n = json["blockNumber"], n != .null else { return nil }
        return L1BlockReference(
            number: try quantity(n, "blockNumber"), hash: try optionalHash(json, "blockHash"),
            parentHash: try optionalHash(json, "parentHash"), timestamp: try optionalQuantity(json, "blockTimestamp"))
    }

    // MARK: values

    static func optionalString(_ json: JSONValue, _ key: String, path: String? = nil) throws(ItemError) -> String? {
        guard let v = json[key], v != .null else { return nil }
        guard let s = v.stringValue else { throw ItemError(field: path.map { "\($0).\(key)" } ?? key, message: "expected a 0x string") }
        return s
    }

    static func data(_ text: String, _ field: String) throws(ItemError) -> [UInt8] {
        do { return try Hex.decode(text) } catch { throw ItemError(field: field, message: error.description) }
    }

    static func address(_ v: JSONValue, _ field: String) throws(ItemError) -> Address {
        guard let s = v.stringValue else { throw ItemError(field: field, message: "expected an address as a 0x string") }
        do { return try Address(hex: s) } catch { throw ItemError(field: field, message: error.description) }
    }

    static func optionalAddress(_ json: JSONValue, _ key: String) throws(ItemError) -> Address? {
        guard let v = json[key], v != .null else { return nil }
        return try address(v, key)
    }

    static func optionalHash(_ json: JSONValue, _ key: String, path: String? = nil) throws(ItemError) -> Hash32? {
        guard let v = json[key], v != .null else { return nil }
        let field = path.map { "\($0).\(key)" } ?? key
        guard let s = v.stringValue else { throw ItemError(field: field, message: "expected a 32-byte 0x string") }
        do { return try Hash32(hex: s) } catch { throw ItemError(field: field, message: error.description) }
    }

    static func hashList(_ v: JSONValue?, _ field: String) throws(ItemError) -> [Hash32] {
        guard let v, v != .null else { return [] }
        guard let array = v.arrayValue else { throw ItemError(field: field, message: "expected an array of 32-byte 0x strings") }
        var out = [Hash32]()
        for (i, item) in array.enumerated() {
            guard let s = item.stringValue else { throw ItemError(field: "\(field)[\(i)]", message: "expected a 32-byte 0x string") }
            do { out.append(try Hash32(hex: s)) } catch { throw ItemError(field: "\(field)[\(i)]", message: error.description) }
        }
        return out
    }

    /// A JSON-RPC quantity ("0x1a"), or a plain JSON number as some captures write them.
    static func quantity(_ v: JSONValue, _ field: String) throws(ItemError) -> UInt64 {
        switch v {
        case .number(let text):
            guard let n = UInt64(text) else { throw ItemError(field: field, message: "\(text) is not a non-negative integer that fits 64 bits") }
            return n
        case .string(let s):
            guard s.hasPrefix("0x") || s.hasPrefix("0X") else {
                guard let n = UInt64(s) else { throw ItemError(field: field, message: "`\(s)` is not a 0x quantity") }
                return n
            }
            let digits = s.dropFirst(2)
            guard !digits.isEmpty, digits.count <= 16, let n = UInt64(digits, radix: 16) else {
                throw ItemError(field: field, message: "`\(s)` is not a 0x quantity that fits 64 bits")
            }
            return n
        default:
            throw ItemError(field: field, message: "expected a 0x quantity")
        }
    }

    static func optionalQuantity(_ json: JSONValue, _ key: String) throws(ItemError) -> UInt64? {
        guard let v = json[key], v != .null else { return nil }
        return try quantity(v, key)
    }

    static func optionalU256(_ json: JSONValue, _ key: String) throws(ItemError) -> [UInt8]? {
        guard let v = json[key], v != .null else { return nil }
        guard let s = v.stringValue, s.hasPrefix("0x") else { throw ItemError(field: key, message: "expected a 0x quantity") }
        var digits = String(s.dropFirst(2))
        guard !digits.isEmpty, digits.count <= 64, digits.allSatisfy(\.isHexDigit) else {
            throw ItemError(field: key, message: "`\(s)` is not a 0x quantity of at most 256 bits")
        }
        if digits.count % 2 == 1 { digits = "0" + digits }
        let bytes = (try? Hex.decode(digits)) ?? []
        return [UInt8](repeating: 0, count: 32 - bytes.count) + bytes
    }
}

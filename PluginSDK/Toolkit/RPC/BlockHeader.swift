/// An execution block header with every field its hash covers, read from a block as
/// `eth_getBlockByNumber` returns it. The hash is keccak256 of the RLP list of the fields in
/// protocol order; fields added by later forks are present from their fork on, and a field can
/// only be present if every earlier optional one is.
public struct BlockHeader: Sendable, Equatable {
    public var parentHash: Hash32
    public var sha3Uncles: Hash32
    public var miner: Address
    public var stateRoot: Hash32
    public var transactionsRoot: Hash32
    public var receiptsRoot: Hash32
    public var logsBloom: [UInt8]
    public var difficulty: UInt256
    public var number: UInt64
    public var gasLimit: UInt64
    public var gasUsed: UInt64
    public var timestamp: UInt64
    public var extraData: [UInt8]
    public var mixHash: Hash32
    public var nonce: [UInt8]
    /// London.
    public var baseFeePerGas: UInt256?
    /// Shanghai (on OP Stack chains since Isthmus: the message passer's storage root).
    public var withdrawalsRoot: Hash32?
    /// Cancun.
    public var blobGasUsed: UInt64?
    public var excessBlobGas: UInt64?
    public var parentBeaconBlockRoot: Hash32?
    /// Prague.
    public var requestsHash: Hash32?

    /// Reads the header fields of a JSON-RPC block. When the block carries `hash`, it must be
    /// the hash of the fields read.
    public init(_ json: JSONValue, path: String = "") throws(RPCShapeError) {
        let o = try RPCObject(json, path: path)
        parentHash = try o.hash("parentHash")
        sha3Uncles = try o.hash("sha3Uncles")
        miner = try o.address("miner")
        stateRoot = try o.hash("stateRoot")
        transactionsRoot = try o.hash("transactionsRoot")
        receiptsRoot = try o.hash("receiptsRoot")
        logsBloom = try o.data("logsBloom", count: 256)
        difficulty = try o.quantity256("difficulty")
        number = try o.quantity("number")
        gasLimit = try o.quantity("gasLimit")
        gasUsed = try o.quantity("gasUsed")
        timestamp = try o.quantity("timestamp")
        extraData = try o.data("extraData")
        mixHash = try o.hash("mixHash")
        nonce = try o.data("nonce", count: 8)
        baseFeePerGas = try o.optionalQuantity256("baseFeePerGas")
        withdrawalsRoot = try o.optionalHash("withdrawalsRoot")
        blobGasUsed = try o.optionalQuantity("blobGasUsed")
        excessBlobGas = try o.optionalQuantity("excessBlobGas")
        parentBeaconBlockRoot = try o.optionalHash("parentBeaconBlockRoot")
        requestsHash = try o.optionalHash("requestsHash")
        let optional: [(String, Bool)] = [
            ("baseFeePerGas", baseFeePerGas != nil), ("withdrawalsRoot", withdrawalsRoot != nil), ("blobGasUsed", blobGasUsed != nil),
            ("excessBlobGas", excessBlobGas != nil), ("parentBeaconBlockRoot", parentBeaconBlockRoot != nil), ("requestsHash", requestsHash != nil),
        ]
        if let gap = optional.firstIndex(where: { !$0.1 }), let later = optional[gap...].first(where: { $0.1 }) {
            throw RPCShapeError(field: o.field(later.0), message: "is present but \(optional[gap].0) is not; a header has a later fork's field only with every earlier one")
        }
        if let claimed = try o.optionalHash("hash"), claimed != hash {
            throw RPCShapeError(field: o.field("hash"), message: "is \(claimed) but the header's fields hash to \(hash)")
        }
    }

    public var encoded: [UInt8] {
        var fields: [RLP] = [
            .bytes(parentHash.bytes), .bytes(sha3Uncles.bytes), .bytes(miner.bytes), .bytes(stateRoot.bytes),
            .bytes(transactionsRoot.bytes), .bytes(receiptsRoot.bytes), .bytes(logsBloom), RLP(difficulty),
            RLP(number), RLP(gasLimit), RLP(gasUsed), RLP(timestamp), .bytes(extraData), .bytes(mixHash.bytes), .bytes(nonce),
        ]
        if let baseFeePerGas { fields.append(RLP(baseFeePerGas)) }
        if let withdrawalsRoot { fields.append(.bytes(withdrawalsRoot.bytes)) }
        if let blobGasUsed { fields.append(RLP(blobGasUsed)) }
        if let excessBlobGas { fields.append(RLP(excessBlobGas)) }
        if let parentBeaconBlockRoot { fields.append(.bytes(parentBeaconBlockRoot.bytes)) }
        if let requestsHash { fields.append(.bytes(requestsHash.bytes)) }
        return RLP.list(fields).encoded()
    }

    public var hash: Hash32 { Keccak256.hash(encoded) }
}

/// An execution block header with every field its hash covers, read from a block as
/// `eth_getBlockByNumber` returns it. The hash is keccak256 of the RLP list of the fields in
/// protocol order; fields added by later forks are present from their fork on, and a field can
/// only be present if every earlier optional one is.
public struct BlockHeader: Sendable, Hashable {
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

    public init(parentHash: Hash32, sha3Uncles: Hash32 = BlockHeader.emptyUnclesHash, miner: Address = .zero,
                stateRoot: Hash32, transactionsRoot: Hash32, receiptsRoot: Hash32, logsBloom: [UInt8],
                difficulty: UInt256 = .zero, number: UInt64, gasLimit: UInt64, gasUsed: UInt64, timestamp: UInt64,
                extraData: [UInt8] = [], mixHash: Hash32, nonce: [UInt8] = [UInt8](repeating: 0, count: 8),
                baseFeePerGas: UInt256? = nil, withdrawalsRoot: Hash32? = nil, blobGasUsed: UInt64? = nil,
                excessBlobGas: UInt64? = nil, parentBeaconBlockRoot: Hash32? = nil, requestsHash: Hash32? = nil) {
        self.parentHash = parentHash; self.sha3Uncles = sha3Uncles; self.miner = miner
        self.stateRoot = stateRoot; self.transactionsRoot = transactionsRoot; self.receiptsRoot = receiptsRoot
        self.logsBloom = logsBloom; self.difficulty = difficulty; self.number = number; self.gasLimit = gasLimit
        self.gasUsed = gasUsed; self.timestamp = timestamp; self.extraData = extraData; self.mixHash = mixHash
        self.nonce = nonce; self.baseFeePerGas = baseFeePerGas; self.withdrawalsRoot = withdrawalsRoot
        self.blobGasUsed = blobGasUsed; self.excessBlobGas = excessBlobGas
        self.parentBeaconBlockRoot = parentBeaconBlockRoot; self.requestsHash = requestsHash
    }

    /// keccak256(rlp([])): every block since the merge has no uncles.
    public static let emptyUnclesHash = Keccak256.hash(RLP.list([]).encoded())

    /// The fields every header has, as JSON-RPC names them.
    static let alwaysPresent = ["parentHash", "sha3Uncles", "miner", "stateRoot", "transactionsRoot", "receiptsRoot", "logsBloom",
                                "difficulty", "number", "gasLimit", "gasUsed", "timestamp", "extraData", "mixHash", "nonce"]

    /// The header of a block object that carries all of its fields; nil when one of the fields
    /// every header has is absent (a capture cut down to a few fields). Malformed values are
    /// errors naming the field; the block's `hash` is not compared (see `init`).
    public static func ifComplete(_ json: JSONValue, path: String = "") throws(RPCShapeError) -> BlockHeader? {
        let o = try RPCObject(json, path: path)
        guard alwaysPresent.allSatisfy(o.has) else { return nil }
        return try BlockHeader(json, path: path, checkingHash: false)
    }

    /// Reads the header fields of a JSON-RPC block. When the block carries `hash` and
    /// `checkingHash` is set, it must be the hash of the fields read.
    public init(_ json: JSONValue, path: String = "", checkingHash: Bool = true) throws(RPCShapeError) {
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
        if checkingHash, let claimed = try o.optionalHash("hash"), claimed != hash {
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

    /// The members of a JSON-RPC block object, as execution clients name them.
    public var jsonMembers: [(String, JSONValue)] {
        func q(_ n: UInt64) -> JSONValue { .string(UInt256(n).hexQuantity) }
        var m: [(String, JSONValue)] = [
            ("parentHash", .string(parentHash.description)), ("sha3Uncles", .string(sha3Uncles.description)),
            ("miner", .string(miner.description)), ("stateRoot", .string(stateRoot.description)),
            ("transactionsRoot", .string(transactionsRoot.description)), ("receiptsRoot", .string(receiptsRoot.description)),
            ("logsBloom", .string(Hex.encode(logsBloom))), ("difficulty", .string(difficulty.hexQuantity)),
            ("number", q(number)), ("gasLimit", q(gasLimit)), ("gasUsed", q(gasUsed)), ("timestamp", q(timestamp)),
            ("extraData", .string(Hex.encode(extraData))), ("mixHash", .string(mixHash.description)),
            ("nonce", .string(Hex.encode(nonce))),
        ]
        if let v = baseFeePerGas { m.append(("baseFeePerGas", .string(v.hexQuantity))) }
        if let v = withdrawalsRoot { m.append(("withdrawalsRoot", .string(v.description))) }
        if let v = blobGasUsed { m.append(("blobGasUsed", q(v))) }
        if let v = excessBlobGas { m.append(("excessBlobGas", q(v))) }
        if let v = parentBeaconBlockRoot { m.append(("parentBeaconBlockRoot", .string(v.description))) }
        if let v = requestsHash { m.append(("requestsHash", .string(v.description))) }
        return m
    }
}

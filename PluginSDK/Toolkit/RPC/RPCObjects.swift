/// The JSON-RPC objects the router and the L1 follower consume, in the shapes execution clients
/// return them (`eth_getLogs`, `eth_getTransactionByHash`, `eth_getTransactionReceipt`,
/// `eth_getBlockByNumber`) and the beacon API's blob sidecars. Fields a consumer does not need
/// are not read; fields that are present are checked, so a wrong capture fails loudly.

/// A log as `eth_getLogs` and receipts return it.
public struct RPCLog: Sendable, Equatable {
    public var address: Address
    public var topics: [Hash32]
    public var data: [UInt8]
    public var blockNumber: UInt64?
    public var blockHash: Hash32?
    public var blockTimestamp: UInt64?
    public var transactionHash: Hash32?
    public var transactionIndex: UInt64?
    public var logIndex: UInt64?
    /// Set on logs that a reorg removed (`eth_getFilterChanges`).
    public var removed: Bool

    public init(_ json: JSONValue, path: String = "") throws(RPCShapeError) {
        let o = try RPCObject(json, path: path)
        address = try o.address("address")
        topics = try o.hashes("topics")
        guard topics.count <= 4 else {
            throw RPCShapeError(field: o.field("topics"), message: "\(topics.count) topics; a log has at most 4")
        }
        data = try o.optionalData("data") ?? []
        blockNumber = try o.optionalQuantity("blockNumber")
        blockHash = try o.optionalHash("blockHash")
        blockTimestamp = try o.optionalQuantity("blockTimestamp")
        transactionHash = try o.optionalHash("transactionHash")
        transactionIndex = try o.optionalQuantity("transactionIndex")
        logIndex = try o.optionalQuantity("logIndex")
        removed = try o.bool("removed") ?? false
    }
}

/// A transaction as `eth_getTransactionByHash` and full blocks return it. Captures written by
/// ethers name the calldata `data` instead of `input`; both are read.
public struct RPCTransaction: Sendable, Equatable {
    public var type: UInt8
    public var hash: Hash32?
    public var from: Address?
    /// nil for a contract creation.
    public var to: Address?
    public var nonce: UInt64
    public var chainID: UInt64?
    public var value: UInt256
    public var input: [UInt8]
    public var gas: UInt64?
    public var gasPrice: UInt256?
    public var maxFeePerGas: UInt256?
    public var maxPriorityFeePerGas: UInt256?
    public var maxFeePerBlobGas: UInt256?
    public var blobVersionedHashes: [Hash32]
    public var blockNumber: UInt64?
    public var blockHash: Hash32?
    public var blockTimestamp: UInt64?
    public var transactionIndex: UInt64?
    /// The signed EIP-2718 encoding, when the object carries one (`raw`, as some captures add).
    public var raw: [UInt8]?

    public init(_ json: JSONValue, path: String = "") throws(RPCShapeError) {
        let o = try RPCObject(json, path: path)
        let typeNumber = try o.optionalQuantity("type") ?? 0
        guard typeNumber <= 0x7f else {
            throw RPCShapeError(field: o.field("type"), message: "\(typeNumber) is not an EIP-2718 type (0x00-0x7f)")
        }
        type = UInt8(typeNumber)
        hash = try o.optionalHash("hash")
        from = try o.optionalAddress("from")
        to = try o.optionalAddress("to")
        nonce = try o.optionalQuantity("nonce") ?? 0
        chainID = try o.optionalQuantity("chainId")
        value = try o.optionalQuantity256("value") ?? .zero
        input = o.has("input") ? try o.data("input") : try o.optionalData("data") ?? []
        gas = o.has("gas") ? try o.quantity("gas") : try o.optionalQuantity("gasLimit")
        gasPrice = try o.optionalQuantity256("gasPrice")
        maxFeePerGas = try o.optionalQuantity256("maxFeePerGas")
        maxPriorityFeePerGas = try o.optionalQuantity256("maxPriorityFeePerGas")
        maxFeePerBlobGas = try o.optionalQuantity256("maxFeePerBlobGas")
        blobVersionedHashes = try o.hashes("blobVersionedHashes")
        blockNumber = try o.optionalQuantity("blockNumber")
        blockHash = try o.optionalHash("blockHash")
        blockTimestamp = try o.optionalQuantity("blockTimestamp")
        transactionIndex = try o.optionalQuantity("transactionIndex")
        raw = try o.optionalData("raw")
    }
}

/// A receipt as `eth_getTransactionReceipt` and `eth_getBlockReceipts` return it.
public struct RPCReceipt: Sendable, Equatable {
    public var transactionHash: Hash32?
    public var transactionIndex: UInt64?
    public var blockNumber: UInt64?
    public var blockHash: Hash32?
    /// 1 success, 0 failure; nil for pre-Byzantium receipts, which carry a state root instead.
    public var status: UInt8?
    public var type: UInt8?
    public var from: Address?
    public var to: Address?
    public var contractAddress: Address?
    public var gasUsed: UInt64?
    public var cumulativeGasUsed: UInt64?
    public var effectiveGasPrice: UInt256?
    public var blobGasUsed: UInt64?
    public var blobGasPrice: UInt256?
    public var logs: [RPCLog]

    public init(_ json: JSONValue, path: String = "") throws(RPCShapeError) {
        let o = try RPCObject(json, path: path)
        transactionHash = try o.optionalHash("transactionHash")
        transactionIndex = try o.optionalQuantity("transactionIndex")
        blockNumber = try o.optionalQuantity("blockNumber")
        blockHash = try o.optionalHash("blockHash")
        if let s = try o.optionalQuantity("status") {
            guard s <= 1 else { throw RPCShapeError(field: o.field("status"), message: "\(s) is not 0 (failure) or 1 (success)") }
            status = UInt8(s)
        }
        if let t = try o.optionalQuantity("type") {
            guard t <= 0x7f else { throw RPCShapeError(field: o.field("type"), message: "\(t) is not an EIP-2718 type") }
            type = UInt8(t)
        }
        from = try o.optionalAddress("from")
        to = try o.optionalAddress("to")
        contractAddress = try o.optionalAddress("contractAddress")
        gasUsed = try o.optionalQuantity("gasUsed")
        cumulativeGasUsed = try o.optionalQuantity("cumulativeGasUsed")
        effectiveGasPrice = try o.optionalQuantity256("effectiveGasPrice")
        blobGasUsed = try o.optionalQuantity("blobGasUsed")
        blobGasPrice = try o.optionalQuantity256("blobGasPrice")
        logs = []
        for (i, log) in (try o.array("logs") ?? []).enumerated() {
            logs.append(try RPCLog(log, path: o.field("logs") + "[\(i)]"))
        }
    }
}

/// A block as `eth_getBlockByNumber` returns it, with transaction hashes or full transactions.
public struct RPCBlock: Sendable, Equatable {
    public enum Transactions: Sendable, Equatable {
        case hashes([Hash32])
        case full([RPCTransaction])
    }

    public var number: UInt64
    public var hash: Hash32
    public var parentHash: Hash32
    public var timestamp: UInt64
    public var stateRoot: Hash32?
    public var transactionsRoot: Hash32?
    public var receiptsRoot: Hash32?
    public var baseFeePerGas: UInt256?
    public var gasLimit: UInt64?
    public var gasUsed: UInt64?
    public var blobGasUsed: UInt64?
    public var excessBlobGas: UInt64?
    public var parentBeaconBlockRoot: Hash32?
    public var transactions: Transactions

    public init(_ json: JSONValue, path: String = "") throws(RPCShapeError) {
        let o = try RPCObject(json, path: path)
        number = try o.quantity("number")
        hash = try o.hash("hash")
        parentHash = try o.hash("parentHash")
        timestamp = try o.quantity("timestamp")
        stateRoot = try o.optionalHash("stateRoot")
        transactionsRoot = try o.optionalHash("transactionsRoot")
        receiptsRoot = try o.optionalHash("receiptsRoot")
        baseFeePerGas = try o.optionalQuantity256("baseFeePerGas")
        gasLimit = try o.optionalQuantity("gasLimit")
        gasUsed = try o.optionalQuantity("gasUsed")
        blobGasUsed = try o.optionalQuantity("blobGasUsed")
        excessBlobGas = try o.optionalQuantity("excessBlobGas")
        parentBeaconBlockRoot = try o.optionalHash("parentBeaconBlockRoot")
        let items = try o.array("transactions") ?? []
        let field = o.field("transactions")
        if items.allSatisfy({ $0.stringValue != nil }) {
            var hashes = [Hash32]()
            for (i, item) in items.enumerated() { hashes.append(try RPCValue.hash(item, field: "\(field)[\(i)]")) }
            transactions = .hashes(hashes)
        } else {
            var full = [RPCTransaction]()
            for (i, item) in items.enumerated() { full.append(try RPCTransaction(item, path: "\(field)[\(i)]")) }
            transactions = .full(full)
        }
    }
}

/// A blob sidecar as the beacon API's `/eth/v1/beacon/blob_sidecars/{block_id}` lists it in
/// `data` (only the fields rollups use).
public struct RPCBlobSidecar: Sendable, Equatable {
    public static let blobSize = 131_072

    public var index: UInt64?
    public var blob: [UInt8]
    public var kzgCommitment: [UInt8]
    public var kzgProof: [UInt8]?

    public init(_ json: JSONValue, path: String = "") throws(RPCShapeError) {
        let o = try RPCObject(json, path: path)
        index = try o.optionalQuantity("index")
        blob = try o.data("blob", count: Self.blobSize)
        kzgCommitment = try o.data("kzg_commitment", count: 48)
        kzgProof = o.has("kzg_proof") ? try o.data("kzg_proof", count: 48) : nil
    }
}

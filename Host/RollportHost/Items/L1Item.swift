import RollportToolkit

/// Where an item sits on L1, as far as it is known.
public struct L1BlockReference: Sendable, Equatable {
    public var number: UInt64
    public var hash: Hash32?
    public var parentHash: Hash32?
    public var timestamp: UInt64?

    public init(number: UInt64, hash: Hash32? = nil, parentHash: Hash32? = nil, timestamp: UInt64? = nil) {
        self.number = number; self.hash = hash; self.parentHash = parentHash; self.timestamp = timestamp
    }
}

public struct L1Transaction: Sendable, Equatable {
    public var type: UInt8
    public var hash: Hash32?
    public var from: Address?
    public var to: Address?
    public var nonce: UInt64
    public var chainID: UInt64?
    /// 32 bytes, big-endian.
    public var value: [UInt8]
    public var input: [UInt8]
    /// The signed EIP-2718 encoding, when the item came as one.
    public var raw: [UInt8]?
    public var blobVersionedHashes: [Hash32]
    public var index: UInt32?

    public init(type: UInt8 = 2, hash: Hash32? = nil, from: Address? = nil, to: Address?, nonce: UInt64 = 0,
                chainID: UInt64? = nil, value: [UInt8] = [UInt8](repeating: 0, count: 32), input: [UInt8],
                raw: [UInt8]? = nil, blobVersionedHashes: [Hash32] = [], index: UInt32? = nil) {
        self.type = type; self.hash = hash; self.from = from; self.to = to; self.nonce = nonce
        self.chainID = chainID; self.value = value; self.input = input; self.raw = raw
        self.blobVersionedHashes = blobVersionedHashes; self.index = index
    }

    /// The first four bytes of the calldata, when there are four.
    public var selector: UInt32? {
        guard input.count >= 4 else { return nil }
        return UInt32(input[0]) << 24 | UInt32(input[1]) << 16 | UInt32(input[2]) << 8 | UInt32(input[3])
    }
}

public struct L1Log: Sendable, Equatable {
    public var address: Address
    public var topics: [Hash32]
    public var data: [UInt8]
    public var transactionHash: Hash32?
    public var logIndex: UInt32?

    public init(address: Address, topics: [Hash32], data: [UInt8], transactionHash: Hash32? = nil, logIndex: UInt32? = nil) {
        self.address = address; self.topics = topics; self.data = data
        self.transactionHash = transactionHash; self.logIndex = logIndex
    }
}

/// A blob sidecar with the beacon API's field names.
public struct BlobSidecar: Sendable, Equatable {
    public var blob: [UInt8]
    public var kzgCommitment: [UInt8]
    public var kzgProof: [UInt8]

    public init(blob: [UInt8], kzgCommitment: [UInt8], kzgProof: [UInt8]) {
        self.blob = blob; self.kzgCommitment = kzgCommitment; self.kzgProof = kzgProof
    }
}

/// What the router routes: a transaction (with its receipt and blobs when known) or a log.
public enum L1Item: Sendable, Equatable {
    case transaction(TransactionItem)
    case log(LogItem)

    public struct TransactionItem: Sendable, Equatable {
        public var transaction: L1Transaction
        public var block: L1BlockReference?
        public var receiptStatus: UInt8?
        public var receiptLogs: [L1Log]
        public var blobs: [BlobSidecar]

        public init(transaction: L1Transaction, block: L1BlockReference? = nil, receiptStatus: UInt8? = nil,
                    receiptLogs: [L1Log] = [], blobs: [BlobSidecar] = []) {
            self.transaction = transaction; self.block = block; self.receiptStatus = receiptStatus
            self.receiptLogs = receiptLogs; self.blobs = blobs
        }
    }

    public struct LogItem: Sendable, Equatable {
        public var log: L1Log
        public var block: L1BlockReference?

        public init(log: L1Log, block: L1BlockReference? = nil) {
            self.log = log; self.block = block
        }
    }

    public var block: L1BlockReference? {
        switch self {
        case .transaction(let t): return t.block
        case .log(let l): return l.block
        }
    }

    public var typeName: String {
        switch self {
        case .transaction: return "transaction"
        case .log: return "log"
        }
    }
}

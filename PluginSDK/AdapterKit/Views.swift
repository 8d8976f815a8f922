import RollportABI
import RollportToolkit

/// The kinds of the C ABI (claim rules and records).
public enum Kind: UInt32, Sendable, CaseIterable {
    case batch = 1
    case stateCommitment = 2
    case proof = 3
    case deposit = 4
    case withdrawal = 5
    case message = 6
    case dispute = 7
    case configChange = 8
    case rpcResult = 64
}

/// A routed L1 item, borrowed from the host for the duration of one call. Do not keep it.
public struct Item {
    public let raw: UnsafePointer<rollport_item>

    public enum ItemType: Sendable { case transaction, log }

    public var type: ItemType { raw.pointee.type == UInt32(ROLLPORT_ITEM_LOG) ? .log : .transaction }
    public var kind: Kind? { Kind(rawValue: raw.pointee.kind) }
    public var chain: String { String(borrowed: raw.pointee.chain) }
    public var block: BlockRef { BlockRef(raw.pointee.block) }
    public var transaction: Transaction? { raw.pointee.tx.map(Transaction.init) }
    public var log: Log? { raw.pointee.log.map(Log.init) }
    public var receiptLogs: [Log] {
        guard let logs = raw.pointee.receipt_logs else { return [] }
        return (0..<raw.pointee.receipt_log_count).map { Log(logs + $0) }
    }
    /// The receipt's status (1 success, 0 reverted), when known.
    public var receiptStatus: UInt8? { raw.pointee.has_receipt_status ? raw.pointee.receipt_status : nil }
    public var blobs: [Blob] {
        guard let blobs = raw.pointee.blobs else { return [] }
        return (0..<raw.pointee.blob_count).map { Blob(blobs[$0]) }
    }
}

public struct BlockRef: Sendable {
    public var number: UInt64?
    public var hash: Hash32?
    public var parentHash: Hash32?
    public var timestamp: UInt64

    init(_ b: rollport_l1_block_ref) {
        number = b.has_block ? b.number : nil
        hash = b.has_block ? Hash32(abi: b.hash) : nil
        parentHash = b.has_block ? Hash32(abi: b.parent_hash) : nil
        timestamp = b.timestamp
    }
}

public struct Transaction {
    public let raw: UnsafePointer<rollport_tx>
    init(_ raw: UnsafePointer<rollport_tx>) { self.raw = raw }

    public var type: UInt8 { raw.pointee.type }
    public var hash: Hash32? { raw.pointee.has_hash ? Hash32(abi: raw.pointee.hash) : nil }
    public var from: Address? { raw.pointee.has_from ? Address(abi: raw.pointee.from) : nil }
    public var to: Address? { raw.pointee.has_to ? Address(abi: raw.pointee.to) : nil }
    public var nonce: UInt64 { raw.pointee.nonce }
    public var chainID: UInt64? { raw.pointee.has_chain_id ? raw.pointee.chain_id : nil }
    /// Calldata, borrowed.
    public var input: UnsafeBufferPointer<UInt8> { raw.pointee.input.buffer }
    /// The signed EIP-2718 encoding, borrowed; empty when the host does not have it.
    public var encoded: UnsafeBufferPointer<UInt8> { raw.pointee.raw.buffer }
    /// The position in its block, when known.
    public var index: UInt32? { raw.pointee.has_index ? raw.pointee.index : nil }
    public var blobVersionedHashes: [Hash32] {
        guard let p = raw.pointee.blob_versioned_hashes else { return [] }
        return (0..<raw.pointee.blob_versioned_hash_count).map { Hash32(abi: p[$0]) }
    }
}

public struct Log {
    public let raw: UnsafePointer<rollport_log>
    init(_ raw: UnsafePointer<rollport_log>) { self.raw = raw }

    public var address: Address { Address(abi: raw.pointee.address) }
    public var topics: [Hash32] {
        guard let p = raw.pointee.topics else { return [] }
        return (0..<raw.pointee.topic_count).map { Hash32(abi: p[$0]) }
    }
    /// Event data, borrowed.
    public var data: UnsafeBufferPointer<UInt8> { raw.pointee.data.buffer }
    public var transactionHash: Hash32? { raw.pointee.has_transaction_hash ? Hash32(abi: raw.pointee.transaction_hash) : nil }
    public var logIndex: UInt32? { raw.pointee.has_log_index ? raw.pointee.log_index : nil }
}

public struct Blob {
    public let blob: UnsafeBufferPointer<UInt8>
    public let kzgCommitment: UnsafeBufferPointer<UInt8>
    public let kzgProof: UnsafeBufferPointer<UInt8>
    init(_ b: rollport_blob) {
        blob = b.blob.buffer
        kzgCommitment = b.kzg_commitment.buffer
        kzgProof = b.kzg_proof.buffer
    }
}

extension rollport_bytes {
    /// The span as a buffer; empty when ptr is NULL.
    public var buffer: UnsafeBufferPointer<UInt8> {
        guard let ptr, len > 0 else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: ptr, count: len)
    }
}

extension String {
    /// Copies a borrowed UTF-8 span (invalid sequences become U+FFFD).
    public init(borrowed bytes: rollport_bytes) {
        self = String(decoding: bytes.buffer, as: UTF8.self)
    }
}

extension Address {
    public init(abi a: rollport_address) {
        var copy = a
        self = withUnsafeBytes(of: &copy) { Address(unsafeRawBytes: $0.baseAddress!) }
    }
    public var abi: rollport_address {
        var out = rollport_address()
        withUnsafeMutableBytes(of: &out) { store(to: $0.baseAddress!) }
        return out
    }
}

extension Hash32 {
    public init(abi h: rollport_hash32) {
        var copy = h
        self = withUnsafeBytes(of: &copy) { Hash32(unsafeRawBytes: $0.baseAddress!) }
    }
    public var abi: rollport_hash32 {
        var out = rollport_hash32()
        withUnsafeMutableBytes(of: &out) { store(to: $0.baseAddress!) }
        return out
    }
}

import RollportABI
import RollportToolkit

/// Lays an ``L1Item`` out as the C ABI's `rollport_item` for the duration of one call. All
/// memory comes from an arena freed when the call returns: adapters only borrow it.
final class ABIArena {
    private var blocks: [UnsafeMutableRawPointer] = []

    deinit { for b in blocks { b.deallocate() } }

    func bytes(_ source: [UInt8]) -> rollport_bytes {
        guard !source.isEmpty else { return rollport_bytes(ptr: nil, len: 0) }
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: source.count)
        p.initialize(from: source, count: source.count)
        blocks.append(UnsafeMutableRawPointer(p))
        return rollport_bytes(ptr: UnsafePointer(p), len: source.count)
    }

    func bytes(_ text: String) -> rollport_bytes { bytes(Array(text.utf8)) }

    func array<T>(_ values: [T]) -> UnsafePointer<T>? {
        guard !values.isEmpty else { return nil }
        let p = UnsafeMutablePointer<T>.allocate(capacity: values.count)
        p.initialize(from: values, count: values.count)
        blocks.append(UnsafeMutableRawPointer(p))
        return UnsafePointer(p)
    }

    func single<T>(_ value: T) -> UnsafePointer<T> {
        let p = UnsafeMutablePointer<T>.allocate(capacity: 1)
        p.initialize(to: value)
        blocks.append(UnsafeMutableRawPointer(p))
        return UnsafePointer(p)
    }
}

extension Address {
    var abi: rollport_address {
        var out = rollport_address()
        let b = bytes
        withUnsafeMutableBytes(of: &out.bytes) { for i in 0..<20 { $0[i] = b[i] } }
        return out
    }
}

extension Hash32 {
    var abi: rollport_hash32 {
        var out = rollport_hash32()
        let b = bytes
        withUnsafeMutableBytes(of: &out.bytes) { for i in 0..<32 { $0[i] = b[i] } }
        return out
    }
}

extension L1BlockReference? {
    var abi: rollport_l1_block_ref {
        var ref = rollport_l1_block_ref()
        ref.struct_size = UInt32(MemoryLayout<rollport_l1_block_ref>.size)
        guard let b = self else { return ref }
        ref.has_block = true
        ref.number = b.number
        if let h = b.hash { ref.hash = h.abi }
        if let p = b.parentHash { ref.parent_hash = p.abi }
        ref.timestamp = b.timestamp ?? 0
        return ref
    }
}

extension L1Log {
    func abi(in arena: ABIArena) -> rollport_log {
        var log = rollport_log()
        log.struct_size = UInt32(MemoryLayout<rollport_log>.size)
        log.address = address.abi
        log.topics = arena.array(topics.map(\.abi))
        log.topic_count = topics.count
        log.data = arena.bytes(data)
        if let h = transactionHash { log.has_transaction_hash = true; log.transaction_hash = h.abi }
        if let i = logIndex { log.has_log_index = true; log.log_index = i }
        return log
    }
}

extension L1Transaction {
    func abi(in arena: ABIArena) -> rollport_tx {
        var tx = rollport_tx()
        tx.struct_size = UInt32(MemoryLayout<rollport_tx>.size)
        tx.type = type
        if let hash { tx.has_hash = true; tx.hash = hash.abi }
        if let from { tx.has_from = true; tx.from = from.abi }
        if let to { tx.has_to = true; tx.to = to.abi }
        tx.nonce = nonce
        if let chainID { tx.has_chain_id = true; tx.chain_id = chainID }
        withUnsafeMutableBytes(of: &tx.value.bytes) { dst in for (i, b) in value.prefix(32).enumerated() { dst[i] = b } }
        tx.input = arena.bytes(input)
        tx.raw = arena.bytes(raw ?? [])
        tx.blob_versioned_hashes = arena.array(blobVersionedHashes.map(\.abi))
        tx.blob_versioned_hash_count = blobVersionedHashes.count
        if let index { tx.has_index = true; tx.index = index }
        return tx
    }
}

extension L1Item {
    /// Calls `body` with this item laid out for the C ABI, tagged with the rule's chain and kind.
    func withABI<R>(chain: String, kind: ClaimKind, _ body: (UnsafePointer<rollport_item>) throws -> R) rethrows -> R {
        let arena = ABIArena()
        var item = rollport_item()
        item.struct_size = UInt32(MemoryLayout<rollport_item>.size)
        item.kind = kind.abiValue
        item.chain = arena.bytes(chain)
        item.block = block.abi
        switch self {
        case .transaction(let t):
            item.type = UInt32(ROLLPORT_ITEM_TRANSACTION)
            item.tx = arena.single(t.transaction.abi(in: arena))
            item.receipt_logs = arena.array(t.receiptLogs.map { $0.abi(in: arena) })
            item.receipt_log_count = t.receiptLogs.count
            if let s = t.receiptStatus { item.has_receipt_status = true; item.receipt_status = s }
            item.blobs = arena.array(t.blobs.map { b in
                rollport_blob(struct_size: UInt32(MemoryLayout<rollport_blob>.size), blob: arena.bytes(b.blob),
                              kzg_commitment: arena.bytes(b.kzgCommitment), kzg_proof: arena.bytes(b.kzgProof))
            })
            item.blob_count = t.blobs.count
        case .log(let l):
            item.type = UInt32(ROLLPORT_ITEM_LOG)
            item.log = arena.single(l.log.abi(in: arena))
        }
        return try withExtendedLifetime(arena) { try withUnsafePointer(to: &item) { try body($0) } }
    }
}

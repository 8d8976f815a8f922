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
    func abi(in arena: ABIArena, data: rollport_bytes) -> rollport_log {
        var log = rollport_log()
        log.struct_size = UInt32(MemoryLayout<rollport_log>.size)
        log.address = address.abi
        log.topics = arena.array(topics.map(\.abi))
        log.topic_count = topics.count
        log.data = data
        if let h = transactionHash { log.has_transaction_hash = true; log.transaction_hash = h.abi }
        if let i = logIndex { log.has_log_index = true; log.log_index = i }
        return log
    }
}

extension L1Transaction {
    func abi(in arena: ABIArena, input: rollport_bytes, raw: rollport_bytes) -> rollport_tx {
        var tx = rollport_tx()
        tx.struct_size = UInt32(MemoryLayout<rollport_tx>.size)
        tx.type = type
        if let hash { tx.has_hash = true; tx.hash = hash.abi }
        if let from { tx.has_from = true; tx.from = from.abi }
        if let to { tx.has_to = true; tx.to = to.abi }
        tx.nonce = nonce
        if let chainID { tx.has_chain_id = true; tx.chain_id = chainID }
        withUnsafeMutableBytes(of: &tx.value.bytes) { dst in for (i, b) in value.prefix(32).enumerated() { dst[i] = b } }
        tx.input = input
        tx.raw = raw
        tx.blob_versioned_hashes = arena.array(blobVersionedHashes.map(\.abi))
        tx.blob_versioned_hash_count = blobVersionedHashes.count
        if let index { tx.has_index = true; tx.index = index }
        return tx
    }
}

/// Borrows every array's storage for the duration of `body`, without copying: calldata and
/// blobs can be hundreds of kilobytes, and the router lays an item out for every confirmation.
func withBorrowedSpans<R>(_ arrays: [[UInt8]], _ body: ([rollport_bytes]) throws -> R) rethrows -> R {
    var spans = [rollport_bytes]()
    spans.reserveCapacity(arrays.count)
    func borrow(_ index: Int) throws -> R {
        if index == arrays.count { return try body(spans) }
        return try arrays[index].withUnsafeBufferPointer { buffer in
            spans.append(rollport_bytes(ptr: buffer.count == 0 ? nil : buffer.baseAddress, len: buffer.count))
            return try borrow(index + 1)
        }
    }
    return try borrow(0)
}

extension L1Item {
    /// Calls `body` with this item laid out for the C ABI, tagged with the rule's chain and kind.
    /// Byte payloads are borrowed from the item; the small fixed parts come from an arena freed
    /// when the call returns.
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
            var arrays = [t.transaction.input, t.transaction.raw ?? []]
            arrays += t.receiptLogs.map(\.data)
            for b in t.blobs { arrays += [b.blob, b.kzgCommitment, b.kzgProof] }
            return try withBorrowedSpans(arrays) { spans in
                item.tx = arena.single(t.transaction.abi(in: arena, input: spans[0], raw: spans[1]))
                let logs = t.receiptLogs.enumerated().map { $1.abi(in: arena, data: spans[2 + $0]) }
                item.receipt_logs = arena.array(logs)
                item.receipt_log_count = logs.count
                if let s = t.receiptStatus { item.has_receipt_status = true; item.receipt_status = s }
                let base = 2 + logs.count
                item.blobs = arena.array(t.blobs.indices.map { i in
                    rollport_blob(struct_size: UInt32(MemoryLayout<rollport_blob>.size), blob: spans[base + 3 * i],
                                  kzg_commitment: spans[base + 3 * i + 1], kzg_proof: spans[base + 3 * i + 2])
                })
                item.blob_count = t.blobs.count
                return try withExtendedLifetime(arena) { try withUnsafePointer(to: &item) { try body($0) } }
            }
        case .log(let l):
            item.type = UInt32(ROLLPORT_ITEM_LOG)
            return try l.log.data.withUnsafeBufferPointer { data in
                item.log = arena.single(l.log.abi(in: arena, data: rollport_bytes(ptr: data.count == 0 ? nil : data.baseAddress, len: data.count)))
                return try withExtendedLifetime(arena) { try withUnsafePointer(to: &item) { try body($0) } }
            }
        }
    }
}

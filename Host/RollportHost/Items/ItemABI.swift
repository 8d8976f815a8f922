import RollportABI
import RollportToolkit

/// Memory for the parts of an item laid out for one call, freed when the call returns: adapters
/// only borrow it.
final class ABIArena {
    private var blocks: [UnsafeMutableRawPointer] = []

    deinit { for b in blocks { b.deallocate() } }

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
        withUnsafeMutableBytes(of: &out) { store(to: $0.baseAddress!) }
        return out
    }
}

extension Hash32 {
    var abi: rollport_hash32 {
        var out = rollport_hash32()
        withUnsafeMutableBytes(of: &out) { store(to: $0.baseAddress!) }
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
    func abi(topics: UnsafeBufferPointer<rollport_hash32>, data: rollport_bytes) -> rollport_log {
        var log = rollport_log()
        log.struct_size = UInt32(MemoryLayout<rollport_log>.size)
        log.address = address.abi
        log.topics = topics.count == 0 ? nil : topics.baseAddress
        log.topic_count = topics.count
        log.data = data
        if let h = transactionHash { log.has_transaction_hash = true; log.transaction_hash = h.abi }
        if let i = logIndex { log.has_log_index = true; log.log_index = i }
        return log
    }
}

extension L1Transaction {
    func abi(hashes: UnsafeBufferPointer<rollport_hash32>, input: rollport_bytes, raw: rollport_bytes) -> rollport_tx {
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
        tx.blob_versioned_hashes = hashes.count == 0 ? nil : hashes.baseAddress
        tx.blob_versioned_hash_count = hashes.count
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
    /// Everything is borrowed from the item or lives on the stack for the call; only the rare
    /// shapes (receipt logs, blob sidecars) take an arena. The router does this for every rule
    /// match, so the common shapes must not allocate more than their hash lists.
    func withABI<R>(chain: String, kind: ClaimKind, _ body: (UnsafePointer<rollport_item>) throws -> R) rethrows -> R {
        var chain = chain
        return try chain.withUTF8 { name in
            var item = rollport_item()
            item.struct_size = UInt32(MemoryLayout<rollport_item>.size)
            item.kind = kind.abiValue
            item.chain = rollport_bytes(ptr: name.count == 0 ? nil : name.baseAddress, len: name.count)
            item.block = block.abi
            switch self {
            case .log(let l):
                item.type = UInt32(ROLLPORT_ITEM_LOG)
                let topics = l.log.topics.map(\.abi)
                return try topics.withUnsafeBufferPointer { topicBuffer in
                    try l.log.data.withUnsafeBufferPointer { data in
                        var log = l.log.abi(topics: topicBuffer, data: rollport_bytes(borrowing: data))
                        return try withUnsafePointer(to: &log) { logPointer in
                            item.log = logPointer
                            return try withUnsafePointer(to: &item) { try body($0) }
                        }
                    }
                }
            case .transaction(let t) where t.receiptLogs.isEmpty && t.blobs.isEmpty:
                item.type = UInt32(ROLLPORT_ITEM_TRANSACTION)
                if let s = t.receiptStatus { item.has_receipt_status = true; item.receipt_status = s }
                let hashes = t.transaction.blobVersionedHashes.map(\.abi)
                return try hashes.withUnsafeBufferPointer { hashBuffer in
                    try t.transaction.input.withUnsafeBufferPointer { input in
                        try (t.transaction.raw ?? []).withUnsafeBufferPointer { raw in
                            var tx = t.transaction.abi(hashes: hashBuffer, input: rollport_bytes(borrowing: input),
                                                       raw: rollport_bytes(borrowing: raw))
                            return try withUnsafePointer(to: &tx) { txPointer in
                                item.tx = txPointer
                                return try withUnsafePointer(to: &item) { try body($0) }
                            }
                        }
                    }
                }
            case .transaction(let t):
                item.type = UInt32(ROLLPORT_ITEM_TRANSACTION)
                return try withArena(t, item, body)
            }
        }
    }

    private func withArena<R>(_ t: TransactionItem, _ item: rollport_item,
                              _ body: (UnsafePointer<rollport_item>) throws -> R) rethrows -> R {
        let arena = ABIArena()
        var arrays = [t.transaction.input, t.transaction.raw ?? []]
        arrays += t.receiptLogs.map(\.data)
        for b in t.blobs { arrays += [b.blob, b.kzgCommitment, b.kzgProof] }
        var item = item
        return try withBorrowedSpans(arrays) { spans in
            let hashes = arena.array(t.transaction.blobVersionedHashes.map(\.abi))
            item.tx = arena.single(t.transaction.abi(
                hashes: UnsafeBufferPointer(start: hashes, count: t.transaction.blobVersionedHashes.count),
                input: spans[0], raw: spans[1]))
            let logs = t.receiptLogs.enumerated().map { i, log in
                let topics = arena.array(log.topics.map(\.abi))
                return log.abi(topics: UnsafeBufferPointer(start: topics, count: log.topics.count), data: spans[2 + i])
            }
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
    }
}

extension rollport_bytes {
    init(borrowing buffer: UnsafeBufferPointer<UInt8>) {
        self.init(ptr: buffer.count == 0 ? nil : buffer.baseAddress, len: buffer.count)
    }
}

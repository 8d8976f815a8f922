import RollportToolkit

/// A span batch (batch version 1, Delta): many consecutive L2 blocks with their transactions
/// split into columns. Field for field what the wire carries, so that encoding gives back the
/// exact bytes decoded (bitlists left-padded, varints minimal).
public struct SpanBatch: Sendable, Equatable {
    /// First block's timestamp minus the L2 genesis time.
    public var relTimestamp: UInt64
    /// The L1 origin of the LAST block.
    public var l1OriginNumber: UInt64
    /// First 20 bytes of the first block's parent hash.
    public var parentCheck: [UInt8]
    /// First 20 bytes of the hash of L1 block `l1OriginNumber`.
    public var l1OriginCheck: [UInt8]
    /// Per block: does its L1 origin differ from its parent's (bit 0: the first block's).
    public var originBits: [Bool]
    public var blockTransactionCounts: [UInt64]
    public var transactions: [SpanBatchTransaction]

    public init(relTimestamp: UInt64, l1OriginNumber: UInt64, parentCheck: [UInt8], l1OriginCheck: [UInt8],
                originBits: [Bool], blockTransactionCounts: [UInt64], transactions: [SpanBatchTransaction]) {
        self.relTimestamp = relTimestamp; self.l1OriginNumber = l1OriginNumber; self.parentCheck = parentCheck
        self.l1OriginCheck = l1OriginCheck; self.originBits = originBits; self.blockTransactionCounts = blockTransactionCounts
        self.transactions = transactions
    }

    public var blockCount: Int { blockTransactionCounts.count }
}

/// One transaction as a span batch stores it: its signature, `to`, nonce and gas in columns,
/// the rest in `data`.
public struct SpanBatchTransaction: Sendable, Equatable {
    /// 0 (legacy), 1 (EIP-2930), 2 (EIP-1559) or 4 (EIP-7702, from Isthmus).
    public var type: UInt8
    /// tx_data as on the wire: `rlp([value, gasPrice, data])` for legacy, else
    /// `type ‖ rlp([value, (gasPrice | tip, feeCap), data, accessList (, authorizationList)])`.
    public var data: [UInt8]
    /// nil: a contract creation.
    public var to: Address?
    public var yParity: UInt8
    public var r: UInt256
    public var s: UInt256
    public var nonce: UInt64
    public var gasLimit: UInt64
    /// Legacy only: signed with EIP-155 replay protection (v carries the chain id).
    public var isProtected: Bool

    public init(type: UInt8, data: [UInt8], to: Address?, yParity: UInt8, r: UInt256, s: UInt256,
                nonce: UInt64, gasLimit: UInt64, isProtected: Bool) {
        self.type = type; self.data = data; self.to = to; self.yParity = yParity; self.r = r; self.s = s
        self.nonce = nonce; self.gasLimit = gasLimit; self.isProtected = isProtected
    }
}

public struct SpanBatchError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Reason: Equatable, Sendable {
        case truncated(needed: Int, available: Int)
        case uvarintOverflow
        case noBlocks
        case tooManyElements(count: UInt64, limit: Int)
        case bitlistTooLong(bits: Int)
        case unknownTransactionType(UInt8)
        case invalidTransactionData(String)
        case creationNotAllowed(type: UInt8)
    }
    /// The field being read (`block_count`, `tx_datas[17]`, …).
    public let field: String
    /// Byte offset where it starts, from the first byte after the batch version byte.
    public let offset: Int
    public let reason: Reason

    public init(field: String, offset: Int, reason: Reason) {
        self.field = field; self.offset = offset; self.reason = reason
    }

    public var description: String {
        let at = "span batch field `\(field)` at byte \(offset)"
        switch reason {
        case .truncated(let needed, let available):
            return "\(at): needs \(needed) bytes but \(available) remain (truncated batch)"
        case .uvarintOverflow:
            return "\(at): varint longer than 10 bytes or above 2^64-1"
        case .noBlocks:
            return "\(at): block_count is 0; a span batch holds at least one block"
        case .tooManyElements(let count, let limit):
            return "\(at): \(count) exceeds MAX_SPAN_BATCH_ELEMENT_COUNT (\(limit)) or what the remaining bytes can hold; refused before allocating"
        case .bitlistTooLong(let bits):
            return "\(at): bitlist has bits set beyond its \(bits) elements"
        case .unknownTransactionType(let type):
            return "\(at): transaction type 0x\(Hex.encode([type], prefix: false)); span batches carry legacy, 1, 2 and 4"
        case .invalidTransactionData(let message):
            return "\(at): \(message)"
        case .creationNotAllowed(let type):
            return "\(at): a type-\(type) transaction cannot create a contract (contract_creation_bit set)"
        }
    }
}

extension SpanBatch {
    /// Decodes a span batch from its bytes after the version byte 0x01. Bytes after the last
    /// field are left alone (op-node ignores them), see `decode(_:consumed:)`.
    public static func decode(_ bytes: [UInt8]) throws(SpanBatchError) -> SpanBatch {
        var consumed = 0
        return try decode(bytes, consumed: &consumed)
    }

    public static func decode(_ bytes: [UInt8], consumed: inout Int) throws(SpanBatchError) -> SpanBatch {
        try bytes.withUnsafeBufferPointer { b throws(SpanBatchError) in
            var reader = ByteReader(b)
            let batch = try decode(&reader)
            consumed = reader.position
            return batch
        }
    }

    static func decode(_ r: inout ByteReader) throws(SpanBatchError) -> SpanBatch {
        let limit = DerivationLimits.maxSpanBatchElementCount
        let relTimestamp = try r.uvarint("rel_timestamp")
        let l1OriginNumber = try r.uvarint("l1_origin_num")
        let parentCheck = Array(try r.take(20, "parent_check"))
        let l1OriginCheck = Array(try r.take(20, "l1_origin_check"))

        let countOffset = r.position
        let blockCount = try r.uvarint("block_count")
        guard blockCount > 0 else { throw r.error("block_count", .noBlocks, at: countOffset) }
        // Every block needs at least one byte (its tx count), so the remaining bytes bound it.
        guard blockCount <= UInt64(limit), blockCount <= UInt64(r.remaining) else {
            throw r.error("block_count", .tooManyElements(count: blockCount, limit: limit), at: countOffset)
        }
        let blocks = Int(blockCount)
        let originBits = try r.bitlist(count: blocks, "origin_bits")
        var counts = [UInt64]()
        counts.reserveCapacity(blocks)
        var total: UInt64 = 0
        for i in 0..<blocks {
            let at = r.position
            let n = try r.uvarint("block_tx_counts[\(i)]")
            guard n <= UInt64(limit) else {
                throw r.error("block_tx_counts[\(i)]", .tooManyElements(count: n, limit: limit), at: at)
            }
            total += n
            guard total <= UInt64(limit) else {
                throw r.error("block_tx_counts[\(i)]", .tooManyElements(count: total, limit: limit), at: at)
            }
            counts.append(n)
        }
        // Each transaction takes at least 64 signature bytes, a data byte, a nonce and a gas byte.
        guard total <= UInt64(r.remaining / 67) else {
            throw r.error("block_tx_counts", .tooManyElements(count: total, limit: limit))
        }
        let n = Int(total)
        let creationBits = try r.bitlist(count: n, "contract_creation_bits")
        let parityBits = try r.bitlist(count: n, "y_parity_bits")
        let signatures = try r.take(64 * n, "tx_sigs")
        let creations = creationBits.reduce(0) { $0 + ($1 ? 1 : 0) }
        let tos = try r.take(20 * (n - creations), "tx_tos")

        var txs = [SpanBatchTransaction]()
        txs.reserveCapacity(n)
        var toIndex = 0
        var legacyCount = 0
        for i in 0..<n {
            let start = r.position
            let layout: TxDataLayout
            switch TxDataLayout.read(r.buffer, at: start) {
            case .success(let l): layout = l
            case .failure(let failure):
                throw r.error("tx_datas[\(i)]", failure.reason, at: start + failure.offset)
            }
            r.position = layout.end
            if layout.type == 4, creationBits[i] { throw r.error("tx_datas[\(i)]", .creationNotAllowed(type: 4), at: start) }
            if layout.type == 0 { legacyCount += 1 }
            let sig = signatures.baseAddress! + 64 * i
            var to: Address?
            if !creationBits[i], let base = tos.baseAddress {
                to = Address(unsafeRawBytes: base + 20 * toIndex)
                toIndex += 1
            }
            txs.append(SpanBatchTransaction(
                type: layout.type, data: Array(UnsafeBufferPointer(rebasing: r.buffer[start..<layout.end])), to: to,
                yParity: parityBits[i] ? 1 : 0, r: UInt256(word: UnsafeRawPointer(sig)), s: UInt256(word: UnsafeRawPointer(sig + 32)),
                nonce: 0, gasLimit: 0, isProtected: false))
        }
        for i in 0..<n { txs[i].nonce = try r.uvarint("tx_nonces[\(i)]") }
        for i in 0..<n { txs[i].gasLimit = try r.uvarint("tx_gases[\(i)]") }
        let protectedBits = try r.bitlist(count: legacyCount, "protected_bits")
        var legacy = 0
        for i in 0..<n where txs[i].type == 0 {
            txs[i].isProtected = protectedBits[legacy]
            legacy += 1
        }
        return SpanBatch(relTimestamp: relTimestamp, l1OriginNumber: l1OriginNumber, parentCheck: parentCheck,
                         l1OriginCheck: l1OriginCheck, originBits: originBits, blockTransactionCounts: counts, transactions: txs)
    }

    /// The wire bytes after the version byte.
    public func encoded() -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(100 + transactions.reduce(0) { $0 + $1.data.count + 110 })
        ByteWriter.uvarint(relTimestamp, to: &out)
        ByteWriter.uvarint(l1OriginNumber, to: &out)
        out += Self.check(parentCheck)
        out += Self.check(l1OriginCheck)
        ByteWriter.uvarint(UInt64(blockCount), to: &out)
        ByteWriter.bitlist(originBits, to: &out)
        for count in blockTransactionCounts { ByteWriter.uvarint(count, to: &out) }
        ByteWriter.bitlist(transactions.map { $0.to == nil }, to: &out)
        ByteWriter.bitlist(transactions.map { $0.yParity & 1 == 1 }, to: &out)
        for tx in transactions { out += tx.r.bigEndianBytes; out += tx.s.bigEndianBytes }
        for tx in transactions { if let to = tx.to { out += to.bytes } }
        for tx in transactions { out += tx.data }
        for tx in transactions { ByteWriter.uvarint(tx.nonce, to: &out) }
        for tx in transactions { ByteWriter.uvarint(tx.gasLimit, to: &out) }
        ByteWriter.bitlist(transactions.filter { $0.type == 0 }.map(\.isProtected), to: &out)
        return out
    }

    /// Exactly 20 bytes: shorter input is zero-padded, longer truncated (the checks are prefixes).
    private static func check(_ bytes: [UInt8]) -> [UInt8] {
        Array((bytes + [UInt8](repeating: 0, count: 20)).prefix(20))
    }
}

extension UInt256 {
    /// 32 big-endian bytes at `p`.
    init(word p: UnsafeRawPointer) {
        self.init(limbs: (UInt64(bigEndian: p.loadUnaligned(fromByteOffset: 24, as: UInt64.self)),
                          UInt64(bigEndian: p.loadUnaligned(fromByteOffset: 16, as: UInt64.self)),
                          UInt64(bigEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
                          UInt64(bigEndian: p.loadUnaligned(as: UInt64.self))))
    }
}

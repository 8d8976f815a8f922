import RollportToolkit

/// What one chain's stored records add up to. Derived from the records alone, so that a block's
/// share can be taken off again when it is reverted.
public struct ChainCounts: Sendable, Equatable {
    public var batches: UInt64 = 0
    public var l2Blocks: UInt64 = 0
    public var transactions: UInt64 = 0
    public var deposits: UInt64 = 0
    public var withdrawals: UInt64 = 0

    public init(batches: UInt64 = 0, l2Blocks: UInt64 = 0, transactions: UInt64 = 0, deposits: UInt64 = 0, withdrawals: UInt64 = 0) {
        self.batches = batches; self.l2Blocks = l2Blocks; self.transactions = transactions
        self.deposits = deposits; self.withdrawals = withdrawals
    }

    /// One record's share. A `batch` record counts as a batch unless its `type` says it is
    /// something else (the Optimism adapter's `frames` and `channel-error` records); its L2
    /// blocks are `blocks[]`, and their transactions each block's `transactions` array (or
    /// `transactionCount` when the array is left out).
    public init(kind: String, details: JSONValue) {
        switch kind {
        case "batch":
            if let type = details["type"]?.stringValue, type != "batch" { return }
            batches = 1
            let blocks = details["blocks"]?.arrayValue ?? []
            l2Blocks = UInt64(blocks.count)
            for block in blocks {
                if let txs = block["transactions"]?.arrayValue {
                    transactions += UInt64(txs.count)
                } else if case .number(let n)? = block["transactionCount"], let count = UInt64(n) {
                    transactions += count
                }
            }
        case "deposit": deposits = 1
        case "withdrawal": withdrawals = 1
        default: break
        }
    }

    public var isZero: Bool { self == ChainCounts() }

    public static func + (a: ChainCounts, b: ChainCounts) -> ChainCounts {
        ChainCounts(batches: a.batches + b.batches, l2Blocks: a.l2Blocks + b.l2Blocks, transactions: a.transactions + b.transactions,
                    deposits: a.deposits + b.deposits, withdrawals: a.withdrawals + b.withdrawals)
    }

    /// Never below zero: a store that says less than a block's records is repaired downwards.
    public static func - (a: ChainCounts, b: ChainCounts) -> ChainCounts {
        func sub(_ x: UInt64, _ y: UInt64) -> UInt64 { x >= y ? x - y : 0 }
        return ChainCounts(batches: sub(a.batches, b.batches), l2Blocks: sub(a.l2Blocks, b.l2Blocks),
                           transactions: sub(a.transactions, b.transactions), deposits: sub(a.deposits, b.deposits),
                           withdrawals: sub(a.withdrawals, b.withdrawals))
    }

    var encoded: [UInt8] {
        [batches, l2Blocks, transactions, deposits, withdrawals].flatMap(\.bigEndianBytes)
    }

    init?(encoded v: [UInt8]) {
        guard v.count == 40 else { return nil }
        let n = (0..<5).map { UInt64(bigEndianBytes: v, at: $0 * 8) }
        self.init(batches: n[0], l2Blocks: n[1], transactions: n[2], deposits: n[3], withdrawals: n[4])
    }

    /// `{"batches", "l2Blocks", "transactions", "deposits", "withdrawals"}` as JSON numbers.
    public var json: JSONValue {
        .object([("batches", .number(batches)), ("l2Blocks", .number(l2Blocks)), ("transactions", .number(transactions)),
                 ("deposits", .number(deposits)), ("withdrawals", .number(withdrawals))])
    }
}

extension UInt64 {
    var bigEndianBytes: [UInt8] { withUnsafeBytes(of: bigEndian) { Array($0) } }

    init(bigEndianBytes bytes: [UInt8], at offset: Int) {
        var v: UInt64 = 0
        for i in offset..<(offset + 8) { v = v << 8 | UInt64(bytes[i]) }
        self = v
    }
}

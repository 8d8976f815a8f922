import RollportToolkit

/// The batch queue's verdict on a batch, as op-node's `CheckBatch` / `checkSpanBatch` give it,
/// plus `undecided` for a verdict that needs data this caller does not have.
public enum ValidityLabel: String, Sendable, Equatable, CaseIterable, CustomStringConvertible {
    /// Every rule that could be checked passed, and none was left unchecked.
    case accept
    /// The batch breaks a rule: derivation discards it.
    case drop
    /// Before Holocene: the batch is for a later L2 block; derivation buffers it.
    case future
    /// Since Holocene: the batch is for L2 blocks already derived; derivation skips it.
    case past
    /// No rule failed, but one could not be checked (named by the verdict's rule).
    case undecided

    public var description: String { rawValue }
}

/// The rule that decided a verdict. The raw values are stable names for records and tests.
public enum ValidityRule: String, Sendable, Equatable, CaseIterable, CustomStringConvertible {
    case allChecksPassed = "all-checks-passed"
    // Decisive rules.
    case spanBatchBeforeDelta = "span-batch-before-delta"
    case timestampOrder = "timestamp-order"
    case parentHash = "parent-hash"
    case spanEndBeforeNextBlock = "span-end-before-next-block"
    case sequencingWindow = "sequencing-window"
    case epochTooOld = "epoch-too-old"
    case epochSkipped = "epoch-skipped"
    case l1OriginHash = "l1-origin-hash"
    case timestampBeforeL1Origin = "timestamp-before-l1-origin"
    case sequencerDrift = "sequencer-drift"
    case emptyTransaction = "transaction-empty"
    case depositTransaction = "transaction-deposit"
    case unsupportedTransactionType = "transaction-type"
    case setCodeBeforeIsthmus = "set-code-before-isthmus"
    case jovianActivationWithTransactions = "jovian-activation-block-transactions"
    case spanOverlapMismatch = "span-overlap-mismatch"
    // Rules that need data the caller lacks: they make a verdict `undecided`.
    case safeHeadUnknown = "safe-head-unknown"
    case parentHashNeedsL2 = "parent-hash-needs-l2"
    case inclusionBlockUnknown = "inclusion-block-unknown"
    case l1OriginHashUnknown = "l1-origin-hash-unknown"
    case l1OriginTimeUnknown = "l1-origin-time-unknown"
    case nextL1OriginUnknown = "next-l1-origin-unknown"
    case overlappedBlockUnknown = "overlapped-block-unknown"

    public var description: String {
        switch self {
        case .allChecksPassed: return "every batch-queue rule was checked and passed"
        case .spanBatchBeforeDelta: return "span batches are valid only from Delta (by the batch's timestamp)"
        case .timestampOrder: return "the batch must start at the next L2 timestamp (safe head + block time)"
        case .parentHash: return "the batch's parent hash (span: parent_check, its first 20 bytes) must be the hash of the L2 block before it"
        case .spanEndBeforeNextBlock: return "the span batch ends before the next L2 block"
        case .sequencingWindow: return "the batch's epoch + sequencing window must not be below the L1 inclusion block"
        case .epochTooOld: return "the batch's L1 origin is older than the safe head's"
        case .epochSkipped: return "the L1 origin may advance by at most one block from the safe head's"
        case .l1OriginHash: return "the batch's L1 origin hash (or l1_origin_check) must match the canonical L1 block"
        case .timestampBeforeL1Origin: return "an L2 block's timestamp must not be before its L1 origin's"
        case .sequencerDrift: return "an L2 block with transactions must not be more than the max sequencer drift after its L1 origin; an empty one only while the next origin is not yet due"
        case .emptyTransaction: return "a batch transaction is empty"
        case .depositTransaction: return "batches must not carry deposit (0x7e) transactions"
        case .unsupportedTransactionType: return "a batch transaction has a type the chain does not accept"
        case .setCodeBeforeIsthmus: return "set-code (type 4) transactions are accepted only from Isthmus"
        case .jovianActivationWithTransactions: return "the Jovian activation block must carry no sequencer transactions"
        case .spanOverlapMismatch: return "span blocks already derived must repeat their L1 origin and transactions"
        case .safeHeadUnknown: return "no L2 block was derived before this batch here, so the timestamp, parent and epoch order cannot be checked"
        case .parentHashNeedsL2: return "the parent hash / parent_check compares against L2 block hashes, which need an L2 source (an L2 RPC); none is configured"
        case .inclusionBlockUnknown: return "the L1 block that included the batch is unknown, so the sequencing window cannot be checked"
        case .l1OriginHashUnknown: return "the L1 origin block's hash is not among the L1 blocks seen"
        case .l1OriginTimeUnknown: return "the L1 origin block's timestamp is not among the L1 blocks seen"
        case .nextL1OriginUnknown: return "an empty block past the drift needs the next L1 origin's timestamp, which is not among the L1 blocks seen"
        case .overlappedBlockUnknown: return "the span batch overlaps L2 blocks whose contents were not derived here"
        }
    }

    /// True for the rules that leave a verdict undecided rather than deciding it.
    public var needsMoreData: Bool {
        switch self {
        case .safeHeadUnknown, .parentHashNeedsL2, .inclusionBlockUnknown, .l1OriginHashUnknown, .l1OriginTimeUnknown,
             .nextL1OriginUnknown, .overlappedBlockUnknown: return true
        default: return false
        }
    }
}

/// A verdict: the label, the rule that decided it, where, and what could not be checked.
public struct ValidityVerdict: Sendable, Equatable, CustomStringConvertible {
    public var label: ValidityLabel
    public var rule: ValidityRule
    /// What exactly failed (values compared), for people.
    public var detail: String
    /// The block of the batch the rule failed on (0 for a singular batch), when block-specific.
    public var blockIndex: Int?
    /// Rules that could not be checked, in the order they were met.
    public var unchecked: [ValidityRule]

    public var description: String { "\(label) (\(rule.rawValue))\(detail.isEmpty ? "" : ": \(detail)")" }
}

/// An L1 block as far as validity needs it.
public struct KnownL1Block: Sendable, Equatable {
    public var hash: Hash32
    public var timestamp: UInt64
    public init(hash: Hash32, timestamp: UInt64) { self.hash = hash; self.timestamp = timestamp }
}

/// An L2 block derived before: the safe head, or a block a span batch may overlap.
public struct DerivedBlockSummary: Sendable, Equatable {
    public var number: UInt64
    public var timestamp: UInt64
    public var l1OriginNumber: UInt64
    public var transactionHashes: [Hash32]
    public init(number: UInt64, timestamp: UInt64, l1OriginNumber: UInt64, transactionHashes: [Hash32]) {
        self.number = number; self.timestamp = timestamp; self.l1OriginNumber = l1OriginNumber
        self.transactionHashes = transactionHashes
    }
}

/// What the batch queue would know when the batch arrives. Lookups return nil for what was not
/// seen; the verdict then names the rule it could not check.
public struct ValidityContext: Sendable {
    public var config: RollupConfig
    /// The L1 block in which the batch became complete (number and timestamp), when known.
    public var inclusionBlockNumber: UInt64?
    public var inclusionTimestamp: UInt64?
    /// The last L2 block derived before this batch.
    public var safeHead: DerivedBlockSummary?
    public var l1Block: @Sendable (UInt64) -> KnownL1Block?
    /// Derived L2 blocks by number, for span batches that overlap them.
    public var derivedBlock: @Sendable (UInt64) -> DerivedBlockSummary?
    /// L2 block hashes by number, from an L2 source; nil when there is none (the parent checks
    /// are then left undecided).
    public var l2BlockHash: (@Sendable (UInt64) -> Hash32?)?

    public init(config: RollupConfig, inclusionBlockNumber: UInt64? = nil, inclusionTimestamp: UInt64? = nil,
                safeHead: DerivedBlockSummary? = nil,
                l1Block: @escaping @Sendable (UInt64) -> KnownL1Block? = { _ in nil },
                derivedBlock: @escaping @Sendable (UInt64) -> DerivedBlockSummary? = { _ in nil },
                l2BlockHash: (@Sendable (UInt64) -> Hash32?)? = nil) {
        self.config = config; self.inclusionBlockNumber = inclusionBlockNumber; self.inclusionTimestamp = inclusionTimestamp
        self.safeHead = safeHead; self.l1Block = l1Block; self.derivedBlock = derivedBlock; self.l2BlockHash = l2BlockHash
    }

    /// Holocene is gated by the L1 inclusion block's timestamp; without it, by the batch's own.
    func holocene(batchTimestamp: UInt64) -> Bool {
        config.isActive(.holocene, timestamp: inclusionTimestamp ?? batchTimestamp)
    }
}

/// The batch queue's rules (pre-Holocene and Holocene) applied to one decoded batch.
public enum BatchValidity {
    /// Checks `batch`, whose L2 blocks are `blocks` (as `Batch.blocks(config:)` gives them).
    public static func check(_ batch: Batch, blocks: [DerivedL2Block], context: ValidityContext) -> ValidityVerdict {
        var run = Run(context: context)
        run.check(batch, blocks: blocks)
        return run.verdict
    }

    struct Run {
        let context: ValidityContext
        var config: RollupConfig { context.config }
        var failure: ValidityVerdict?
        var unchecked: [(ValidityRule, String, Int?)] = []

        init(context: ValidityContext) { self.context = context }

        var verdict: ValidityVerdict {
            let names = unchecked.map(\.0)
            if var failure { failure.unchecked = names; return failure }
            // Name the missing data the caller could supply before the L2 hashes, which the
            // adapter can never have without an L2 source.
            if let first = unchecked.first(where: { $0.0 != .parentHashNeedsL2 }) ?? unchecked.first {
                return ValidityVerdict(label: .undecided, rule: first.0, detail: first.1, blockIndex: first.2, unchecked: names)
            }
            return ValidityVerdict(label: .accept, rule: .allChecksPassed, detail: "", blockIndex: nil, unchecked: [])
        }

        /// Records the first decisive failure; later ones are not looked at.
        mutating func fail(_ label: ValidityLabel, _ rule: ValidityRule, _ detail: String, block: Int? = nil) {
            if failure == nil { failure = ValidityVerdict(label: label, rule: rule, detail: detail, blockIndex: block, unchecked: []) }
        }

        mutating func cannotCheck(_ rule: ValidityRule, _ detail: String, block: Int? = nil) {
            if !unchecked.contains(where: { $0.0 == rule }) { unchecked.append((rule, detail, block)) }
        }

        mutating func check(_ batch: Batch, blocks: [DerivedL2Block]) {
            guard let first = blocks.first, let last = blocks.last else {
                fail(.drop, .timestampOrder, "the batch describes no L2 block")
                return
            }
            let isSpan: Bool
            if case .span = batch { isSpan = true } else { isSpan = false }
            let holocene = context.holocene(batchTimestamp: first.timestamp)

            if isSpan, !config.isActive(.delta, timestamp: first.timestamp) {
                fail(.drop, .spanBatchBeforeDelta, "first block timestamp \(first.timestamp) is before Delta (\(config.forkTimes[.delta].map(String.init) ?? "not scheduled"))")
            }

            // Order against the safe head.
            var overlapping = 0
            if let head = context.safeHead {
                let next = head.timestamp &+ config.blockTime
                if first.timestamp > next {
                    fail(holocene ? .drop : .future, .timestampOrder,
                         "batch starts at \(first.timestamp), the next L2 block is at \(next) (safe head #\(head.number))", block: 0)
                } else if last.timestamp < next {
                    if isSpan {
                        fail(holocene ? .past : .drop, .spanEndBeforeNextBlock, "span ends at \(last.timestamp), the next L2 block is at \(next)")
                    } else {
                        fail(holocene ? .past : .drop, .timestampOrder, "batch is at \(first.timestamp), the next L2 block is at \(next)", block: 0)
                    }
                } else if first.timestamp < next {
                    overlapping = blocks.prefix { $0.timestamp < next }.count
                }
                // Epoch order: the first new block's origin against the safe head's.
                let firstNew = blocks[overlapping]
                let parentOrigin = head.l1OriginNumber
                if firstNew.l1OriginNumber < parentOrigin {
                    fail(.drop, .epochTooOld, "L1 origin \(firstNew.l1OriginNumber) is older than the safe head's \(parentOrigin)", block: overlapping)
                } else if firstNew.l1OriginNumber > parentOrigin &+ 1 {
                    fail(.drop, .epochSkipped, "L1 origin \(firstNew.l1OriginNumber) skips past \(parentOrigin) + 1", block: overlapping)
                }
            } else {
                cannotCheck(.safeHeadUnknown, "no L2 block before #\(first.number) was derived here")
            }
            checkParent(batch, first: first)

            // Sequencing window, on the first block's epoch.
            if let inclusion = context.inclusionBlockNumber {
                if first.l1OriginNumber &+ config.sequencingWindowSize < inclusion {
                    fail(.drop, .sequencingWindow,
                         "epoch \(first.l1OriginNumber) + window \(config.sequencingWindowSize) < inclusion block \(inclusion)", block: 0)
                }
            } else {
                cannotCheck(.inclusionBlockUnknown, "the item carries no L1 block")
            }

            // The L1 origin hash: a singular batch names it, a span batch checks its last block's.
            switch batch {
            case .singular(let b):
                checkOriginHash(number: b.epochNumber, expected: b.epochHash.bytes, prefix: false)
            case .span(let b):
                checkOriginHash(number: b.l1OriginNumber, expected: b.l1OriginCheck, prefix: true)
            }

            for (i, block) in blocks.enumerated() {
                checkBlock(block, index: i, in: blocks, isSpan: isSpan, overlapping: i < overlapping)
            }
        }

        mutating func checkParent(_ batch: Batch, first: DerivedL2Block) {
            let parentNumber = first.number &- 1
            let expected: [UInt8]
            switch batch {
            case .singular(let b): expected = b.parentHash.bytes
            case .span(let b): expected = b.parentCheck
            }
            guard let lookup = context.l2BlockHash, let hash = lookup(parentNumber) else {
                cannotCheck(.parentHashNeedsL2, "needs the hash of L2 block #\(parentNumber)")
                return
            }
            if Array(hash.bytes.prefix(expected.count)) != expected {
                fail(.drop, .parentHash, "L2 block #\(parentNumber) is \(hash); the batch says \(Hex.encode(expected))", block: 0)
            }
        }

        mutating func checkOriginHash(number: UInt64, expected: [UInt8], prefix: Bool) {
            guard let known = context.l1Block(number) else {
                cannotCheck(.l1OriginHashUnknown, "L1 block \(number) was not seen")
                return
            }
            let actual = prefix ? Array(known.hash.bytes.prefix(expected.count)) : known.hash.bytes
            if actual != expected {
                fail(.drop, .l1OriginHash, "L1 block \(number) is \(known.hash); the batch says \(Hex.encode(expected))")
            }
        }

        mutating func checkBlock(_ block: DerivedL2Block, index i: Int, in blocks: [DerivedL2Block], isSpan: Bool, overlapping: Bool) {
            if overlapping {
                guard let derived = context.derivedBlock(block.number) else {
                    cannotCheck(.overlappedBlockUnknown, "L2 block #\(block.number) was not derived here", block: i)
                    return
                }
                if derived.l1OriginNumber != block.l1OriginNumber || derived.transactionHashes != block.transactionHashes {
                    fail(.drop, .spanOverlapMismatch,
                         "L2 block #\(block.number): origin \(block.l1OriginNumber) and \(block.transactionHashes.count) txs, derived origin \(derived.l1OriginNumber) and \(derived.transactionHashes.count) txs", block: i)
                }
                return
            }
            if let origin = context.l1Block(block.l1OriginNumber) {
                if block.timestamp < origin.timestamp {
                    fail(.drop, .timestampBeforeL1Origin, "L2 block #\(block.number) at \(block.timestamp) is before its L1 origin \(block.l1OriginNumber) at \(origin.timestamp)", block: i)
                }
                let drift = config.maxSequencerDrift(l1OriginTimestamp: origin.timestamp)
                if block.timestamp > origin.timestamp &+ drift {
                    if !block.transactions.isEmpty {
                        fail(.drop, .sequencerDrift, "L2 block #\(block.number) at \(block.timestamp) carries \(block.transactions.count) txs past its origin's time \(origin.timestamp) + drift \(drift)", block: i)
                    } else if !advancesOrigin(index: i, in: blocks) {
                        // An empty block may exceed the drift only while the next origin is not
                        // due. One that advances its origin is always allowed: epochs must be
                        // able to advance whatever the drift (op-node's batch queue).
                        if let nextOrigin = context.l1Block(block.l1OriginNumber &+ 1) {
                            if block.timestamp >= nextOrigin.timestamp {
                                fail(.drop, .sequencerDrift, "empty L2 block #\(block.number) past the drift kept origin \(block.l1OriginNumber) although L1 block \(block.l1OriginNumber + 1) (at \(nextOrigin.timestamp)) was due", block: i)
                            }
                        } else {
                            cannotCheck(.nextL1OriginUnknown, "L1 block \(block.l1OriginNumber &+ 1) was not seen", block: i)
                        }
                    }
                }
            } else {
                cannotCheck(.l1OriginTimeUnknown, "L1 block \(block.l1OriginNumber) was not seen", block: i)
            }
            checkTransactions(block, index: i, blocks: blocks)
        }

        /// Whether block `i` has a newer L1 origin than the block before it.
        func advancesOrigin(index i: Int, in blocks: [DerivedL2Block]) -> Bool {
            if i > 0 { return blocks[i].l1OriginNumber > blocks[i - 1].l1OriginNumber }
            if let bit = blocks[i].startsEpoch { return bit }
            if let head = context.safeHead { return blocks[i].l1OriginNumber > head.l1OriginNumber }
            return false
        }

        mutating func checkTransactions(_ block: DerivedL2Block, index i: Int, blocks: [DerivedL2Block]) {
            let isthmus = config.isActive(.isthmus, timestamp: block.timestamp)
            for (k, tx) in block.transactions.enumerated() {
                guard let type = tx.first else {
                    fail(.drop, .emptyTransaction, "L2 block #\(block.number) transaction \(k) is empty", block: i)
                    return
                }
                if type >= 0xc0 { continue }
                switch type {
                case 0x01, 0x02: continue
                case 0x04 where isthmus: continue
                case 0x04:
                    fail(.drop, .setCodeBeforeIsthmus, "L2 block #\(block.number) transaction \(k) is type 4 at \(block.timestamp), before Isthmus", block: i)
                case 0x7e:
                    fail(.drop, .depositTransaction, "L2 block #\(block.number) transaction \(k) is a deposit", block: i)
                default:
                    fail(.drop, .unsupportedTransactionType, "L2 block #\(block.number) transaction \(k) has type 0x\(Hex.encode([type], prefix: false))", block: i)
                }
                return
            }
            if !block.transactions.isEmpty, let jovian = config.forkTimes[.jovian], jovian > config.genesisL2Time,
               block.timestamp >= jovian, block.timestamp < jovian &+ config.blockTime {
                fail(.drop, .jovianActivationWithTransactions, "L2 block #\(block.number) is the Jovian activation block and carries \(block.transactions.count) txs", block: i)
            }
        }
    }
}

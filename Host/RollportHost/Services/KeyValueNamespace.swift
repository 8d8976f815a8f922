import Synchronization

/// An adapter's private key-value namespace (`rollport.host.kv/1`). Writes made while a block is
/// being delivered are journaled under that block, so that reverting the block restores exactly
/// the values it replaced. Kept in memory; the follower persists it with the block's records.
public final class KeyValueNamespace: Sendable {
    public static let maxKeyBytes = 1024
    public static let maxValueBytes = 16 << 20

    private struct State {
        var values: [[UInt8]: [UInt8]] = [:]
        var currentBlock: UInt64?
        /// (block, key, value before the write) in write order.
        var journal: [(UInt64, [UInt8], [UInt8]?)] = []
    }

    private let state = Mutex(State())

    public init() {}

    /// A namespace holding `contents`, as persisted by the store after the last block it kept.
    public init(contents: [[UInt8]: [UInt8]]) {
        state.withLock { $0.values = contents }
    }

    /// One key a block changed: its value before the block's first write and after its last.
    public struct Change: Sendable, Equatable {
        public var key: [UInt8]
        public var before: [UInt8]?
        public var after: [UInt8]?

        public init(key: [UInt8], before: [UInt8]?, after: [UInt8]?) {
            self.key = key; self.before = before; self.after = after
        }
    }

    /// What `block` changed, one entry per key in the order of first write; keys written back
    /// to their old value are left out.
    public func changes(of block: UInt64) -> [Change] {
        state.withLock { s in
            var seen = Set<[UInt8]>()
            var out = [Change]()
            // The block's entries are the newest ones: walk back to where they start.
            var start = s.journal.count
            while start > 0, s.journal[start - 1].0 == block { start -= 1 }
            for (_, key, before) in s.journal[start...] where seen.insert(key).inserted {
                let after = s.values[key]
                if after != before { out.append(Change(key: key, before: before, after: after)) }
            }
            return out
        }
    }

    /// Undoes `block` from values the caller kept (the store's undo records, which outlive the
    /// process, unlike this journal): sets each key back and drops the block's journal entries.
    public func revert(block: UInt64, restoring values: [(key: [UInt8], value: [UInt8]?)]) {
        state.withLock { s in
            while let last = s.journal.last, last.0 == block { s.journal.removeLast() }
            for (key, value) in values { s.values[key] = value }
        }
    }

    /// Every key and value, for tests and the store's checks.
    public var contents: [[UInt8]: [UInt8]] { state.withLock { $0.values } }

    public func get(_ key: [UInt8]) -> [UInt8]? {
        state.withLock { $0.values[key] }
    }

    /// Writes outside a block are not journaled: they live until the process ends.
    public func put(_ key: [UInt8], _ value: [UInt8]?) {
        state.withLock { s in
            if let block = s.currentBlock { s.journal.append((block, key, s.values[key])) }
            s.values[key] = value
        }
    }

    public func begin(block: UInt64?) { state.withLock { $0.currentBlock = block } }

    /// Undoes every write journaled under `block`.
    public func revert(block: UInt64) {
        state.withLock { s in
            while let last = s.journal.last, last.0 == block {
                s.journal.removeLast()
                s.values[last.1] = last.2
            }
        }
    }

    /// Forgets the undo records of blocks up to `block`: they can no longer be reverted (they
    /// are final, or deeper than any reorg the follower handles).
    public func finalize(through block: UInt64) {
        state.withLock { s in s.journal.removeAll { $0.0 <= block } }
    }

    /// How many undo records are kept.
    public var journalCount: Int { state.withLock { $0.journal.count } }

    public var count: Int { state.withLock { $0.values.count } }
}

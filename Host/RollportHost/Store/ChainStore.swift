import RollportToolkit
import Synchronization

/// Where a stored record came from on L1.
public struct RecordLocation: Sendable, Equatable {
    public var blockNumber: UInt64
    public var blockHash: Hash32
    public var transactionHash: Hash32?
    public var logIndex: UInt32?

    public init(blockNumber: UInt64, blockHash: Hash32, transactionHash: Hash32? = nil, logIndex: UInt32? = nil) {
        self.blockNumber = blockNumber; self.blockHash = blockHash
        self.transactionHash = transactionHash; self.logIndex = logIndex
    }
}

/// A record as the store keeps it: the adapter's record in the common envelope.
public struct StoredRecord: Sendable, Equatable {
    public var record: Record
    public var location: RecordLocation

    public init(record: Record, location: RecordLocation) {
        self.record = record; self.location = location
    }

    /// `{"kind", "chain", "adapter", "key"?, "l1": {"blockNumber", "blockHash", "transactionHash"?, "logIndex"?}, "details"}`.
    public var json: JSONValue {
        var l1: [(String, JSONValue)] = [("blockNumber", .number(location.blockNumber)), ("blockHash", .string(location.blockHash.description))]
        if let tx = location.transactionHash { l1.append(("transactionHash", .string(tx.description))) }
        if let index = location.logIndex { l1.append(("logIndex", .number(index))) }
        var members: [(String, JSONValue)] = [("kind", .string(record.kind)), ("chain", .string(record.chain)), ("adapter", .string(record.adapter))]
        if !record.key.isEmpty { members.append(("key", .string(Hex.encode(record.key)))) }
        members += [("l1", .object(l1)), ("details", record.details)]
        return .object(members)
    }

    public var counts: ChainCounts { ChainCounts(kind: record.kind, details: record.details) }
}

/// A stored header of the recent, hash-linked chain.
public struct StoredHeader: Sendable, Equatable {
    public var number: UInt64
    public var hash: Hash32
    public var parentHash: Hash32
    public var timestamp: UInt64
}

/// Everything one L1 block adds to the store, written in one atomic batch with the cursor.
public struct BlockCommit: Sendable {
    public var header: L1Header
    public var records: [StoredRecord]
    /// Each adapter's key-value changes during the block, by adapter id.
    public var keyValueChanges: [(adapter: String, changes: [KeyValueNamespace.Change])]
    /// Each adapter's finished height after the block (rollport.l1-ingest/1 commit).
    public var finished: [String: UInt64]
    /// Blocks up to this one are final: their undo data goes in the same batch.
    public var finalThrough: UInt64?

    public init(header: L1Header, records: [StoredRecord] = [], keyValueChanges: [(adapter: String, changes: [KeyValueNamespace.Change])] = [],
                finished: [String: UInt64] = [:], finalThrough: UInt64? = nil) {
        self.header = header; self.records = records; self.keyValueChanges = keyValueChanges
        self.finished = finished; self.finalThrough = finalThrough
    }
}

/// A summary of everything stored, for comparing two stores.
public struct StoreDigest: Sendable, Equatable, CustomStringConvertible {
    /// Keccak-256 over every key and value in key order, each length-prefixed.
    public var hash: Hash32
    public var keys: Int
    public var records: Int
    public var keyValueEntries: Int
    public var headers: Int
    public var undoEntries: Int

    public var description: String {
        "\(hash) (\(keys) keys: \(records) records, \(keyValueEntries) kv entries, \(headers) headers, \(undoEntries) undo entries)"
    }
}

/// The follower's store: one LevelDB directory holding the cursor, the recent header chain,
/// the records of every block, the adapters' key-value namespaces with per-block undo data,
/// per-chain counts and each adapter's finished height.
///
/// Layout (one-byte prefixes; numbers are 8 bytes big-endian so that keys sort by block):
///
///     m version | m l1ChainId     layout version (4 bytes), the L1 chain id (8),
///     m final                     the newest final block (8): no revert reaches it
///     c                           cursor: number (8) ‖ hash (32) of the last block stored
///     h <number>                  header: hash (32) ‖ parentHash (32) ‖ timestamp (8); kept
///                                 for blocks that may still be reverted, and the newest final one
///     r <number> <seq:4>          a record of that block: its JSON envelope
///     k <adapter> 0x00 <key>      an adapter's kv value
///     u <number> <seq:4>          undo of a kv write of that block: adapter and key with the
///                                 value before the block (dropped once the block is final)
///     n <chain>                   counts: batches, l2Blocks, transactions, deposits, withdrawals (8 each)
///     f <adapter>                 the adapter's finished height (8)
///     t, x, b                     lookups by L1 transaction, by id and batch summaries
///                                 (`RecordIndex`), written and reverted with their records
///
/// A block's records, undo data and header all sit under its number, so reverting it deletes
/// exactly what it added and puts back what its kv writes replaced.
public final class ChainStore: Sendable {
    /// 2 added the lookups of `RecordIndex`; a version 1 store gets them when opened.
    public static let layoutVersion: UInt32 = 2

    public let database: LevelDB
    public var directory: String { database.directory }

    private struct State {
        var cursor: (number: UInt64, hash: Hash32)?
        var counts: [String: ChainCounts] = [:]
        var finished: [String: UInt64] = [:]
        /// Blocks up to this one are final.
        var final: UInt64?
        /// Each chain's newest batch summary, read once and then kept current by commits;
        /// a revert forgets it.
        var lastBatch: [String: [UInt8]?] = [:]
        /// Counts commits and reverts, so that a read racing one does not cache what it replaced.
        var generation = 0
    }

    private let state: Mutex<State>

    enum Prefix {
        static let meta = UInt8(ascii: "m")
        static let cursor = UInt8(ascii: "c")
        static let header = UInt8(ascii: "h")
        static let record = UInt8(ascii: "r")
        static let keyValue = UInt8(ascii: "k")
        static let undo = UInt8(ascii: "u")
        static let counts = UInt8(ascii: "n")
        static let finished = UInt8(ascii: "f")
    }

    static let versionKey = [Prefix.meta] + Array("version".utf8)
    static let chainKey = [Prefix.meta] + Array("l1ChainId".utf8)
    static let finalKey = [Prefix.meta] + Array("final".utf8)

    static func blockKey(_ prefix: UInt8, _ number: UInt64) -> [UInt8] { [prefix] + number.bigEndianBytes }
    static func blockKey(_ prefix: UInt8, _ number: UInt64, _ seq: Int) -> [UInt8] {
        [prefix] + number.bigEndianBytes + withUnsafeBytes(of: UInt32(truncatingIfNeeded: seq).bigEndian) { Array($0) }
    }
    /// The block number and sequence a record key (`r <number> <seq>`) names.
    static func recordPosition(_ key: [UInt8]) -> (number: UInt64, seq: Int)? {
        guard key.count == 13, key.first == Prefix.record else { return nil }
        return (UInt64(bigEndianBytes: key, at: 1), Int(UInt32(key[9]) << 24 | UInt32(key[10]) << 16 | UInt32(key[11]) << 8 | UInt32(key[12])))
    }

    static func keyValueKey(adapter: String, _ key: [UInt8]) -> [UInt8] { [Prefix.keyValue] + Array(adapter.utf8) + [0] + key }

    /// Opens (creating when missing) the store in `directory`. `l1ChainID`, when given, must be
    /// the chain the store was made for; a new store remembers it.
    public init(directory: String, l1ChainID: UInt64? = nil) throws(StoreError) {
        let db = try LevelDB(directory: directory)
        database = db
        var initial = State()
        var setup = WriteBatch()
        if let v = try db.get(Self.versionKey) {
            let version = v.count == 4 ? v.reduce(UInt32(0)) { $0 << 8 | UInt32($1) } : 0
            if version == 1 {
                do { try Self.addIndexes(db) } catch {
                    db.close()
                    throw StoreError(.io, directory: directory, message: "adding the lookups of layout version 2: \(error)",
                                     fix: "check the directory is writable, or start with an empty one")
                }
            } else if version != Self.layoutVersion {
                db.close()
                throw StoreError(.incompatible, directory: directory, message: "the store's layout version is \(version); this rollport reads version \(Self.layoutVersion)",
                                 fix: "use the rollport that wrote it, or start with an empty directory")
            }
        } else {
            setup.put(Self.versionKey, withUnsafeBytes(of: Self.layoutVersion.bigEndian) { Array($0) })
        }
        do {
            if let c = try db.get([Prefix.cursor]) {
                guard c.count == 40, let hash = Hash32(bytes: c[8..<40]) else {
                    throw StoreError(.corrupt, directory: directory, message: "the cursor is \(c.count) bytes, not 40",
                                     fix: "move the directory aside and start again with an empty one")
                }
                initial.cursor = (UInt64(bigEndianBytes: c, at: 0), hash)
            }
            if let f = try db.get(Self.finalKey), f.count == 8 { initial.final = UInt64(bigEndianBytes: f, at: 0) }
            try db.scan(prefix: [Prefix.counts]) { key, value in
                let chain = String(decoding: key.dropFirst(), as: UTF8.self)
                guard let counts = ChainCounts(encoded: value) else {
                    throw StoreError(.corrupt, directory: directory, message: "the counts of chain \(chain) are \(value.count) bytes, not 40",
                                     fix: "move the directory aside and start again with an empty one")
                }
                initial.counts[chain] = counts
                return true
            }
            try db.scan(prefix: [Prefix.finished]) { key, value in
                if value.count == 8 { initial.finished[String(decoding: key.dropFirst(), as: UTF8.self)] = UInt64(bigEndianBytes: value, at: 0) }
                return true
            }
            if !setup.isEmpty { try db.write(setup, sync: true) }
        } catch let error as StoreError {
            db.close()
            throw error
        } catch {
            db.close()
            throw StoreError(.io, directory: directory, message: "\(error)", fix: "check the directory")
        }
        state = Mutex(initial)
        if let l1ChainID {
            do { try bind(l1ChainID: l1ChainID) } catch {
                db.close()
                throw error
            }
        }
    }

    /// The L1 chain the store holds: remembered on first use, and an error when it differs.
    public func bind(l1ChainID: UInt64) throws(StoreError) {
        if let stored = try database.get(Self.chainKey) {
            let id = stored.count == 8 ? UInt64(bigEndianBytes: stored, at: 0) : 0
            guard id == l1ChainID else {
                throw StoreError(.incompatible, directory: directory, message: "the store holds L1 chain \(id), the L1 source is chain \(l1ChainID)",
                                 fix: "point rollport at an L1 endpoint of chain \(id), or give another --datadir for chain \(l1ChainID)")
            }
        } else {
            var batch = WriteBatch()
            batch.put(Self.chainKey, l1ChainID.bigEndianBytes)
            try database.write(batch, sync: true)
        }
    }

    /// Releases the directory (another process may open it afterwards).
    public func close() { database.close() }

    // MARK: reading

    /// The last block stored, if any.
    public var cursor: (number: UInt64, hash: Hash32)? { state.withLock { $0.cursor } }

    public var counts: [String: ChainCounts] { state.withLock { $0.counts } }

    public var finishedHeights: [String: UInt64] { state.withLock { $0.finished } }

    /// The newest final block: reverts stop above it.
    public var finalBlock: UInt64? { state.withLock { $0.final } }

    public func header(_ number: UInt64) throws(StoreError) -> StoredHeader? {
        guard let v = try database.get(Self.blockKey(Prefix.header, number)) else { return nil }
        guard v.count == 72, let hash = Hash32(bytes: v[0..<32]), let parent = Hash32(bytes: v[32..<64]) else {
            throw StoreError(.corrupt, directory: directory, message: "the header of block \(number) is \(v.count) bytes, not 72",
                             fix: "move the directory aside and start again with an empty one")
        }
        return StoredHeader(number: number, hash: hash, parentHash: parent, timestamp: UInt64(bigEndianBytes: v, at: 64))
    }

    /// The summary (`BatchSummary`) of `chain`'s newest stored batch, as JSON text.
    public func lastBatchSummary(chain: String) throws -> [UInt8]? {
        let (cached, generation) = state.withLock { ($0.lastBatch[chain], $0.generation) }
        if let cached { return cached }
        let found = try database.last(prefix: RecordIndex.batchPrefix(chain: chain))?.value
        state.withLock { s in if s.generation == generation { s.lastBatch[chain] = .some(found) } }
        return found
    }

    /// An adapter's key-value namespace as stored.
    public func keyValues(adapter: String) throws -> [[UInt8]: [UInt8]] {
        let prefix = Self.keyValueKey(adapter: adapter, [])
        var out = [[UInt8]: [UInt8]]()
        try database.scan(prefix: prefix) { key, value in
            out[Array(key[prefix.count...])] = value
            return true
        }
        return out
    }

    /// The records of `block`, in the order they were emitted, as their JSON envelopes.
    public func records(block: UInt64) throws -> [JSONValue] {
        var out = [JSONValue]()
        try database.scan(prefix: Self.blockKey(Prefix.record, block)) { key, value in
            out.append(try Self.parseRecord(value, key: key, directory: directory))
            return true
        }
        return out
    }

    static func parseRecord(_ value: [UInt8], key: [UInt8], directory: String) throws(StoreError) -> JSONValue {
        do { return try JSONValue.parse(value) } catch {
            throw StoreError(.corrupt, directory: directory, message: "record \(Hex.encode(key)): \(error)",
                             fix: "move the directory aside and start again with an empty one")
        }
    }

    // MARK: writing

    /// Stores one block: its header, records, the adapters' kv writes with their undo data,
    /// the counts, the finished heights and the cursor, in one atomic write.
    public func commit(_ block: BlockCommit, sync: Bool) throws {
        let number = block.header.number
        var batch = WriteBatch()
        batch.put(Self.blockKey(Prefix.header, number), block.header.hash.bytes + block.header.parentHash.bytes + block.header.timestamp.bigEndianBytes)
        var delta = [String: ChainCounts]()
        var batchSummaries = [String: [UInt8]]()
        for (i, stored) in block.records.enumerated() {
            let envelope = stored.json
            batch.put(Self.blockKey(Prefix.record, number, i), Array(envelope.compact.utf8))
            for entry in RecordIndex.entries(envelope: envelope, number: number, seq: i) {
                batch.put(entry.key, entry.value)
                if entry.key.first == RecordIndex.Prefix.batch { batchSummaries[stored.record.chain] = entry.value }
            }
            let c = stored.counts
            if !c.isZero { delta[stored.record.chain, default: ChainCounts()] = delta[stored.record.chain, default: ChainCounts()] + c }
        }
        var undo = 0
        for (adapter, changes) in block.keyValueChanges {
            for change in changes {
                let key = Self.keyValueKey(adapter: adapter, change.key)
                if let after = change.after { batch.put(key, after) } else { batch.delete(key) }
                batch.put(Self.blockKey(Prefix.undo, number, undo), UndoEntry(adapter: adapter, key: change.key, before: change.before).encoded)
                undo += 1
            }
        }
        let (counts, finished, oldFinal) = state.withLock { s in (s.counts, s.finished, s.final) }
        var newFinal = oldFinal
        if let final = block.finalThrough {
            try prune(through: final, into: &batch)
            if final > (oldFinal ?? 0) || oldFinal == nil {
                newFinal = final
                batch.put(Self.finalKey, final.bigEndianBytes)
            }
        }
        var newCounts = counts
        for (chain, d) in delta.sorted(by: { $0.key < $1.key }) {
            let total = (counts[chain] ?? ChainCounts()) + d
            newCounts[chain] = total
            batch.put([Prefix.counts] + Array(chain.utf8), total.encoded)
        }
        var newFinished = finished
        for (adapter, height) in block.finished.sorted(by: { $0.key < $1.key }) where finished[adapter] != height {
            newFinished[adapter] = height
            batch.put([Prefix.finished] + Array(adapter.utf8), height.bigEndianBytes)
        }
        batch.put([Prefix.cursor], number.bigEndianBytes + block.header.hash.bytes)
        try database.write(batch, sync: sync)
        state.withLock { s in
            s.cursor = (number, block.header.hash)
            s.counts = newCounts
            s.finished = newFinished
            s.final = newFinal
            for (chain, summary) in batchSummaries { s.lastBatch[chain] = summary }
            s.generation += 1
        }
    }

    /// Removes the newest block (the cursor's): its records, header and kv writes, with the
    /// replaced values put back, in one atomic write. Returns, by adapter, the kv values
    /// restored, for the adapters' in-memory namespaces.
    @discardableResult
    public func revertNewest(sync: Bool) throws -> [String: [(key: [UInt8], value: [UInt8]?)]] {
        guard let cursor = self.cursor else {
            throw StoreError(.incompatible, directory: directory, message: "nothing to revert: the store holds no block", fix: "this is a bug in the caller")
        }
        let number = cursor.number
        let final = state.withLock { $0.final }
        guard final.map({ number > $0 }) ?? true, let header = try header(number), header.hash == cursor.hash else {
            throw StoreError(.final, directory: directory, message: "block \(number) has no stored header: it is final or was never stored, and cannot be reverted",
                             fix: "L1 reorganised deeper than the safe depth: move the directory aside and resync, or raise the safe depth")
        }
        var batch = WriteBatch()
        var delta = [String: ChainCounts]()
        try database.scan(prefix: Self.blockKey(Prefix.record, number)) { key, value in
            let json = try Self.parseRecord(value, key: key, directory: directory)
            if let kind = json["kind"]?.stringValue, let chain = json["chain"]?.stringValue, let details = json["details"] {
                let c = ChainCounts(kind: kind, details: details)
                if !c.isZero { delta[chain, default: ChainCounts()] = delta[chain, default: ChainCounts()] + c }
            }
            batch.delete(key)
            if let (_, seq) = Self.recordPosition(key) {
                for entry in RecordIndex.entries(envelope: json, number: number, seq: seq) { batch.delete(entry.key) }
            }
            return true
        }
        var entries = [UndoEntry]()
        try database.scan(prefix: Self.blockKey(Prefix.undo, number)) { key, value in
            guard let entry = UndoEntry(encoded: value) else {
                throw StoreError(.corrupt, directory: directory, message: "undo entry \(Hex.encode(key)) does not decode",
                                 fix: "move the directory aside and start again with an empty one")
            }
            entries.append(entry)
            batch.delete(key)
            return true
        }
        // Newest write first, so that a key written twice ends at its oldest value.
        var restored = [String: [(key: [UInt8], value: [UInt8]?)]]()
        for entry in entries.reversed() {
            let key = Self.keyValueKey(adapter: entry.adapter, entry.key)
            if let before = entry.before { batch.put(key, before) } else { batch.delete(key) }
            restored[entry.adapter, default: []].append((entry.key, entry.before))
        }
        batch.delete(Self.blockKey(Prefix.header, number))
        let (counts, finished) = state.withLock { s in (s.counts, s.finished) }
        var newCounts = counts
        for (chain, d) in delta.sorted(by: { $0.key < $1.key }) {
            let total = (counts[chain] ?? ChainCounts()) - d
            newCounts[chain] = total
            batch.put([Prefix.counts] + Array(chain.utf8), total.encoded)
        }
        var newFinished = finished
        for (adapter, height) in finished.sorted(by: { $0.key < $1.key }) where height >= number {
            newFinished[adapter] = number - 1
            batch.put([Prefix.finished] + Array(adapter.utf8), (number - 1).bigEndianBytes)
        }
        batch.put([Prefix.cursor], (number - 1).bigEndianBytes + header.parentHash.bytes)
        try database.write(batch, sync: sync)
        state.withLock { s in
            s.cursor = (number - 1, header.parentHash)
            s.counts = newCounts
            s.finished = newFinished
            s.lastBatch = [:]
            s.generation += 1
        }
        return restored
    }

    /// Drops the undo data of blocks up to `final` and the headers below it (the header of
    /// `final` stays: the chain's anchor). Blocks are pruned one by one as they become final;
    /// `pruneAll` catches up after the safe depth was lowered.
    private func prune(through final: UInt64, into batch: inout WriteBatch) throws {
        try database.scan(prefix: Self.blockKey(Prefix.undo, final)) { key, _ in batch.delete(key); return true }
        if final > 0 { batch.delete(Self.blockKey(Prefix.header, final - 1)) }
    }

    /// Drops every undo entry of blocks up to `final` and every header below it.
    public func pruneAll(through final: UInt64) throws {
        var batch = WriteBatch()
        try database.scan(prefix: [Prefix.undo]) { key, _ in
            guard UInt64(bigEndianBytes: key, at: 1) <= final else { return false }
            batch.delete(key)
            return true
        }
        try database.scan(prefix: [Prefix.header]) { key, _ in
            guard UInt64(bigEndianBytes: key, at: 1) < final else { return false }
            batch.delete(key)
            return true
        }
        let old = state.withLock { $0.final }
        if old.map({ final > $0 }) ?? true { batch.put(Self.finalKey, final.bigEndianBytes) }
        if !batch.isEmpty { try database.write(batch, sync: false) }
        state.withLock { s in s.final = max(s.final ?? 0, final) }
    }

    // MARK: comparing

    public func digest() throws -> StoreDigest {
        var hasher = Keccak256()
        var d = StoreDigest(hash: .zero, keys: 0, records: 0, keyValueEntries: 0, headers: 0, undoEntries: 0)
        try database.scan(prefix: []) { key, value in
            hasher.update(UInt32(key.count).bigEndianBytes4 + key + UInt32(value.count).bigEndianBytes4)
            hasher.update(value)
            d.keys += 1
            switch key.first {
            case Prefix.record: d.records += 1
            case Prefix.keyValue: d.keyValueEntries += 1
            case Prefix.header: d.headers += 1
            case Prefix.undo: d.undoEntries += 1
            default: break
            }
            return true
        }
        d.hash = hasher.finalize()
        return d
    }
}

/// One kv write's undo: which adapter and key, and the value before the block (nil: absent).
struct UndoEntry: Equatable {
    var adapter: String
    var key: [UInt8]
    var before: [UInt8]?

    var encoded: [UInt8] {
        let id = Array(adapter.utf8)
        var out = UInt32(id.count).bigEndianBytes4 + id + UInt32(key.count).bigEndianBytes4 + key
        if let before { out.append(1); out += before } else { out.append(0) }
        return out
    }

    init(adapter: String, key: [UInt8], before: [UInt8]?) {
        self.adapter = adapter; self.key = key; self.before = before
    }

    init?(encoded v: [UInt8]) {
        func u32(_ at: Int) -> Int? {
            guard at + 4 <= v.count else { return nil }
            return Int(v[at]) << 24 | Int(v[at + 1]) << 16 | Int(v[at + 2]) << 8 | Int(v[at + 3])
        }
        guard let idLength = u32(0), 4 + idLength <= v.count else { return nil }
        let keyAt = 4 + idLength
        guard let keyLength = u32(keyAt), keyAt + 4 + keyLength < v.count else { return nil }
        let flagAt = keyAt + 4 + keyLength
        adapter = String(decoding: v[4..<keyAt], as: UTF8.self)
        key = Array(v[(keyAt + 4)..<flagAt])
        switch v[flagAt] {
        case 0: guard flagAt + 1 == v.count else { return nil }; before = nil
        case 1: before = Array(v[(flagAt + 1)...])
        default: return nil
        }
    }
}

extension UInt32 {
    var bigEndianBytes4: [UInt8] { withUnsafeBytes(of: bigEndian) { Array($0) } }
}

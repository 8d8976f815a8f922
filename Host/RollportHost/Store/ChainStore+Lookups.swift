import Logging
import RollportToolkit

/// Reading records back by chain, block range, L1 transaction and id, through `RecordIndex`.
/// Records come back as the JSON text they were stored as, so that a server can pass them on
/// without parsing them again.
extension ChainStore {
    /// The summaries of `chain`'s batches stored in L1 blocks `from...through`, in L1 order,
    /// at most `limit` of them.
    public func batchSummaries(chain: String, from: UInt64, through: UInt64, limit: Int = .max) throws -> [[UInt8]] {
        var out = [[UInt8]]()
        try batchSummaries(chain: chain, from: from, through: through, limit: limit) { out.append(Array($0)); return true }
        return out
    }

    /// The same, as one JSON array written into `out`: a server's answer, with one copy of
    /// each summary.
    public func batchSummariesArray(chain: String, from: UInt64, through: UInt64, limit: Int = .max, into out: inout [UInt8]) throws {
        out.append(UInt8(ascii: "["))
        var first = true
        try batchSummaries(chain: chain, from: from, through: through, limit: limit) { summary in
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out.append(contentsOf: summary)
            return true
        }
        out.append(UInt8(ascii: "]"))
    }

    private func batchSummaries(chain: String, from: UInt64, through: UInt64, limit: Int, _ body: (UnsafeRawBufferPointer) throws -> Bool) throws {
        guard from <= through else { return }
        let prefix = RecordIndex.batchPrefix(chain: chain)
        var count = 0
        try database.scanBorrowing(prefix: prefix, from: prefix + from.bigEndianBytes, cached: true) { key, value in
            guard key.count == prefix.count + 12, count < limit else { return false }
            var number: UInt64 = 0
            for i in prefix.count..<(prefix.count + 8) { number = number << 8 | UInt64(key[i]) }
            guard number <= through else { return false }
            count += 1
            return try body(value)
        }
    }

    /// The whole records of `chain`'s batches stored in L1 blocks `from...through`.
    public func batchRecords(chain: String, from: UInt64, through: UInt64, limit: Int = .max) throws -> [[UInt8]] {
        var keys = [[UInt8]]()
        guard from <= through else { return [] }
        let prefix = RecordIndex.batchPrefix(chain: chain)
        try database.scan(prefix: prefix, from: prefix + from.bigEndianBytes, cached: true) { key, _ in
            guard key.count == prefix.count + 12, UInt64(bigEndianBytes: key, at: prefix.count) <= through, keys.count < limit,
                  let record = RecordIndex.recordKey(fromIndexKey: key) else { return false }
            keys.append(record)
            return true
        }
        return try keys.compactMap { try database.get($0) }
    }

    /// The records stored for L1 transaction `hash`, optionally of one kind and chain, in order.
    public func records(l1Transaction hash: Hash32, kind: String? = nil, chain: String? = nil) throws -> [[UInt8]] {
        var keys = [[UInt8]]()
        try database.scan(prefix: [RecordIndex.Prefix.transaction] + hash.bytes, cached: true) { key, value in
            let parts = value.split(separator: 0, maxSplits: 1, omittingEmptySubsequences: false)
            if let kind, parts.first.map({ !$0.elementsEqual(kind.utf8) }) ?? true { return true }
            if let chain, parts.count < 2 || !parts[1].elementsEqual(chain.utf8) { return true }
            if let record = RecordIndex.recordKey(fromIndexKey: key) { keys.append(record) }
            return true
        }
        return try keys.compactMap { try database.get($0) }
    }

    /// The records of `chain` and `kind` that carry `id` as their key or as a `…Hash` detail.
    public func records(chain: String, kind: String, id: [UInt8]) throws -> [[UInt8]] {
        guard !id.isEmpty, id.count <= 255 else { return [] }
        var keys = [[UInt8]]()
        let prefix = RecordIndex.idPrefix(chain: chain, kind: kind, id: id)
        try database.scan(prefix: prefix, cached: true) { key, _ in
            if key.count == prefix.count + 12, let record = RecordIndex.recordKey(fromIndexKey: key) { keys.append(record) }
            return true
        }
        return try keys.compactMap { try database.get($0) }
    }

    /// Writes the lookups of every stored record (a layout version 1 store had none), and
    /// marks the store as version 2, in batches of a few thousand records.
    static func addIndexes(_ db: LevelDB) throws {
        var batch = WriteBatch()
        var pending = 0
        try db.scan(prefix: [Prefix.record]) { key, value in
            guard let (number, seq) = recordPosition(key), let envelope = try? JSONValue.parse(value) else { return true }
            for entry in RecordIndex.entries(envelope: envelope, number: number, seq: seq) { batch.put(entry.key, entry.value) }
            pending += 1
            if pending == 4096 {
                try db.write(batch, sync: false)
                batch = WriteBatch()
                pending = 0
            }
            return true
        }
        batch.put(versionKey, withUnsafeBytes(of: layoutVersion.bigEndian) { Array($0) })
        try db.write(batch, sync: true)
    }
}

extension AdapterSet {
    /// The adapters of the catalog's enabled chains, each loaded on the key-value namespace the
    /// store holds for it, so that they continue from what was stored.
    public static func resuming(_ store: ChainStore, catalog: ManifestCatalog, options: AdapterLibrary.Options, logger: Logger) throws -> AdapterSet {
        var namespaces = [String: KeyValueNamespace]()
        for m in catalog.manifests where !m.enabledChains.isEmpty {
            do { namespaces[m.adapter.id] = KeyValueNamespace(contents: try store.keyValues(adapter: m.adapter.id)) } catch {
                throw StoreError(.corrupt, directory: store.directory, message: "reading the stored state of \(m.adapter.id): \(error)",
                                 fix: "move the directory aside and start again with an empty one")
            }
        }
        return AdapterSet(catalog: catalog, options: options, logger: logger, namespace: { namespaces[$0] ?? KeyValueNamespace() })
    }
}

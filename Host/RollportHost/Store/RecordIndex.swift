import RollportToolkit

/// The lookups the store keeps beside each record, so that the API answers by hash without
/// scanning. They are derived from the record's JSON envelope alone: a revert, which reads the
/// envelope back, removes exactly the entries the commit wrote.
///
///     t <l1TxHash:32> <number:8> <seq:4>               kind 0x00 chain   every record of an L1 transaction
///     x <chain> 0x00 <kind> 0x00 <len:1> <id> <number:8> <seq:4>        a record by one of its ids
///     b <chain> 0x00 <number:8> <seq:4>                 the batch's summary (JSON)
///
/// A record's ids are its key and every top-level detail whose name ends in `Hash` and whose
/// value is a 32-byte hex string (`sourceHash`, `l2TxHash`, `withdrawalHash`, …): the names
/// adapters already use for what a rollup engineer looks things up by.
public enum RecordIndex {
    enum Prefix {
        static let transaction = UInt8(ascii: "t")
        static let id = UInt8(ascii: "x")
        static let batch = UInt8(ascii: "b")
    }

    /// Index entries (key, value) of the record stored under `number`/`seq`.
    static func entries(envelope: JSONValue, number: UInt64, seq: Int) -> [(key: [UInt8], value: [UInt8])] {
        guard let kind = envelope["kind"]?.stringValue, let chain = envelope["chain"]?.stringValue else { return [] }
        let position = ChainStore.blockKey(0, number, seq).dropFirst()
        var out = [(key: [UInt8], value: [UInt8])]()
        if let tx = envelope["l1"]?["transactionHash"]?.stringValue.flatMap({ try? Hash32(hex: $0) }) {
            out.append(([Prefix.transaction] + tx.bytes + position, Array(kind.utf8) + [0] + Array(chain.utf8)))
        }
        for id in ids(envelope) {
            out.append((idPrefix(chain: chain, kind: kind, id: id) + position, []))
        }
        if kind == "batch" {
            out.append((batchPrefix(chain: chain) + position, Array(BatchSummary.json(envelope).compact.utf8)))
        }
        return out
    }

    /// The record's key and its `…Hash` details, each once.
    static func ids(_ envelope: JSONValue) -> [[UInt8]] {
        var ids = [[UInt8]]()
        if let key = envelope["key"]?.stringValue, let bytes = try? Hex.decode(key), !bytes.isEmpty, bytes.count <= 255 { ids.append(bytes) }
        if case .object(let members)? = envelope["details"] {
            for (name, value) in members where name.hasSuffix("Hash") {
                if let hash = value.stringValue.flatMap({ try? Hash32(hex: $0) }), !ids.contains(hash.bytes) { ids.append(hash.bytes) }
            }
        }
        return ids
    }

    static func idPrefix(chain: String, kind: String, id: [UInt8]) -> [UInt8] {
        [Prefix.id] + Array(chain.utf8) + [0] + Array(kind.utf8) + [0, UInt8(id.count)] + id
    }

    static func batchPrefix(chain: String) -> [UInt8] { [Prefix.batch] + Array(chain.utf8) + [0] }

    /// The record key (`r <number> <seq>`) an index key ends with.
    static func recordKey(fromIndexKey key: [UInt8]) -> [UInt8]? {
        guard key.count >= 12 else { return nil }
        return [ChainStore.Prefix.record] + key[(key.count - 12)...]
    }
}

/// A batch record in a few hundred bytes: its envelope with the details' scalars, the scalars of
/// the details' objects one level down (strings up to 80 bytes: ids and hashes, not prose), and
/// the L2 blocks and transactions counted (first and last block number) instead of listed. `rollport_getBatches` serves these.
public enum BatchSummary {
    public static func json(_ envelope: JSONValue) -> JSONValue {
        guard case .object(let members) = envelope else { return envelope }
        var out = [(String, JSONValue)]()
        let said = Set(members.map(\.0))
        for (name, value) in members {
            guard name == "details", case .object(let details) = value else { out.append((name, value)); continue }
            var summary = [(String, JSONValue)]()
            // What the envelope already says (chain, l1) is not repeated.
            for (field, v) in details where !said.contains(field) {
                switch v {
                case .object(let inner):
                    // Prose (a rule's description, an error's detail) stays in the whole record.
                    let scalars = inner.filter { !$0.1.isContainer && ($0.1.stringValue?.utf8.count ?? 0) <= 80 }
                    if !scalars.isEmpty { summary.append((field, .object(scalars))) }
                case .array: continue
                default: summary.append((field, v))
                }
            }
            if let blocks = details.first(where: { $0.0 == "blocks" })?.1.arrayValue {
                let counts = ChainCounts(kind: "batch", details: .object([("blocks", .array(blocks))]))
                summary.append(("l2Blocks", .object([
                    ("count", .number(blocks.count)),
                    ("first", blocks.first?["number"] ?? .null), ("last", blocks.last?["number"] ?? .null),
                    ("transactions", .number(counts.transactions)),
                ])))
            }
            out.append(("summary", .object(summary)))
        }
        return .object(out)
    }
}

extension JSONValue {
    var isContainer: Bool {
        switch self {
        case .array, .object: return true
        default: return false
        }
    }
}

/// An in-memory hexary Merkle-Patricia trie: set keys, compute the root, produce proofs. For the
/// tries built from a block's contents (transactions, receipts, withdrawals) and for making
/// test proofs; the nodes are rebuilt from the sorted entries each time a root or proof is asked
/// for, so it suits tries of up to some thousands of entries.
public struct MerklePatriciaTrie: Equatable, Sendable {
    private var entries: [[UInt8]: [UInt8]] = [:]

    public init() {}

    public init(_ pairs: some Sequence<(key: [UInt8], value: [UInt8])>) {
        for (key, value) in pairs { self[key] = value }
    }

    /// The trie of a block's list (transactions, receipts, withdrawals): key rlp(index).
    public init(ordered values: [[UInt8]]) {
        for (i, value) in values.enumerated() { self[RLP(UInt64(i)).encoded()] = value }
    }

    /// Setting an empty value (or nil) removes the key: a trie never stores an empty value.
    public subscript(key: [UInt8]) -> [UInt8]? {
        get { entries[key] }
        set {
            if let newValue, !newValue.isEmpty { entries[key] = newValue } else { entries[key] = nil }
        }
    }

    public var count: Int { entries.count }

    public var root: Hash32 {
        guard !entries.isEmpty else { return MerkleProof.emptyRoot }
        var unused = [[UInt8]]()
        let node = build(sortedItems()[...], depth: 0, key: nil, proof: &unused)
        return Keccak256.hash(node.encoded())
    }

    /// The proof for `key`, inclusion or exclusion: every node on its path that is referenced by
    /// hash, root first, each RLP-encoded (the `eth_getProof` form). Empty for an empty trie.
    public func proof(for key: [UInt8]) -> [[UInt8]] {
        guard !entries.isEmpty else { return [] }
        var proof = [[UInt8]]()
        _ = build(sortedItems()[...], depth: 0, key: Nibbles(bytes: key).values, proof: &proof)
        return proof.reversed()
    }

    private struct Item {
        var path: [UInt8]
        var value: [UInt8]
    }

    private func sortedItems() -> [Item] {
        entries.map { Item(path: Nibbles(bytes: $0.key).values, value: $0.value) }
            .sorted { $0.path.lexicographicallyPrecedes($1.path) }
    }

    /// Builds the node for `items`, which share their first `depth` nibbles. When `key` is given
    /// and this node is on its path, the node's encoding is appended to `proof` after those of
    /// its descendants on the path (so the caller reverses it). Hashed nodes only, and the root.
    private func build(_ items: ArraySlice<Item>, depth: Int, key: [UInt8]?, proof: inout [[UInt8]]) -> RLP {
        let node: RLP
        let first = items[items.startIndex]
        if items.count == 1 {
            node = TrieNode.leaf(path: Nibbles(Array(first.path[depth...])), value: first.value).rlp
        } else {
            let shared = sharedPrefixLength(items, from: depth)
            if shared > 0 {
                let nodePath = Array(first.path[depth..<depth + shared])
                let follows = key.map { $0.count >= depth + shared && Array($0[depth..<depth + shared]) == nodePath } ?? false
                let child = build(items, depth: depth + shared, key: follows ? key : nil, proof: &proof)
                node = TrieNode.extension(path: Nibbles(nodePath), child: reference(child)).rlp
            } else {
                var children = [TrieReference](repeating: .empty, count: 16)
                var value = [UInt8]()
                var start = items.startIndex
                if first.path.count == depth {
                    value = first.value
                    start += 1
                }
                while start < items.endIndex {
                    let nibble = items[start].path[depth]
                    var end = start + 1
                    while end < items.endIndex, items[end].path[depth] == nibble { end += 1 }
                    let follows = key.map { $0.count > depth && $0[depth] == nibble } ?? false
                    let child = build(items[start..<end], depth: depth + 1, key: follows ? key : nil, proof: &proof)
                    children[Int(nibble)] = reference(child)
                    start = end
                }
                node = TrieNode.branch(children: children, value: value).rlp
            }
        }
        if key != nil {
            let encoded = node.encoded()
            if depth == 0 || encoded.count >= 32 { proof.append(encoded) }
        }
        return node
    }

    private func reference(_ node: RLP) -> TrieReference {
        let encoded = node.encoded()
        return encoded.count < 32 ? .embedded(node) : .hash(Keccak256.hash(encoded))
    }

    /// How many nibbles after `depth` all items share (the first and last suffice: they are sorted).
    private func sharedPrefixLength(_ items: ArraySlice<Item>, from depth: Int) -> Int {
        let a = items[items.startIndex].path, b = items[items.endIndex - 1].path
        var n = 0
        while depth + n < a.count, depth + n < b.count, a[depth + n] == b[depth + n] { n += 1 }
        return n
    }
}

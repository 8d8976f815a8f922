/// A key as the trie walks it: one hex digit (nibble) per step, high nibble of each byte first.
public struct Nibbles: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var values: [UInt8]

    public init(_ values: [UInt8]) { self.values = values }

    public init(bytes: some Sequence<UInt8>) {
        var out = [UInt8]()
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for b in bytes { out.append(b >> 4); out.append(b & 0x0f) }
        values = out
    }

    public var count: Int { values.count }

    public var description: String {
        String(decoding: values.map { Array("0123456789abcdef".utf8)[Int($0)] }, as: UTF8.self)
    }
}

/// Where a node points to one of its children.
public enum TrieReference: Equatable, Sendable {
    /// No child (an empty branch slot).
    case empty
    /// A child whose encoding is 32 bytes or longer, referenced by its keccak-256.
    case hash(Hash32)
    /// A child whose encoding is shorter than 32 bytes, written inside its parent.
    case embedded(RLP)
}

/// One node of a hexary Merkle-Patricia trie, as Ethereum encodes it in RLP.
public enum TrieNode: Equatable, Sendable {
    /// 16 children, one per next nibble, and the value of the key that ends here (empty if none).
    case branch(children: [TrieReference], value: [UInt8])
    /// A shared run of nibbles, then one child (which is always a branch in a canonical trie).
    case `extension`(path: Nibbles, child: TrieReference)
    /// The rest of a key and its value.
    case leaf(path: Nibbles, value: [UInt8])

    public struct DecodingError: Error, Equatable, Sendable, CustomStringConvertible {
        public enum Reason: Equatable, Sendable {
            case rlp(RLP.DecodingError)
            /// A node must be a list of 2 or 17 items.
            case notAList
            case wrongItemCount(Int)
            case emptyPath
            /// The high nibble of the compact path's first byte is not 0–3.
            case badPathFlag(UInt8)
            /// An even-length compact path must have 0 in the low nibble of its first byte.
            case nonZeroPadding(UInt8)
            /// A list item meant to be a string (path or value), or the reverse.
            case expectedBytes(item: Int)
            /// A child reference must be empty, 32 bytes (a hash) or an embedded list.
            case badReference(item: Int, length: Int)
            /// An embedded child must encode to fewer than 32 bytes, else it is referenced by hash.
            case embeddedTooLong(item: Int, length: Int)
            /// The child of an extension must exist.
            case extensionWithoutChild
            /// A leaf stores a value; an empty one means the key is not in the trie and is never written.
            case emptyLeafValue
        }
        public let reason: Reason

        public init(reason: Reason) { self.reason = reason }

        public var description: String {
            switch reason {
            case .rlp(let e):
                let text = e.description
                return "malformed RLP: " + (text.hasPrefix("RLP: ") ? String(text.dropFirst(5)) : text)
            case .notAList: return "the node is an RLP string; a node is a list of 2 items (leaf, extension) or 17 items (branch)"
            case .wrongItemCount(let n): return "the node is a list of \(n) items; a node has 2 (leaf, extension) or 17 (branch)"
            case .emptyPath: return "the compact path is empty; it needs at least the flag byte"
            case .badPathFlag(let f): return "bad compact-path flag \(f) in the high nibble of the first path byte; it must be 0 or 1 (extension, even/odd) or 2 or 3 (leaf, even/odd)"
            case .nonZeroPadding(let n): return "the compact path has even length but its first byte's low nibble is \(n), not 0"
            case .expectedBytes(let i): return "item \(i) of the node is a list where a string is required"
            case .badReference(let i, let n): return "item \(i) of the node is a \(n)-byte string; a child reference is empty, a 32-byte hash or an embedded node"
            case .embeddedTooLong(let i, let n): return "item \(i) is an embedded node of \(n) bytes; nodes of 32 bytes or more are referenced by hash"
            case .extensionWithoutChild: return "the extension node has an empty child"
            case .emptyLeafValue: return "the leaf has an empty value; absent keys are not stored"
            }
        }
    }

    /// Decodes a node from its RLP encoding.
    public init(encoded: [UInt8]) throws(DecodingError) {
        let item: RLP
        do { item = try RLP.decode(encoded) } catch { throw DecodingError(reason: .rlp(error)) }
        try self.init(item)
    }

    /// Decodes a node from RLP that is already parsed (an embedded child).
    public init(_ item: RLP) throws(DecodingError) {
        guard case .list(let items) = item else { throw DecodingError(reason: .notAList) }
        switch items.count {
        case 17:
            var children = [TrieReference]()
            children.reserveCapacity(16)
            for i in 0..<16 { children.append(try Self.reference(items[i], item: i)) }
            guard case .bytes(let value) = items[16] else { throw DecodingError(reason: .expectedBytes(item: 16)) }
            self = .branch(children: children, value: value)
        case 2:
            guard case .bytes(let compact) = items[0] else { throw DecodingError(reason: .expectedBytes(item: 0)) }
            let (path, isLeaf) = try Self.decodeCompactPath(compact)
            if isLeaf {
                guard case .bytes(let value) = items[1] else { throw DecodingError(reason: .expectedBytes(item: 1)) }
                guard !value.isEmpty else { throw DecodingError(reason: .emptyLeafValue) }
                self = .leaf(path: path, value: value)
            } else {
                let child = try Self.reference(items[1], item: 1)
                guard child != .empty else { throw DecodingError(reason: .extensionWithoutChild) }
                self = .extension(path: path, child: child)
            }
        default:
            throw DecodingError(reason: .wrongItemCount(items.count))
        }
    }

    public func encoded() -> [UInt8] { rlp.encoded() }

    public var rlp: RLP {
        switch self {
        case .branch(let children, let value):
            return .list(children.map(\.rlp) + [.bytes(value)])
        case .extension(let path, let child):
            return .list([.bytes(Self.compactPath(path, isLeaf: false)), child.rlp])
        case .leaf(let path, let value):
            return .list([.bytes(Self.compactPath(path, isLeaf: true)), .bytes(value)])
        }
    }

    /// Hex-prefix encoding: a flag nibble (2 if leaf, +1 if the path has odd length), a zero
    /// nibble when even, then the path.
    public static func compactPath(_ path: Nibbles, isLeaf: Bool) -> [UInt8] {
        let odd = path.count % 2 == 1
        let flag: UInt8 = (isLeaf ? 2 : 0) + (odd ? 1 : 0)
        var out = [UInt8]()
        out.reserveCapacity(path.count / 2 + 1)
        var i = 0
        if odd {
            out.append(flag << 4 | path.values[0])
            i = 1
        } else {
            out.append(flag << 4)
        }
        while i < path.count {
            out.append(path.values[i] << 4 | path.values[i + 1])
            i += 2
        }
        return out
    }

    public static func decodeCompactPath(_ compact: [UInt8]) throws(DecodingError) -> (path: Nibbles, isLeaf: Bool) {
        guard let first = compact.first else { throw DecodingError(reason: .emptyPath) }
        let flag = first >> 4
        guard flag <= 3 else { throw DecodingError(reason: .badPathFlag(flag)) }
        var nibbles = [UInt8]()
        nibbles.reserveCapacity(compact.count * 2)
        if flag & 1 == 1 {
            nibbles.append(first & 0x0f)
        } else if first & 0x0f != 0 {
            throw DecodingError(reason: .nonZeroPadding(first & 0x0f))
        }
        for b in compact.dropFirst() { nibbles.append(b >> 4); nibbles.append(b & 0x0f) }
        return (Nibbles(nibbles), flag >= 2)
    }

    private static func reference(_ item: RLP, item index: Int) throws(DecodingError) -> TrieReference {
        switch item {
        case .bytes(let b):
            if b.isEmpty { return .empty }
            guard b.count == 32, let hash = Hash32(bytes: b) else {
                throw DecodingError(reason: .badReference(item: index, length: b.count))
            }
            return .hash(hash)
        case .list:
            let length = item.encoded().count
            guard length < 32 else { throw DecodingError(reason: .embeddedTooLong(item: index, length: length)) }
            return .embedded(item)
        }
    }
}

extension TrieReference {
    var rlp: RLP {
        switch self {
        case .empty: return .bytes([])
        case .hash(let h): return .bytes(h.bytes)
        case .embedded(let item): return item
        }
    }
}

/// Checks a Merkle-Patricia proof: the list of RLP-encoded nodes on the path from a root to a
/// key, in order, each node referenced by hash from the one before (as `eth_getProof` returns
/// them; nodes shorter than 32 bytes sit inside their parent and are not listed).
public enum MerkleProof {
    /// keccak256(rlp("")): the root of a trie with no entries.
    public static let emptyRoot = Hash32(w0: 0x56e81f171bcc55a6, w1: 0xff8345e692c0f86e, w2: 0x5b48e01b996cadc0, w3: 0x01622fb5e363b421)

    public struct VerificationError: Error, Equatable, Sendable, CustomStringConvertible {
        public enum Reason: Equatable, Sendable {
            /// The proof has no nodes but the root is not the empty-trie root.
            case emptyProof
            /// The node does not hash to the reference its parent (or the root) holds.
            case hashMismatch(expected: Hash32, actual: Hash32)
            /// The node, or a node embedded in it, is not a well-formed trie node.
            case malformedNode(TrieNode.DecodingError, embedded: Bool)
            /// The path goes on to a child referenced by hash but the proof has no more nodes.
            case missingNode(expected: Hash32)
            /// The path ended at the node before these.
            case extraNodes(count: Int)
            /// In a trie whose keys all have one length (account and storage tries, 32 bytes) a
            /// branch never holds a value.
            case valueInBranch
            /// In such a trie the path ran past the end of the key, or a leaf's path is not the
            /// rest of the key.
            case pathLengthMismatch(remaining: Int, nodePath: Int)
        }
        /// Index into the proof of the node at fault (for `extraNodes`, the first extra one).
        public let nodeIndex: Int
        /// How many nibbles of the key had been walked when the fault was found.
        public let keyOffset: Int
        public let reason: Reason

        public init(nodeIndex: Int, keyOffset: Int, reason: Reason) {
            self.nodeIndex = nodeIndex; self.keyOffset = keyOffset; self.reason = reason
        }

        public var description: String {
            let at = "proof node \(nodeIndex) (key nibble \(keyOffset))"
            switch reason {
            case .emptyProof:
                return "the proof has no nodes but the root is not the empty-trie root \(MerkleProof.emptyRoot); pass the proof the node returned, or check the root"
            case .hashMismatch(let expected, let actual):
                let parent = nodeIndex == 0 ? "the root" : "node \(nodeIndex - 1)"
                return "\(at) hashes to \(actual) but \(parent) expects \(expected); the node was altered or the proof is for another root or block"
            case .malformedNode(let e, let embedded):
                return "\(at)\(embedded ? ", in a node embedded in it," : "") is malformed: \(e); the proof bytes are damaged"
            case .missingNode(let expected):
                return "the proof ends after node \(nodeIndex - 1) but the path continues at key nibble \(keyOffset) into node \(expected); the proof is incomplete"
            case .extraNodes(let count):
                return "the path ends at node \(nodeIndex - 1) (key nibble \(keyOffset)) but the proof has \(count) more node\(count == 1 ? "" : "s") from index \(nodeIndex); remove \(count == 1 ? "it" : "them") or check the key"
            case .valueInBranch:
                return "\(at) is a branch holding a value, which a trie of equal-length keys never has; the proof is not from an account or storage trie"
            case .pathLengthMismatch(let remaining, let nodePath):
                return "\(at) has a path of \(nodePath) nibbles where \(remaining) remain of the key; the proof is not for a trie of keys of this length"
            }
        }
    }

    /// Walks `proof` from `root` along `key`. Returns the value stored under the key, or nil if
    /// the proof shows the key is absent (the path ends at an empty branch slot, or at a leaf or
    /// extension whose path leaves the key's). Every node must lie on the path: a proof with
    /// nodes left over is refused.
    ///
    /// `uniformKeyLength` states that every key in the trie has the length of `key` (the
    /// secure account and storage tries, keyed by keccak256), which the walk then enforces.
    public static func verify(
        root: Hash32, key: [UInt8], proof: [[UInt8]], uniformKeyLength: Bool = false
    ) throws(VerificationError) -> [UInt8]? {
        let path = Nibbles(bytes: key).values
        var offset = 0
        var next = 0
        var expected = TrieReference.hash(root)
        var result: [UInt8]?

        if proof.isEmpty {
            if root == emptyRoot { return nil }
            throw VerificationError(nodeIndex: 0, keyOffset: 0, reason: .emptyProof)
        }

        walk: while true {
            let node: TrieNode
            let index: Int
            switch expected {
            case .empty:
                break walk
            case .hash(let hash):
                guard next < proof.count else {
                    throw VerificationError(nodeIndex: next, keyOffset: offset, reason: .missingNode(expected: hash))
                }
                index = next
                next += 1
                let encoded = proof[index]
                let actual = Keccak256.hash(encoded)
                guard actual == hash else {
                    throw VerificationError(nodeIndex: index, keyOffset: offset, reason: .hashMismatch(expected: hash, actual: actual))
                }
                // Some clients prove an empty trie with the single node rlp("").
                if index == 0, encoded == [0x80] { break walk }
                do { node = try TrieNode(encoded: encoded) } catch {
                    throw VerificationError(nodeIndex: index, keyOffset: offset, reason: .malformedNode(error, embedded: false))
                }
            case .embedded(let item):
                index = next - 1
                do { node = try TrieNode(item) } catch {
                    throw VerificationError(nodeIndex: index, keyOffset: offset, reason: .malformedNode(error, embedded: true))
                }
            }

            let remaining = path.count - offset
            switch node {
            case .branch(let children, let value):
                if uniformKeyLength {
                    guard value.isEmpty else { throw VerificationError(nodeIndex: index, keyOffset: offset, reason: .valueInBranch) }
                    guard remaining > 0 else {
                        throw VerificationError(nodeIndex: index, keyOffset: offset, reason: .pathLengthMismatch(remaining: 0, nodePath: 1))
                    }
                }
                if remaining == 0 {
                    result = value.isEmpty ? nil : value
                    break walk
                }
                expected = children[Int(path[offset])]
                offset += 1
            case .extension(let nodePath, let child):
                if uniformKeyLength, nodePath.count >= remaining {
                    throw VerificationError(nodeIndex: index, keyOffset: offset, reason: .pathLengthMismatch(remaining: remaining, nodePath: nodePath.count))
                }
                guard nodePath.count <= remaining, path[offset..<offset + nodePath.count].elementsEqual(nodePath.values) else {
                    break walk
                }
                offset += nodePath.count
                expected = child
            case .leaf(let nodePath, let value):
                if uniformKeyLength, nodePath.count != remaining {
                    throw VerificationError(nodeIndex: index, keyOffset: offset, reason: .pathLengthMismatch(remaining: remaining, nodePath: nodePath.count))
                }
                if path[offset...].elementsEqual(nodePath.values) { result = value }
                break walk
            }
        }

        if next < proof.count {
            throw VerificationError(nodeIndex: next, keyOffset: offset, reason: .extraNodes(count: proof.count - next))
        }
        return result
    }
}

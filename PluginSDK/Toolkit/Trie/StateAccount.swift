/// An account as the state trie stores it: rlp([nonce, balance, storageRoot, codeHash]).
public struct StateAccount: Equatable, Sendable {
    public var nonce: UInt64
    public var balance: UInt256
    public var storageRoot: Hash32
    public var codeHash: Hash32

    /// keccak256 of no bytes: the code hash of an account without code.
    public static let emptyCodeHash = Hash32(w0: 0xc5d2460186f7233c, w1: 0x927e7db2dcc703c0, w2: 0xe500b653ca82273b, w3: 0x7bfad8045d85a470)

    public init(nonce: UInt64, balance: UInt256, storageRoot: Hash32 = MerkleProof.emptyRoot, codeHash: Hash32 = StateAccount.emptyCodeHash) {
        self.nonce = nonce; self.balance = balance; self.storageRoot = storageRoot; self.codeHash = codeHash
    }

    public struct DecodingError: Error, Equatable, Sendable, CustomStringConvertible {
        public let message: String
        public var description: String { "the account leaf is not rlp([nonce, balance, storageRoot, codeHash]): \(message)" }
    }

    /// Decodes the value of an account leaf, strictly: integers minimal, hashes 32 bytes.
    public init(encoded: [UInt8]) throws(DecodingError) {
        let item: RLP
        do { item = try RLP.decode(encoded) } catch { throw DecodingError(message: error.description) }
        guard case .list(let fields) = item else { throw DecodingError(message: "it is an RLP string, not a list") }
        guard fields.count == 4 else { throw DecodingError(message: "it is a list of \(fields.count) items, not 4") }
        guard case .bytes(let nonce) = fields[0], nonce.count <= 8, nonce.first != 0 else {
            throw DecodingError(message: "the nonce is not a minimal integer of at most 8 bytes")
        }
        guard case .bytes(let balance) = fields[1], balance.count <= 32, balance.first != 0, let value = UInt256(bigEndian: balance) else {
            throw DecodingError(message: "the balance is not a minimal integer of at most 32 bytes")
        }
        guard case .bytes(let root) = fields[2], let storageRoot = Hash32(bytes: root) else {
            throw DecodingError(message: "the storage root is not 32 bytes")
        }
        guard case .bytes(let code) = fields[3], let codeHash = Hash32(bytes: code) else {
            throw DecodingError(message: "the code hash is not 32 bytes")
        }
        self.init(nonce: nonce.reduce(0) { $0 << 8 | UInt64($1) }, balance: value, storageRoot: storageRoot, codeHash: codeHash)
    }

    public func encoded() -> [UInt8] {
        RLP.list([.bytes(nonce.minimalBigEndianBytes), .bytes(balance.minimalBigEndianBytes),
                  .bytes(storageRoot.bytes), .bytes(codeHash.bytes)]).encoded()
    }
}

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
        func read<T>(_ what: String, _ body: () throws(RLP.ValueError) -> T) throws(DecodingError) -> T {
            do { return try body() } catch { throw DecodingError(message: "the \(what) \(error.description)") }
        }
        self.init(nonce: try read("nonce") { () throws(RLP.ValueError) in try fields[0].uint64Value() },
                  balance: try read("balance") { () throws(RLP.ValueError) in try fields[1].uint256Value() },
                  storageRoot: try read("storage root") { () throws(RLP.ValueError) in try fields[2].hash32Value() },
                  codeHash: try read("code hash") { () throws(RLP.ValueError) in try fields[3].hash32Value() })
    }

    public func encoded() -> [UInt8] {
        RLP.list([RLP(nonce), RLP(balance), .bytes(storageRoot.bytes), .bytes(codeHash.bytes)]).encoded()
    }
}

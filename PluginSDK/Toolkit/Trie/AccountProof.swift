/// An `eth_getProof` result (EIP-1186): an account's proof against a state root, its storage
/// slots' proofs against the account's storage root, and the values the node claims they prove.
public struct AccountProof: Equatable, Sendable {
    public struct StorageEntry: Equatable, Sendable {
        /// The slot, left-padded to 32 bytes; its trie key is keccak256 of these 32 bytes.
        public var key: Hash32
        /// The value the node claims is stored (zero for an empty slot).
        public var value: UInt256
        public var proof: [[UInt8]]

        public init(key: Hash32, value: UInt256, proof: [[UInt8]]) {
            self.key = key; self.value = value; self.proof = proof
        }
    }

    public var address: Address
    public var accountProof: [[UInt8]]
    public var balance: UInt256
    public var codeHash: Hash32
    public var nonce: UInt64
    public var storageHash: Hash32
    public var storageProof: [StorageEntry]

    public init(address: Address, accountProof: [[UInt8]], balance: UInt256, codeHash: Hash32, nonce: UInt64,
                storageHash: Hash32, storageProof: [StorageEntry]) {
        self.address = address; self.accountProof = accountProof; self.balance = balance; self.codeHash = codeHash
        self.nonce = nonce; self.storageHash = storageHash; self.storageProof = storageProof
    }
}

// MARK: - Parsing

extension AccountProof {
    public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        /// The JSON field at fault, as a path (`storageProof[1].value`), or empty for the document.
        public let field: String
        public let message: String

        public init(field: String, message: String) { self.field = field; self.message = message }

        public var description: String {
            field.isEmpty ? "eth_getProof result: \(message)" : "eth_getProof result: field \(field): \(message)"
        }
    }

    /// Parses JSON text: the result object, or a whole JSON-RPC response holding it in `result`.
    public static func parse(json bytes: [UInt8]) throws(ParseError) -> AccountProof {
        let value: JSONValue
        do { value = try JSONValue.parse(bytes) } catch { throw ParseError(field: "", message: error.description) }
        return try parse(value)
    }

    /// Parses the result object, or a JSON-RPC response holding it in `result`. Quantities
    /// (balance, nonce, storage values) are `0x` hex (leading zeros, which some nodes write, are
    /// accepted); data (address, hashes, proof nodes) is `0x` hex of exact length. A storage
    /// key may be written either way, as nodes echo the request; it is left-padded to 32 bytes.
    public static func parse(_ json: JSONValue) throws(ParseError) -> AccountProof {
        guard json.isObject else { throw ParseError(field: "", message: "expected a JSON object") }
        var object = json
        if let error = json["error"] {
            let text = error["message"]?.stringValue ?? error.compact
            throw ParseError(field: "error", message: "the response is a JSON-RPC error: \(text)")
        }
        if let result = json["result"] {
            guard result.isObject else {
                throw ParseError(field: "result", message: "expected the eth_getProof result object, found \(result.compact.prefix(40))")
            }
            object = result
        }
        let address = try data(object, "address", count: 20)
        let storageProof: [StorageEntry]
        if let entries = object["storageProof"] {
            guard let array = entries.arrayValue else { throw ParseError(field: "storageProof", message: "expected an array") }
            var parsed = [StorageEntry]()
            for (i, entry) in array.enumerated() {
                let field = "storageProof[\(i)]"
                guard entry.isObject else { throw ParseError(field: field, message: "expected an object {key, value, proof}") }
                parsed.append(StorageEntry(
                    key: try storageKey(entry, prefix: field + "."),
                    value: try quantity(entry, "value", prefix: field + "."),
                    proof: try nodes(entry, "proof", prefix: field + ".")))
            }
            storageProof = parsed
        } else {
            storageProof = []
        }
        let nonce = try quantity(object, "nonce")
        guard let nonce64 = nonce.uint64 else { throw ParseError(field: "nonce", message: "more than 64 bits") }
        return AccountProof(
            address: Address(bytes: address) ?? .zero,
            accountProof: try nodes(object, "accountProof"),
            balance: try quantity(object, "balance"),
            codeHash: Hash32(bytes: try data(object, "codeHash", count: 32)) ?? .zero,
            nonce: nonce64,
            storageHash: Hash32(bytes: try data(object, "storageHash", count: 32)) ?? .zero,
            storageProof: storageProof)
    }

    private static func string(_ object: JSONValue, _ name: String, prefix: String = "") throws(ParseError) -> String {
        guard let value = object[name] else { throw ParseError(field: prefix + name, message: "missing") }
        guard let text = value.stringValue else {
            throw ParseError(field: prefix + name, message: "expected a 0x-prefixed hex string, found \(value.compact.prefix(40))")
        }
        guard text.hasPrefix("0x") || text.hasPrefix("0X") else {
            throw ParseError(field: prefix + name, message: "\"\(text.prefix(20))\" lacks the 0x prefix")
        }
        return text
    }

    private static func data(_ object: JSONValue, _ name: String, count: Int, prefix: String = "") throws(ParseError) -> [UInt8] {
        let text = try string(object, name, prefix: prefix)
        do { return try Hex.decode(text, count: count) } catch { throw ParseError(field: prefix + name, message: error.description) }
    }

    private static func quantity(_ object: JSONValue, _ name: String, prefix: String = "") throws(ParseError) -> UInt256 {
        let text = try string(object, name, prefix: prefix)
        guard text.count > 2 else { throw ParseError(field: prefix + name, message: "\"0x\" has no digits; zero is 0x0") }
        guard let value = UInt256(text) else {
            throw ParseError(field: prefix + name, message: "\"\(text.prefix(80))\" is not a hex quantity of at most 256 bits")
        }
        return value
    }

    private static func storageKey(_ entry: JSONValue, prefix: String) throws(ParseError) -> Hash32 {
        let text = try string(entry, "key", prefix: prefix)
        guard text.count > 2, let value = UInt256(text) else {
            throw ParseError(field: prefix + "key", message: "\"\(text.prefix(80))\" is not a storage slot of at most 32 bytes")
        }
        return Hash32(bytes: value.bigEndianBytes) ?? .zero
    }

    private static func nodes(_ object: JSONValue, _ name: String, prefix: String = "") throws(ParseError) -> [[UInt8]] {
        guard let value = object[name] else { throw ParseError(field: prefix + name, message: "missing") }
        guard let array = value.arrayValue else { throw ParseError(field: prefix + name, message: "expected an array of hex strings") }
        var out = [[UInt8]]()
        out.reserveCapacity(array.count)
        for (i, item) in array.enumerated() {
            let field = "\(prefix)\(name)[\(i)]"
            guard let text = item.stringValue else { throw ParseError(field: field, message: "expected a hex string") }
            guard text.hasPrefix("0x") || text.hasPrefix("0X") else { throw ParseError(field: field, message: "lacks the 0x prefix") }
            do { out.append(try Hex.decode(text)) } catch { throw ParseError(field: field, message: error.description) }
            guard out[i].count > 0 else { throw ParseError(field: field, message: "an empty node; a proof node is RLP of at least 1 byte") }
        }
        return out
    }
}

// MARK: - Verification

/// What an account proof proves.
public struct ProvenAccount: Equatable, Sendable {
    public struct Slot: Equatable, Sendable {
        public var key: Hash32
        /// Zero when absent.
        public var value: UInt256
        public var present: Bool

        public init(key: Hash32, value: UInt256, present: Bool) {
            self.key = key; self.value = value; self.present = present
        }
    }

    public var address: Address
    /// nil when the proof shows the account does not exist.
    public var account: StateAccount?
    public var storage: [Slot]

    public init(address: Address, account: StateAccount?, storage: [Slot]) {
        self.address = address; self.account = account; self.storage = storage
    }
}

extension AccountProof {
    /// A field whose claimed value differs from the value the proof proves.
    public struct ClaimMismatch: Equatable, Sendable, CustomStringConvertible {
        public let field: String
        public let claimed: String
        public let proven: String

        public init(field: String, claimed: String, proven: String) {
            self.field = field; self.claimed = claimed; self.proven = proven
        }

        public var description: String { "\(field): the result claims \(claimed) but the proof proves \(proven)" }
    }

    public struct VerificationError: Error, Equatable, Sendable, CustomStringConvertible {
        public enum Reason: Equatable, Sendable {
            case accountProof(MerkleProof.VerificationError)
            case accountLeaf(StateAccount.DecodingError)
            case storageProof(index: Int, key: Hash32, MerkleProof.VerificationError)
            /// A storage leaf holds rlp(value) with the value minimal big-endian, 1 to 32 bytes.
            case storageLeaf(index: Int, key: Hash32, message: String)
            /// The proofs verify, but the result's own fields say otherwise (all listed).
            case claimsDisagree([ClaimMismatch], proven: ProvenAccount)
        }
        public let reason: Reason

        public init(reason: Reason) { self.reason = reason }

        public var description: String {
            switch reason {
            case .accountProof(let e):
                return "account proof: \(e)"
            case .accountLeaf(let e):
                return "account proof: \(e)"
            case .storageProof(let i, let key, let e):
                return "storage proof \(i) (slot \(key)): \(e)"
            case .storageLeaf(let i, let key, let message):
                return "storage proof \(i) (slot \(key)): \(message)"
            case .claimsDisagree(let mismatches, _):
                return "the proofs verify but the result's fields disagree with them: "
                    + mismatches.map(\.description).joined(separator: "; ")
            }
        }
    }

    /// Verifies the account proof against `stateRoot` (key keccak256(address)), each storage
    /// proof against the proven storage root (key keccak256(slot)), and then that every claimed
    /// field equals what was proven.
    public func verify(stateRoot: Hash32) throws(VerificationError) -> ProvenAccount {
        let leaf: [UInt8]?
        do {
            leaf = try MerkleProof.verify(root: stateRoot, key: Keccak256.hash(address.bytes).bytes, proof: accountProof, uniformKeyLength: true)
        } catch { throw VerificationError(reason: .accountProof(error)) }
        var account: StateAccount?
        if let leaf {
            do { account = try StateAccount(encoded: leaf) } catch { throw VerificationError(reason: .accountLeaf(error)) }
        }
        let storageRoot = account?.storageRoot ?? MerkleProof.emptyRoot

        var slots = [ProvenAccount.Slot]()
        for (i, entry) in storageProof.enumerated() {
            let value: [UInt8]?
            do {
                value = try MerkleProof.verify(root: storageRoot, key: Keccak256.hash(entry.key.bytes).bytes, proof: entry.proof, uniformKeyLength: true)
            } catch { throw VerificationError(reason: .storageProof(index: i, key: entry.key, error)) }
            guard let value else {
                slots.append(.init(key: entry.key, value: .zero, present: false))
                continue
            }
            slots.append(.init(key: entry.key, value: try Self.storageValue(value, index: i, key: entry.key), present: true))
        }
        let proven = ProvenAccount(address: address, account: account, storage: slots)

        var mismatches = [ClaimMismatch]()
        func check(_ field: String, _ claimed: String, _ provenValue: String, accept alternatives: [String] = []) {
            if claimed != provenValue, !alternatives.contains(claimed) {
                mismatches.append(ClaimMismatch(field: field, claimed: claimed, proven: provenValue))
            }
        }
        let proved = account ?? StateAccount(nonce: 0, balance: .zero)
        check("nonce", UInt256(nonce).hexQuantity, UInt256(proved.nonce).hexQuantity)
        check("balance", balance.hexQuantity, proved.balance.hexQuantity)
        // For an absent account some nodes report zero hashes rather than the empty ones.
        let absentAlternatives = account == nil ? [Hash32.zero.description] : []
        check("storageHash", storageHash.description, proved.storageRoot.description, accept: absentAlternatives)
        check("codeHash", codeHash.description, proved.codeHash.description, accept: absentAlternatives)
        for (i, (entry, slot)) in zip(storageProof, slots).enumerated() {
            check("storageProof[\(i)].value", entry.value.hexQuantity, slot.value.hexQuantity)
        }
        guard mismatches.isEmpty else { throw VerificationError(reason: .claimsDisagree(mismatches, proven: proven)) }
        return proven
    }

    private static func storageValue(_ leaf: [UInt8], index: Int, key: Hash32) throws(VerificationError) -> UInt256 {
        let item: RLP
        do { item = try RLP.decode(leaf) } catch {
            throw VerificationError(reason: .storageLeaf(index: index, key: key, message: "the leaf value is not RLP: \(error)"))
        }
        guard case .bytes(let bytes) = item else {
            throw VerificationError(reason: .storageLeaf(index: index, key: key, message: "the leaf value is an RLP list, not rlp(value)"))
        }
        guard !bytes.isEmpty, bytes.count <= 32, bytes[0] != 0, let value = UInt256(bigEndian: bytes) else {
            throw VerificationError(reason: .storageLeaf(index: index, key: key,
                message: "the leaf value holds \(bytes.count) bytes\(bytes.first == 0 ? " with a leading zero" : ""); a stored value is 1 to 32 bytes, minimal big-endian, never zero"))
        }
        return value
    }
}

/// The fields of a signed EIP-2718 transaction that routing and decoding need, read from its
/// canonical encoding. Legacy (with or without EIP-155), EIP-2930, EIP-1559, EIP-4844 (also in
/// the network form that carries the sidecar) and EIP-7702.
public struct SignedTransaction: Sendable, Equatable {
    public var type: UInt8
    public var chainID: UInt64?
    public var nonce: UInt64
    public var to: Address?
    /// 32 bytes, big-endian.
    public var value: [UInt8]
    public var input: [UInt8]
    public var blobVersionedHashes: [Hash32]
    /// The sidecar of a type-3 transaction in network form.
    public var sidecar: BlobSidecarFields?
    /// The signed encoding without a network-form sidecar: what the transaction hash covers.
    public var canonicalEncoding: [UInt8]

    public struct BlobSidecarFields: Sendable, Equatable {
        /// 0 for the EIP-4844 form (one proof per blob), 1 for EIP-7594 (cell proofs).
        public var wrapperVersion: UInt8
        public var blobs: [[UInt8]]
        public var commitments: [[UInt8]]
        public var proofs: [[UInt8]]
    }

    public struct DecodingError: Error, Equatable, CustomStringConvertible, Sendable {
        public let message: String
        public var description: String { message }
        init(_ message: String) { self.message = message }
    }

    public init(type: UInt8, chainID: UInt64?, nonce: UInt64, to: Address?, value: [UInt8], input: [UInt8],
                blobVersionedHashes: [Hash32], sidecar: BlobSidecarFields?, canonicalEncoding: [UInt8]) {
        self.type = type; self.chainID = chainID; self.nonce = nonce; self.to = to; self.value = value
        self.input = input; self.blobVersionedHashes = blobVersionedHashes; self.sidecar = sidecar
        self.canonicalEncoding = canonicalEncoding
    }

    public init(encoded raw: [UInt8]) throws(DecodingError) {
        guard let first = raw.first else { throw DecodingError("transaction: no bytes") }
        if first >= 0xc0 {
            self = try Self.legacy(raw)
        } else if (1...4).contains(first) {
            self = try Self.typed(first, raw)
        } else {
            throw DecodingError("transaction: byte 0 is 0x\(Hex.encode([first], prefix: false)); expected a type (0x01-0x04) or an RLP list (legacy, 0xc0 and above)")
        }
    }

    private static func rlp(_ bytes: ArraySlice<UInt8>, offset: Int) throws(DecodingError) -> [RLP] {
        do {
            guard case .list(let fields) = try RLP.decode(bytes) else {
                throw DecodingError("transaction: the payload at byte \(offset) is an RLP string; expected a list")
            }
            return fields
        } catch let error as RLP.DecodingError {
            throw DecodingError("transaction: \(error.description) (offsets relative to byte \(offset))")
        } catch let error as DecodingError {
            throw error
        } catch {
            throw DecodingError("transaction: \(error)")
        }
    }

    private static func legacy(_ raw: [UInt8]) throws(DecodingError) -> SignedTransaction {
        let f = try rlp(raw[...], offset: 0)
        guard f.count == 9 else { throw DecodingError("legacy transaction: \(f.count) fields; expected 9 (nonce, gasPrice, gas, to, value, data, v, r, s)") }
        let v = try Field.uint64(f[6], "v")
        var chainID: UInt64?
        if v >= 35 { chainID = (v - 35) / 2 } else if v != 27 && v != 28 {
            throw DecodingError("legacy transaction: v = \(v); expected 27, 28 or 35 + 2·chainId (+1)")
        }
        return SignedTransaction(
            type: 0, chainID: chainID, nonce: try Field.uint64(f[0], "nonce"), to: try Field.to(f[3]),
            value: try Field.u256(f[4], "value"), input: try Field.bytes(f[5], "data"),
            blobVersionedHashes: [], sidecar: nil, canonicalEncoding: raw)
    }

    private static func typed(_ type: UInt8, _ raw: [UInt8]) throws(DecodingError) -> SignedTransaction {
        var f = try rlp(raw[1...], offset: 1)
        var sidecar: BlobSidecarFields?
        var canonical = raw
        if type == 3, let firstField = f.first, case .list(let inner) = firstField {
            // Network form: [tx_payload_body, blobs, commitments, proofs] (EIP-4844), or
            // [tx_payload_body, wrapper_version, blobs, commitments, cell_proofs] (EIP-7594).
            switch f.count {
            case 4:
                sidecar = BlobSidecarFields(
                    wrapperVersion: 0, blobs: try Field.byteList(f[1], "blobs"),
                    commitments: try Field.byteList(f[2], "commitments"), proofs: try Field.byteList(f[3], "proofs"))
            case 5:
                let version = try Field.bytes(f[1], "wrapper_version")
                guard version == [1] else {
                    throw DecodingError("blob transaction (network form): wrapper_version is 0x\(Hex.encode(version, prefix: false)); only 1 (EIP-7594 cell proofs) is known")
                }
                sidecar = BlobSidecarFields(
                    wrapperVersion: 1, blobs: try Field.byteList(f[2], "blobs"),
                    commitments: try Field.byteList(f[3], "commitments"), proofs: try Field.byteList(f[4], "cell_proofs"))
            default:
                throw DecodingError("blob transaction (network form): \(f.count) fields; expected 4 (tx, blobs, commitments, proofs) or 5 (tx, wrapper_version, blobs, commitments, cell_proofs)")
            }
            canonical = [3] + firstField.encoded()
            f = inner
        }
        let expected: Int
        switch type {
        case 1: expected = 11
        case 2: expected = 12
        case 3: expected = 14
        default: expected = 13
        }
        guard f.count == expected else {
            throw DecodingError("type-\(type) transaction: \(f.count) fields; expected \(expected)")
        }
        let toIndex = type == 1 ? 4 : 5
        let to = try Field.to(f[toIndex])
        if type >= 3, to == nil { throw DecodingError("type-\(type) transaction: `to` is empty, but this type cannot create contracts") }
        var hashes = [Hash32]()
        if type == 3 {
            guard case .list(let items) = f[10] else { throw DecodingError("blob transaction: blobVersionedHashes is not a list") }
            for (i, item) in items.enumerated() {
                guard case .bytes(let b) = item, let h = Hash32(bytes: b) else {
                    throw DecodingError("blob transaction: blobVersionedHashes[\(i)] is not 32 bytes")
                }
                hashes.append(h)
            }
        }
        return SignedTransaction(
            type: type, chainID: try Field.uint64(f[0], "chainId"), nonce: try Field.uint64(f[1], "nonce"), to: to,
            value: try Field.u256(f[toIndex + 1], "value"), input: try Field.bytes(f[toIndex + 2], "data"),
            blobVersionedHashes: hashes, sidecar: sidecar, canonicalEncoding: canonical)
    }

    private enum Field {
        static func bytes(_ item: RLP, _ name: String) throws(DecodingError) -> [UInt8] {
            guard case .bytes(let b) = item else { throw DecodingError("transaction: field `\(name)` is a list; expected bytes") }
            return b
        }
        static func byteList(_ item: RLP, _ name: String) throws(DecodingError) -> [[UInt8]] {
            guard case .list(let items) = item else { throw DecodingError("transaction: field `\(name)` is not a list") }
            var out = [[UInt8]]()
            for i in items { out.append(try bytes(i, name)) }
            return out
        }
        static func uint64(_ item: RLP, _ name: String) throws(DecodingError) -> UInt64 {
            let b = try bytes(item, name)
            guard b.count <= 8 else { throw DecodingError("transaction: field `\(name)` has \(b.count) bytes; at most 8 fit") }
            if b.first == 0 { throw DecodingError("transaction: field `\(name)` has a leading zero byte (non-canonical integer)") }
            return b.reduce(0) { $0 << 8 | UInt64($1) }
        }
        static func u256(_ item: RLP, _ name: String) throws(DecodingError) -> [UInt8] {
            let b = try bytes(item, name)
            guard b.count <= 32 else { throw DecodingError("transaction: field `\(name)` has \(b.count) bytes; at most 32 fit") }
            if b.first == 0 { throw DecodingError("transaction: field `\(name)` has a leading zero byte (non-canonical integer)") }
            return [UInt8](repeating: 0, count: 32 - b.count) + b
        }
        static func to(_ item: RLP) throws(DecodingError) -> Address? {
            let b = try bytes(item, "to")
            if b.isEmpty { return nil }
            guard let a = Address(bytes: b) else { throw DecodingError("transaction: `to` has \(b.count) bytes; expected 20 or none") }
            return a
        }
    }
}

import RollportToolkit

/// The OptimismPortal's `TransactionDeposited(address indexed from, address indexed to,
/// uint256 indexed version, bytes opaqueData)` log, decoded as op-node decodes it: exactly four
/// topics, version 0, `data` exactly `abi.encode(bytes)` with minimal padding, and the packed
/// opaque data `mint (32) ‖ value (32) ‖ gasLimit (8) ‖ isCreation (1) ‖ calldata`.
public struct TransactionDeposited: Sendable, Equatable {
    public static let topic = Keccak256.hash("TransactionDeposited(address,address,uint256,bytes)")
    /// mint, value, gasLimit and isCreation.
    public static let opaqueHeaderSize = 73

    /// The L1 sender as the portal saw it: already aliased when a contract called.
    public var from: Address
    public var to: Address
    public var mint: UInt256
    public var value: UInt256
    public var gasLimit: UInt64
    public var isCreation: Bool
    public var data: [UInt8]

    public init(from: Address, to: Address, mint: UInt256, value: UInt256, gasLimit: UInt64, isCreation: Bool, data: [UInt8]) {
        self.from = from; self.to = to; self.mint = mint; self.value = value
        self.gasLimit = gasLimit; self.isCreation = isCreation; self.data = data
    }

    public struct Malformed: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { "TransactionDeposited: \(message)" }
    }

    /// The log's data as the host lends it.
    public init(topics: [Hash32], data: UnsafeBufferPointer<UInt8>) throws(Malformed) {
        try self.init(topics: topics, data: Array(data))
    }

    public init(topics: [Hash32], data d: [UInt8]) throws(Malformed) {
        guard topics.count == 4 else {
            throw Malformed(message: "\(topics.count) topics; the event has 4 (topic0, from, to, version)")
        }
        guard topics[0] == Self.topic else { throw Malformed(message: "topic0 \(topics[0]) is not TransactionDeposited's \(Self.topic)") }
        guard topics[3] == .zero else {
            throw Malformed(message: "version topic \(topics[3]) is not 0; only deposit version 0 is defined")
        }
        func address(_ i: Int, _ name: String) throws(Malformed) -> Address {
            // Bytes 12..<32 of the topic, read from its words.
            let t = topics[i]
            guard t.w0 == 0, t.w1 >> 32 == 0 else {
                throw Malformed(message: "topic \(i) (\(name)) \(t) is not an address padded with 12 zero bytes")
            }
            return Address(high: t.w1 << 32 | t.w2 >> 32, middle: t.w2 << 32 | t.w3 >> 32, low: UInt32(truncatingIfNeeded: t.w3))
        }
        from = try address(1, "from")
        to = try address(2, "to")

        guard d.count >= 64 else { throw Malformed(message: "data is \(d.count) bytes; abi.encode(bytes) needs at least 64 (offset and length words)") }
        guard d.count % 32 == 0 else { throw Malformed(message: "data is \(d.count) bytes, not a multiple of 32") }
        guard let offset = Self.smallWord(d, 0), offset == 32 else {
            throw Malformed(message: "data word 0 (the opaqueData offset) is \(Hex.encode(d[0..<32])); it must be 0x20")
        }
        guard let declared = Self.smallWord(d, 32), declared <= UInt64(d.count - 64) else {
            throw Malformed(message: "data word 1 declares an opaqueData length of \(Self.smallWord(d, 32).map(String.init) ?? Hex.encode(d[32..<64])) bytes but only \(d.count - 64) follow the length word")
        }
        let length = Int(declared)
        let padded = (length + 31) / 32 * 32
        guard d.count - 64 == padded else {
            throw Malformed(message: "data holds \(d.count - 64) bytes after the length word; \(length) bytes of opaqueData pad to exactly \(padded)")
        }
        // The padding's bytes are not read: op-node ignores them, and a deposit it derives must
        // not be refused here.
        guard length >= Self.opaqueHeaderSize else {
            throw Malformed(message: "opaqueData is \(length) bytes; mint (32), value (32), gasLimit (8) and isCreation (1) need at least \(Self.opaqueHeaderSize)")
        }
        let o = 64
        mint = UInt256(limbs: (Self.uint64(d, o + 24), Self.uint64(d, o + 16), Self.uint64(d, o + 8), Self.uint64(d, o)))
        value = UInt256(limbs: (Self.uint64(d, o + 56), Self.uint64(d, o + 48), Self.uint64(d, o + 40), Self.uint64(d, o + 32)))
        gasLimit = Self.uint64(d, o + 64)
        switch d[o + 72] {
        case 0: isCreation = false
        case 1: isCreation = true
        case let b: throw Malformed(message: "opaqueData byte 72 (isCreation) is 0x\(String(b, radix: 16)); a boolean is 0 or 1")
        }
        data = Array(d[(o + 73)..<(o + length)])
    }

    /// The opaque data as the portal packs it.
    public var opaqueData: [UInt8] {
        mint.bigEndianBytes + value.bigEndianBytes + (0..<8).map { UInt8(truncatingIfNeeded: gasLimit >> (56 - 8 * UInt64($0))) }
            + [isCreation ? 1 : 0] + data
    }

    /// The log's `data`, `abi.encode(opaqueData)`.
    public var logData: [UInt8] {
        let opaque = opaqueData
        return UInt256(32).bigEndianBytes + UInt256(UInt64(opaque.count)).bigEndianBytes + opaque
            + [UInt8](repeating: 0, count: (32 - opaque.count % 32) % 32)
    }

    public var topics: [Hash32] {
        [Self.topic, Self.word(from), Self.word(to), .zero]
    }

    /// The L2 deposit transaction this log makes, given where the log sits on L1. A creation has
    /// no `to`, whatever the log's `to` topic says.
    public func transaction(l1BlockHash: Hash32, logIndex: UInt64) -> DepositTransaction {
        DepositTransaction(sourceHash: DepositSource.user(l1BlockHash: l1BlockHash, logIndex: logIndex).sourceHash,
                           from: from, to: isCreation ? nil : to, mint: mint, value: value,
                           gasLimit: gasLimit, isSystemTransaction: false, data: data)
    }

    static func word(_ a: Address) -> Hash32 { Hash32(bytes: [UInt8](repeating: 0, count: 12) + a.bytes) ?? .zero }

    /// A word that fits 64 bits, or nil.
    private static func smallWord(_ d: [UInt8], _ at: Int) -> UInt64? {
        guard uint64(d, at) == 0, uint64(d, at + 8) == 0, uint64(d, at + 16) == 0 else { return nil }
        return uint64(d, at + 24)
    }

    /// Eight big-endian bytes at `at` (the caller has checked the bounds).
    private static func uint64(_ d: [UInt8], _ at: Int) -> UInt64 {
        var v: UInt64 = 0
        for i in at..<(at + 8) { v = v << 8 | UInt64(d[i]) }
        return v
    }
}

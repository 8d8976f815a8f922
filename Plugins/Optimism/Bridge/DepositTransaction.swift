import RollportToolkit

/// An OP Stack deposit transaction (EIP-2718 type 0x7E):
/// `0x7E ‖ rlp([sourceHash, from, to, mint, value, gas, isSystemTx, data])`. It has no
/// signature; its hash is keccak256 of that encoding.
public struct DepositTransaction: Sendable, Equatable {
    public static let type: UInt8 = 0x7E

    public var sourceHash: Hash32
    public var from: Address
    /// nil for a contract creation.
    public var to: Address?
    /// ETH minted on L2 (wei); zero and absent encode alike.
    public var mint: UInt256
    public var value: UInt256
    public var gasLimit: UInt64
    /// Only before Regolith: exempt from gas accounting.
    public var isSystemTransaction: Bool
    public var data: [UInt8]

    public init(sourceHash: Hash32, from: Address, to: Address?, mint: UInt256 = .zero, value: UInt256 = .zero,
                gasLimit: UInt64, isSystemTransaction: Bool = false, data: [UInt8]) {
        self.sourceHash = sourceHash; self.from = from; self.to = to; self.mint = mint; self.value = value
        self.gasLimit = gasLimit; self.isSystemTransaction = isSystemTransaction; self.data = data
    }

    public var isCreation: Bool { to == nil }

    public func encoded() -> [UInt8] {
        let fields: [RLP] = [
            .bytes(sourceHash.bytes), .bytes(from.bytes), .bytes(to?.bytes ?? []),
            RLP(mint), RLP(value), RLP(gasLimit), .bytes(isSystemTransaction ? [1] : []), .bytes(data),
        ]
        var out: [UInt8] = [Self.type]
        out.reserveCapacity(data.count + 160)
        RLP.list(fields).append(to: &out)
        return out
    }

    /// The L2 transaction hash.
    public var hash: Hash32 { Keccak256.hash(encoded()) }

    public struct DecodingError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { "deposit transaction: \(message)" }
    }

    /// Decodes `0x7E ‖ rlp([...])`, strictly: eight fields, each of its exact shape.
    public init(encoded: [UInt8]) throws(DecodingError) {
        guard encoded.first == Self.type else {
            throw DecodingError(message: "the first byte is \(encoded.first.map { "0x" + String($0, radix: 16) } ?? "missing"); a deposit starts with 0x7e")
        }
        let fields: [RLP]
        do { fields = try RLP.decode(encoded[1...]).listValue() } catch {
            throw DecodingError(message: "the payload after 0x7e is not an RLP list: \(error)")
        }
        guard fields.count == 8 else {
            throw DecodingError(message: "\(fields.count) fields; a deposit has 8 (sourceHash, from, to, mint, value, gas, isSystemTx, data)")
        }
        let names = ["sourceHash", "from", "to", "mint", "value", "gas", "isSystemTx", "data"]
        func field<T>(_ i: Int, _ read: (RLP) throws(RLP.ValueError) -> T) throws(DecodingError) -> T {
            do { return try read(fields[i]) } catch { throw DecodingError(message: "field \(i) (\(names[i])): \(error)") }
        }
        sourceHash = try field(0) { r throws(RLP.ValueError) in try r.hash32Value() }
        from = try field(1) { r throws(RLP.ValueError) in try r.addressValue() }
        let toBytes = try field(2) { r throws(RLP.ValueError) in try r.bytesValue() }
        if toBytes.isEmpty { to = nil } else {
            guard let address = Address(bytes: toBytes) else { throw DecodingError(message: "field 2 (to) is \(toBytes.count) bytes; expected 20, or empty for a creation") }
            to = address
        }
        mint = try field(3) { r throws(RLP.ValueError) in try r.uint256Value() }
        value = try field(4) { r throws(RLP.ValueError) in try r.uint256Value() }
        gasLimit = try field(5) { r throws(RLP.ValueError) in try r.uint64Value() }
        let flag = try field(6) { r throws(RLP.ValueError) in try r.bytesValue() }
        switch flag {
        case []: isSystemTransaction = false
        case [1]: isSystemTransaction = true
        default: throw DecodingError(message: "field 6 (isSystemTx) is \(Hex.encode(flag)); a boolean is 0x80 (false) or 0x01 (true)")
        }
        data = try field(7) { r throws(RLP.ValueError) in try r.bytesValue() }
    }
}

import RollportToolkit

/// A SystemConfig `ConfigUpdate(uint256 indexed version, uint8 indexed updateType, bytes data)`
/// log, decoded strictly: version 0, `data` exactly `abi.encode(bytes)` with the payload the
/// update type defines. Derivation skips an update it cannot parse; the adapter changes nothing
/// and reports it as malformed.
struct ConfigUpdate: Sendable, Equatable {
    static let topic = try! Hash32(hex: "0x1d2b0bda21d56b8bd12d4f94ebacffdfb35f5e226f84b461103bb8beab6353be")

    enum Change: Sendable, Equatable {
        case batcher(Address)
        /// Pre-Ecotone overhead and scalar; since Ecotone the scalar is versioned.
        case feeScalars(overhead: [UInt8], scalar: [UInt8], baseFeeScalar: UInt32?, blobBaseFeeScalar: UInt32?)
        case gasLimit(UInt64)
        case unsafeBlockSigner(Address)
        case eip1559Params(denominator: UInt32, elasticity: UInt32)
        case operatorFeeParams(scalar: UInt32, constant: UInt64)
        case minBaseFee(UInt64)
        case daFootprintGasScalar(UInt16)
    }

    var updateType: UInt8
    var change: Change

    struct Malformed: Error, Sendable, Equatable, CustomStringConvertible {
        var updateType: UInt64?
        var reason: String
        var description: String { reason }
    }

    static let typeNames = ["batcher", "feeScalars", "gasLimit", "unsafeBlockSigner", "eip1559Params",
                            "operatorFeeParams", "minBaseFee", "daFootprintGasScalar"]

    /// Decodes a log already matched on address and topic0.
    init(topics: [Hash32], data: [UInt8]) throws(Malformed) {
        guard topics.count == 3, topics[0] == Self.topic else {
            throw Malformed(updateType: nil, reason: "ConfigUpdate has \(topics.count) topics; expected 3 (topic0, version, updateType)")
        }
        guard topics[1] == .zero else {
            throw Malformed(updateType: nil, reason: "ConfigUpdate version \(topics[1]) is not 0; only version 0 is defined")
        }
        let typeWord = topics[2].bytes
        guard typeWord[0..<31].allSatisfy({ $0 == 0 }) else {
            throw Malformed(updateType: nil, reason: "updateType topic \(topics[2]) does not fit a uint8")
        }
        let type = typeWord[31]
        func bad(_ reason: String) -> Malformed { Malformed(updateType: UInt64(type), reason: reason) }
        guard data.count >= 64 else { throw bad("data is \(data.count) bytes; abi.encode(bytes) needs at least 64 (offset and length words)") }
        guard Self.word(data, 0) == 32 else { throw bad("data word 0 (the bytes offset) must be 0x20") }
        guard let length = Self.word(data, 32), let payloadLength = Int(exactly: length) else { throw bad("data word 1 (the bytes length) is too large") }
        let expectedLength = type == 1 ? 64 : 32
        guard payloadLength == expectedLength else {
            throw bad("update type \(type) carries \(expectedLength) payload bytes; this log declares \(payloadLength)")
        }
        guard data.count == 64 + payloadLength else {
            throw bad("data is \(data.count) bytes; offset, length and a \(payloadLength)-byte payload make \(64 + payloadLength) and nothing may follow")
        }
        let payload = Array(data[64...])
        func zeroPrefix(_ n: Int, _ what: String) throws(Malformed) {
            guard payload[0..<n].allSatisfy({ $0 == 0 }) else { throw bad("\(what): the high \(n) bytes of the word must be zero") }
        }
        func uint(_ range: Range<Int>) -> UInt64 { payload[range].reduce(0) { $0 << 8 | UInt64($1) } }
        func address() throws(Malformed) -> Address {
            guard let a = Address(bytes: payload[12..<32]) else { throw bad("address word is not 32 bytes") }
            return a
        }
        updateType = type
        switch type {
        case 0:
            try zeroPrefix(12, "batcher address")
            change = .batcher(try address())
        case 1:
            let overhead = Array(payload[0..<32]), scalar = Array(payload[32..<64])
            var base: UInt32?, blob: UInt32?
            switch scalar[0] {
            case 0 where scalar[1..<28].allSatisfy({ $0 == 0 }):
                base = UInt32(scalar[28..<32].reduce(0) { $0 << 8 | UInt64($1) })
            case 1 where scalar[1..<24].allSatisfy({ $0 == 0 }):
                blob = UInt32(scalar[24..<28].reduce(0) { $0 << 8 | UInt64($1) })
                base = UInt32(scalar[28..<32].reduce(0) { $0 << 8 | UInt64($1) })
            default:
                break // a pre-Ecotone scalar is a plain integer; reported as given
            }
            change = .feeScalars(overhead: overhead, scalar: scalar, baseFeeScalar: base, blobBaseFeeScalar: blob)
        case 2:
            try zeroPrefix(24, "gas limit")
            change = .gasLimit(uint(24..<32))
        case 3:
            try zeroPrefix(12, "unsafe block signer")
            change = .unsafeBlockSigner(try address())
        case 4:
            try zeroPrefix(24, "EIP-1559 parameters")
            change = .eip1559Params(denominator: UInt32(uint(24..<28)), elasticity: UInt32(uint(28..<32)))
        case 5:
            try zeroPrefix(20, "operator fee parameters")
            change = .operatorFeeParams(scalar: UInt32(uint(20..<24)), constant: uint(24..<32))
        case 6:
            try zeroPrefix(24, "min base fee")
            change = .minBaseFee(uint(24..<32))
        case 7:
            try zeroPrefix(30, "DA footprint gas scalar")
            change = .daFootprintGasScalar(UInt16(uint(30..<32)))
        default:
            throw bad("update type \(type) is not defined (0-7 are)")
        }
    }

    var typeName: String { Int(updateType) < Self.typeNames.count ? Self.typeNames[Int(updateType)] : "unknown" }

    /// The record's details.
    var json: [(String, JSONValue)] {
        var out: [(String, JSONValue)] = [("updateType", .number(updateType)), ("name", .string(typeName))]
        func quantity(_ n: some BinaryInteger) -> JSONValue { .string("0x" + String(n, radix: 16)) }
        switch change {
        case .batcher(let a): out.append(("batcher", .string(a.description)))
        case .feeScalars(let overhead, let scalar, let base, let blob):
            out.append(("overhead", .string(Hex.encode(overhead))))
            out.append(("scalar", .string(Hex.encode(scalar))))
            if let base { out.append(("baseFeeScalar", .number(base))) }
            if let blob { out.append(("blobBaseFeeScalar", .number(blob))) }
        case .gasLimit(let g): out.append(("gasLimit", quantity(g)))
        case .unsafeBlockSigner(let a): out.append(("unsafeBlockSigner", .string(a.description)))
        case .eip1559Params(let d, let e):
            out.append(("denominator", .number(d))); out.append(("elasticity", .number(e)))
        case .operatorFeeParams(let s, let c):
            out.append(("operatorFeeScalar", .number(s))); out.append(("operatorFeeConstant", quantity(c)))
        case .minBaseFee(let f): out.append(("minBaseFee", quantity(f)))
        case .daFootprintGasScalar(let s): out.append(("daFootprintGasScalar", .number(s)))
        }
        return out
    }

    private static func word(_ data: [UInt8], _ at: Int) -> UInt64? {
        guard data[at..<(at + 24)].allSatisfy({ $0 == 0 }) else { return nil }
        return data[(at + 24)..<(at + 32)].reduce(0) { $0 << 8 | UInt64($1) }
    }
}

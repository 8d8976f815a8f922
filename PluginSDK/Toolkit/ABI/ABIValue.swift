/// A value of some `ABIType`. The type is not carried (arrays do not say whether they are fixed,
/// empty arrays do not say what they hold); encoding checks a value against the type it is given.
public indirect enum ABIValue: Hashable, Sendable, CustomStringConvertible {
    /// `uintN`: the value and the width it was decoded or written with. Encoding checks the value
    /// against the width of the type it is given.
    case uint(UInt256, bits: Int)
    /// `intN`: the value in two's complement over the whole 256-bit word (so -1 is all ones at any
    /// width), and its width; encoding checks that it is the sign extension of a value of the type's width.
    case int(UInt256, bits: Int)
    case address(Address)
    case bool(Bool)
    /// `bytesN`: exactly N bytes.
    case fixedBytes([UInt8])
    case bytes([UInt8])
    case string(String)
    /// `T[k]` or `T[]`.
    case array([ABIValue])
    case tuple([ABIValue])

    /// A `uintN` from a machine integer.
    public static func uint(_ value: UInt64, bits: Int = 256) -> ABIValue { .uint(UInt256(value), bits: bits) }

    /// An `intN` from a machine integer, sign-extended to the word.
    public static func int(_ value: Int64, bits: Int = 256) -> ABIValue {
        let magnitude = UInt256(value.magnitude)
        return .int(value < 0 ? magnitude.twosComplementNegated : magnitude, bits: bits)
    }

    /// The `intN` value as a machine integer, if it fits.
    public var int64: Int64? {
        guard case .int(let word, _) = self else { return nil }
        if word.isNegativeWord {
            guard let m = word.twosComplementNegated.uint64, m <= UInt64(Int64.max) + 1 else { return nil }
            return m == UInt64(Int64.max) + 1 ? Int64.min : -Int64(m)
        }
        guard let m = word.uint64, m <= UInt64(Int64.max) else { return nil }
        return Int64(m)
    }

    /// Items of an array or tuple.
    public var items: [ABIValue]? {
        switch self {
        case .array(let items), .tuple(let items): return items
        default: return nil
        }
    }

    // MARK: text

    /// Human text in the forms `rollport abi encode` reads back: decimal integers, checksummed
    /// addresses, 0x hex, `[a, b]`, `(a, b)`, and strings quoted (`"…"`) inside arrays and tuples.
    public var description: String { text(quoted: true) }

    /// As `description`, but a string at the top is written as it is, without quotes.
    public var plainText: String { text(quoted: false) }

    private func text(quoted: Bool) -> String {
        switch self {
        case .uint(let value, _): return value.description
        case .int(let word, _): return word.signedDescription
        case .address(let address): return address.checksummed
        case .bool(let value): return value ? "true" : "false"
        case .fixedBytes(let bytes), .bytes(let bytes): return Hex.encode(bytes)
        case .string(let s): return quoted ? Self.quote(s) : s
        case .array(let items): return "[" + items.map { $0.text(quoted: true) }.joined(separator: ", ") + "]"
        case .tuple(let items): return "(" + items.map { $0.text(quoted: true) }.joined(separator: ", ") + ")"
        }
    }

    /// `"…"` with `"` and `\` escaped, as the argument parser reads it.
    static func quote(_ s: String) -> String {
        var out = "\""
        for c in s {
            if c == "\"" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        return out + "\""
    }

    /// JSON: integers as decimal strings (they exceed JSON's safe range), addresses checksummed,
    /// bytes as 0x hex, arrays and tuples as arrays.
    public var json: JSONValue {
        switch self {
        case .uint(let value, _): return .string(value.description)
        case .int(let word, _): return .string(word.signedDescription)
        case .address(let address): return .string(address.checksummed)
        case .bool(let value): return .bool(value)
        case .fixedBytes(let bytes), .bytes(let bytes): return .string(Hex.encode(bytes))
        case .string(let s): return .string(s)
        case .array(let items), .tuple(let items): return .array(items.map(\.json))
        }
    }
}

// MARK: type checking

/// A value that does not fit the type it is encoded as.
public struct ABIEncodingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Where the value is, e.g. `arg 2[3].1`.
    public let path: String
    /// The type expected there.
    public let type: ABIType?
    public let message: String

    public var description: String {
        let place = [path, type.map { "(\($0.canonical))" }].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        return place.isEmpty ? message : "\(place): \(message)"
    }
}

extension ABIValue {
    /// Throws unless the value fits `type`: the right case, integers within their width, the right
    /// number of bytes, elements and components.
    public func check(against type: ABIType, path: String = "value") throws(ABIEncodingError) {
        func fail(_ message: String) -> ABIEncodingError { ABIEncodingError(path: path, type: type, message: message) }
        switch (type, self) {
        case (.uint(let bits), .uint(let value, _)):
            guard value.bitWidth <= bits else { throw fail("\(value) does not fit in \(bits) bits") }
        case (.int(let bits), .int(let word, _)):
            guard word.isSignExtended(fromBits: bits) else {
                throw fail("\(word.signedDescription) is out of range for int\(bits) (-2^\(bits - 1) to 2^\(bits - 1)-1)")
            }
        case (.address, .address), (.bool, .bool), (.bytes, .bytes), (.string, .string):
            break
        case (.fixedBytes(let n), .fixedBytes(let bytes)):
            guard bytes.count == n else { throw fail("expected \(n) bytes, found \(bytes.count)") }
        case (.fixedArray(let element, let count), .array(let items)):
            guard items.count == count else { throw fail("expected \(count) elements, found \(items.count)") }
            for (i, item) in items.enumerated() { try item.check(against: element, path: "\(path)[\(i)]") }
        case (.array(let element), .array(let items)):
            for (i, item) in items.enumerated() { try item.check(against: element, path: "\(path)[\(i)]") }
        case (.tuple(let components), .tuple(let items)):
            guard items.count == components.count else { throw fail("expected \(components.count) components, found \(items.count)") }
            for (i, (item, component)) in zip(items, components).enumerated() { try item.check(against: component, path: "\(path).\(i)") }
        default:
            throw fail("expected a value of type \(type.canonical), found \(kindName)")
        }
    }

    /// Checks a parameter list: the count, each type's validity, each value.
    static func check(_ values: [ABIValue], against types: [ABIType], label: String = "arg") throws(ABIEncodingError) {
        if let problem = ABIType.problem(in: types, label: label) {
            throw ABIEncodingError(path: "", type: nil, message: problem)
        }
        guard values.count == types.count else {
            throw ABIEncodingError(path: "", type: nil, message: "\(ABIType.canonicalList(types)) takes \(types.count) value\(types.count == 1 ? "" : "s"), found \(values.count)")
        }
        for (i, (value, type)) in zip(values, types).enumerated() {
            try value.check(against: type, path: "\(label) \(i)")
        }
    }

    var kindName: String {
        switch self {
        case .uint: return "an unsigned integer"
        case .int: return "a signed integer"
        case .address: return "an address"
        case .bool: return "a bool"
        case .fixedBytes(let b): return "bytes\(b.count) value"
        case .bytes: return "a bytes value"
        case .string: return "a string"
        case .array: return "an array"
        case .tuple: return "a tuple"
        }
    }
}

// MARK: two's complement words

extension UInt256 {
    /// The top bit is set: negative as a two's complement word.
    var isNegativeWord: Bool { limbs.3 >> 63 == 1 }

    /// -x modulo 2^256.
    var twosComplementNegated: UInt256 {
        let inverted = UInt256(limbs: (~limbs.0, ~limbs.1, ~limbs.2, ~limbs.3))
        return inverted.addingReportingOverflow(UInt256(1)).partialValue
    }

    /// The word read as a two's complement integer, in decimal.
    var signedDescription: String {
        isNegativeWord ? "-" + twosComplementNegated.description : description
    }

    /// Whether every bit from `bits - 1` up equals bit `bits - 1`: the word holds an intN.
    func isSignExtended(fromBits bits: Int) -> Bool {
        guard bits < 256 else { return true }
        let bytes = bigEndianBytes
        let signByte = 32 - bits / 8
        let fill: UInt8 = bytes[signByte] & 0x80 == 0 ? 0x00 : 0xff
        return bytes[..<signByte].allSatisfy { $0 == fill }
    }
}

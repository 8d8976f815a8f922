/// A Solidity ABI type, as written in canonical signatures.
public indirect enum ABIType: Hashable, Sendable, CustomStringConvertible {
    /// `uintN`, N = 8…256 in steps of 8.
    case uint(bits: Int)
    /// `intN`, N = 8…256 in steps of 8.
    case int(bits: Int)
    case address
    case bool
    /// `bytesN`, N = 1…32.
    case fixedBytes(Int)
    case bytes
    case string
    /// `T[k]`, k ≥ 1.
    case fixedArray(ABIType, count: Int)
    /// `T[]`.
    case array(ABIType)
    /// `(T1,T2,…)`: a struct, or a function's parameter list.
    case tuple([ABIType])

    public static let uint256 = ABIType.uint(bits: 256)
    public static let int256 = ABIType.int(bits: 256)
    public static let bytes32 = ABIType.fixedBytes(32)

    /// Deeper types are refused: real contracts nest a handful of levels, and the limit keeps the
    /// recursive parser, encoder and decoder far from the stack's end on hostile input.
    public static let maxDepth = 32

    /// Parses one type, e.g. `uint`, `(address,bytes)[]`.
    public init(_ text: String) throws(ABIParseError) {
        self = try ABISignatureParser.parseType(text)
    }

    /// The canonical spelling used in signatures: `uint` is `uint256`, no spaces, no names.
    public var canonical: String {
        switch self {
        case .uint(let bits): return "uint\(bits)"
        case .int(let bits): return "int\(bits)"
        case .address: return "address"
        case .bool: return "bool"
        case .fixedBytes(let n): return "bytes\(n)"
        case .bytes: return "bytes"
        case .string: return "string"
        case .fixedArray(let element, let count): return "\(element.canonical)[\(count)]"
        case .array(let element): return "\(element.canonical)[]"
        case .tuple(let components): return "(" + components.map(\.canonical).joined(separator: ",") + ")"
        }
    }

    public var description: String { canonical }

    /// Whether the encoding is found through an offset (lives in the tail) rather than in place.
    public var isDynamic: Bool {
        switch self {
        case .bytes, .string, .array: return true
        case .fixedArray(let element, _): return element.isDynamic
        case .tuple(let components): return components.contains { $0.isDynamic }
        default: return false
        }
    }

    /// A value type: one word in the standard encoding, and a topic of its own when indexed.
    public var isElementary: Bool {
        switch self {
        case .uint, .int, .address, .bool, .fixedBytes: return true
        default: return false
        }
    }

    /// Bytes taken in the head of an enclosing tuple: 32 for a dynamic type (its offset), the whole
    /// encoding for a static one. Only meaningful for a valid type (see `problem`), whose size is
    /// known to fit.
    public var headSize: Int { staticSize ?? 32 }

    /// The size of a static type's encoding, nil for dynamic types and when it overflows `Int`.
    var staticSize: Int? {
        switch self {
        case .uint, .int, .address, .bool, .fixedBytes: return 32
        case .bytes, .string, .array: return nil
        case .fixedArray(let element, let count):
            guard !element.isDynamic, let size = element.staticSize else { return nil }
            let (total, overflow) = size.multipliedReportingOverflow(by: count)
            return overflow ? nil : total
        case .tuple(let components):
            var total = 0
            for component in components {
                guard let size = component.staticSize else { return nil }
                let (sum, overflow) = total.addingReportingOverflow(size)
                if overflow { return nil }
                total = sum
            }
            return total
        }
    }

    /// Why this type cannot be encoded, or nil when it can. The parser only builds valid types;
    /// this catches types built in code.
    public var problem: String? { problem(depth: 0) }

    private func problem(depth: Int) -> String? {
        guard depth < Self.maxDepth else { return "the type nests more than \(Self.maxDepth) levels of arrays and tuples" }
        switch self {
        case .uint(let bits), .int(let bits):
            guard bits >= 8, bits <= 256, bits % 8 == 0 else {
                return "\(canonical): the bit width must be a multiple of 8 from 8 to 256"
            }
        case .fixedBytes(let n):
            guard n >= 1, n <= 32 else { return "\(canonical): the size must be from 1 to 32 bytes" }
        case .address, .bool, .bytes, .string:
            break
        case .fixedArray(let element, let count):
            guard count >= 1 else { return "\(canonical): a fixed-size array holds at least one element" }
            if let p = element.problem(depth: depth + 1) { return p }
            if !isDynamic, staticSize == nil { return "\(canonical): the encoding would be too large" }
        case .array(let element):
            if let p = element.problem(depth: depth + 1) { return p }
        case .tuple(let components):
            // An empty struct encodes to nothing, so an array of them would have a length with no
            // bytes behind it; Solidity has no empty structs either.
            guard !components.isEmpty else { return "(): an empty tuple is only allowed as a whole parameter list" }
            for c in components { if let p = c.problem(depth: depth + 1) { return p } }
            if !isDynamic, staticSize == nil { return "\(canonical): the encoding would be too large" }
        }
        return nil
    }

    /// The canonical list `(T1,T2,…)` of a parameter list.
    static func canonicalList(_ types: [ABIType]) -> String {
        "(" + types.map(\.canonical).joined(separator: ",") + ")"
    }

    /// The first problem among a parameter list's types, with the parameter's index.
    static func problem(in types: [ABIType], label: String) -> String? {
        for (i, t) in types.enumerated() {
            if let p = t.problem { return "\(label) \(i): \(p)" }
        }
        let whole = ABIType.tuple(types)
        if !types.isEmpty, !whole.isDynamic, whole.staticSize == nil { return "the parameter list's encoding would be too large" }
        return nil
    }
}

/// One parameter of a function or event signature.
public struct ABIParameter: Hashable, Sendable {
    public var type: ABIType
    /// The name written in the signature, if any; not part of the canonical form.
    public var name: String?
    /// For event parameters: carried in a topic rather than in the data.
    public var indexed: Bool

    public init(_ type: ABIType, name: String? = nil, indexed: Bool = false) {
        self.type = type; self.name = name; self.indexed = indexed
    }
}

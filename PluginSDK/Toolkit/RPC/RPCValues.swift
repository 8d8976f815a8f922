/// Ethereum JSON-RPC's two encodings of bytes in JSON, read strictly enough to catch mistakes and
/// leniently enough for the captures real tools write:
///
/// - a **quantity** is an integer: `0x` and hex digits without leading zeros (`0x0` for zero).
///   Leading zeros are accepted on reading (some clients pad), and so are plain JSON numbers and
///   decimal strings (ethers-style captures); `0x` alone is not a number.
/// - **data** is bytes: `0x` and two digits per byte, always an even count (`0x` is empty).
public struct RPCShapeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Path of the field, e.g. `receipt.logs[2].topics[0]`.
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field; self.message = message
    }

    public var description: String { "\(field): \(message)" }
}

/// A JSON object being read, with the path of where it sits for error messages.
public struct RPCObject: Sendable {
    public let json: JSONValue
    public let path: String

    public init(_ json: JSONValue, path: String = "") throws(RPCShapeError) {
        guard json.isObject else {
            throw RPCShapeError(field: path.isEmpty ? "$" : path, message: "expected a JSON object, found \(json.kindName)")
        }
        self.json = json
        self.path = path
    }

    public func field(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The member, or nil when absent or null.
    public func value(_ key: String) -> JSONValue? {
        guard let v = json[key], v != .null else { return nil }
        return v
    }

    public func has(_ key: String) -> Bool { value(key) != nil }

    private func required(_ key: String, _ what: String) throws(RPCShapeError) -> JSONValue {
        guard let v = value(key) else { throw RPCShapeError(field: field(key), message: "missing; expected \(what)") }
        return v
    }

    // MARK: quantities

    public func quantity(_ key: String) throws(RPCShapeError) -> UInt64 {
        try RPCValue.quantity(try required(key, "a 0x quantity"), field: field(key))
    }

    public func optionalQuantity(_ key: String) throws(RPCShapeError) -> UInt64? {
        guard let v = value(key) else { return nil }
        return try RPCValue.quantity(v, field: field(key))
    }

    public func quantity256(_ key: String) throws(RPCShapeError) -> UInt256 {
        try RPCValue.quantity256(try required(key, "a 0x quantity"), field: field(key))
    }

    public func optionalQuantity256(_ key: String) throws(RPCShapeError) -> UInt256? {
        guard let v = value(key) else { return nil }
        return try RPCValue.quantity256(v, field: field(key))
    }

    // MARK: data

    public func data(_ key: String) throws(RPCShapeError) -> [UInt8] {
        try RPCValue.data(try required(key, "0x data"), field: field(key))
    }

    public func optionalData(_ key: String) throws(RPCShapeError) -> [UInt8]? {
        guard let v = value(key) else { return nil }
        return try RPCValue.data(v, field: field(key))
    }

    public func data(_ key: String, count: Int) throws(RPCShapeError) -> [UInt8] {
        let bytes = try data(key)
        guard bytes.count == count else { throw RPCShapeError(field: field(key), message: "\(bytes.count) bytes; expected \(count)") }
        return bytes
    }

    public func address(_ key: String) throws(RPCShapeError) -> Address {
        try RPCValue.address(try required(key, "a 20-byte 0x address"), field: field(key))
    }

    public func optionalAddress(_ key: String) throws(RPCShapeError) -> Address? {
        guard let v = value(key) else { return nil }
        return try RPCValue.address(v, field: field(key))
    }

    public func hash(_ key: String) throws(RPCShapeError) -> Hash32 {
        try RPCValue.hash(try required(key, "a 32-byte 0x hash"), field: field(key))
    }

    public func optionalHash(_ key: String) throws(RPCShapeError) -> Hash32? {
        guard let v = value(key) else { return nil }
        return try RPCValue.hash(v, field: field(key))
    }

    public func hashes(_ key: String) throws(RPCShapeError) -> [Hash32] {
        guard let v = value(key) else { return [] }
        let items = try array(v, key: key)
        var out = [Hash32]()
        out.reserveCapacity(items.count)
        for (i, item) in items.enumerated() { out.append(try RPCValue.hash(item, field: "\(field(key))[\(i)]")) }
        return out
    }

    public func string(_ key: String) throws(RPCShapeError) -> String? {
        guard let v = value(key) else { return nil }
        guard let s = v.stringValue else { throw RPCShapeError(field: field(key), message: "expected a string, found \(v.kindName)") }
        return s
    }

    public func bool(_ key: String) throws(RPCShapeError) -> Bool? {
        guard let v = value(key) else { return nil }
        guard let b = v.boolValue else { throw RPCShapeError(field: field(key), message: "expected true or false, found \(v.kindName)") }
        return b
    }

    public func array(_ key: String) throws(RPCShapeError) -> [JSONValue]? {
        guard let v = value(key) else { return nil }
        return try array(v, key: key)
    }

    private func array(_ v: JSONValue, key: String) throws(RPCShapeError) -> [JSONValue] {
        guard let items = v.arrayValue else { throw RPCShapeError(field: field(key), message: "expected an array, found \(v.kindName)") }
        return items
    }

    public func object(_ key: String) throws(RPCShapeError) -> RPCObject? {
        guard let v = value(key) else { return nil }
        return try RPCObject(v, path: field(key))
    }
}

/// Single values in JSON-RPC's encodings.
public enum RPCValue {
    public static func quantity(_ v: JSONValue, field: String) throws(RPCShapeError) -> UInt64 {
        let value = try quantity256(v, field: field)
        guard let small = value.uint64 else {
            throw RPCShapeError(field: field, message: "\(value.hexQuantity) does not fit in 64 bits")
        }
        return small
    }

    public static func quantity256(_ v: JSONValue, field: String) throws(RPCShapeError) -> UInt256 {
        let text: String
        switch v {
        case .string(let s): text = s
        case .number(let n): text = n
        default: throw RPCShapeError(field: field, message: "expected a 0x quantity, found \(v.kindName)")
        }
        guard let value = UInt256(text) else {
            let hint = text.hasPrefix("-") || text.contains(".") || text.contains("e") || text.contains("E")
                ? "a non-negative integer" : "a 0x quantity of at most 256 bits"
            throw RPCShapeError(field: field, message: "`\(text)` is not \(hint)")
        }
        return value
    }

    public static func data(_ v: JSONValue, field: String) throws(RPCShapeError) -> [UInt8] {
        guard let s = v.stringValue else { throw RPCShapeError(field: field, message: "expected 0x data, found \(v.kindName)") }
        guard s.hasPrefix("0x") || s.hasPrefix("0X") else {
            throw RPCShapeError(field: field, message: "`\(s.prefix(20))` lacks the 0x prefix of JSON-RPC data")
        }
        do { return try Hex.decode(s) } catch { throw RPCShapeError(field: field, message: error.description) }
    }

    public static func address(_ v: JSONValue, field: String) throws(RPCShapeError) -> Address {
        let bytes = try data(v, field: field)
        guard let address = Address(bytes: bytes) else {
            throw RPCShapeError(field: field, message: "\(bytes.count) bytes; an address has 20")
        }
        return address
    }

    public static func hash(_ v: JSONValue, field: String) throws(RPCShapeError) -> Hash32 {
        let bytes = try data(v, field: field)
        guard let hash = Hash32(bytes: bytes) else {
            throw RPCShapeError(field: field, message: "\(bytes.count) bytes; expected 32")
        }
        return hash
    }
}

extension JSONValue {
    /// What kind of JSON value this is, for error messages.
    public var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number(let n): return "the number \(n)"
        case .string(let s): return "the string \"\(s.prefix(24))\(s.count > 24 ? "…" : "")\""
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

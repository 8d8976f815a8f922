import RollportAdapterKit
import RollportToolkit

/// A JSON object of method parameters, read strictly: every missing or malformed value is an
/// invalid argument naming its path. A uint256 is a 0x quantity or a decimal string, never a
/// JSON number (which many clients round); counts and times may be either.
struct MethodParams {
    let json: JSONValue
    let path: String

    init(_ json: JSONValue, path: String = "params") throws(AdapterError) {
        guard json.isObject else { throw AdapterError.invalidArgument("\(path): expected a JSON object") }
        self.json = json
        self.path = path
    }

    /// The parameters of a call: an object, or an array holding one object.
    init(text: [UInt8]) throws(AdapterError) {
        let value: JSONValue
        do { value = try JSONValue.parse(text) } catch { throw AdapterError.invalidArgument("params: \(error)") }
        if let array = value.arrayValue {
            guard array.count == 1 else { throw AdapterError.invalidArgument("params: give one object (or an array holding one object); found an array of \(array.count)") }
            try self.init(array[0], path: "params[0]")
        } else {
            try self.init(value)
        }
    }

    func field(_ key: String) -> String { "\(path).\(key)" }
    func has(_ key: String) -> Bool { if let v = json[key], v != .null { return true } else { return false } }

    func value(_ key: String) throws(AdapterError) -> JSONValue {
        guard let v = json[key], v != .null else { throw AdapterError.invalidArgument("\(field(key)): missing") }
        return v
    }

    func object(_ key: String) throws(AdapterError) -> MethodParams { try MethodParams(try value(key), path: field(key)) }

    func string(_ key: String) throws(AdapterError) -> String {
        guard let s = try value(key).stringValue else { throw AdapterError.invalidArgument("\(field(key)): expected a string") }
        return s
    }

    func bytes(_ key: String) throws(AdapterError) -> [UInt8] { try Self.bytes(try value(key), field: field(key)) }

    static func bytes(_ v: JSONValue, field: String) throws(AdapterError) -> [UInt8] {
        do { return try RPCValue.data(v, field: field) } catch { throw AdapterError.invalidArgument(error.description) }
    }

    func hash(_ key: String) throws(AdapterError) -> Hash32 {
        let v = try value(key)
        do { return try RPCValue.hash(v, field: field(key)) } catch { throw AdapterError.invalidArgument(error.description) }
    }

    func address(_ key: String) throws(AdapterError) -> Address {
        let v = try value(key)
        do { return try RPCValue.address(v, field: field(key)) } catch { throw AdapterError.invalidArgument(error.description) }
    }

    func uint256(_ key: String) throws(AdapterError) -> UInt256 {
        let v = try value(key)
        guard case .string(let text) = v else {
            throw AdapterError.invalidArgument("\(field(key)): \(v.kindName); a uint256 is written as a string, a 0x quantity or decimal digits, e.g. \"0x2a\" or \"42\"")
        }
        guard let n = UInt256(text) else { throw AdapterError.invalidArgument("\(field(key)): `\(text)` is not a 0x quantity or decimal digits of at most 256 bits") }
        return n
    }

    func uint64(_ key: String) throws(AdapterError) -> UInt64 {
        let v = try value(key)
        do { return try RPCValue.quantity(v, field: field(key)) } catch { throw AdapterError.invalidArgument(error.description) }
    }

    func int(_ key: String) throws(AdapterError) -> Int {
        let n = try uint64(key)
        guard n <= UInt64(Int32.max) else { throw AdapterError.invalidArgument("\(field(key)): \(n) is too large") }
        return Int(n)
    }

    func bool(_ key: String) throws(AdapterError) -> Bool {
        guard let b = try value(key).boolValue else { throw AdapterError.invalidArgument("\(field(key)): expected true or false") }
        return b
    }

    func array(_ key: String) throws(AdapterError) -> [JSONValue] {
        guard let a = try value(key).arrayValue else { throw AdapterError.invalidArgument("\(field(key)): expected an array") }
        return a
    }

    func byteList(_ key: String) throws(AdapterError) -> [[UInt8]] {
        var out = [[UInt8]]()
        for (i, v) in try array(key).enumerated() { out.append(try Self.bytes(v, field: "\(field(key))[\(i)]")) }
        return out
    }
}

/// How records and results write values: 0x quantities for on-chain integers, 0x data for bytes.
enum JSONOut {
    static func quantity(_ n: UInt256) -> JSONValue { .string(n.hexQuantity) }
    static func quantity(_ n: UInt64) -> JSONValue { .string(UInt256(n).hexQuantity) }
    static func data(_ b: [UInt8]) -> JSONValue { .string(Hex.encode(b)) }
    static func text(_ v: some CustomStringConvertible) -> JSONValue { .string(v.description) }
}

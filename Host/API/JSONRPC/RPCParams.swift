import RollportToolkit

/// A method's params, given by position (`[a, b]`) or by name (`{"a": …, "b": …}`). Each
/// parameter has both a position and a name; errors name the parameter and say what it takes.
public struct RPCParams: Sendable {
    public enum Storage: Sendable {
        case positional([JSONValue])
        case named([(String, JSONValue)])
    }

    public var method: String
    public var storage: Storage

    public init(method: String, storage: Storage) {
        self.method = method; self.storage = storage
    }

    public init(method: String, json: JSONValue?) throws(RPCError) {
        self.method = method
        switch json {
        case nil, .null?: storage = .positional([])
        case .array(let items)?: storage = .positional(items)
        case .object(let members)?: storage = .named(members)
        default: throw RPCError.invalidRequest("params must be an array or an object")
        }
    }

    /// Refuses params the method does not take: more positions than `names`, or unknown names.
    public func expect(_ names: [String]) throws(RPCError) {
        switch storage {
        case .positional(let items):
            guard items.count <= names.count else {
                throw RPCError.invalidParams("\(method) takes at most \(names.count) params (\(names.joined(separator: ", "))), got \(items.count)")
            }
        case .named(let members):
            for (name, _) in members where !names.contains(name) {
                throw RPCError.invalidParams("\(method) has no param \"\(name)\"; its params are \(names.isEmpty ? "none" : names.joined(separator: ", "))")
            }
        }
    }

    public func value(_ position: Int, _ name: String) -> JSONValue? {
        switch storage {
        case .positional(let items): return position < items.count && items[position] != .null ? items[position] : nil
        case .named(let members): return members.first { $0.0 == name }.flatMap { $0.1 == .null ? nil : $0.1 }
        }
    }

    public func required(_ position: Int, _ name: String, _ what: String) throws(RPCError) -> JSONValue {
        guard let v = value(position, name) else {
            throw RPCError.invalidParams("\(method): missing param \(name) (position \(position)): \(what)")
        }
        return v
    }

    public func string(_ position: Int, _ name: String, _ what: String) throws(RPCError) -> String {
        guard let s = try required(position, name, what).stringValue else {
            throw RPCError.invalidParams("\(method): param \(name) must be a string: \(what)")
        }
        return s
    }

    /// A block number: a JSON number, a 0x quantity or a decimal string.
    public func uint64(_ position: Int, _ name: String) throws(RPCError) -> UInt64 {
        let v = try required(position, name, "a block number")
        if let n = Self.uint64(v) { return n }
        throw RPCError.invalidParams("\(method): param \(name) must be a block number (e.g. 21000000 or \"0x1406f40\"), got \(v.compact)")
    }

    static func uint64(_ v: JSONValue) -> UInt64? {
        switch v {
        case .number(let text): return UInt64(text)
        case .string(let text):
            if text.hasPrefix("0x") || text.hasPrefix("0X") {
                let digits = text.dropFirst(2)
                return digits.isEmpty || digits.count > 16 ? nil : UInt64(digits, radix: 16)
            }
            return UInt64(text)
        default: return nil
        }
    }

    public func hash(_ position: Int, _ name: String) throws(RPCError) -> Hash32 {
        let text = try string(position, name, "a 32-byte hash as 0x and 64 hex digits")
        guard let h = try? Hash32(hex: text) else {
            throw RPCError.invalidParams("\(method): param \(name) must be a 32-byte hash (0x and 64 hex digits), got \"\(text.prefix(80))\"")
        }
        return h
    }

    public func bool(_ position: Int, _ name: String, default fallback: Bool) throws(RPCError) -> Bool {
        guard let v = value(position, name) else { return fallback }
        guard let b = v.boolValue else { throw RPCError.invalidParams("\(method): param \(name) must be true or false") }
        return b
    }
}

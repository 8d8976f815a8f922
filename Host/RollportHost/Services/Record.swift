import RollportToolkit

/// A record an adapter emitted, copied out of the C call and checked.
public struct Record: Sendable, Equatable {
    public var kind: String
    public var chain: String
    public var adapter: String
    public var key: [UInt8]
    public var details: JSONValue

    public init(kind: String, chain: String, adapter: String, key: [UInt8], details: JSONValue) {
        self.kind = kind; self.chain = chain; self.adapter = adapter; self.key = key; self.details = details
    }

    public var json: JSONValue {
        var members: [(String, JSONValue)] = [("kind", .string(kind)), ("chain", .string(chain)), ("adapter", .string(adapter))]
        if !key.isEmpty { members.append(("key", .string(Hex.encode(key)))) }
        members.append(("details", details))
        return .object(members)
    }
}

extension ClaimKind {
    static func recordName(_ abiValue: UInt32) -> String? {
        if abiValue == 64 { return "rpc_result" }
        return ClaimKind(abiValue: abiValue)?.rawValue
    }
}

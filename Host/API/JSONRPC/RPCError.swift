import RollportToolkit

/// A JSON-RPC 2.0 error object: the standard codes, and Rollport's own in the server range.
public struct RPCError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: Int
    public var message: String
    public var data: JSONValue?

    public init(_ code: Int, _ message: String, data: JSONValue? = nil) {
        self.code = code; self.message = message; self.data = data
    }

    public var description: String { "\(code): \(message)" }

    // The JSON-RPC 2.0 codes.
    public static let parseErrorCode = -32700
    public static let invalidRequestCode = -32600
    public static let methodNotFoundCode = -32601
    public static let invalidParamsCode = -32602
    public static let internalErrorCode = -32603
    // Rollport's, in the range the specification leaves to servers.
    /// An admin method without the configured token, or with admin methods off.
    public static let unauthorizedCode = -32001
    /// What the method needs is not running here (no follower; an adapter not loaded).
    public static let unavailableCode = -32002
    /// The adapter checked the input and found it wrong (ROLLPORT_VERIFY_FAILED).
    public static let verifyFailedCode = -32003
    /// The adapter does not support what was asked (ROLLPORT_UNSUPPORTED).
    public static let unsupportedCode = -32004
    /// The answer would exceed the server's limits.
    public static let limitExceededCode = -32005

    public static func invalidParams(_ message: String) -> RPCError { RPCError(invalidParamsCode, message) }
    public static func invalidRequest(_ message: String) -> RPCError { RPCError(invalidRequestCode, message) }
    public static func internalError(_ message: String) -> RPCError { RPCError(internalErrorCode, message) }

    var json: JSONValue {
        var members: [(String, JSONValue)] = [("code", .number(code)), ("message", .string(message))]
        if let data { members.append(("data", data)) }
        return .object(members)
    }
}

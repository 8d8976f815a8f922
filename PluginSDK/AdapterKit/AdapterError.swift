import RollportABI

/// The statuses of the C ABI, by name.
public enum Status: Int32, Sendable, CaseIterable {
    case ok = 0
    case notClaimed = 1
    case notFound = 2
    case invalidArgument = 3
    case decodeError = 4
    case verifyFailed = 5
    case unsupported = 6
    case unavailable = 7
    case `internal` = 8
    case abiMismatch = 9
    case outputRefused = 10
}

/// What an adapter throws. The kit turns it into the status and the error text of the C call.
public struct AdapterError: Error, CustomStringConvertible, Sendable {
    public let status: Status
    public let message: String

    public init(_ status: Status, _ message: String) {
        self.status = status
        self.message = message
    }

    /// Malformed input: say what and at which byte or field.
    public static func decode(_ message: String) -> AdapterError { .init(.decodeError, message) }
    /// Input that parses but is provably wrong.
    public static func verifyFailed(_ message: String) -> AdapterError { .init(.verifyFailed, message) }
    public static func invalidArgument(_ message: String) -> AdapterError { .init(.invalidArgument, message) }
    /// `rollport.batch/1`: the item is not a batch of the chain it names.
    public static func notClaimed(_ message: String) -> AdapterError { .init(.notClaimed, message) }
    public static func notFound(_ message: String) -> AdapterError { .init(.notFound, message) }
    public static func unsupported(_ message: String) -> AdapterError { .init(.unsupported, message) }
    /// Retryable: something needed could not be had now.
    public static func unavailable(_ message: String) -> AdapterError { .init(.unavailable, message) }

    public var description: String { message }
}

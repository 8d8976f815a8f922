import RollportToolkit

/// A settlement contract's log or call that does not decode as the event or function it claims
/// to be: the message names the event and what was wrong.
public struct MalformedEvent: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}

extension ABIEvent {
    /// The log's fields, or why they do not decode, prefixed with the event's name.
    func fields(topics: [Hash32], data: [UInt8]) throws(MalformedEvent) -> [ABIValue] {
        do { return try decodeLog(topics: topics, data: data) } catch { throw MalformedEvent(message: "\(name): \(error)") }
    }
}

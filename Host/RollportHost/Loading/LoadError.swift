/// Why an adapter could not be loaded, with what to do about it.
public struct LoadError: Error, CustomStringConvertible, Sendable {
    public enum Reason: Sendable, Equatable {
        case hostVersionOutOfRange
        case abiMajorMismatch
        case libraryNotFound
        case unpinned
        case sha256Mismatch
        case openFailed
        case missingEntrySymbol
        case entryRefused
        case wrongMagic
        case wrongStructSize
        case identityMismatch
        case threadingMismatch
        case hostLacksExtension
        case initFailed
        case missingExtension
    }

    public var reason: Reason
    public var adapter: String
    public var message: String
    public var fix: String

    public var description: String { "\(adapter): \(message) — fix: \(fix)" }
}

/// One thing wrong with a manifest: where (file, line or key), what, and how to fix it.
public struct ManifestProblem: Sendable, CustomStringConvertible, Equatable {
    public var file: String
    public var line: Int?
    public var key: String?
    public var message: String
    public var fix: String?

    public var location: String {
        var s = file
        if let line { s += ":\(line)" }
        if let key { s += " [\(key)]" }
        return s
    }

    public var description: String {
        var s = "\(location): \(message)"
        if let fix { s += " — fix: \(fix)" }
        return s
    }
}

/// A manifest that cannot be used, with every problem found in it.
public struct ManifestError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var problems: [ManifestProblem]
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

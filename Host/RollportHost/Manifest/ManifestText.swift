/// Reading manifest text line by line, for what the parsed tables do not keep: where a key was
/// written (for error lines) and where a table starts (for pinning in place).
extension StringProtocol {
    /// Without surrounding spaces, tabs and carriage returns (TOML's whitespace).
    func trimmingSpaces() -> String {
        var s = Substring(String(self))
        while let c = s.first, c == " " || c == "\t" || c == "\r" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\r" { s = s.dropLast() }
        return String(s)
    }

    /// The line as a table header reads, without a trailing comment (`[[chains]]  # second`).
    var tomlHeader: String {
        let t = trimmingSpaces()
        guard t.hasPrefix("["), let hash = t.firstIndex(of: "#") else { return t }
        return String(t[..<hash]).trimmingSpaces()
    }
}

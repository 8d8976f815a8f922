/// Writes `sha256 = "…"` into a manifest's [library] table, keeping the rest of the text (and
/// its comments) as it was.
public enum ManifestPinning {
    public static func pin(_ text: String, sha256: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let line = "sha256 = \"\(sha256)\""
        guard let start = lines.firstIndex(where: { $0.tomlHeader == "[library]" }) else {
            return text + (text.hasSuffix("\n") ? "" : "\n") + "\n[library]\n\(line)\n"
        }
        var end = lines.count
        for i in (start + 1)..<lines.count where lines[i].tomlHeader.hasPrefix("[") {
            end = i
            break
        }
        if let existing = (start + 1..<end).first(where: { lines[$0].trimmingSpaces().hasPrefix("sha256") }) {
            lines[existing] = line
        } else {
            var insert = start + 1
            while insert < end, !lines[insert].trimmingSpaces().isEmpty { insert += 1 }
            lines.insert(line, at: insert)
        }
        return lines.joined(separator: "\n")
    }
}

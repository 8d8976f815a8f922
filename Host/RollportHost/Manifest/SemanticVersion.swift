/// MAJOR.MINOR.PATCH with an optional pre-release tag (build metadata is ignored).
public struct SemanticVersion: Comparable, Sendable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public var patch: Int
    public var prerelease: String?

    public init(major: Int, minor: Int, patch: Int, prerelease: String? = nil) {
        self.major = major; self.minor = minor; self.patch = patch; self.prerelease = prerelease
    }

    public init?(_ text: String) {
        var core = Substring(text)
        if let plus = core.firstIndex(of: "+") { core = core[..<plus] }
        var pre: String?
        if let dash = core.firstIndex(of: "-") {
            pre = String(core[core.index(after: dash)...])
            core = core[..<dash]
            if pre?.isEmpty == true { return nil }
        }
        let parts = core.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        var numbers = [Int]()
        for part in parts {
            guard !part.isEmpty, part.allSatisfy(\.isASCII), part.allSatisfy(\.isNumber),
                  part == "0" || !part.hasPrefix("0"), let n = Int(part) else { return nil }
            numbers.append(n)
        }
        self.init(major: numbers[0], minor: numbers[1], patch: numbers[2], prerelease: pre)
    }

    public var description: String {
        "\(major).\(minor).\(patch)" + (prerelease.map { "-\($0)" } ?? "")
    }

    public static func < (a: SemanticVersion, b: SemanticVersion) -> Bool {
        if (a.major, a.minor, a.patch) != (b.major, b.minor, b.patch) {
            return (a.major, a.minor, a.patch) < (b.major, b.minor, b.patch)
        }
        switch (a.prerelease, b.prerelease) {
        case (nil, nil), (nil, _): return false
        case (_, nil): return true
        case (let x?, let y?): return x < y
        }
    }

    public static func == (a: SemanticVersion, b: SemanticVersion) -> Bool {
        (a.major, a.minor, a.patch, a.prerelease) == (b.major, b.minor, b.patch, b.prerelease)
    }
}

/// Comma-separated comparators that must all hold: `">=0.1.0, <1.0.0"`, `"=0.2.0"`, `"0.2.0"`.
public struct VersionRange: Sendable, CustomStringConvertible {
    public enum Comparator: String, Sendable { case ge = ">=", gt = ">", le = "<=", lt = "<", eq = "=" }
    public var terms: [(Comparator, SemanticVersion)]
    public var text: String

    public init?(_ text: String) {
        var terms: [(Comparator, SemanticVersion)] = []
        for raw in text.split(separator: ",") {
            var term = raw.trimmingSpaces()
            var op = Comparator.eq
            for candidate in [Comparator.ge, .le, .gt, .lt, .eq] where term.hasPrefix(candidate.rawValue) {
                op = candidate
                term = String(term.dropFirst(candidate.rawValue.count)).trimmingSpaces()
                break
            }
            guard let version = SemanticVersion(term) else { return nil }
            terms.append((op, version))
        }
        guard !terms.isEmpty else { return nil }
        self.terms = terms
        self.text = text
    }

    public func contains(_ v: SemanticVersion) -> Bool {
        terms.allSatisfy { op, bound in
            switch op {
            case .ge: return v >= bound
            case .gt: return v > bound
            case .le: return v <= bound
            case .lt: return v < bound
            case .eq: return v == bound
            }
        }
    }

    public var description: String { text }
}

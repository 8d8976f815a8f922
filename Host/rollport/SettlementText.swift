import RollportHost
import RollportToolkit

/// Deposit, withdrawal, state-commitment and dispute records as aligned lines, for `rollport route`.
enum SettlementText {
    static let kinds: Set<String> = ["deposit", "withdrawal", "state_commitment", "dispute"]

    /// nil for other kinds.
    static func describe(_ record: Record) -> String? {
        guard kinds.contains(record.kind), case .object(let members) = record.details else { return nil }
        let d = record.details
        var title = "\(record.chain) \(record.kind.replacingOccurrences(of: "_", with: " "))"
        if let type = d["type"]?.stringValue ?? d["event"]?.stringValue { title += " (\(type))" }
        if let status = d["status"]?.stringValue { title += ": \(status)" }
        let shown = members.filter { !["chain", "type", "event", "status"].contains($0.0) }
        let width = shown.map(\.0.count).max() ?? 0
        let lines = shown.map { key, value in
            "  " + key + String(repeating: " ", count: width - key.count) + "  " + text(value)
        }
        return ([title] + lines).joined(separator: "\n")
    }

    private static func text(_ v: JSONValue) -> String {
        switch v {
        case .string(let s): return s.count > 130 ? String(s.prefix(130)) + "… (\((s.count - 2) / 2) bytes)" : s
        case .number(let n): return n
        case .bool(let b): return b ? "yes" : "no"
        case .null: return "-"
        default: return v.compact
        }
    }
}

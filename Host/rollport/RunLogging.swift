import Foundation
import Logging
import RollportHost
import RollportToolkit

/// One line per event on standard error, as logfmt (`time=… level=info msg="…" key=value`) or
/// as a JSON object, for `rollport run`.
struct LineLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level
    let label: String
    let format: RunConfiguration.LogFormat

    init(label: String, level: Logger.Level, format: RunConfiguration.LogFormat) {
        self.label = label; self.logLevel = level; self.format = format
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    private static let lock = NSLock()

    func log(event: LogEvent) {
        var fields: [(String, String)] = [("time", Self.timestamp()), ("level", event.level.rawValue), ("msg", "\(event.message)")]
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        for key in merged.keys.sorted() { fields.append((key, "\(merged[key]!)")) }
        var line: String
        switch format {
        case .logfmt:
            line = fields.map { "\($0.0)=\(Self.logfmtValue($0.1))" }.joined(separator: " ")
        case .json:
            line = JSONValue.object(fields.map { ($0.0, .string($0.1)) }).compact
        }
        line += "\n"
        Self.lock.lock()
        defer { Self.lock.unlock() }
        FileHandle.standardError.write(Data(line.utf8))
    }

    private static func logfmtValue(_ v: String) -> String {
        guard v.isEmpty || v.contains(where: { $0 == " " || $0 == "=" || $0 == "\"" || $0 == "\n" }) else { return v }
        return "\"" + v.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n") + "\""
    }

    private static func timestamp() -> String {
        var t = timespec()
        clock_gettime(CLOCK_REALTIME, &t)
        var tm = tm()
        var seconds = t.tv_sec
        gmtime_r(&seconds, &tm)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                      tm.tm_hour, tm.tm_min, tm.tm_sec, t.tv_nsec / 1_000_000)
    }
}

import Foundation
import TOMLKit

/// What `rollport run` runs with: read from `rollport.toml`, then `ROLLPORT_*` variables, then
/// flags, each overriding the one before.
///
/// ```toml
/// [l1]
/// rpc = "http://127.0.0.1:8545"        # ROLLPORT_L1_RPC, --l1-rpc
/// beacon = "http://127.0.0.1:5052"     # ROLLPORT_BEACON_API, --beacon-api
/// safe_depth = 64                      # ROLLPORT_SAFE_DEPTH, --safe-depth
///
/// [storage]
/// datadir = "./data"                   # ROLLPORT_DATADIR, --datadir
///
/// manifests = ["Manifests"]            # ROLLPORT_MANIFESTS (':'-separated), --manifests
///
/// [chains.op-mainnet]                  # per chain: --enable NAME, --disable NAME,
/// enabled = true                       # ROLLPORT_ENABLE / ROLLPORT_DISABLE (','-separated)
/// l2_rpc = "http://127.0.0.1:9545"     # --l2-rpc NAME=URL, ROLLPORT_L2_RPC (NAME=URL,...)
///
/// [api]
/// listen = "127.0.0.1:8547"            # ROLLPORT_API_LISTEN, --api-listen
/// [metrics]
/// listen = "127.0.0.1:9464"            # ROLLPORT_METRICS_LISTEN, --metrics-listen
///
/// [log]
/// level = "info"                       # ROLLPORT_LOG_LEVEL, --log-level
/// format = "logfmt"                    # ROLLPORT_LOG_FORMAT, --log-format (logfmt | json)
/// ```
public struct RunConfiguration: Sendable, Equatable {
    public enum LogFormat: String, Sendable, CaseIterable { case logfmt, json }

    public struct ChainSettings: Sendable, Equatable {
        public var enabled: Bool?
        public var l2RPC: String?
        public init(enabled: Bool? = nil, l2RPC: String? = nil) { self.enabled = enabled; self.l2RPC = l2RPC }
    }

    public var l1RPC: String?
    public var beaconAPI: String?
    public var safeDepth: UInt64 = 64
    public var dataDirectory = "./data"
    /// Empty: the manifest folders' default (`./Manifests` or ROLLPORT_MANIFESTS).
    public var manifests: [String] = []
    public var chains: [String: ChainSettings] = [:]
    public var apiListen: String?
    public var metricsListen: String?
    public var logLevel = "info"
    public var logFormat = LogFormat.logfmt

    public init() {}

    public struct ConfigError: Error, Sendable, CustomStringConvertible, Equatable {
        public var source: String
        public var key: String?
        public var message: String
        public var fix: String
        public var description: String { "\(source)\(key.map { ": `\($0)`" } ?? ""): \(message); \(fix)" }
    }

    public static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

    // MARK: the file

    /// Reads `file` over the defaults. Unknown keys are errors, so that a typo is not ignored.
    public static func load(file: String) throws(ConfigError) -> RunConfiguration {
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(source: file, key: nil, message: "cannot read the file as UTF-8 text", fix: "check the path given with --config or ROLLPORT_CONFIG")
        }
        return try parse(text, file: file)
    }

    public static func parse(_ text: String, file: String) throws(ConfigError) -> RunConfiguration {
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let error as TOMLParseError {
            throw ConfigError(source: "\(file):\(error.source.begin.line)", key: nil, message: "TOML syntax error: \(error.description)", fix: "correct the TOML on that line")
        } catch {
            throw ConfigError(source: file, key: nil, message: "TOML: \(error)", fix: "correct the TOML")
        }
        var c = RunConfiguration()
        let reader = TableReader(file: file)
        try reader.allow(table, at: nil, ["l1", "storage", "manifests", "chains", "api", "metrics", "log"])
        if let l1 = try reader.table(table, "l1") {
            try reader.allow(l1, at: "l1", ["rpc", "beacon", "safe_depth"])
            c.l1RPC = try reader.string(l1, "rpc", at: "l1")
            c.beaconAPI = try reader.string(l1, "beacon", at: "l1")
            if let d = try reader.integer(l1, "safe_depth", at: "l1") { c.safeDepth = d }
        }
        if let storage = try reader.table(table, "storage") {
            try reader.allow(storage, at: "storage", ["datadir"])
            if let d = try reader.string(storage, "datadir", at: "storage") { c.dataDirectory = d }
        }
        if let m = table["manifests"] {
            guard let array = m.array else {
                throw ConfigError(source: file, key: "manifests", message: "must be an array of folder paths", fix: "write manifests = [\"Manifests\"]")
            }
            c.manifests = try array.enumerated().map { (i, v) throws(ConfigError) in
                guard let s = v.string else {
                    throw ConfigError(source: file, key: "manifests[\(i)]", message: "must be a string", fix: "give folder paths as strings")
                }
                return s
            }
        }
        if let chains = try reader.table(table, "chains") {
            for key in chains.keys.sorted() {
                guard let t = chains[key]?.table else {
                    throw ConfigError(source: file, key: "chains.\(key)", message: "must be a table", fix: "write [chains.\(key)] with enabled and l2_rpc")
                }
                try reader.allow(t, at: "chains.\(key)", ["enabled", "l2_rpc"])
                var settings = ChainSettings()
                if let v = t["enabled"] {
                    guard let b = v.bool else {
                        throw ConfigError(source: file, key: "chains.\(key).enabled", message: "must be true or false", fix: "write enabled = true")
                    }
                    settings.enabled = b
                }
                settings.l2RPC = try reader.string(t, "l2_rpc", at: "chains.\(key)")
                c.chains[key] = settings
            }
        }
        if let api = try reader.table(table, "api") {
            try reader.allow(api, at: "api", ["listen"])
            c.apiListen = try reader.string(api, "listen", at: "api")
        }
        if let metrics = try reader.table(table, "metrics") {
            try reader.allow(metrics, at: "metrics", ["listen"])
            c.metricsListen = try reader.string(metrics, "listen", at: "metrics")
        }
        if let log = try reader.table(table, "log") {
            try reader.allow(log, at: "log", ["level", "format"])
            if let l = try reader.string(log, "level", at: "log") { try c.setLogLevel(l, source: file, key: "log.level") }
            if let f = try reader.string(log, "format", at: "log") { try c.setLogFormat(f, source: file, key: "log.format") }
        }
        return c
    }

    // MARK: overrides

    public mutating func setLogLevel(_ value: String, source: String, key: String?) throws(ConfigError) {
        let v = value.lowercased()
        guard Self.logLevels.contains(v) else {
            throw ConfigError(source: source, key: key, message: "unknown log level \(value)", fix: "use one of \(Self.logLevels.joined(separator: ", "))")
        }
        logLevel = v
    }

    public mutating func setLogFormat(_ value: String, source: String, key: String?) throws(ConfigError) {
        guard let f = LogFormat(rawValue: value.lowercased()) else {
            throw ConfigError(source: source, key: key, message: "unknown log format \(value)", fix: "use logfmt or json")
        }
        logFormat = f
    }

    public mutating func setEnabled(_ names: [String], _ enabled: Bool) {
        for name in names where !name.isEmpty { chains[name, default: ChainSettings()].enabled = enabled }
    }

    /// `NAME=URL`.
    public mutating func setL2RPC(_ assignment: String, source: String) throws(ConfigError) {
        guard let eq = assignment.firstIndex(of: "="), eq != assignment.startIndex else {
            throw ConfigError(source: source, key: nil, message: "\(assignment) is not NAME=URL", fix: "write e.g. op-mainnet=http://127.0.0.1:9545")
        }
        chains[String(assignment[..<eq]), default: ChainSettings()].l2RPC = String(assignment[assignment.index(after: eq)...])
    }

    /// Applies the `ROLLPORT_*` variables of `environment`.
    public mutating func apply(environment: [String: String]) throws(ConfigError) {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        if let v = value("ROLLPORT_L1_RPC") { l1RPC = v }
        if let v = value("ROLLPORT_BEACON_API") { beaconAPI = v }
        if let v = value("ROLLPORT_SAFE_DEPTH") {
            guard let d = UInt64(v) else {
                throw ConfigError(source: "ROLLPORT_SAFE_DEPTH", key: nil, message: "\(v) is not a block count", fix: "give a whole number of blocks, e.g. 64")
            }
            safeDepth = d
        }
        if let v = value("ROLLPORT_DATADIR") { dataDirectory = v }
        if let v = value("ROLLPORT_MANIFESTS") { manifests = v.split(separator: ":").map(String.init) }
        if let v = value("ROLLPORT_ENABLE") { setEnabled(v.split(separator: ",").map(String.init), true) }
        if let v = value("ROLLPORT_DISABLE") { setEnabled(v.split(separator: ",").map(String.init), false) }
        if let v = value("ROLLPORT_L2_RPC") {
            for a in v.split(separator: ",") { try setL2RPC(String(a), source: "ROLLPORT_L2_RPC") }
        }
        if let v = value("ROLLPORT_API_LISTEN") { apiListen = v }
        if let v = value("ROLLPORT_METRICS_LISTEN") { metricsListen = v }
        if let v = value("ROLLPORT_LOG_LEVEL") { try setLogLevel(v, source: "ROLLPORT_LOG_LEVEL", key: nil) }
        if let v = value("ROLLPORT_LOG_FORMAT") { try setLogFormat(v, source: "ROLLPORT_LOG_FORMAT", key: nil) }
    }

    /// The catalog with the per-chain `enabled` overrides applied. A name that no manifest
    /// declares is an error: a typo would otherwise leave a chain silently off.
    public func apply(to catalog: ManifestCatalog) throws(ConfigError) -> ManifestCatalog {
        var catalog = catalog
        let known = Set(catalog.manifests.flatMap { $0.chains.map(\.name) })
        for (name, settings) in chains.sorted(by: { $0.key < $1.key }) where !known.contains(name) {
            if settings.enabled != nil || settings.l2RPC != nil {
                throw ConfigError(source: "chains", key: name, message: "no manifest declares chain \(name)",
                                  fix: "use one of \(known.sorted().joined(separator: ", "))")
            }
        }
        for m in catalog.manifests.indices {
            for c in catalog.manifests[m].chains.indices {
                if let enabled = chains[catalog.manifests[m].chains[c].name]?.enabled {
                    catalog.manifests[m].chains[c].enabled = enabled
                }
            }
        }
        return catalog
    }
}

private struct TableReader {
    let file: String

    func allow(_ t: TOMLTable, at path: String?, _ keys: [String]) throws(RunConfiguration.ConfigError) {
        for key in t.keys.sorted() where !keys.contains(key) {
            let full = path.map { "\($0).\(key)" } ?? key
            throw RunConfiguration.ConfigError(source: file, key: full, message: "unknown key",
                                               fix: "the keys here are \(keys.joined(separator: ", "))")
        }
    }

    func table(_ t: TOMLTable, _ key: String) throws(RunConfiguration.ConfigError) -> TOMLTable? {
        guard let v = t[key] else { return nil }
        guard let table = v.table else {
            throw RunConfiguration.ConfigError(source: file, key: key, message: "must be a table", fix: "write it as [\(key)]")
        }
        return table
    }

    func string(_ t: TOMLTable, _ key: String, at path: String) throws(RunConfiguration.ConfigError) -> String? {
        guard let v = t[key] else { return nil }
        guard let s = v.string else {
            throw RunConfiguration.ConfigError(source: file, key: "\(path).\(key)", message: "must be a string", fix: "quote the value")
        }
        return s
    }

    func integer(_ t: TOMLTable, _ key: String, at path: String) throws(RunConfiguration.ConfigError) -> UInt64? {
        guard let v = t[key] else { return nil }
        guard let n = v.int, n >= 0 else {
            throw RunConfiguration.ConfigError(source: file, key: "\(path).\(key)", message: "must be a whole number", fix: "write e.g. \(key) = 64")
        }
        return UInt64(n)
    }
}

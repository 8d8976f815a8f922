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
/// [rpc]                                # the JSON-RPC API
/// enabled = true                       # ROLLPORT_RPC_ENABLED, --rpc.enabled
/// addr = "127.0.0.1"                   # ROLLPORT_RPC_ADDR, --rpc.addr
/// port = 8645                          # ROLLPORT_RPC_PORT, --rpc.port (0: any free port)
/// admin_token = "…"                    # ROLLPORT_RPC_ADMIN_TOKEN; admin methods are off without it
///
/// [metrics]                            # Prometheus /metrics and /healthz
/// enabled = true                       # ROLLPORT_METRICS_ENABLED, --metrics.enabled
/// addr = "127.0.0.1"                   # ROLLPORT_METRICS_ADDR, --metrics.addr
/// port = 7300                          # ROLLPORT_METRICS_PORT, --metrics.port
///
/// [health]
/// max_lag_blocks = 8                   # ROLLPORT_HEALTH_MAX_LAG_BLOCKS, --health.max-lag-blocks
/// max_silence_seconds = 60             # ROLLPORT_HEALTH_MAX_SILENCE_SECONDS
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
    public var rpc = Listener(enabled: true, address: "127.0.0.1", port: 8645)
    public var metrics = Listener(enabled: true, address: "127.0.0.1", port: 7300)
    /// Admin methods (those that change state) need it; without one they are off.
    public var adminToken: String?
    public var maxLagBlocks: UInt64 = 8
    public var maxSilenceSeconds: UInt64 = 60
    public var logLevel = "info"
    public var logFormat = LogFormat.logfmt

    public init() {}

    /// Where a server listens.
    public struct Listener: Sendable, Equatable {
        public var enabled: Bool
        public var address: String
        public var port: Int
        public init(enabled: Bool, address: String, port: Int) { self.enabled = enabled; self.address = address; self.port = port }

        /// Loopback addresses need no warning; anything else is served to the network.
        public var isLoopback: Bool { address == "127.0.0.1" || address == "::1" || address == "localhost" || address.hasPrefix("127.") }
    }

    public struct ConfigError: Error, Sendable, CustomStringConvertible, Equatable {
        public var source: String
        public var key: String?
        public var message: String
        public var fix: String
        public var description: String { "\(source)\(key.map { ": `\($0)`" } ?? ""): \(message); \(fix)" }
    }

    public static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

    // MARK: the file

    /// The settings file (`file`, else ROLLPORT_CONFIG, else ./rollport.toml when present) over
    /// the defaults, then the `ROLLPORT_*` variables; flags go on top.
    public static func resolve(file: String?, environment: [String: String]) throws(ConfigError) -> RunConfiguration {
        var c = RunConfiguration()
        if let path = file ?? environment["ROLLPORT_CONFIG"].flatMap({ $0.isEmpty ? nil : $0 }) {
            c = try load(file: path)
        } else if FileManager.default.fileExists(atPath: "rollport.toml") {
            c = try load(file: "rollport.toml")
        }
        try c.apply(environment: environment)
        return c
    }

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
        try reader.allow(table, at: nil, ["l1", "storage", "manifests", "chains", "rpc", "metrics", "health", "log"])
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
        if let rpc = try reader.table(table, "rpc") {
            try reader.allow(rpc, at: "rpc", ["enabled", "addr", "port", "admin_token"])
            try reader.listener(rpc, at: "rpc", into: &c.rpc)
            c.adminToken = try reader.string(rpc, "admin_token", at: "rpc")
        }
        if let metrics = try reader.table(table, "metrics") {
            try reader.allow(metrics, at: "metrics", ["enabled", "addr", "port"])
            try reader.listener(metrics, at: "metrics", into: &c.metrics)
        }
        if let health = try reader.table(table, "health") {
            try reader.allow(health, at: "health", ["max_lag_blocks", "max_silence_seconds"])
            if let n = try reader.integer(health, "max_lag_blocks", at: "health") { c.maxLagBlocks = n }
            if let n = try reader.integer(health, "max_silence_seconds", at: "health") { c.maxSilenceSeconds = n }
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
        if let v = value("ROLLPORT_RPC_ENABLED") { rpc.enabled = try Self.bool(v, source: "ROLLPORT_RPC_ENABLED") }
        if let v = value("ROLLPORT_RPC_ADDR") { rpc.address = v }
        if let v = value("ROLLPORT_RPC_PORT") { rpc.port = try Self.port(v, source: "ROLLPORT_RPC_PORT") }
        if let v = value("ROLLPORT_RPC_ADMIN_TOKEN") { adminToken = v }
        if let v = value("ROLLPORT_METRICS_ENABLED") { metrics.enabled = try Self.bool(v, source: "ROLLPORT_METRICS_ENABLED") }
        if let v = value("ROLLPORT_METRICS_ADDR") { metrics.address = v }
        if let v = value("ROLLPORT_METRICS_PORT") { metrics.port = try Self.port(v, source: "ROLLPORT_METRICS_PORT") }
        if let v = value("ROLLPORT_HEALTH_MAX_LAG_BLOCKS") { maxLagBlocks = try Self.count(v, source: "ROLLPORT_HEALTH_MAX_LAG_BLOCKS") }
        if let v = value("ROLLPORT_HEALTH_MAX_SILENCE_SECONDS") { maxSilenceSeconds = try Self.count(v, source: "ROLLPORT_HEALTH_MAX_SILENCE_SECONDS") }
        if let v = value("ROLLPORT_LOG_LEVEL") { try setLogLevel(v, source: "ROLLPORT_LOG_LEVEL", key: nil) }
        if let v = value("ROLLPORT_LOG_FORMAT") { try setLogFormat(v, source: "ROLLPORT_LOG_FORMAT", key: nil) }
    }

    public static func port(_ text: String, source: String) throws(ConfigError) -> Int {
        guard let p = Int(text), (0...65535).contains(p) else {
            throw ConfigError(source: source, key: nil, message: "\(text) is not a TCP port", fix: "give a port from 1 to 65535, or 0 for any free port")
        }
        return p
    }

    public static func bool(_ text: String, source: String) throws(ConfigError) -> Bool {
        switch text.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ConfigError(source: source, key: nil, message: "\(text) is not true or false", fix: "give true or false")
        }
    }

    static func count(_ text: String, source: String) throws(ConfigError) -> UInt64 {
        guard let n = UInt64(text) else { throw ConfigError(source: source, key: nil, message: "\(text) is not a whole number", fix: "give a whole number, e.g. 8") }
        return n
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

    func listener(_ t: TOMLTable, at path: String, into listener: inout RunConfiguration.Listener) throws(RunConfiguration.ConfigError) {
        if let v = t["enabled"] {
            guard let b = v.bool else {
                throw RunConfiguration.ConfigError(source: file, key: "\(path).enabled", message: "must be true or false", fix: "write enabled = true")
            }
            listener.enabled = b
        }
        if let a = try string(t, "addr", at: path) { listener.address = a }
        if let p = try integer(t, "port", at: path) {
            guard p <= 65535 else {
                throw RunConfiguration.ConfigError(source: file, key: "\(path).port", message: "\(p) is not a TCP port", fix: "give a port from 1 to 65535, or 0 for any free port")
            }
            listener.port = Int(p)
        }
    }

    func integer(_ t: TOMLTable, _ key: String, at path: String) throws(RunConfiguration.ConfigError) -> UInt64? {
        guard let v = t[key] else { return nil }
        guard let n = v.int, n >= 0 else {
            throw RunConfiguration.ConfigError(source: file, key: "\(path).\(key)", message: "must be a whole number", fix: "write e.g. \(key) = 64")
        }
        return UInt64(n)
    }
}

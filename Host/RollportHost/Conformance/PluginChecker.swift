import Foundation
import Logging
import RollportABI
import RollportToolkit

/// `rollport plugins check`: a conformance checker for adapter authors. Each probe runs in a
/// child process (the `rollport` executable re-invoked with `plugins probe`), so that an adapter
/// that crashes is reported, not suffered.
public enum PluginChecker {
    public enum Probe: String, CaseIterable, Sendable {
        case entry
        case lifecycle
        case extensions
        case probeItem = "probe-item"
        case garbage
    }

    public struct Finding: Sendable, Equatable {
        public enum Severity: String, Sendable { case pass, warning, failure }
        public var severity: Severity
        public var message: String
    }

    public struct ProbeReport: Sendable {
        public var probe: Probe
        public var findings: [Finding]
        /// Set when the child died instead of reporting.
        public var crash: String?
        public var passed: Bool { crash == nil && !findings.contains { $0.severity == .failure } }

        public var json: JSONValue {
            .object([
                ("probe", .string(probe.rawValue)), ("passed", .bool(passed)),
                ("crash", crash.map { .string($0) } ?? .null),
                ("findings", .array(findings.map { .object([("severity", .string($0.severity.rawValue)), ("message", .string($0.message))]) })),
            ])
        }
    }

    // MARK: parent side

    /// Runs every probe in its own child process of `executable`.
    public static func check(library: String, manifest: String?, executable: String) -> [ProbeReport] {
        var reports = [ProbeReport]()
        for probe in Probe.allCases {
            if probe == .probeItem, manifest == nil {
                reports.append(ProbeReport(probe: probe, findings: [Finding(severity: .warning, message: "no manifest given: the probe item was not offered (pass --manifest)")]))
                continue
            }
            let report = runChild(probe: probe, library: library, manifest: manifest, executable: executable)
            reports.append(report)
            // Nothing else can be checked when the library does not even load.
            if probe == .entry, !report.passed { break }
        }
        return reports
    }

    /// How long one probe may run before it counts as hung (ROLLPORT_PROBE_TIMEOUT, seconds).
    public static var probeTimeout: Double {
        ProcessInfo.processInfo.environment["ROLLPORT_PROBE_TIMEOUT"].flatMap(Double.init).map { max(0.1, $0) } ?? 30
    }

    static func runChild(probe: Probe, library: String, manifest: String?, executable: String) -> ProbeReport {
        // The adapter may print anything, as much as it likes: its output goes to files, and the
        // report to a file of its own, so that neither a full pipe nor stray text can confuse us.
        let dir = NSTemporaryDirectory() + "rollport-probe-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let reportPath = dir + "/report.json", outPath = dir + "/stdout", errPath = dir + "/stderr"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        guard let out = FileHandle(forWritingAtPath: outPath), let err = FileHandle(forWritingAtPath: errPath) else {
            return ProbeReport(probe: probe, findings: [Finding(severity: .failure, message: "cannot create files in \(dir)")])
        }
        defer { try? out.close(); try? err.close() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        var args = ["plugins", "probe", probe.rawValue, library, "--report", reportPath]
        if let manifest { args += ["--manifest", manifest] }
        process.arguments = args
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        var env = ProcessInfo.processInfo.environment
        env["ROLLPORT_LOG_LEVEL"] = env["ROLLPORT_LOG_LEVEL"] ?? "critical"
        // The crash is reported by signal; Swift's own backtrace would only add noise and time.
        env["SWIFT_BACKTRACE"] = "enable=no"
        process.environment = env
        do { try process.run() } catch {
            return ProbeReport(probe: probe, findings: [Finding(severity: .failure, message: "could not start \(executable): \(error)")])
        }
        let timeout = probeTimeout
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(5_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return ProbeReport(probe: probe, findings: [], crash: "the \(probe.rawValue) probe did not finish within \(timeout) s: an adapter call hangs (ROLLPORT_PROBE_TIMEOUT sets the limit)")
        }
        process.waitUntilExit()
        let stderrTail = tail(errPath)
        if process.terminationReason == .uncaughtSignal {
            let signal = process.terminationStatus
            return ProbeReport(probe: probe, findings: [], crash: "the adapter crashed the process with signal \(signal) (\(signalName(signal))) during the \(probe.rawValue) probe\(stderrTail.isEmpty ? "" : "; its last output: \(stderrTail)")")
        }
        guard let data = FileManager.default.contents(atPath: reportPath), let report = try? JSONValue.parse(Array(data)),
              let list = report["findings"]?.arrayValue else {
            return ProbeReport(probe: probe, findings: [], crash: "the probe process exited with status \(process.terminationStatus) without a report\(stderrTail.isEmpty ? "" : ": \(stderrTail)")")
        }
        let findings = list.compactMap { f -> Finding? in
            guard let s = f["severity"]?.stringValue, let severity = Finding.Severity(rawValue: s), let m = f["message"]?.stringValue else { return nil }
            return Finding(severity: severity, message: m)
        }
        return ProbeReport(probe: probe, findings: findings)
    }

    /// The last few hundred bytes of a file, cut at a character boundary.
    static func tail(_ path: String, limit: Int = 400) -> String {
        guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else { return "" }
        var bytes = Array(data.suffix(limit))
        while let first = bytes.first, first & 0xc0 == 0x80 { bytes.removeFirst() }
        return String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func signalName(_ n: Int32) -> String {
        switch n {
        case SIGSEGV: return "SIGSEGV"
        case SIGABRT: return "SIGABRT"
        case SIGILL: return "SIGILL"
        case SIGBUS: return "SIGBUS"
        case SIGFPE: return "SIGFPE"
        case SIGTRAP: return "SIGTRAP"
        case SIGKILL: return "SIGKILL"
        default: return "signal \(n)"
        }
    }

    // MARK: child side

    /// Runs one probe in this process. Called by `rollport plugins probe`.
    public static func runProbe(_ probe: Probe, library path: String, manifestFile: String?) -> ProbeReport {
        var findings = [Finding]()
        func pass(_ m: String) { findings.append(Finding(severity: .pass, message: m)) }
        func fail(_ m: String) { findings.append(Finding(severity: .failure, message: m)) }
        func warn(_ m: String) { findings.append(Finding(severity: .warning, message: m)) }

        var manifest: Manifest?
        if let manifestFile {
            do { manifest = try ManifestParser.load(file: manifestFile) } catch {
                fail("the manifest is invalid:\n\(error.description)")
                return ProbeReport(probe: probe, findings: findings)
            }
        }
        let name = manifest?.adapter.id ?? (path as NSString).lastPathComponent
        let library: AdapterLibrary
        do { library = try AdapterLibrary.open(path: path, adapter: name) } catch {
            fail(error.description)
            return ProbeReport(probe: probe, findings: findings)
        }
        var logger = Logger(label: "rollport.check")
        logger.logLevel = .critical

        switch probe {
        case .entry:
            let e = library.entry.pointee
            pass("exports \(ROLLPORT_ENTRY_SYMBOL); magic, struct_size \(e.struct_size) and ABI \(e.abi_major).\(e.abi_minor) are valid")
            pass("adapter \(library.adapterID) \(library.adapterVersion)\(library.buildInfo.map { " (\($0))" } ?? "")")
            if SemanticVersion(library.adapterVersion) == nil { fail("adapter_version `\(library.adapterVersion)` is not a semantic version") }
            if let manifest {
                do { try library.checkIdentity(against: manifest); pass("id, version and threading equal the manifest's") } catch { fail(error.description) }
            }
            if let future = library.entryFunction(RollportVersion.abiMajor + 1, 0), UInt32(future.pointee.abi_major) != RollportVersion.abiMajor + 1 {
                fail("asked for ABI \(RollportVersion.abiMajor + 1), the entry returned an ABI \(future.pointee.abi_major) entry; it must return NULL for a major it cannot serve")
            } else {
                pass("returns NULL for an ABI major it does not serve")
            }
        case .lifecycle:
            // The manifest's chains as config, but no extension checks: that is the next probe.
            let config = AdapterInstance.configuration(for: manifest, library: library)
            do {
                let first = try AdapterInstance(library: library, manifest: nil, logger: logger, config: config)
                let second = try AdapterInstance(library: library, manifest: nil, logger: logger, config: config)
                pass("init twice: two instances at once")
                first.shutdown()
                second.shutdown()
                pass("shutdown of both")
                let third = try AdapterInstance(library: library, manifest: nil, logger: logger, config: config)
                third.shutdown()
                pass("init again after shutdown, and shutdown")
            } catch {
                fail(error.description)
            }
        case .extensions:
            do {
                let instance = try AdapterInstance(library: library, manifest: manifest, logger: logger)
                defer { instance.shutdown() }
                for ext in manifest?.extensions.provides ?? [] { pass("provides \(ext)") }
                if manifest == nil {
                    for ext in [ROLLPORT_L1_INGEST_V1, ROLLPORT_RPC_V1] where instance.supports(ext) { pass("provides \(ext)") }
                }
                if instance.supports("rollport.no-such-extension/1") { fail("get_extension returned a table for an unknown id; it must return NULL") }
                else { pass("returns NULL for an unknown extension id") }
                if let manifest, instance.supports(ROLLPORT_RPC_V1) {
                    let served = Set(instance.rpcMethods)
                    let declared = Set(manifest.extensions.rpcMethods)
                    if served == declared { pass("serves the manifest's rpc_methods: \(served.sorted().joined(separator: ", "))") }
                    else { fail("the adapter serves \(served.sorted()) but the manifest's rpc_methods are \(declared.sorted())") }
                }
            } catch {
                fail(error.description)
            }
        case .probeItem:
            guard let manifest else { warn("no manifest"); break }
            guard let text = manifest.probeItem else {
                warn("the manifest declares no [probe] item, so acceptance is not tested; add one")
                break
            }
            do {
                let item = try L1ItemParser.parse(text)
                let instance = try AdapterInstance(library: library, manifest: manifest, logger: logger)
                defer { instance.shutdown() }
                let router = Router(adapters: [instance])
                let dispatch = router.dispatch(item)
                switch dispatch.outcome {
                case .unmatched: fail("no rule of the manifest's enabled chains matches the probe item")
                case .declined(let errors): fail("a rule matched but claim() declined the probe item\(errors.isEmpty ? "" : ": \(errors.joined(separator: "; "))")")
                case .conflict: fail("more than one chain claimed the probe item")
                case .claimed(let c):
                    pass("claims the probe item (chain \(c.chain), \(c.kind.rawValue))")
                    if let result = dispatch.result {
                        if result.status == .ok { pass("handles it: \(result.records.count) record(s)") }
                        else { fail("handle() returned \(result.status) for the probe item: \(result.message)") }
                        for r in result.refusals { fail("record refused: \(r)") }
                    }
                }
            } catch let error as L1ItemParser.ItemError {
                fail("the manifest's probe item does not parse: \(error)")
            } catch {
                fail("\(error)")
            }
        case .garbage:
            do {
                let instance = try AdapterInstance(library: library, manifest: manifest, logger: logger)
                defer { instance.shutdown() }
                checkGarbage(instance, manifest: manifest, pass: pass, fail: fail)
            } catch {
                fail(error.description)
            }
        }
        return ProbeReport(probe: probe, findings: findings)
    }

    /// Empty and malformed input to every function: claim may decline or accept (it is a cheap
    /// pre-check), but handle must refuse, and nothing may crash.
    static func checkGarbage(_ instance: AdapterInstance, manifest: Manifest?, pass: (String) -> Void, fail: (String) -> Void) {
        var rng = SplitMix64(seed: 0x5250_5431)
        let payloads: [(String, [UInt8])] = [
            ("empty input", []), ("one 0xff byte", [0xff]),
            ("7 random bytes", (0..<7).map { _ in rng.byte() }),
            ("131 random bytes", (0..<131).map { _ in rng.byte() }),
        ]
        var targets: [(ClaimRule, String)] = []
        for chain in manifest?.chains ?? [] { for rule in chain.claims { targets.append((rule, chain.name)) } }
        if targets.isEmpty {
            let any = ClaimRule(kind: .batch, target: .transaction(to: .zero, from: [], selectors: [], requiresBlobs: false), sinceBlock: 0, path: "(none)")
            targets = [(any, "")]
        }
        var handledBadly = 0
        for (rule, chain) in targets {
            for (label, bytes) in payloads {
                let item: L1Item
                switch rule.target {
                case .transaction(let to, let from, _, let blobs):
                    item = .transaction(L1Item.TransactionItem(transaction: L1Transaction(
                        type: blobs ? 3 : 2, from: from.first, to: to, input: bytes)))
                case .log(let address, let topics):
                    item = .log(L1Item.LogItem(log: L1Log(address: address, topics: Array(topics.prefix(1)), data: bytes)))
                }
                let status = item.withABI(chain: chain, kind: rule.kind) { instance.claim($0) }
                guard status != nil else { continue }
                let result = item.withABI(chain: chain, kind: rule.kind) { instance.handle($0, chain: chain) }
                if result.status == .ok {
                    handledBadly += 1
                    fail("handle() returned OK for \(label) offered under \(rule.path) (\(result.records.count) record(s)); it must reject malformed data with DECODE_ERROR")
                } else if result.message.isEmpty {
                    fail("handle() returned \(result.status) for \(label) without an error message; say what is wrong and where")
                }
            }
        }
        if handledBadly == 0, instance.supports(ROLLPORT_L1_INGEST_V1) { pass("claim and handle refuse empty and malformed items (\(targets.count * payloads.count) cases)") }
        if instance.supports(ROLLPORT_RPC_V1) {
            let method = instance.rpcMethods.first ?? "x"
            for (label, params) in [("truncated JSON", "{\""), ("empty params", ""), ("a number", "42")] {
                let r = instance.call(method: method, chain: "", params: params)
                if r.status == .ok { fail("rpc \(method) returned OK for \(label) params") }
            }
            let unknown = instance.call(method: "no_such_method", chain: "", params: "[]")
            if unknown.status == .ok { fail("rpc returned OK for an unknown method") } else { pass("rpc refuses unknown methods (\(unknown.status)) and malformed params") }
        }
        let block = L1BlockReference(number: 1, hash: .zero)
        let (commit, _) = instance.commit(block)
        if commit.status != .ok, commit.status != .unsupported { fail("commit of an empty block returned \(commit.status): \(commit.message)") }
        _ = instance.revert(block)
        pass("commit and revert of an empty block")
    }
}

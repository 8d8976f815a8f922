import Foundation
import RollportTestSupport
import Testing

/// `rollport plugins check`: the conformance report adapter authors rely on, against good
/// adapters and against one broken adapter per defect.
@Suite struct PluginsCheckTests {
    /// The `--json` report, reduced to what the assertions need.
    struct Report {
        struct Probe {
            var name: String
            var passed: Bool
            var crash: String?
            var findings: [(severity: String, message: String)]
            var failures: [String] { findings.filter { $0.severity == "failure" }.map(\.message) }
        }

        var passed: Bool
        var probes: [Probe]

        init(_ run: CLIRun) throws {
            let json = try run.json()
            passed = try #require(json["passed"] as? Bool)
            let list = try #require(json["probes"] as? [[String: Any]])
            probes = try list.map { p in
                let findings = try #require(p["findings"] as? [[String: Any]])
                return Probe(name: try #require(p["probe"] as? String), passed: try #require(p["passed"] as? Bool),
                             crash: p["crash"] as? String,
                             findings: findings.map { ($0["severity"] as? String ?? "?", $0["message"] as? String ?? "") })
            }
        }

        subscript(name: String) -> Probe? { probes.first { $0.name == name } }
        var names: [String] { probes.map(\.name) }
        var passedNames: [String] { probes.filter(\.passed).map(\.name) }
    }

    static let allProbes = ["entry", "lifecycle", "extensions", "probe-item", "garbage"]

    func check(_ library: String, manifest: String, json: Bool = true) throws -> CLIRun {
        try CLI.run(["plugins", "check", library, "--manifest", manifest] + (json ? ["--json"] : []))
    }

    /// Builds one variant in a fresh folder and checks it; exit 1 is what every defect must give.
    func checkBroken(_ variant: BrokenVariant) throws -> Report {
        let dir = TestPaths.temporaryDirectory("check-\(variant.slug)")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let built = try BrokenAdapters.build(variant, in: dir)
        let run = try check(built.library, manifest: built.manifest)
        #expect(run.status == 1, "\(run)")
        let report = try Report(run)
        #expect(!report.passed)
        return report
    }

    // MARK: conforming adapters

    @Test func swiftExamplePasses() throws {
        let run = try check(TestPaths.swiftExampleLibrary, manifest: CLI.swiftExampleManifests + "/minimal-swift.toml")
        #expect(run.status == 0, "\(run)")
        let report = try Report(run)
        #expect(report.passed)
        #expect(report.names == Self.allProbes)
        #expect(report.passedNames == Self.allProbes)
        let extensions = try #require(report["extensions"]).findings.map(\.message)
        #expect(extensions.contains("provides rollport.rpc/1"))
        #expect(extensions.contains("serves the manifest's rpc_methods: example_parseBatch"))
        #expect(try #require(report["probe-item"]).findings.contains { $0.message.contains("claims the probe item (chain example-devnet, batch)") })
    }

    @Test func cExampleBuiltAgainstTheHeaderAlonePasses() throws {
        let dir = TestPaths.temporaryDirectory("check-minimal-c")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let library = dir + "/libminimal_c.so"
        try TestPaths.compileCAdapter(source: TestPaths.examples + "/minimal-c/minimal.c", output: library)
        let run = try check(library, manifest: TestPaths.examples + "/minimal-c/minimal-c.toml", json: false)
        #expect(run.status == 0, "\(run)")
        for probe in Self.allProbes { #expect(run.stdout.contains("PASS  \(probe)\n"), "\(run)") }
        #expect(!run.stdout.contains("FAIL"))
        #expect(run.stdout.contains("claims the probe item (chain example-bridge, deposit)"))
        #expect(run.stdout.contains("\(library): conforms to ABI \(TestPaths.abiVersion)"))
    }

    /// Global symbols a library exports, as `nm -D --defined-only` lists them.
    func exportedGlobals(_ library: String) throws -> (symbols: [String], listing: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/nm")
        process.arguments = ["-D", "--defined-only", library]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        // Upper-case types are global; the version node itself is an absolute ("A") symbol.
        let globals = text.split(separator: "\n").compactMap { line -> String? in
            let fields = line.split(separator: " ")
            guard fields.count == 3, fields[1] != "A", fields[1].uppercased() == fields[1] else { return nil }
            return String(fields[2].split(separator: "@").first ?? fields[2])
        }
        return (globals, text)
    }

    /// The ABI's promise that an adapter exports exactly one symbol, checked on a C build.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/nm"), "needs binutils' nm"))
    func cExampleExportsOnlyTheEntrySymbol() throws {
        let dir = TestPaths.temporaryDirectory("nm-minimal-c")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let library = dir + "/libminimal_c.so"
        try TestPaths.compileCAdapter(source: TestPaths.examples + "/minimal-c/minimal.c", output: library)
        let (globals, listing) = try exportedGlobals(library)
        #expect(globals == ["rollport_plugin_entry_v1"], "\(listing)")
    }

    /// The Swift example links with a version script: the kit and the toolkit inside it stay private.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/nm"), "needs binutils' nm"))
    func swiftExampleExportsOnlyTheEntrySymbol() throws {
        let (globals, listing) = try exportedGlobals(TestPaths.swiftExampleLibrary)
        #expect(globals == ["rollport_plugin_entry_v1"], "\(listing)")
    }

    /// The fixture itself conforms, so each failure below is down to its one defect.
    @Test func goodFixturePasses() throws {
        let dir = TestPaths.temporaryDirectory("check-good")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let built = try BrokenAdapters.build(.good, in: dir)
        let run = try check(built.library, manifest: built.manifest)
        #expect(run.status == 0, "\(run)")
        #expect(try Report(run).passedNames == Self.allProbes)
    }

    // MARK: defects found by running the adapter

    @Test func crashOnGarbageIsASIGSEGVInTheGarbageProbe() throws {
        let report = try checkBroken(.crashOnGarbage)
        #expect(report.passedNames == ["entry", "lifecycle", "extensions", "probe-item"])
        let garbage = try #require(report["garbage"])
        #expect(!garbage.passed)
        let crash = try #require(garbage.crash)
        #expect(crash.contains("signal 11 (SIGSEGV) during the garbage probe"), "\(crash)")
    }

    @Test func crashIsReportedInTheHumanReport() throws {
        let dir = TestPaths.temporaryDirectory("check-crash-text")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let built = try BrokenAdapters.build(.crashOnGarbage, in: dir)
        let run = try check(built.library, manifest: built.manifest, json: false)
        #expect(run.status == 1, "\(run)")
        #expect(run.stdout.contains("PASS  probe-item\n"))
        #expect(run.stdout.contains("FAIL  garbage\n      CRASH: the adapter crashed the process with signal 11 (SIGSEGV) during the garbage probe"), "\(run)")
        #expect(run.stdout.contains("\(built.library): does NOT conform"))
    }

    @Test func okOnGarbageIsNamedForEachPayload() throws {
        let report = try checkBroken(.okOnGarbage)
        #expect(report.passedNames == ["entry", "lifecycle", "extensions", "probe-item"])
        let garbage = try #require(report["garbage"])
        #expect(garbage.crash == nil)
        #expect(garbage.failures.count == 4, "\(garbage.failures)")
        for payload in ["empty input", "one 0xff byte", "7 random bytes", "131 random bytes"] {
            #expect(garbage.failures.contains { $0.hasPrefix("handle() returned OK for \(payload) offered under chains[0].claims[0] (1 record(s))") },
                    "\(payload): \(garbage.failures)")
        }
    }

    @Test func trapInShutdownCrashesTheLifecycleProbe() throws {
        let report = try checkBroken(.trapInShutdown)
        #expect(try #require(report["entry"]).passed)
        let lifecycle = try #require(report["lifecycle"])
        let crash = try #require(lifecycle.crash, "\(lifecycle.findings)")
        // __builtin_trap is ud2 (SIGILL) on x86-64 and brk (SIGTRAP) on arm64.
        #expect(crash.contains("(SIGILL) during the lifecycle probe") || crash.contains("(SIGTRAP) during the lifecycle probe"), "\(crash)")
        // Every later probe shuts its instance down too.
        for probe in ["extensions", "probe-item", "garbage"] { #expect(report[probe]?.crash != nil, "\(probe)") }
    }

    @Test func missingExtensionIsNamed() throws {
        let report = try checkBroken(.missingExtension)
        #expect(report.passedNames == ["entry", "lifecycle"])
        let extensions = try #require(report["extensions"])
        #expect(extensions.crash == nil)
        #expect(extensions.failures.contains {
            $0.contains("provides rollport.rpc/1, but get_extension(\"rollport.rpc/1\") returned NULL")
        }, "\(extensions.failures)")
    }

    // MARK: defects found before any adapter code beyond the entry function runs

    static let entryDefects: [(BrokenVariant, String)] = [
        (.wrongMagic, "entry magic is 0x32545052; expected 0x31545052 (\"RPT1\")"),
        (.smallStruct, "entry struct_size is 56; ABI 1.0 needs at least 64"),
        (.abiMajor2, "the library was built against ABI 2.\(TestPaths.abiVersion.split(separator: ".").last ?? ""); this host speaks \(TestPaths.abiVersion)"),
        (.noEntry, "does not export rollport_plugin_entry_v1"),
    ]

    @Test(arguments: entryDefects)
    func entryDefectStopsTheCheck(_ variant: BrokenVariant, expected: String) throws {
        let report = try checkBroken(variant)
        // Nothing else can be probed when the entry is unusable.
        #expect(report.names == ["entry"])
        let entry = try #require(report["entry"])
        #expect(entry.crash == nil)
        #expect(entry.failures.count == 1)
        #expect(entry.failures.first?.contains(expected) == true, "\(entry.failures)")
        #expect(entry.failures.first?.hasPrefix(variant.adapterID + ": ") == true, "the manifest's id names the adapter: \(entry.failures)")
    }

    @Test func wrongMagicInTheHumanReport() throws {
        let dir = TestPaths.temporaryDirectory("check-magic-text")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let built = try BrokenAdapters.build(.wrongMagic, in: dir)
        let run = try check(built.library, manifest: built.manifest, json: false)
        #expect(run.status == 1, "\(run)")
        #expect(run.stdout.hasPrefix("FAIL  entry\n      FAILED: org.rollport.test.wrong-magic: entry magic is 0x32545052"), "\(run)")
        #expect(run.stdout.contains("fix: set magic = ROLLPORT_ENTRY_MAGIC"))
        #expect(!run.stdout.contains("lifecycle"))
    }

    /// Hundreds of kilobytes on stdout and stderr during init: output goes to files, so the
    /// checker neither stalls nor mistakes the noise for the probe's report.
    @Test func chattyAdapterDoesNotStallTheChecker() throws {
        let dir = TestPaths.temporaryDirectory("check-chatty")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let built = try BrokenAdapters.build(.chatty, in: dir)
        let run = try check(built.library, manifest: built.manifest)
        #expect(run.status == 0, "\(run)")
        #expect(try Report(run).passedNames == Self.allProbes)
    }

    @Test func hangingAdapterIsStoppedAndNamed() throws {
        let dir = TestPaths.temporaryDirectory("check-hang")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let built = try BrokenAdapters.build(.hangInHandle, in: dir)
        let run = try CLI.run(["plugins", "check", built.library, "--manifest", built.manifest, "--json"],
                              environment: ["ROLLPORT_PROBE_TIMEOUT": "1.5"])
        #expect(run.status == 1, "\(run)")
        let report = try Report(run)
        let garbage = try #require(report["garbage"])
        #expect(garbage.crash?.contains("did not finish within 1.5 s: an adapter call hangs") == true, "\(garbage)")
        #expect(report.passedNames == ["entry", "lifecycle", "extensions", "probe-item"])
    }

    @Test func missingLibraryIsBadInput() throws {
        let run = try CLI.run(["plugins", "check", "/nonexistent/libnothing.so"])
        #expect(run.status == 2, "\(run)")
        #expect(run.stderr.contains("/nonexistent/libnothing.so: no such file"))
    }
}

import ArgumentParser
import Foundation
import RollportHost
import RollportToolkit

struct Plugins: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List and check adapter libraries.",
        subcommands: [List.self, Check.self, ProbeCommand.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the adapters of the manifests, and whether each loads.")
        @OptionGroup var manifests: ManifestOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let set = manifests.loadAdapters(loadDisabled: true)
            var rows = [JSONValue]()
            for m in set.catalog.manifests {
                let loaded = set.adapters.first { $0.manifest?.file == m.file }
                let failure = set.failures.first { $0.adapter == m.adapter.id }
                rows.append(.object([
                    ("id", .string(m.adapter.id)), ("name", .string(m.adapter.name)), ("version", .string(m.adapter.version.description)),
                    ("manifest", .string(m.file)), ("library", .string(loaded?.library.path ?? m.library.file)),
                    ("pinned", .bool(m.library.sha256 != nil)), ("loaded", .bool(loaded != nil)),
                    ("provides", .array(m.extensions.provides.map { .string($0) })),
                    ("chains", .array(m.chains.map { .string($0.name) })),
                    ("error", failure.map { .string($0.description) } ?? .null),
                ]))
            }
            if output.json {
                printJSON(.object([("adapters", .array(rows)), ("manifestErrors", .array(set.catalog.failures.map { .string($0.description) }))]))
            } else {
                if set.catalog.manifests.isEmpty { print("no manifests in \(manifests.directories.joined(separator: ", "))") }
                for m in set.catalog.manifests {
                    let loaded = set.adapters.contains { $0.manifest?.file == m.file }
                    let pin = m.library.sha256 == nil ? "unpinned" : "pinned"
                    print("\(m.adapter.id) \(m.adapter.version)  \(loaded ? "loaded" : "NOT LOADED")  \(pin)  chains: \(m.chains.map(\.name).joined(separator: ", "))")
                    print("    \(m.adapter.name) — \(m.file)")
                    if let f = set.failures.first(where: { $0.adapter == m.adapter.id }) { print("    error: \(f.message)\n    fix: \(f.fix)") }
                }
                for f in set.catalog.failures { print("invalid manifest:\n\(f.description)") }
            }
            if !set.failures.isEmpty || !set.catalog.failures.isEmpty { throw Exit.negative }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check an adapter library against the ABI, each probe in a child process.",
            discussion: "Probes: entry symbol, magic, sizes and versions; init/shutdown twice; the manifest's extensions; the manifest's probe item is claimed; empty and garbage input is refused. Exit 0 when all pass, 1 when any fails.")
        @Argument(help: "The adapter's shared library (.so).") var library: String
        @Option(help: "The adapter's manifest.") var manifest: String?
        @OptionGroup var output: OutputOptions

        func run() throws {
            guard FileManager.default.fileExists(atPath: library) else {
                printError("\(library): no such file")
                throw Exit.badInput
            }
            let reports = PluginChecker.check(library: library, manifest: manifest, executable: AdapterLibrary.Options.executablePath)
            let passed = reports.allSatisfy(\.passed)
            if output.json {
                printJSON(.object([("library", .string(library)), ("passed", .bool(passed)), ("probes", .array(reports.map(\.json)))]))
            } else {
                for r in reports {
                    print("\(r.passed ? "PASS" : "FAIL")  \(r.probe.rawValue)")
                    if let crash = r.crash { print("      CRASH: \(crash)") }
                    for f in r.findings {
                        let mark = f.severity == .pass ? "ok" : f.severity == .warning ? "warning" : "FAILED"
                        print("      \(mark): \(f.message)")
                    }
                }
                print(passed ? "\(library): conforms to ABI \(RollportVersion.abiMajor).\(RollportVersion.abiMinor)" : "\(library): does NOT conform")
            }
            if !passed { throw Exit.negative }
        }
    }

    /// Runs one probe in this process; `plugins check` starts it in a child.
    struct ProbeCommand: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "probe", abstract: "Run one conformance probe in this process.", shouldDisplay: false)
        @Argument var probe: String
        @Argument var library: String
        @Option var manifest: String?
        @Option(help: "Write the report here instead of standard output.") var report: String?

        func run() throws {
            guard let p = PluginChecker.Probe(rawValue: probe) else {
                printError("unknown probe \(probe); one of \(PluginChecker.Probe.allCases.map(\.rawValue).joined(separator: ", "))")
                throw Exit.badInput
            }
            let text = PluginChecker.runProbe(p, library: library, manifestFile: manifest).json.compact
            if let report {
                do { try text.write(toFile: report, atomically: true, encoding: .utf8) } catch {
                    printError("cannot write \(report): \(error)")
                    throw Exit.badInput
                }
            } else {
                print(text)
            }
        }
    }
}

import ArgumentParser
import Foundation
import Logging
import RollportHost
import RollportToolkit

@main
struct Rollport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollport",
        abstract: "Routes what rollups post on Ethereum L1 to the adapter of each rollup.",
        discussion: "Exit codes: 0 ok, 1 a negative result (not claimed, invalid), 2 bad input or usage.",
        version: RollportVersion.host.description,
        subcommands: [Version.self, Plugins.self, Chains.self, ManifestCommand.self, Route.self, Call.self,
                      KeccakCommand.self, RLPCommand.self, ABICommand.self, Tx.self, MPT.self, Decompress.self,
                      Compress.self, BlobCommand.self, RPCCommand.self, BatchCommand.self, PrecompileCommand.self, Verify.self, DevnetCommand.self,
                      Run.self, Serve.self])

    /// Usage errors exit 2 (swift-argument-parser's default is 64), like every other bad input.
    static func main() {
        bootstrapLogging()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }

    static func bootstrapLogging() {
        let level = ProcessInfo.processInfo.environment["ROLLPORT_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

/// Options every verb that reads manifests shares.
struct ManifestOptions: ParsableArguments {
    @Option(name: .customLong("manifests"), help: "A manifest folder or file (repeatable). Default: ./Manifests, or ROLLPORT_MANIFESTS (':'-separated).")
    var paths: [String] = []

    @Flag(help: "Refuse adapter libraries whose manifest has no sha256 pin (also ROLLPORT_REQUIRE_PINNED=1).")
    var requirePinned = false

    var pinningRequired: Bool {
        requirePinned || ["1", "true", "yes"].contains(ProcessInfo.processInfo.environment["ROLLPORT_REQUIRE_PINNED"]?.lowercased() ?? "")
    }

    var directories: [String] { paths.isEmpty ? ManifestCatalog.defaultDirectories : paths }

    func catalog() -> ManifestCatalog { ManifestCatalog.load(directories) }

    func loadAdapters(loadDisabled: Bool = false) -> AdapterSet {
        AdapterSet(catalog: catalog(), options: .fromEnvironment(requirePinned: pinningRequired),
                   logger: Logger(label: "rollport"), loadDisabled: loadDisabled)
    }

    /// The adapter serving `chain`, whether the chain is enabled or not; when none does, prints
    /// the chains there are and the adapters that failed to load, and exits 2.
    func adapter(forChain chain: String) throws -> AdapterInstance {
        let set = loadAdapters(loadDisabled: true)
        guard let (adapter, _) = set.adapter(forChain: chain) else {
            let known = set.catalog.manifests.flatMap { $0.chains.map(\.name) }
            let failed = set.failures.map(\.description)
            printError("no loaded adapter serves chain \(chain); chains: \(known.joined(separator: ", "))\(failed.isEmpty ? "" : "\n" + failed.joined(separator: "\n"))")
            throw Exit.badInput
        }
        return adapter
    }
}

struct OutputOptions: ParsableArguments {
    @Flag(help: "Print JSON instead of text.")
    var json = false
}

/// Exit with a status; negative results are 1, bad input 2.
struct Exit: Error {
    static let negative = ExitCode(1)
    static let badInput = ExitCode(2)
}

func printJSON(_ value: JSONValue) { print(value.pretty) }

func printError(_ message: String) {
    FileHandle.standardError.write(Data(("error: " + message + "\n").utf8))
}

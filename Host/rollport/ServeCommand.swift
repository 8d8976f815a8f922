import ArgumentParser
import Foundation
import Logging
import RollportAPI
import RollportHost

/// `rollport serve`: the JSON-RPC API and metrics over a data directory, without following L1.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the JSON-RPC API and metrics from a data directory, without following L1.",
        discussion: """
        Answers what `rollport run` stored in the data directory (which no run may hold at the same time), \
        with the adapters of the enabled chains for their own methods. Admin methods, which steer a \
        follower, are refused. Runs until interrupted. Settings as for `run`: rollport.toml, ROLLPORT_*, flags.
        """)

    @Option(help: "The settings file. Default: ./rollport.toml when present, or ROLLPORT_CONFIG.")
    var config: String?

    @Option(help: "The data directory (ROLLPORT_DATADIR). Default: ./data.")
    var datadir: String?

    @OptionGroup var manifests: ManifestOptions
    @OptionGroup var servers: ServerOptions

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error, critical (ROLLPORT_LOG_LEVEL). Default: info.")
    var logLevel: String?

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        var settings: RunConfiguration
        do {
            settings = try RunConfiguration.resolve(file: config, environment: environment)
            if let datadir { settings.dataDirectory = datadir }
            if !manifests.paths.isEmpty { settings.manifests = manifests.paths }
            try servers.apply(to: &settings)
            if let logLevel { try settings.setLogLevel(logLevel, source: "--log-level", key: nil) }
        } catch {
            printError(error.description)
            throw Exit.badInput
        }
        guard settings.rpc.enabled || settings.metrics.enabled else {
            printError("both the API and the metrics are disabled: nothing to serve; leave --rpc.enabled or --metrics.enabled on")
            throw Exit.badInput
        }
        let level = Logger.Level(rawValue: settings.logLevel) ?? .info
        let logger = Logger(label: "rollport") { LineLogHandler(label: $0, level: level, format: settings.logFormat) }
        guard FileManager.default.fileExists(atPath: settings.dataDirectory + "/CURRENT") else {
            printError("data directory \(settings.dataDirectory) holds no store: give the --datadir a `rollport run` wrote")
            throw Exit.badInput
        }
        let store = try openStore(settings.dataDirectory)
        defer { store.close() }
        let catalog: ManifestCatalog
        do {
            catalog = try settings.apply(to: ManifestCatalog.load(settings.manifests.isEmpty ? ManifestCatalog.defaultDirectories : settings.manifests))
        } catch {
            printError(error.description)
            throw Exit.badInput
        }
        let options = AdapterLibrary.Options.fromEnvironment(requirePinned: manifests.pinningRequired)
        let adapters: AdapterSet
        do { adapters = try AdapterSet.resuming(store, catalog: catalog, options: options, logger: logger) } catch {
            printError("\(error)")
            throw Exit.badInput
        }
        let routing = AdapterSet(catalog: catalog, options: options, logger: logger)
        defer { for a in adapters.adapters + routing.adapters { a.shutdown() } }
        for f in adapters.failures { logger.error("adapter skipped", metadata: ["error": .string(f.description)]) }
        let endpoint = Servers.endpoint(settings)
        let service = APIService(store: store, status: nil, adapters: adapters.adapters, routing: routing,
                                 settings: Servers.apiSettings(settings), metrics: endpoint?.factory)
        let failure = waitForCompletion { [settings] () async -> String? in
            let running: Servers
            do throws(HTTPServer.StartError) { running = try await Servers.start(service, endpoint: endpoint, settings: settings, logger: logger) } catch {
                return error.description
            }
            // Until SIGINT or SIGTERM cancels this task.
            while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
            await running.stop()
            return nil
        }
        if let message = failure {
            printError(message)
            throw Exit.badInput
        }
    }
}

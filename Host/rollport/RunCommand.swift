import ArgumentParser
import Dispatch
import Foundation
import Logging
import RollportAPI
import RollportHost
import RollportToolkit
import Synchronization

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Follow L1 and store what the enabled chains' adapters make of it.",
        discussion: """
        Settings come from rollport.toml (or --config / ROLLPORT_CONFIG), then ROLLPORT_* variables, then flags. \
        The data directory keeps the cursor: a second run continues after the last stored block. \
        With --replay FILE the run reads a recorded L1 segment and stops at its end. \
        With --devnet it starts the built-in development L1 (chain id 900, not Ethereum) on loopback, \
        with the devnet's own manifests (Manifests/devnet), follows it through the JSON-RPC client, \
        and at the end compares what the store holds with what the devnet produced.
        """)

    @Option(help: "The settings file. Default: ./rollport.toml when present, or ROLLPORT_CONFIG.")
    var config: String?

    @Option(name: .customLong("l1-rpc"), help: "The L1 JSON-RPC endpoint (ROLLPORT_L1_RPC).")
    var l1RPC: String?

    @Option(name: .customLong("beacon-api"), help: "The beacon API endpoint for blob sidecars (ROLLPORT_BEACON_API).")
    var beaconAPI: String?

    @Option(help: "A recorded L1 segment to follow instead of an endpoint; the run stops at its end.")
    var replay: String?

    @Flag(help: "Follow the built-in development L1 (chain id 900), started on loopback for this run.")
    var devnet = false

    @Option(help: "With --devnet: the seed of the development chain (the same seed gives the same chain).")
    var seed: UInt64 = 1

    @Option(name: .customLong("block-time"), help: "With --devnet and no --until-l1-block: seconds between new devnet blocks.")
    var blockTime: Double = 2

    @Option(help: "The data directory (ROLLPORT_DATADIR). Default: ./data.")
    var datadir: String?

    @Option(name: .customLong("manifests"), help: "A manifest folder or file (repeatable; ROLLPORT_MANIFESTS, ':'-separated). Default: ./Manifests.")
    var manifests: [String] = []

    @Option(help: "Enable a chain the manifests leave disabled (repeatable; ROLLPORT_ENABLE, ','-separated).")
    var enable: [String] = []

    @Option(help: "Disable a chain (repeatable; ROLLPORT_DISABLE, ','-separated).")
    var disable: [String] = []

    @Option(name: .customLong("l2-rpc"), help: "An L2 JSON-RPC endpoint for a chain, NAME=URL (repeatable; ROLLPORT_L2_RPC).")
    var l2RPC: [String] = []

    @Option(name: .customLong("safe-depth"), help: "Blocks this far below the newest are final: reorgs cannot reach them (ROLLPORT_SAFE_DEPTH). Default: 64.")
    var safeDepth: UInt64?

    @Option(name: .customLong("until-l1-block"), help: "Stop after storing this L1 block.")
    var untilL1Block: UInt64?

    @OptionGroup var servers: ServerOptions

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error, critical (ROLLPORT_LOG_LEVEL). Default: info.")
    var logLevel: String?

    @Option(name: .customLong("log-format"), help: "logfmt or json (ROLLPORT_LOG_FORMAT). Default: logfmt.")
    var logFormat: String?

    @Flag(help: "Refuse adapter libraries whose manifest has no sha256 pin (also ROLLPORT_REQUIRE_PINNED=1).")
    var requirePinned = false

    @Option(name: .customLong("pace-ms"), help: ArgumentHelp("Wait this many milliseconds after each stored block (to watch a replay).", visibility: .hidden))
    var paceMilliseconds: UInt64?

    @OptionGroup var output: OutputOptions

    /// The settings in force: file, then environment, then flags.
    func settings(environment: [String: String]) throws(RunConfiguration.ConfigError) -> RunConfiguration {
        var c = try RunConfiguration.resolve(file: config, environment: environment)
        if let l1RPC { c.l1RPC = l1RPC }
        if let beaconAPI { c.beaconAPI = beaconAPI }
        if let datadir { c.dataDirectory = datadir }
        if !manifests.isEmpty { c.manifests = manifests }
        c.setEnabled(enable, true)
        c.setEnabled(disable, false)
        for a in l2RPC { try c.setL2RPC(a, source: "--l2-rpc") }
        if let safeDepth { c.safeDepth = safeDepth }
        try servers.apply(to: &c)
        if let logLevel { try c.setLogLevel(logLevel, source: "--log-level", key: nil) }
        if let logFormat { try c.setLogFormat(logFormat, source: "--log-format", key: nil) }
        return c
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let settings: RunConfiguration
        do { settings = try self.settings(environment: environment) } catch {
            printError(error.description)
            throw Exit.badInput
        }
        let level = Logger.Level(rawValue: settings.logLevel) ?? .info
        let logger = Logger(label: "rollport") { LineLogHandler(label: $0, level: level, format: settings.logFormat) }

        let source: any L1Source
        let isReplay: Bool
        var devnetRun: DevnetRun?
        var manifestPaths = settings.manifests.isEmpty ? ManifestCatalog.defaultDirectories : settings.manifests
        if devnet {
            guard replay == nil, l1RPC == nil else {
                printError("--devnet follows the built-in development chain; leave out --replay and --l1-rpc")
                throw Exit.badInput
            }
            guard blockTime >= 0, blockTime.isFinite else {
                printError("--block-time must be 0 or more seconds")
                throw Exit.badInput
            }
            if manifests.isEmpty { manifestPaths = DevnetRun.manifests }
            do {
                let run = try DevnetRun.start(seed: seed, until: untilL1Block, blockTime: blockTime, manifests: manifestPaths, logger: logger)
                devnetRun = run
                source = RPCL1Source(run.source, logger: logger)
                isReplay = false
                if !output.json {
                    print("devnet: a development chain (L1 chain id 900, seed \(seed), not Ethereum) at \(run.server.rpcURL), head block \(run.devnet.head.number)")
                }
            } catch {
                printError(error.description)
                throw Exit.badInput
            }
        } else {
            do {
                (source, isReplay) = try L1Sources.make(replay: replay, settings: settings, logger: logger)
            } catch {
                printError(error.description)
                throw Exit.badInput
            }
        }
        defer { devnetRun?.stop() }

        let catalog: ManifestCatalog
        do {
            catalog = try settings.apply(to: ManifestCatalog.load(manifestPaths))
        } catch {
            printError(error.description)
            throw Exit.badInput
        }
        for failure in catalog.failures { logger.error("manifest skipped", metadata: ["error": .string(failure.description)]) }
        let enabled = catalog.manifests.flatMap(\.enabledChains)
        guard !enabled.isEmpty else {
            printError("no chain is enabled in the manifests of \(manifestPaths); enable one in its manifest, rollport.toml or with --enable NAME")
            throw Exit.badInput
        }

        let store = try openStore(settings.dataDirectory)
        defer { store.close() }
        let pinned = requirePinned || ["1", "true", "yes"].contains(environment["ROLLPORT_REQUIRE_PINNED"]?.lowercased() ?? "")
        let adapters: AdapterSet
        do { adapters = try AdapterSet.resuming(store, catalog: catalog, options: .fromEnvironment(requirePinned: pinned), logger: logger) } catch {
            printError("\(error)")
            throw Exit.badInput
        }
        defer { for a in adapters.adapters { a.shutdown() } }
        if !adapters.failures.isEmpty {
            // Following without an enabled chain's adapter would store a gap for that chain.
            printError("adapters of enabled chains failed to load:\n" + adapters.failures.map(\.description).joined(separator: "\n"))
            throw Exit.badInput
        }

        var options = FollowerOptions()
        options.safeDepth = settings.safeDepth
        options.untilBlock = untilL1Block
        options.stopAtHead = isReplay
        if isReplay { options.retry.maxAttempts = 3 }
        options.pace = paceMilliseconds.map { .milliseconds(Int64(clamping: $0)) }
        if devnet { options.pollInterval = .milliseconds(200) }
        let endpoint = Servers.endpoint(settings)
        let status = FollowerStatus()
        let follower = Follower(source: source, adapters: adapters, store: store, options: options, status: status,
                                metrics: endpoint.map { FollowerMetrics(factory: $0.factory) } ?? FollowerMetrics(), logger: logger)
        // One-off routes through the API go to adapters of their own, so that they never
        // change what the follower's adapters hold.
        let routing = settings.rpc.enabled ? AdapterSet(catalog: catalog, options: .fromEnvironment(requirePinned: pinned), logger: logger) : nil
        defer { for a in routing?.adapters ?? [] { a.shutdown() } }
        let service = APIService(store: store, status: status, adapters: adapters.adapters, routing: routing,
                                 settings: Servers.apiSettings(settings), metrics: endpoint?.factory)
        let before = store.cursor
        logger.info("following L1", metadata: [
            "datadir": .string(settings.dataDirectory), "from": .stringConvertible(before.map { $0.number + 1 } ?? follower.startBlock),
            "chains": .string(enabled.map(\.name).joined(separator: ",")),
        ])

        let outcome = waitForCompletion { () async -> Result<FollowerSummary, CommandFailure> in
            let running: Servers
            do throws(HTTPServer.StartError) { running = try await Servers.start(service, endpoint: endpoint, settings: settings, logger: logger) } catch {
                return .failure(CommandFailure(message: error.description, exit: Exit.badInput))
            }
            do throws(FollowerError) {
                let summary = try await follower.run()
                await running.stop()
                return .success(summary)
            } catch {
                await running.stop()
                return .failure(CommandFailure(message: error.description, exit: error.reason == .wrongChain ? Exit.badInput : Exit.negative))
            }
        }
        let summary: FollowerSummary
        switch outcome {
        case .success(let s): summary = s
        case .failure(let failure):
            printError(failure.message)
            throw failure.exit
        }
        let comparison = devnetRun.map { $0.comparison(with: store.counts, through: summary.cursor?.number ?? 0, interrupted: untilL1Block == nil) }
        report(summary, store: store, chains: enabled.map(\.name), before: before, devnet: comparison?.json)
        if let comparison, !comparison.mismatches.isEmpty {
            printError("the store and the devnet disagree:\n" + comparison.mismatches.joined(separator: "\n"))
            throw Exit.negative
        }
    }

    private func report(_ summary: FollowerSummary, store: ChainStore, chains: [String], before: (number: UInt64, hash: Hash32)?, devnet: JSONValue?) {
        var counts = store.counts
        for name in chains where counts[name] == nil { counts[name] = ChainCounts() }
        let names = counts.keys.sorted()
        if output.json {
            let cursor: JSONValue = summary.cursor.map { .object([("number", .number($0.number)), ("hash", .string($0.hash.description))]) } ?? .null
            printJSON(.object([
                ("cursor", cursor),
                ("chains", .object(names.map { ($0, counts[$0]?.json ?? ChainCounts().json) })),
                ("blocksProcessed", .number(summary.blocksProcessed)),
                ("blocksReverted", .number(summary.blocksReverted)),
            ] + (devnet.map { [("devnet", $0)] } ?? [])))
            return
        }
        if let c = summary.cursor {
            let from = before.map { "after block \($0.number)" } ?? "from the start"
            print("processed \(summary.blocksProcessed) L1 block\(summary.blocksProcessed == 1 ? "" : "s") \(from); cursor at block \(c.number) \(c.hash)")
        } else {
            print("processed \(summary.blocksProcessed) L1 blocks; nothing stored yet")
        }
        if summary.reorgs > 0 { print("reorgs: \(summary.reorgs), \(summary.blocksReverted) blocks reverted") }
        print("items routed: \(summary.itemsRouted), claimed: \(summary.itemsClaimed), records stored: \(summary.records)")
        for name in names {
            let c = counts[name] ?? ChainCounts()
            print("  \(name): \(c.batches) batches, \(c.l2Blocks) L2 blocks, \(c.transactions) transactions, \(c.deposits) deposits, \(c.withdrawals) withdrawals")
        }
        if let devnet {
            if let reason = devnet["reason"]?.stringValue {
                print("not compared with the devnet: \(reason)")
            } else {
                print(devnet["agrees"]?.boolValue == true ? "the devnet reports the same traffic: the store and the chain agree" : "the devnet reports other traffic (below)")
            }
        }
    }
}

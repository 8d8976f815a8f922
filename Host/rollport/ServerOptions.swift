import ArgumentParser
import Foundation
import Logging
import RollportAPI
import RollportHost

/// The JSON-RPC API and metrics flags that `run` and `serve` share (dotted, as op-node's).
struct ServerOptions: ParsableArguments {
    @Option(name: .customLong("rpc.enabled"), help: "Serve the JSON-RPC API (ROLLPORT_RPC_ENABLED). Default: true.")
    var rpcEnabled: Bool?

    @Option(name: .customLong("rpc.addr"), help: "The API's address (ROLLPORT_RPC_ADDR). Default: 127.0.0.1; another address serves the network and is said so at start.")
    var rpcAddress: String?

    @Option(name: .customLong("rpc.port"), help: "The API's port (ROLLPORT_RPC_PORT); 0 picks a free one. Default: 8645.")
    var rpcPort: Int?

    @Option(name: .customLong("metrics.enabled"), help: "Serve /metrics and /healthz (ROLLPORT_METRICS_ENABLED). Default: true.")
    var metricsEnabled: Bool?

    @Option(name: .customLong("metrics.addr"), help: "The metrics address (ROLLPORT_METRICS_ADDR). Default: 127.0.0.1.")
    var metricsAddress: String?

    @Option(name: .customLong("metrics.port"), help: "The metrics port (ROLLPORT_METRICS_PORT); 0 picks a free one. Default: 7300.")
    var metricsPort: Int?

    @Option(name: .customLong("health.max-lag-blocks"), help: "/healthz is 503 when the cursor is further behind the L1 head (ROLLPORT_HEALTH_MAX_LAG_BLOCKS). Default: 8.")
    var maxLagBlocks: UInt64?

    func apply(to c: inout RunConfiguration) throws(RunConfiguration.ConfigError) {
        if let rpcEnabled { c.rpc.enabled = rpcEnabled }
        if let rpcAddress { c.rpc.address = rpcAddress }
        if let rpcPort { c.rpc.port = try RunConfiguration.port(String(rpcPort), source: "--rpc.port") }
        if let metricsEnabled { c.metrics.enabled = metricsEnabled }
        if let metricsAddress { c.metrics.address = metricsAddress }
        if let metricsPort { c.metrics.port = try RunConfiguration.port(String(metricsPort), source: "--metrics.port") }
        if let maxLagBlocks { c.maxLagBlocks = maxLagBlocks }
    }
}

/// The API and metrics servers of one process, started from the settings.
struct Servers: Sendable {
    var api: HTTPServer?
    var metrics: HTTPServer?

    static func endpoint(_ settings: RunConfiguration) -> MetricsEndpoint? {
        settings.metrics.enabled ? MetricsEndpoint(version: RollportVersion.host.description, abi: "\(RollportVersion.abiMajor).\(RollportVersion.abiMinor)") : nil
    }

    static func apiSettings(_ settings: RunConfiguration) -> APISettings {
        var s = APISettings()
        s.adminToken = settings.adminToken
        s.maxLagBlocks = settings.maxLagBlocks
        s.maxSilence = .seconds(Int64(clamping: settings.maxSilenceSeconds))
        return s
    }

    /// Starts what the settings enable; says where each listens, loudly when not on loopback.
    static func start(_ service: APIService, endpoint: MetricsEndpoint?, settings: RunConfiguration, logger: Logger) async throws(HTTPServer.StartError) -> Servers {
        var servers = Servers()
        if settings.rpc.enabled {
            let server = try await APIServer.start(service, host: settings.rpc.address, port: settings.rpc.port, logger: logger)
            servers.api = server
            announce("JSON-RPC API", server, listener: settings.rpc, logger: logger)
            if service.settings.adminToken?.isEmpty ?? true { logger.info("admin methods are off: no rpc.admin_token is set") }
        }
        if let endpoint, settings.metrics.enabled {
            do {
                let server = try await endpoint.start(service: service, host: settings.metrics.address, port: settings.metrics.port, logger: logger)
                servers.metrics = server
                announce("metrics (/metrics, /healthz)", server, listener: settings.metrics, logger: logger)
            } catch {
                await servers.stop()
                throw error
            }
        }
        return servers
    }

    private static func announce(_ what: String, _ server: HTTPServer, listener: RunConfiguration.Listener, logger: Logger) {
        if listener.isLoopback {
            logger.info("serving \(what)", metadata: ["url": .string(server.url)])
        } else {
            logger.warning("serving \(what) on \(listener.address), beyond this machine: anyone who reaches the address can call it", metadata: ["url": .string(server.url)])
        }
    }

    func stop() async {
        await api?.stop()
        await metrics?.stop()
    }
}

/// Runs `body` on the cooperative pool while this thread waits; SIGINT and SIGTERM cancel it,
/// so that the block being stored is finished and the store stays whole. Returns what `body`
/// returns, interrupted or not.
func waitForCompletion<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
    let stop = StopSignal()
    return blockingRun { await stop.cancelling(body) }
}

/// Why a command ended early, and its exit code.
struct CommandFailure: Error, Sendable {
    var message: String
    var exit: ExitCode
}

/// The store in `directory`; a clear message and exit 2 when it cannot be opened.
func openStore(_ directory: String) throws -> ChainStore {
    do { return try ChainStore(directory: directory) } catch {
        printError(error.description)
        throw Exit.badInput
    }
}

import Hummingbird
import Logging
import NIOCore
import NIOPosix

/// A hummingbird server running in a task: started on an address (port 0: any free port,
/// which `port` then tells), stopped by cancelling it.
public final class HTTPServer: Sendable {
    public let host: String
    public let port: Int
    private let task: Task<Void, any Error>

    public var url: String { "http://\(host.contains(":") ? "[\(host)]" : host):\(port)" }

    private init(host: String, port: Int, task: Task<Void, any Error>) {
        self.host = host; self.port = port; self.task = task
    }

    /// Half the cores read and write sockets; the handlers run on Swift's concurrency pool,
    /// which has the rest. On two cores, one I/O thread gave the API a lower p99 at 5,000
    /// requests/s than one per core, at the same throughput (Benchmarks/README.md).
    public static let eventLoops = MultiThreadedEventLoopGroup(numberOfThreads: max(1, System.coreCount / 2))

    public struct StartError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Starts serving `router` and returns once the server accepts connections. `eventLoops`:
    /// the threads that read and write its sockets; nil: NIO's shared group, one per core.
    public static func start(router: Hummingbird.Router<BasicRequestContext>, host: String, port: Int, what: String, logger: Logger,
                             eventLoops: MultiThreadedEventLoopGroup? = HTTPServer.eventLoops) async throws(StartError) -> HTTPServer {
        let (bound, continuation) = AsyncStream<Int>.makeStream()
        // The server's own log reports a cancelled accept loop as an error when it stops.
        var quiet = logger
        quiet.logLevel = .critical
        let app = Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: nil),
                              onServerRunning: { channel in
                                  continuation.yield(channel.localAddress?.port ?? 0)
                                  continuation.finish()
                              }, eventLoopGroupProvider: eventLoops.map { .shared($0) } ?? .singleton, logger: quiet)
        let task = Task {
            // A server that cannot bind ends here: the wait for its port below must end too.
            defer { continuation.finish() }
            try await app.runService(gracefulShutdownSignals: [])
        }
        var actual = 0
        for await p in bound { actual = p }
        guard actual > 0 else {
            task.cancel()
            let reason: String
            do { try await task.value; reason = "it stopped at once" } catch { reason = "\(error)" }
            throw StartError(description: "the \(what) could not listen on \(host):\(port) (\(reason)); the address must be one of this machine's and the port free: choose another with the \(what)'s address and port settings (port 0 picks any free one)")
        }
        return HTTPServer(host: host, port: actual, task: task)
    }

    /// Stops accepting and waits for the server to end.
    public func stop() async {
        task.cancel()
        _ = try? await task.value
    }

    /// Returns when the server ends (after `stop`, or when it fails).
    public func wait() async throws { try await task.value }
}

extension Response {
    static func json(_ bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func text(_ text: String, status: HTTPResponse.Status = .ok, contentType: String = "text/plain; charset=utf-8") -> Response {
        Response(status: status, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

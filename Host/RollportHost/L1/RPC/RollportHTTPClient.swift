import AsyncHTTPClient
import NIOCore

/// The HTTP client of every outgoing request (the L1 source, `rollport rpc call`): the shared
/// client's settings, except that establishing a connection gives up after `connectTimeout`.
/// The shared client retries a refused connection until the request's own deadline, so an
/// endpoint that is down cost the whole request timeout per attempt.
public enum RollportHTTPClient {
    public static let connectTimeout: TimeAmount = .seconds(3)

    public static let shared: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout.connect = connectTimeout
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()
}

import AsyncHTTPClient
import FollowerTestSupport
import Foundation
import Logging
import NIOCore
import RollportAPI
import RollportHost
import RollportTestSupport
import RollportToolkit
import Testing

/// An API over a store: the service, and what to close afterwards.
struct ServedStore {
    let service: APIService
    let store: ChainStore
    let adapters: AdapterSet
    let routing: AdapterSet?
    let removeOnClose: [String]

    /// Opens `directory` with the adapters of `manifests` (loaded with the store's state) and
    /// puts the API over it.
    static func open(_ directory: String, manifests: String, status: FollowerStatus? = nil, settings: APISettings = APISettings(),
                     removeOnClose: [String] = []) throws -> ServedStore {
        let (store, set) = try OPTestChain.open(directory, manifests: manifests)
        let routing = AdapterSet(catalog: ManifestCatalog.load([manifests]),
                                 options: AdapterLibrary.Options(pluginPath: [], executableDirectory: TestPaths.binDirectory),
                                 logger: OPTestChain.quietLogger)
        let service = APIService(store: store, status: status, adapters: set.adapters, routing: routing, settings: settings)
        return ServedStore(service: service, store: store, adapters: set, routing: routing, removeOnClose: removeOnClose)
    }

    func close() {
        for a in adapters.adapters + (routing?.adapters ?? []) { a.shutdown() }
        store.close()
        for path in removeOnClose { try? FileManager.default.removeItem(atPath: path) }
    }

    /// One request through the dispatcher; the whole response object.
    func call(_ method: String, _ params: String = "[]", authorized: Bool = false) async throws -> JSONValue {
        let body = #"{"jsonrpc":"2.0","id":7,"method":"\#(method)","params":\#(params)}"#
        let out = try #require(await service.dispatcher.respond(to: Array(body.utf8), authorized: authorized))
        return try JSONValue.parse(out)
    }

    /// The result of a call that must succeed.
    func result(_ method: String, _ params: String = "[]", sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSONValue {
        let response = try await call(method, params)
        #expect(response["error"] == nil, "\(method) \(params): \(response.compact)", sourceLocation: sourceLocation)
        return response["result"] ?? .null
    }

    /// The error code of a call that must fail.
    func errorCode(_ method: String, _ params: String = "[]") async throws -> Int? {
        try await call(method, params)["error"]?["code"].flatMap { Int($0.compact) }
    }
}

/// HTTP against a server on loopback.
enum APIHTTP {
    static func send(_ url: String, get: Bool = false, body: String? = nil, headers: [(String, String)] = [("Content-Type", "application/json")])
        async throws -> (status: Int, body: String)
    {
        var request = HTTPClientRequest(url: url)
        request.method = get ? .GET : .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 16 << 20)
        return (Int(response.status.code), String(buffer: bytes))
    }

    /// Prometheus text: every sample as `name{labels}` → value. Comment lines must be HELP or
    /// TYPE; every other line must parse.
    static func samples(_ text: String) throws -> [String: Double] {
        var out = [String: Double]()
        for line in text.split(separator: "\n") {
            if line.hasPrefix("#") {
                #expect(line.hasPrefix("# HELP ") || line.hasPrefix("# TYPE "), "\(line)")
                continue
            }
            let parts = line.split(separator: " ")
            guard parts.count == 2, let value = Double(parts[1]) else {
                Issue.record("not a sample line: \(line)")
                continue
            }
            out[String(parts[0])] = value
        }
        return out
    }
}

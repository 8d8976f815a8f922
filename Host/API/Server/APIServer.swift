import Hummingbird
import Logging
import NIOCore
import RollportToolkit

/// The JSON-RPC API over HTTP: `POST /` with a JSON body (one request or a batch).
public enum APIServer {
    public static func router(_ service: APIService) -> Hummingbird.Router<BasicRequestContext> {
        let router = Hummingbird.Router()
        let limit = service.settings.maxRequestBytes
        router.post("/") { request, _ -> Response in
            if let type = request.headers[.contentType], !type.lowercased().hasPrefix("application/json") {
                return .json(RPCDispatcher.response(id: .null, error: .invalidRequest("Content-Type \(type) is not served: send application/json")),
                             status: .unsupportedMediaType)
            }
            if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
                return tooLarge(length, limit)
            }
            var request = request
            let body: ByteBuffer
            do { body = try await request.collectBody(upTo: limit) } catch {
                return tooLarge(nil, limit)
            }
            let authorized = service.authorizes(request.headers[.authorization])
            guard let out = await service.dispatcher.respond(to: Array(body.readableBytesView), authorized: authorized) else {
                return Response(status: .ok)
            }
            return .json(out)
        }
        router.get("/") { _, _ -> Response in
            .json(RPCDispatcher.response(id: .null, error: .invalidRequest("send JSON-RPC requests with POST /")), status: .methodNotAllowed)
        }
        return router
    }

    static func tooLarge(_ length: Int?, _ limit: Int) -> Response {
        .json(RPCDispatcher.response(id: .null, error: RPCError(RPCError.limitExceededCode,
            "the request body\(length.map { " of \($0) bytes" } ?? "") exceeds \(limit) bytes: split the batch")), status: .contentTooLarge)
    }

    public static func start(_ service: APIService, host: String, port: Int, logger: Logger) async throws(HTTPServer.StartError) -> HTTPServer {
        try await HTTPServer.start(router: router(service), host: host, port: port, what: "JSON-RPC API", logger: logger)
    }
}

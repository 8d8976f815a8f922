import CoreMetrics
import RollportHost
import RollportToolkit
import Synchronization

/// What a method returns: a value, or JSON text already written (records as stored), which
/// goes into the response as it is.
public enum RPCResult: Sendable {
    case value(JSONValue)
    case raw([UInt8])

    /// A JSON array of stored JSON texts.
    public static func rawArray(_ items: [[UInt8]]) -> RPCResult { .raw(jsonArray(items)) }

    /// `[a,b,…]` from JSON texts.
    public static func jsonArray(_ items: [[UInt8]]) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(items.reduce(2) { $0 + $1.count + 1 })
        out.append(UInt8(ascii: "["))
        for (i, item) in items.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out += item
        }
        out.append(UInt8(ascii: "]"))
        return out
    }
}

/// One method: its name, its params in order (by position or by name; nil when the method reads
/// its own), and whether it changes state (then it needs the admin token).
public struct RPCMethod: Sendable {
    public var name: String
    public var params: [String]?
    public var admin: Bool
    public var run: @Sendable (RPCParams) async throws(RPCError) -> RPCResult

    public init(_ name: String, params: [String]? = [], admin: Bool = false, _ run: @escaping @Sendable (RPCParams) async throws(RPCError) -> RPCResult) {
        self.name = name; self.params = params; self.admin = admin; self.run = run
    }
}

/// JSON-RPC 2.0 over bytes: single requests, batches and notifications, with the standard
/// error objects. Transport-free, so that it is tested without a socket.
public final class RPCDispatcher: Sendable {
    public struct Limits: Sendable {
        /// Requests in one batch (go-ethereum's default too).
        public var maxBatch = 1000
        public init() {}
    }

    public let methods: [String: RPCMethod]
    /// Methods served by name pattern (the adapters' namespaces), asked when `methods` has none.
    let fallback: @Sendable (String) -> RPCMethod?
    let limits: Limits
    let adminEnabled: Bool
    private let instruments: RPCInstruments

    public init(methods: [RPCMethod], fallback: @escaping @Sendable (String) -> RPCMethod? = { _ in nil }, limits: Limits = Limits(),
                adminEnabled: Bool, metrics: any MetricsFactory = MetricsSystem.factory) {
        var table = [String: RPCMethod]()
        for m in methods { table[m.name] = m }
        self.methods = table
        self.fallback = fallback
        self.limits = limits
        self.adminEnabled = adminEnabled
        instruments = RPCInstruments(factory: metrics)
    }

    /// The response to `body`, or nil when there is nothing to send (only notifications).
    /// `authorized`: the request carried the admin token.
    public func respond(to body: [UInt8], authorized: Bool) async -> [UInt8]? {
        let document: JSONValue
        do { document = try JSONValue.parse(body) } catch {
            return Self.response(id: .null, error: RPCError(RPCError.parseErrorCode, "the request is not JSON: \(error.message) at byte \(error.offset)"))
        }
        switch document {
        case .array(let requests):
            guard !requests.isEmpty else { return Self.response(id: .null, error: .invalidRequest("an empty batch: send at least one request")) }
            guard requests.count <= limits.maxBatch else {
                return Self.response(id: .null, error: RPCError(RPCError.limitExceededCode, "a batch of \(requests.count) requests; at most \(limits.maxBatch) are served at once: split it"))
            }
            var out: [UInt8] = [UInt8(ascii: "[")]
            var any = false
            for request in requests {
                guard let response = await respond(toOne: request, authorized: authorized) else { continue }
                if any { out.append(UInt8(ascii: ",")) }
                out += response
                any = true
            }
            out.append(UInt8(ascii: "]"))
            return any ? out : nil
        default:
            return await respond(toOne: document, authorized: authorized)
        }
    }

    private func respond(toOne request: JSONValue, authorized: Bool) async -> [UInt8]? {
        guard case .object = request else { return Self.response(id: .null, error: .invalidRequest("a request must be a JSON object")) }
        let id = request["id"]
        if let id {
            switch id {
            case .string, .number, .null: break
            default: return Self.response(id: .null, error: .invalidRequest("id must be a string, a number or null"))
            }
        }
        guard request["jsonrpc"] == .string("2.0") else {
            return Self.response(id: id ?? .null, error: .invalidRequest("\"jsonrpc\" must be \"2.0\""))
        }
        guard let name = request["method"]?.stringValue else {
            return Self.response(id: id ?? .null, error: .invalidRequest("\"method\" must be a string"))
        }
        let started = ContinuousClock.now
        let method = methods[name] ?? fallback(name)
        let outcome: Result<RPCResult, RPCError>
        do throws(RPCError) {
            outcome = .success(try await call(method, named: name, params: request["params"], authorized: authorized))
        } catch {
            outcome = .failure(error)
        }
        instruments.record(method: method == nil ? "unknown" : name,
                           code: { if case .failure(let e) = outcome { return e.code } else { return 0 } }(),
                           duration: ContinuousClock.now - started)
        guard let id else { return nil }
        switch outcome {
        case .success(let result): return Self.response(id: id, result: result)
        case .failure(let error): return Self.response(id: id, error: error)
        }
    }

    private func call(_ method: RPCMethod?, named name: String, params json: JSONValue?, authorized: Bool) async throws(RPCError) -> RPCResult {
        guard let method else {
            let namespaces = Set((methods.keys).compactMap { $0.split(separator: "_").first.map(String.init) }).sorted()
            throw RPCError(RPCError.methodNotFoundCode, "the method \(name) does not exist; rpc_modules lists the namespaces served (\(namespaces.joined(separator: ", ")), and the adapters')")
        }
        if method.admin {
            guard adminEnabled else {
                throw RPCError(RPCError.unauthorizedCode, "\(name) changes state, and admin methods are off: set rpc.admin_token in rollport.toml (or ROLLPORT_RPC_ADMIN_TOKEN) and send it as \"Authorization: Bearer <token>\"")
            }
            guard authorized else {
                throw RPCError(RPCError.unauthorizedCode, "\(name) changes state: send the admin token as \"Authorization: Bearer <token>\"")
            }
        }
        let params = try RPCParams(method: name, json: json)
        if let names = method.params { try params.expect(names) }
        return try await method.run(params)
    }

    // MARK: writing

    static let prefix = Array(#"{"jsonrpc":"2.0","id":"#.utf8)

    static let resultKey = Array(#","result":"#.utf8)

    static func response(id: JSONValue, result: RPCResult) -> [UInt8] {
        let idText = id.compact.utf8
        switch result {
        case .value(let v):
            let text = v.compact.utf8
            var out = [UInt8]()
            out.reserveCapacity(prefix.count + idText.count + resultKey.count + text.count + 1)
            out += prefix; out += idText; out += resultKey; out += text
            out.append(UInt8(ascii: "}"))
            return out
        case .raw(let bytes):
            var out = [UInt8]()
            out.reserveCapacity(prefix.count + idText.count + resultKey.count + bytes.count + 1)
            out += prefix; out += idText; out += resultKey; out += bytes
            out.append(UInt8(ascii: "}"))
            return out
        }
    }

    static func response(id: JSONValue, error: RPCError) -> [UInt8] {
        var out = prefix
        out += Array(id.compact.utf8)
        out += Array(#","error":"#.utf8)
        out += Array(error.json.compact.utf8)
        out.append(UInt8(ascii: "}"))
        return out
    }
}

/// `rollport_rpc_requests_total{method, code}` and `rollport_rpc_request_duration_seconds{method}`.
final class RPCInstruments: Sendable {
    private let factory: any MetricsFactory
    private let handles = Mutex<(counters: [String: Counter], timers: [String: Timer])>(([:], [:]))

    init(factory: any MetricsFactory) { self.factory = factory }

    func record(method: String, code: Int, duration: Duration) {
        let (counter, timer) = handles.withLock { h -> (Counter, Timer) in
            let key = "\(method) \(code)"
            let c = h.counters[key] ?? Counter(label: "rollport_rpc_requests_total", dimensions: [("method", method), ("code", String(code))], factory: factory)
            h.counters[key] = c
            let t = h.timers[method] ?? Timer(label: "rollport_rpc_request_duration_seconds", dimensions: [("method", method)], factory: factory)
            h.timers[method] = t
            return (c, t)
        }
        counter.increment()
        timer.record(duration)
    }
}

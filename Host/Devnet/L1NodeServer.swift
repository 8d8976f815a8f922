import Hummingbird
import RollportAPI
import Logging
import NIOCore
import RollportHost
import RollportToolkit
import Synchronization

/// An L1 node on loopback: serves a `MemoryL1Chain` over the JSON-RPC methods a follower uses
/// and the beacon endpoints for blob sidecars, on one port. Faults can be switched on to test
/// how clients behave with a bad node.
public final class L1NodeServer: Sendable {
    /// Misbehaviours, as a broken or overloaded node shows them.
    public struct Faults: Sendable, Equatable {
        /// Answer this many requests with a body that is not JSON (`Int.max`: every one).
        public var invalidJSON: Int
        /// Answer this many requests with HTTP 503.
        public var unavailable: Int
        /// Wait this long before answering each request.
        public var delay: Duration?
        /// Claim this chain id in `eth_chainId` and `net_version`.
        public var chainID: UInt64?
        /// Serve blob sidecar lists with no sidecars in them.
        public var withholdBlobs: Bool

        public init(invalidJSON: Int = 0, unavailable: Int = 0, delay: Duration? = nil, chainID: UInt64? = nil, withholdBlobs: Bool = false) {
            self.invalidJSON = invalidJSON; self.unavailable = unavailable; self.delay = delay
            self.chainID = chainID; self.withholdBlobs = withholdBlobs
        }

        public static let none = Faults()
    }

    public let host: String
    public let port: Int
    private let node: L1NodeHandler
    private let server: HTTPServer

    public var rpcURL: String { "http://\(host):\(port)" }
    /// The beacon API is served on the same port.
    public var beaconURL: String { rpcURL }
    public var requestsServed: Int { node.requestsServed }

    private init(host: String, port: Int, node: L1NodeHandler, server: HTTPServer) {
        self.host = host; self.port = port; self.node = node; self.server = server
    }

    /// Starts serving `chain` on `host` (loopback by default) and `port` (0: any free port;
    /// `port` tells which) and returns once it accepts connections.
    /// `clientVersion` is what `web3_clientVersion` answers: say there what the chain is.
    public static func start(chain: MemoryL1Chain, beacon: BeaconTiming, host: String = "127.0.0.1", port: Int = 0,
                             faults: Faults = .none, clientVersion: String = "Rollport L1 node (a recorded or test chain)",
                             logger: Logger = Logger(label: "rollport.l1.node")) async throws -> L1NodeServer {
        let node = L1NodeHandler(chain: chain, chainID: try await chain.chainID(), clientVersion: clientVersion, beacon: beacon, faults: faults)
        let router = Hummingbird.Router()
        router.post("/") { request, _ -> Response in
            var request = request
            let body = try await request.collectBody(upTo: 16 << 20)
            return await node.respond(rpc: Array(body.readableBytesView))
        }
        router.get("/eth/v1/beacon/genesis") { _, _ in await node.respond(beacon: .genesis) }
        router.get("/eth/v1/config/spec") { _, _ in await node.respond(beacon: .spec) }
        router.get("/eth/v1/beacon/blob_sidecars/:block") { _, context in
            await node.respond(beacon: .blobSidecars(context.parameters.get("block") ?? ""))
        }
        let server: HTTPServer
        do {
            server = try await HTTPServer.start(router: router, host: host, port: port, what: "L1 node", logger: logger, eventLoops: nil)
        } catch {
            throw DevnetError(error.description)
        }
        return L1NodeServer(host: host, port: server.port, node: node, server: server)
    }

    public func setFaults(_ faults: Faults) { node.setFaults(faults) }

    /// Stops accepting and waits for the server to end.
    public func stop() async { await server.stop() }

    /// Returns when the server ends (after `stop`, or when it fails).
    public func wait() async throws { try await server.wait() }
}

/// Answers requests from the chain; shared by the server's route handlers.
final class L1NodeHandler: Sendable {
    enum BeaconRequest { case genesis, spec, blobSidecars(String) }

    private struct State {
        var faults: L1NodeServer.Faults
        var served = 0
        /// Where each transaction is, for receipts by hash; built as blocks arrive.
        var transactionIndex: [Hash32: (number: UInt64, block: Hash32)] = [:]
        var indexedHead: Hash32?
    }

    let chain: MemoryL1Chain
    let ownChainID: UInt64
    let clientVersion: String
    let beacon: BeaconTiming
    private let state: Mutex<State>

    init(chain: MemoryL1Chain, chainID: UInt64, clientVersion: String, beacon: BeaconTiming, faults: L1NodeServer.Faults) {
        self.chain = chain; self.ownChainID = chainID; self.clientVersion = clientVersion; self.beacon = beacon
        state = Mutex(State(faults: faults))
    }

    var requestsServed: Int { state.withLock { $0.served } }

    func setFaults(_ faults: L1NodeServer.Faults) { state.withLock { $0.faults = faults } }

    /// The fault to apply to this request, if any; counts it.
    private func fault() async -> Response? {
        let (delay, answer) = state.withLock { s -> (Duration?, Response?) in
            s.served += 1
            if s.faults.unavailable > 0 {
                if s.faults.unavailable != .max { s.faults.unavailable -= 1 }
                return (s.faults.delay, Response(status: .serviceUnavailable, body: .init(byteBuffer: ByteBuffer(string: "overloaded"))))
            }
            if s.faults.invalidJSON > 0 {
                if s.faults.invalidJSON != .max { s.faults.invalidJSON -= 1 }
                return (s.faults.delay, Self.json(#"{"jsonrpc": "2.0", "id": 1, "result": {"number": "0x1", "#))
            }
            return (s.faults.delay, nil)
        }
        if let delay { try? await Task.sleep(for: delay) }
        return answer
    }

    static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    // MARK: JSON-RPC

    func respond(rpc body: [UInt8]) async -> Response {
        if let faulty = await fault() { return faulty }
        let request: JSONValue
        do { request = try JSONValue.parse(body) } catch {
            return Self.json(Self.error(id: .null, code: -32700, message: "parse error: \(error)").compact)
        }
        if let calls = request.arrayValue {
            guard !calls.isEmpty else { return Self.json(Self.error(id: .null, code: -32600, message: "empty batch").compact) }
            return Self.json(JSONValue.array(calls.map(answer)).compact)
        }
        return Self.json(answer(request).compact)
    }

    private struct CallError: Error {
        var code: Int
        var message: String
        static func params(_ message: String) -> CallError { CallError(code: -32602, message: message) }
    }

    private static func error(id: JSONValue, code: Int, message: String) -> JSONValue {
        .object([("jsonrpc", .string("2.0")), ("id", id), ("error", .object([("code", .number(code)), ("message", .string(message))]))])
    }

    private func answer(_ call: JSONValue) -> JSONValue {
        let id = call["id"] ?? .null
        guard call.isObject, let method = call["method"]?.stringValue else {
            return Self.error(id: id, code: -32600, message: "a call is an object with a method")
        }
        let params = call["params"]?.arrayValue ?? []
        do {
            let result = try dispatch(method, params)
            return .object([("jsonrpc", .string("2.0")), ("id", id), ("result", result)])
        } catch {
            return Self.error(id: id, code: error.code, message: error.message)
        }
    }

    private func dispatch(_ method: String, _ params: [JSONValue]) throws(CallError) -> JSONValue {
        switch method {
        case "eth_chainId":
            return .string(UInt256(chainID).hexQuantity)
        case "net_version":
            return .string(String(chainID))
        case "web3_clientVersion":
            return .string(clientVersion)
        case "eth_blockNumber":
            guard let head = chain.head else { throw CallError(code: -32000, message: "no blocks yet") }
            return .string(UInt256(head.number).hexQuantity)
        case "eth_getBlockByNumber":
            let full = params.count > 1 ? params[1].boolValue ?? false : false
            guard let number = try blockNumber(params.first) else { return .null }
            return chain.block(number).map { L1RPCShapes.block($0, fullTransactions: full) } ?? .null
        case "eth_getBlockByHash":
            let full = params.count > 1 ? params[1].boolValue ?? false : false
            return chain.block(hash: try hash(params.first, "params[0]")).map { L1RPCShapes.block($0, fullTransactions: full) } ?? .null
        case "eth_getBlockReceipts":
            guard let block = try blockByID(params.first) else { return .null }
            return .array(try block.transactions.map { tx throws(CallError) -> JSONValue in
                guard let hash = tx.hash, let receipt = block.receipts[hash] else {
                    throw CallError(code: -32000, message: "receipts of block \(block.header.number) are not all held")
                }
                return L1RPCShapes.receipt(receipt, of: tx, header: block.header)
            })
        case "eth_getTransactionReceipt":
            guard let (block, tx) = locate(try hash(params.first, "params[0]")), let hash = tx.hash, let receipt = block.receipts[hash] else { return .null }
            return L1RPCShapes.receipt(receipt, of: tx, header: block.header)
        case "eth_getTransactionByHash":
            guard let (block, tx) = locate(try hash(params.first, "params[0]")) else { return .null }
            return L1RPCShapes.transaction(tx, header: block.header, baseFee: block.header.fields?.baseFeePerGas)
        case "eth_getLogs":
            return try logs(params.first)
        default:
            throw CallError(code: -32601, message: "the method \(method) does not exist/is not available")
        }
    }

    private var chainID: UInt64 { state.withLock { $0.faults.chainID } ?? ownChainID }

    private func hash(_ value: JSONValue?, _ field: String) throws(CallError) -> Hash32 {
        guard let value else { throw .params("\(field): missing; expected a 32-byte hash") }
        do { return try RPCValue.hash(value, field: field) } catch { throw .params(error.description) }
    }

    /// A block tag or number; nil for a number past the head.
    private func blockNumber(_ value: JSONValue?) throws(CallError) -> UInt64? {
        guard let value else { throw .params("params[0]: missing; expected a block number or tag") }
        switch value.stringValue {
        case "latest", "safe", "finalized", "pending": return chain.head?.number
        case "earliest": return chain.firstNumber
        default:
            do { return try RPCValue.quantity(value, field: "params[0]") } catch { throw .params(error.description) }
        }
    }

    private func blockByID(_ value: JSONValue?) throws(CallError) -> L1Block? {
        if let text = value?.stringValue, text.count == 66 { return chain.block(hash: try hash(value, "params[0]")) }
        return try blockNumber(value).flatMap(chain.block)
    }

    private func locate(_ txHash: Hash32) -> (L1Block, L1Transaction)? {
        guard let head = chain.head else { return nil }
        let known = state.withLock { s -> (number: UInt64, block: Hash32)? in s.indexedHead == head.hash ? s.transactionIndex[txHash] ?? nil : nil }
        if let known, let block = chain.block(known.number), block.header.hash == known.block {
            return block.transactions.first { $0.hash == txHash }.map { (block, $0) }
        }
        // Index (again) from the chain as it is now: new blocks arrived or a reorg replaced some.
        var index = [Hash32: (number: UInt64, block: Hash32)]()
        for block in chain.blocks(in: chain.firstNumber...head.number) {
            for tx in block.transactions { if let h = tx.hash { index[h] = (block.header.number, block.header.hash) } }
        }
        state.withLock { $0.transactionIndex = index; $0.indexedHead = head.hash }
        guard let found = index[txHash], let block = chain.block(found.number) else { return nil }
        return block.transactions.first { $0.hash == txHash }.map { (block, $0) }
    }

    private func logs(_ value: JSONValue?) throws(CallError) -> JSONValue {
        guard let filter = value, filter.isObject else { throw .params("params[0]: expected a filter object") }
        var addresses: Set<Address>?
        if let a = filter["address"], a != .null {
            let items = a.arrayValue ?? [a]
            var set = Set<Address>()
            for (i, item) in items.enumerated() {
                do { set.insert(try RPCValue.address(item, field: "params[0].address[\(i)]")) } catch { throw .params(error.description) }
            }
            addresses = set
        }
        var topics = [Set<Hash32>?]()
        for (i, t) in (filter["topics"]?.arrayValue ?? []).enumerated() {
            if t == .null { topics.append(nil); continue }
            var set = Set<Hash32>()
            for (k, item) in (t.arrayValue ?? [t]).enumerated() { set.insert(try hash(item, "params[0].topics[\(i)][\(k)]")) }
            topics.append(set)
        }
        let blocks: [L1Block]
        if let h = filter["blockHash"], h != .null {
            guard let block = chain.block(hash: try hash(h, "params[0].blockHash")) else {
                throw CallError(code: -32000, message: "unknown block \(h.compact)")
            }
            blocks = [block]
        } else {
            let from = try blockNumber(filter["fromBlock"] ?? .string("latest")) ?? 0
            let to = try blockNumber(filter["toBlock"] ?? .string("latest")) ?? 0
            guard from <= to else { return .array([]) }
            guard to - from < 10_000 else { throw CallError(code: -32005, message: "query returned more than 10000 blocks; ask for a smaller range") }
            blocks = chain.blocks(in: from...to)
        }
        var out = [JSONValue]()
        for block in blocks {
            let indices = Dictionary(block.transactions.compactMap { tx in tx.hash.map { ($0, tx.index) } }, uniquingKeysWith: { a, _ in a })
            for log in block.logs {
                if let addresses, !addresses.contains(log.address) { continue }
                let matches = topics.enumerated().allSatisfy { i, wanted in
                    wanted.map { i < log.topics.count && $0.contains(log.topics[i]) } ?? true
                }
                guard matches else { continue }
                out.append(L1RPCShapes.log(log, header: block.header, transactionIndex: log.transactionHash.flatMap { indices[$0] ?? nil }))
            }
        }
        return .array(out)
    }

    // MARK: beacon

    func respond(beacon request: BeaconRequest) async -> Response {
        if let faulty = await fault() { return faulty }
        switch request {
        case .genesis:
            return Self.json(JSONValue.object([("data", .object([
                ("genesis_time", .string(String(beacon.genesisTime))),
                ("genesis_validators_root", .string(Hash32.zero.description)),
                ("genesis_fork_version", .string("0x00000000")),
            ]))]).compact)
        case .spec:
            return Self.json(JSONValue.object([("data", .object([
                ("SECONDS_PER_SLOT", .string(String(beacon.secondsPerSlot))),
                ("CONFIG_NAME", .string("rollport-devnet")),
            ]))]).compact)
        case .blobSidecars(let id):
            let header: L1Header?
            if id == "head" {
                header = chain.head
            } else if let slot = UInt64(id) {
                header = blockAt(slot: slot)
            } else {
                return Self.json(#"{"code": 400, "message": "invalid block id: use a slot number or head"}"#, status: .badRequest)
            }
            guard let header else { return Self.json(#"{"code": 404, "message": "no block in that slot"}"#, status: .notFound) }
            let withhold = state.withLock { $0.faults.withholdBlobs }
            let sidecars = withhold ? [] : chain.blobSidecars(of: header)
            return Self.json(JSONValue.object([("data", .array(sidecars.enumerated().map { L1RPCShapes.sidecar($1, index: $0) }))]).compact)
        }
    }

    private func blockAt(slot: UInt64) -> L1Header? {
        guard let head = chain.head else { return nil }
        // Blocks are at most one per slot and numbered in time order: search by timestamp.
        var low = chain.firstNumber, high = head.number
        while low <= high {
            let mid = low + (high - low) / 2
            guard let block = chain.block(mid), let s = beacon.slot(forTimestamp: block.header.timestamp) else { return nil }
            if s == slot { return block.header }
            if s < slot { low = mid + 1 } else {
                if mid == 0 { return nil }
                high = mid - 1
            }
        }
        return nil
    }
}

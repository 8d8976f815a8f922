import AsyncHTTPClient
import Logging
import NIOCore
import RollportToolkit
import Synchronization

/// L1 from an execution client's JSON-RPC endpoint and a beacon node's REST API.
///
/// Blocks are read in JSON-RPC batches (`eth_getBlockByNumber` with full transactions), logs
/// with `eth_getLogs` per block hash, and receipts only for the transactions the filter
/// selects (`eth_getBlockReceipts` when many, `eth_getTransactionReceipt` otherwise). Every
/// piece of one `L1Block` is checked to come from the block `header.hash`; an answer that mixes
/// forks, an unreachable node, a timeout, HTTP 5xx/429 or a node that is behind is tried again
/// after an exponentially growing pause, each failure logged. Malformed answers are errors
/// naming the method and the JSON field.
public final class RPCL1Source: L1Source, Sendable {
    public struct Configuration: Sendable {
        /// The execution client, e.g. `http://127.0.0.1:8545`.
        public var rpcURL: String
        /// The beacon node, for blob sidecars; nil when none is followed.
        public var beaconURL: String?
        /// When set, every read first checks `eth_chainId` (once) and fails with `.wrongChain`.
        public var expectedChainID: UInt64?
        /// For one HTTP request, answer included.
        public var requestTimeout: Duration
        /// Tries of one read before its error is given up (1 = no retry).
        public var maxAttempts: Int
        public var initialBackoff: Duration
        public var maxBackoff: Duration
        /// An answer larger than this is refused (not retried).
        public var maxResponseBytes: Int
        /// Blocks asked for in one JSON-RPC batch.
        public var blocksPerRequest: Int
        /// From how many selected transactions of a block on `eth_getBlockReceipts` is used.
        public var blockReceiptsThreshold: Int

        public init(rpcURL: String, beaconURL: String? = nil, expectedChainID: UInt64? = nil,
                    requestTimeout: Duration = .seconds(30), maxAttempts: Int = 6,
                    initialBackoff: Duration = .milliseconds(250), maxBackoff: Duration = .seconds(15),
                    maxResponseBytes: Int = 256 << 20, blocksPerRequest: Int = 25, blockReceiptsThreshold: Int = 16) {
            self.rpcURL = rpcURL; self.beaconURL = beaconURL; self.expectedChainID = expectedChainID
            self.requestTimeout = requestTimeout; self.maxAttempts = max(1, maxAttempts)
            self.initialBackoff = initialBackoff; self.maxBackoff = maxBackoff
            self.maxResponseBytes = maxResponseBytes; self.blocksPerRequest = max(1, blocksPerRequest)
            self.blockReceiptsThreshold = blockReceiptsThreshold
        }
    }

    private struct State {
        var nextID: UInt64 = 1
        var chainChecked = false
        var beaconTiming: BeaconTiming?
        var blockReceiptsUnsupported = false
    }

    public let configuration: Configuration
    private let client: HTTPClient
    private let logger: Logger
    private let state = Mutex(State())

    public init(_ configuration: Configuration, client: HTTPClient = RollportHTTPClient.shared, logger: Logger = Logger(label: "rollport.l1.rpc")) {
        self.configuration = configuration
        self.client = client
        self.logger = logger
    }

    // MARK: L1Source

    public func chainID() async throws(L1SourceError) -> UInt64 {
        try await retrying("eth_chainId") { () async throws(L1SourceError) -> UInt64 in
            let value = try await self.call("eth_chainId", [])
            return try Self.shape("eth_chainId") { () throws(RPCShapeError) in try RPCValue.quantity(value, field: "result") }
        }
    }

    public func headNumber() async throws(L1SourceError) -> UInt64 {
        try await checkChain()
        return try await retrying("eth_blockNumber") { () async throws(L1SourceError) -> UInt64 in
            let value = try await self.call("eth_blockNumber", [])
            return try Self.shape("eth_blockNumber") { () throws(RPCShapeError) in try RPCValue.quantity(value, field: "result") }
        }
    }

    public func headers(_ range: ClosedRange<UInt64>) async throws(L1SourceError) -> [L1Header] {
        try await checkChain()
        return try await retrying("eth_getBlockByNumber(\(Self.hex(range.lowerBound))…\(Self.hex(range.upperBound)), false)") {
            () async throws(L1SourceError) -> [L1Header] in
            try await self.fetchBlocks(range, full: false).map(\.header)
        }
    }

    public func blocks(_ range: ClosedRange<UInt64>, filter: L1Filter) async throws(L1SourceError) -> [L1Block] {
        try await checkChain()
        return try await retrying("blocks \(range.lowerBound)…\(range.upperBound)") { () async throws(L1SourceError) -> [L1Block] in
            var blocks = try await self.fetchBlocks(range, full: true)
            try await self.attachLogs(&blocks, filter: filter)
            try await self.attachReceipts(&blocks, filter: filter)
            return blocks
        }
    }

    public func blobs(of block: L1Header, versionedHashes: [Hash32]) async throws(L1SourceError) -> [BlobSidecar] {
        guard !versionedHashes.isEmpty else { return [] }
        guard let beacon = configuration.beaconURL else {
            throw L1SourceError(.missingBlobs, request: "blobs of block \(block.number)",
                                message: "no beacon endpoint is configured; give one to read blob sidecars", retryable: false)
        }
        let timing = try await beaconTiming(beacon)
        guard let slot = timing.slot(forTimestamp: block.timestamp) else {
            throw L1SourceError(.badResponse, request: "blobs of block \(block.number)",
                                message: "timestamp \(block.timestamp) is before the beacon genesis \(timing.genesisTime)", retryable: false)
        }
        let path = "/eth/v1/beacon/blob_sidecars/\(slot)"
        let sidecars = try await retrying("GET \(path)") { () async throws(L1SourceError) -> [BlobSidecar] in
            let json = try await self.get(beacon, path)
            return try Self.shape("GET \(path)") { () throws(RPCShapeError) -> [BlobSidecar] in
                let o = try RPCObject(json)
                var out = [BlobSidecar]()
                for (i, item) in (try o.array("data") ?? []).enumerated() {
                    out.append(try L1RPCShapes.sidecar(item, path: "data[\(i)]"))
                }
                return out
            }
        }
        var byHash = [Hash32: BlobSidecar]()
        for sidecar in sidecars {
            if let hash = try? KZGCommitment.versionedHash(sidecar.kzgCommitment) { byHash[hash] = sidecar }
        }
        let missing = versionedHashes.filter { byHash[$0] == nil }
        guard missing.isEmpty else {
            throw L1SourceError(.missingBlobs, request: "GET \(path) (block \(block.number), \(block.hash))",
                                message: "the beacon node has no sidecar for \(missing.map(\.description).joined(separator: ", ")) (\(sidecars.count) sidecars in the slot); it may have pruned them (18 days) or serve another fork",
                                retryable: false)
        }
        return versionedHashes.compactMap { byHash[$0] }
    }

    // MARK: reading blocks

    /// The blocks of `range` in order, hash-linked, stopping at the first the node lacks.
    /// eth_call pinned by block hash (EIP-1898), so that a reorg between the follower's view and
    /// the node's cannot answer from another fork. A revert (JSON-RPC error 3, or an error whose
    /// message says so) is not retried: the same call at the same block reverts again.
    public func call(to: Address, data: [UInt8], at block: L1Header) async throws(L1SourceError) -> [UInt8] {
        let params: [JSONValue] = [
            .object([("to", .string(to.description)), ("data", .string(Hex.encode(data)))]),
            .object([("blockHash", .string(block.hash.description)), ("requireCanonical", .bool(true))]),
        ]
        let request = "eth_call(\(to), block \(block.number) \(block.hash))"
        let answer: Answer = try await retrying(request) { () async throws(L1SourceError) -> Answer in
            let answer = try await self.batch([("eth_call", params)])[0]
            if case .failure(let error) = answer.result, answer.errorCode != 3, !error.message.contains("revert") { throw error }
            return answer
        }
        switch answer.result {
        case .success(let value):
            return try Self.shape("eth_call") { () throws(RPCShapeError) in try RPCValue.data(value, field: "result") }
        case .failure(let error):
            var reverted = L1SourceError(.reverted, request: request, message: error.message, retryable: false)
            reverted.revertData = answer.revertData
            throw reverted
        }
    }

    private func fetchBlocks(_ range: ClosedRange<UInt64>, full: Bool) async throws(L1SourceError) -> [L1Block] {
        var out = [L1Block]()
        var start = range.lowerBound
        while start <= range.upperBound {
            let end = start + min(UInt64(configuration.blocksPerRequest - 1), range.upperBound - start)
            let numbers = Array(start...end)
            let results = try await batch(numbers.map { ("eth_getBlockByNumber", [.string(Self.hex($0)), .bool(full)]) })
            for (n, result) in zip(numbers, results) {
                let method = "eth_getBlockByNumber(\(Self.hex(n)), \(full))"
                let value = try result.get()
                if value == .null { return try Self.linked(out) }
                let (header, transactions) = try Self.shape(method) { () throws(RPCShapeError) in try L1RPCShapes.block(value, path: "result") }
                guard header.number == n else {
                    throw L1SourceError(.badResponse, request: method, message: "result.number: \(header.number); asked for \(n)", retryable: true)
                }
                if full { try Self.checkTransactionsRoot(header, transactions, method: method) }
                out.append(L1Block(header: header, transactions: transactions))
            }
            if end == range.upperBound { break }
            start = end + 1
        }
        return try Self.linked(out)
    }

    /// When the header's fields are known (they hash to the block hash) and every transaction's
    /// signed bytes are, the transactions must be the ones the header commits to.
    private static func checkTransactionsRoot(_ header: L1Header, _ transactions: [L1Transaction], method: String) throws(L1SourceError) {
        guard let root = header.fields?.transactionsRoot else { return }
        let raws = transactions.compactMap(\.raw)
        guard raws.count == transactions.count else { return }
        let computed = MerklePatriciaTrie(ordered: raws).root
        guard computed == root else {
            throw L1SourceError(.badResponse, request: method,
                                message: "the \(transactions.count) transactions hash to root \(computed), not the header's transactionsRoot \(root)",
                                retryable: true)
        }
    }

    /// The blocks as given when each one's parent is the one before; a mismatch means the node
    /// switched forks while answering, so the read is tried again.
    private static func linked(_ blocks: [L1Block]) throws(L1SourceError) -> [L1Block] {
        for (a, b) in zip(blocks, blocks.dropFirst()) where b.header.parentHash != a.header.hash {
            throw L1SourceError(.badResponse, request: "eth_getBlockByNumber(\(hex(b.header.number)))",
                                message: "block \(b.header.number)'s parentHash \(b.header.parentHash) is not block \(a.header.number)'s hash \(a.header.hash): the chain reorganised while it was read",
                                retryable: true)
        }
        return blocks
    }

    private func attachLogs(_ blocks: inout [L1Block], filter: L1Filter) async throws(L1SourceError) {
        guard !filter.logAddresses.isEmpty, !blocks.isEmpty else { return }
        let addresses = JSONValue.array(filter.logAddresses.sorted().map { .string($0.description) })
        for chunkStart in stride(from: 0, to: blocks.count, by: configuration.blocksPerRequest) {
            let indices = chunkStart..<min(blocks.count, chunkStart + configuration.blocksPerRequest)
            let results = try await batch(indices.map { i in
                ("eth_getLogs", [.object([("blockHash", .string(blocks[i].header.hash.description)), ("address", addresses)])])
            })
            for (i, result) in zip(indices, results) {
                let header = blocks[i].header
                let method = "eth_getLogs(blockHash \(header.hash))"
                guard let items = try result.get().arrayValue else {
                    throw L1SourceError(.badResponse, request: method, message: "result: expected an array of logs", retryable: true)
                }
                var logs = [L1Log]()
                for (k, item) in items.enumerated() {
                    let path = "result[\(k)]"
                    let rpc = try Self.shape(method) { () throws(RPCShapeError) in try RPCLog(item, path: path) }
                    if let hash = rpc.blockHash, hash != header.hash {
                        throw L1SourceError(.badResponse, request: method,
                                            message: "\(path).blockHash is \(hash), not the block asked for: the chain reorganised", retryable: true)
                    }
                    guard filter.logAddresses.contains(rpc.address) else {
                        throw L1SourceError(.badResponse, request: method, message: "\(path).address \(rpc.address) was not asked for", retryable: true)
                    }
                    logs.append(try Self.shape(method) { () throws(RPCShapeError) in try L1RPCShapes.log(rpc, path: path) })
                }
                blocks[i].logs = logs.sorted { ($0.logIndex ?? 0) < ($1.logIndex ?? 0) }
            }
        }
    }

    private func attachReceipts(_ blocks: inout [L1Block], filter: L1Filter) async throws(L1SourceError) {
        // One request per block (eth_getBlockReceipts) or per selected transaction.
        enum Ask { case block(Int), transaction(Int, Hash32) }
        var asks = [Ask]()
        let useBlockReceipts = !state.withLock { $0.blockReceiptsUnsupported }
        for (i, block) in blocks.enumerated() {
            let selected = block.transactions.filter(filter.selects).compactMap(\.hash)
            if useBlockReceipts, selected.count >= configuration.blockReceiptsThreshold {
                asks.append(.block(i))
            } else {
                asks += selected.map { .transaction(i, $0) }
            }
        }
        guard !asks.isEmpty else { return }
        let chunk = max(configuration.blocksPerRequest, 50)
        for chunkStart in stride(from: 0, to: asks.count, by: chunk) {
            let part = Array(asks[chunkStart..<min(asks.count, chunkStart + chunk)])
            let results = try await batch(part.map { ask -> (String, [JSONValue]) in
                switch ask {
                case .block(let i): return ("eth_getBlockReceipts", [.string(blocks[i].header.hash.description)])
                case .transaction(_, let hash): return ("eth_getTransactionReceipt", [.string(hash.description)])
                }
            })
            for (ask, result) in zip(part, results) {
                switch ask {
                case .block(let i):
                    let method = "eth_getBlockReceipts(\(blocks[i].header.hash))"
                    if result.errorCode == -32601 {
                        // The node lacks the method: ask per transaction from now on.
                        state.withLock { $0.blockReceiptsUnsupported = true }
                        throw L1SourceError(.badResponse, request: method, message: "method not supported; asking per transaction", retryable: true)
                    }
                    let value = try result.get()
                    guard let items = value.arrayValue else {
                        throw L1SourceError(.badResponse, request: method, message: "result: expected an array of receipts", retryable: true)
                    }
                    var byHash = [Hash32: L1Receipt]()
                    for (k, item) in items.enumerated() {
                        let (receipt, txHash, blockHash) = try Self.shape(method) { () throws(RPCShapeError) in try L1RPCShapes.receipt(item, path: "result[\(k)]") }
                        try Self.check(blockHash, of: blocks[i].header, method: method)
                        if let txHash { byHash[txHash] = receipt }
                    }
                    for tx in blocks[i].transactions where filter.selects(tx) {
                        guard let hash = tx.hash else { continue }
                        guard let receipt = byHash[hash] else {
                            throw L1SourceError(.notFound, request: method, message: "no receipt for transaction \(hash)", retryable: true)
                        }
                        blocks[i].receipts[hash] = receipt
                    }
                case .transaction(let i, let hash):
                    let method = "eth_getTransactionReceipt(\(hash))"
                    let value = try result.get()
                    guard value != .null else {
                        throw L1SourceError(.notFound, request: method, message: "the node has no receipt yet (it may be behind)", retryable: true)
                    }
                    let (receipt, _, blockHash) = try Self.shape(method) { () throws(RPCShapeError) in try L1RPCShapes.receipt(value, path: "result") }
                    try Self.check(blockHash, of: blocks[i].header, method: method)
                    blocks[i].receipts[hash] = receipt
                }
            }
        }
    }

    private static func check(_ blockHash: Hash32?, of header: L1Header, method: String) throws(L1SourceError) {
        if let blockHash, blockHash != header.hash {
            throw L1SourceError(.badResponse, request: method,
                                message: "the receipt is of block \(blockHash), not \(header.hash) (block \(header.number)): the chain reorganised",
                                retryable: true)
        }
    }

    // MARK: chain and beacon

    private func checkChain() async throws(L1SourceError) {
        guard let expected = configuration.expectedChainID, !state.withLock({ $0.chainChecked }) else { return }
        let actual = try await chainID()
        guard actual == expected else {
            throw L1SourceError(.wrongChain, request: "eth_chainId",
                                message: "the node at \(configuration.rpcURL) serves chain \(actual), not \(expected); point the source at a node of chain \(expected)",
                                retryable: false)
        }
        state.withLock { $0.chainChecked = true }
    }

    private func beaconTiming(_ beacon: String) async throws(L1SourceError) -> BeaconTiming {
        if let known = state.withLock({ $0.beaconTiming }) { return known }
        let genesis = try await retrying("GET /eth/v1/beacon/genesis") { () async throws(L1SourceError) -> UInt64 in
            let json = try await self.get(beacon, "/eth/v1/beacon/genesis")
            return try Self.shape("GET /eth/v1/beacon/genesis") { () throws(RPCShapeError) -> UInt64 in
                guard let data = try RPCObject(json).object("data") else { throw RPCShapeError(field: "data", message: "missing") }
                return try data.quantity("genesis_time")
            }
        }
        let slotTime = try await retrying("GET /eth/v1/config/spec") { () async throws(L1SourceError) -> UInt64 in
            let json = try await self.get(beacon, "/eth/v1/config/spec")
            return try Self.shape("GET /eth/v1/config/spec") { () throws(RPCShapeError) -> UInt64 in
                guard let data = try RPCObject(json).object("data") else { throw RPCShapeError(field: "data", message: "missing") }
                let seconds = try data.quantity("SECONDS_PER_SLOT")
                guard seconds > 0 else { throw RPCShapeError(field: "data.SECONDS_PER_SLOT", message: "must be at least 1") }
                return seconds
            }
        }
        let timing = BeaconTiming(genesisTime: genesis, secondsPerSlot: slotTime)
        state.withLock { $0.beaconTiming = timing }
        return timing
    }

    // MARK: transport

    /// Runs `body` until it succeeds, fails for good, or has been tried `maxAttempts` times,
    /// pausing 250 ms, 500 ms, 1 s… (capped) between tries.
    private func retrying<T>(_ what: String, _ body: () async throws(L1SourceError) -> T) async throws(L1SourceError) -> T {
        var wait = configuration.initialBackoff
        var attempt = 1
        while true {
            do {
                return try await body()
            } catch {
                guard error.retryable, attempt < configuration.maxAttempts, !Task.isCancelled else {
                    logger.error("L1 read failed", metadata: ["request": "\(what)", "failure": "\(error)", "attempts": "\(attempt)"])
                    // A node that keeps answering malformed data needs fixing, not more tries.
                    if error.reason == .badResponse, attempt >= configuration.maxAttempts {
                        var final = error
                        final.retryable = false
                        final.message += " (after \(attempt) attempts)"
                        throw final
                    }
                    throw error
                }
                logger.warning("L1 read failed; trying again", metadata: [
                    "request": "\(what)", "failure": "\(error)", "attempt": "\(attempt)", "nextWait": "\(wait)",
                ])
                do { try await Task.sleep(for: wait) } catch {
                    throw L1SourceError(.unreachable, request: what, message: "cancelled", retryable: false)
                }
                wait = min(wait * 2, configuration.maxBackoff)
                attempt += 1
            }
        }
    }

    /// One JSON-RPC call.
    private func call(_ method: String, _ params: [JSONValue]) async throws(L1SourceError) -> JSONValue {
        try await batch([(method, params)])[0].get()
    }

    /// The answer to one call of a batch: its result, or the error the node gave for it.
    private struct Answer {
        var result: Result<JSONValue, L1SourceError>
        /// The JSON-RPC error code, when the node answered with an error.
        var errorCode: Int?
        /// `error.data` of a reverted eth_call.
        var revertData: [UInt8]?

        func get() throws(L1SourceError) -> JSONValue { try result.get() }
    }

    /// Calls sent as one JSON-RPC batch; the answers in the order of the calls.
    private func batch(_ calls: [(String, [JSONValue])]) async throws(L1SourceError) -> [Answer] {
        let firstID = state.withLock { s -> UInt64 in
            let id = s.nextID
            s.nextID += UInt64(calls.count)
            return id
        }
        let requests = calls.enumerated().map { i, call -> JSONValue in
            .object([("jsonrpc", .string("2.0")), ("id", .number(firstID + UInt64(i))), ("method", .string(call.0)), ("params", .array(call.1))])
        }
        let label = calls.count == 1 ? calls[0].0 : "batch of \(calls.count) (\(calls[0].0)…)"
        let body = calls.count == 1 ? requests[0] : .array(requests)
        let json = try await post(configuration.rpcURL, body.compact, label: label)
        let answers: [JSONValue]
        if let array = json.arrayValue { answers = array } else if calls.count == 1 || json["error"] != nil { answers = [json] } else {
            throw L1SourceError(.badResponse, request: label, message: "expected an array of answers to a batch, found \(json.kindName)", retryable: true)
        }
        if answers.count == 1, calls.count > 1, let error = answers[0]["error"] {
            throw Self.rpcError(error, request: label).1
        }
        var byID = [UInt64: JSONValue]()
        for (i, answer) in answers.enumerated() {
            guard answer.isObject, let idValue = answer["id"],
                  let id = try? RPCValue.quantity(idValue, field: "[\(i)].id") else {
                throw L1SourceError(.badResponse, request: label, message: "answer [\(i)]: expected an object with a numeric id", retryable: true)
            }
            byID[id] = answer
        }
        return calls.enumerated().map { i, call in
            let request = "\(call.0)(\(call.1.map(\.compact).joined(separator: ", ")))"
            guard let answer = byID[firstID + UInt64(i)] else {
                return Answer(result: .failure(L1SourceError(.badResponse, request: request, message: "the node's answer lacks id \(firstID + UInt64(i))", retryable: true)))
            }
            if let error = answer["error"], error != .null {
                let (code, failure) = Self.rpcError(error, request: request)
                let data = error["data"]?.stringValue.flatMap { try? Hex.decode($0) }
                return Answer(result: .failure(failure), errorCode: code, revertData: data)
            }
            return Answer(result: .success(answer["result"] ?? .null))
        }
    }

    /// A JSON-RPC error: method-not-found and invalid-params are the caller's to fix, the rest
    /// (unknown block, rate limit, internal error) usually passes.
    private static func rpcError(_ error: JSONValue, request: String) -> (Int, L1SourceError) {
        let code = error["code"].flatMap { Int($0.compact) } ?? 0
        let message = error["message"]?.stringValue ?? error.compact
        let permanent = code == -32601 || code == -32602 || code == -32600
        return (code, L1SourceError(permanent ? .badResponse : .notFound, request: request,
                                    message: "the node answered with error \(code): \(message)", retryable: !permanent))
    }

    private func get(_ base: String, _ path: String) async throws(L1SourceError) -> JSONValue {
        try await send(base, path: path, body: nil, label: "GET \(path)")
    }

    private func post(_ url: String, _ body: String, label: String) async throws(L1SourceError) -> JSONValue {
        try await send(url, path: "", body: body, label: label)
    }

    /// A POST of `body`, or a GET without one.
    private func send(_ base: String, path: String, body: String?, label: String) async throws(L1SourceError) -> JSONValue {
        var url = base
        if !path.isEmpty { url = (base.hasSuffix("/") ? String(base.dropLast()) : base) + path }
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "application/json")
        if let body {
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let timeout = TimeAmount.nanoseconds(configuration.requestTimeout.nanoseconds)
        let status: UInt
        let buffer: ByteBuffer
        do {
            let response = try await client.execute(request, timeout: timeout, logger: nil)
            status = response.status.code
            buffer = try await response.body.collect(upTo: configuration.maxResponseBytes)
        } catch let error as NIOTooManyBytesError {
            throw L1SourceError(.badResponse, request: label,
                                message: "the answer is larger than \(error.maxBytes.map(String.init) ?? "the limit") bytes; raise the response limit or ask for fewer blocks at once",
                                retryable: false)
        } catch let error as HTTPClientError where [.deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout].contains(error) {
            throw L1SourceError(.timeout, request: label, message: "no answer from \(base) within \(configuration.requestTimeout) (\(error))", retryable: true)
        } catch {
            throw L1SourceError(.unreachable, request: label, message: "\(base): \(error)", retryable: true)
        }
        let bytes = buffer.readableBytesView
        switch status {
        case 200..<300: break
        case 404 where body == nil:
            throw L1SourceError(.notFound, request: label, message: "HTTP 404 from \(base): the beacon node does not have it (yet)", retryable: true)
        case 429, 500...599:
            throw L1SourceError(.unreachable, request: label, message: "HTTP \(status) from \(base): \(Self.excerpt(bytes))", retryable: true)
        default:
            throw L1SourceError(.badResponse, request: label, message: "HTTP \(status) from \(base): \(Self.excerpt(bytes))", retryable: false)
        }
        do {
            return try JSONValue.parse(Array(bytes))
        } catch {
            throw L1SourceError(.badResponse, request: label, message: "invalid JSON from \(base): \(error); starts with \(Self.excerpt(bytes))", retryable: true)
        }
    }

    private static func excerpt(_ bytes: ByteBufferView) -> String {
        let text = String(decoding: bytes.prefix(120), as: UTF8.self)
        return "`\(text)\(bytes.count > 120 ? "…" : "")`"
    }

    /// A shape error as a source error naming the method and the field.
    private static func shape<T>(_ method: String, _ body: () throws(RPCShapeError) -> T) throws(L1SourceError) -> T {
        do { return try body() } catch {
            throw L1SourceError(.badResponse, request: method, message: "\(error.field): \(error.message)", retryable: true)
        }
    }

    static func hex(_ n: UInt64) -> String { UInt256(n).hexQuantity }
}

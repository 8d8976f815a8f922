import RollportHost
import RollportToolkit

/// The `rollport_*` and `admin_*` methods: what the follower stored, read back by chain, block
/// range, transaction and hash, and the follower's state.
struct HostMethods: Sendable {
    let store: ChainStore
    let status: FollowerStatus?
    let chains: [ServedChain]
    let routing: AdapterSet?
    let settings: APISettings

    var all: [RPCMethod] {
        [
            RPCMethod("rollport_syncStatus") { _ throws(RPCError) in try syncStatus() },
            RPCMethod("rollport_chains") { _ throws(RPCError) in .value(.array(chains.map(chainJSON))) },
            RPCMethod("rollport_getBatches", params: ["chain", "fromL1Block", "toL1Block", "full"]) { p throws(RPCError) in try getBatches(p) },
            RPCMethod("rollport_getBatchByL1Tx", params: ["txHash"]) { p throws(RPCError) in
                let hash = try p.hash(0, "txHash")
                return .rawArray(try reading { try store.records(l1Transaction: hash, kind: "batch") })
            },
            RPCMethod("rollport_getDeposit", params: ["chain", "id", "l1TxHash", "sourceHash", "l2TxHash"]) { p throws(RPCError) in try getDeposit(p) },
            RPCMethod("rollport_getWithdrawal", params: ["chain", "withdrawalHash"]) { p throws(RPCError) in try getWithdrawal(p) },
            RPCMethod("rollport_route", params: ["item"]) { p throws(RPCError) in try route(p) },
            RPCMethod("admin_pause", admin: true) { _ throws(RPCError) in
                let follower = try follower()
                return .value(.object([("paused", .bool(true)), ("changed", .bool(follower.pause()))]))
            },
            RPCMethod("admin_resume", admin: true) { _ throws(RPCError) in
                let follower = try follower()
                return .value(.object([("paused", .bool(false)), ("changed", .bool(follower.resume()))]))
            },
            RPCMethod("admin_rewind", params: ["l1Block"], admin: true) { p throws(RPCError) in
                let target = try p.uint64(0, "l1Block")
                let follower = try follower()
                switch await follower.submit(.rewind(to: target)) {
                case .success(let message):
                    return .value(.object([("cursor", cursorJSON(store.cursor)), ("message", .string(message))]))
                case .failure(let error):
                    throw RPCError.invalidParams("admin_rewind: \(error)")
                }
            },
        ]
    }

    // MARK: status

    private func follower() throws(RPCError) -> FollowerStatus {
        guard let status else {
            throw RPCError(RPCError.unavailableCode, "no follower runs in this process (rollport serve answers from a store): run rollport run to follow L1")
        }
        return status
    }

    func syncStatus() throws(RPCError) -> RPCResult {
        let snapshot = status?.current
        let cursor = store.cursor
        var safe: JSONValue = .null
        if let final = store.finalBlock, let header = try reading({ try store.header(final) }) {
            safe = .object([("number", .number(final)), ("hash", .string(header.hash.description))])
        }
        let head: JSONValue = snapshot?.l1Head.map { n in
            .object([("number", .number(n)), ("hash", snapshot?.l1HeadHash.map { .string($0.description) } ?? .null)])
        } ?? .null
        let finished = store.finishedHeights
        // Written as text around each chain's stored batch summary, which goes in as stored.
        var out = Array(#"{"l1Head":"#.utf8)
        out += Array(head.compact.utf8)
        out += Array(#","cursor":"#.utf8) + Array(cursorJSON(cursor).compact.utf8)
        out += Array(#","safe":"#.utf8) + Array(safe.compact.utf8)
        out += Array(#","follower":"#.utf8) + Array(JSONValue.string(snapshot?.phase.rawValue ?? "none").compact.utf8)
        out += Array(#","chains":{"#.utf8)
        for (i, chain) in chains.enumerated() {
            let height = finished[chain.adapter.id] ?? cursor?.number
            var lag: JSONValue = .null
            if let height, let head = snapshot?.l1Head { lag = .number(head > height ? head - height : 0) }
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out += Array(JSONValue.string(chain.name).compact.utf8)
            out += Array(#":{"finishedL1Block":"#.utf8) + Array((height.map { JSONValue.number($0) } ?? .null).compact.utf8)
            out += Array(#","lastBatch":"#.utf8)
            out += try reading { try store.lastBatchSummary(chain: chain.name) } ?? Array("null".utf8)
            out += Array(#","lag":"#.utf8) + Array(lag.compact.utf8) + [UInt8(ascii: "}")]
        }
        out += Array("}}".utf8)
        return .raw(out)
    }

    private func chainJSON(_ chain: ServedChain) -> JSONValue {
        let finished = store.finishedHeights[chain.adapter.id] ?? store.cursor?.number
        return .object([
            ("name", .string(chain.name)), ("chainId", .number(chain.chainID)), ("l1ChainId", .number(chain.l1ChainID)),
            ("adapter", .string(chain.adapter.id)), ("adapterVersion", .string(chain.adapter.library.adapterVersion)),
            ("startL1Block", .number(chain.startL1Block)), ("finishedL1Block", finished.map { .number($0) } ?? .null),
            ("counts", (store.counts[chain.name] ?? ChainCounts()).json),
            ("methods", .array(chain.adapter.rpcMethods.map { .string($0) })),
        ])
    }

    // MARK: records

    private func chain(_ p: RPCParams) throws(RPCError) -> ServedChain {
        let name = try p.string(0, "chain", "the name of an enabled chain")
        guard let chain = chains.first(where: { $0.name == name }) else {
            throw RPCError.invalidParams("\(p.method): no enabled chain is named \(name); the chains served are \(chains.map(\.name).joined(separator: ", "))")
        }
        return chain
    }

    func getBatches(_ p: RPCParams) throws(RPCError) -> RPCResult {
        let chain = try chain(p)
        let from = try p.uint64(1, "fromL1Block"), to = try p.uint64(2, "toL1Block")
        let full = try p.bool(3, "full", default: false)
        guard from <= to else { throw RPCError.invalidParams("rollport_getBatches: fromL1Block \(from) is after toL1Block \(to)") }
        let limit = full ? max(settings.maxBatchRange / 10, 1) : settings.maxBatchRange
        guard to - from < limit else {
            throw RPCError(RPCError.limitExceededCode, "rollport_getBatches: \(to - from + 1) L1 blocks asked; at most \(limit) at once\(full ? " with full records" : ""): ask in smaller ranges")
        }
        if full { return .rawArray(try reading { try store.batchRecords(chain: chain.name, from: from, through: to) }) }
        var out = [UInt8]()
        out.reserveCapacity(Int(min(to - from + 1, 1000)) * 1024)
        try reading { try store.batchSummariesArray(chain: chain.name, from: from, through: to, into: &out) }
        return .raw(out)
    }

    func getDeposit(_ p: RPCParams) throws(RPCError) -> RPCResult {
        let chain = try chain(p)
        var byID: Hash32?, byL1Tx: Hash32?
        switch p.storage {
        case .positional: byID = try p.hash(1, "id")
        case .named:
            let given = ["id", "l1TxHash", "sourceHash", "l2TxHash"].filter { p.value(0, $0) != nil }
            guard given.count == 1, let name = given.first else {
                throw RPCError.invalidParams("rollport_getDeposit: give exactly one of l1TxHash, sourceHash, l2TxHash (or id, any of them); got \(given.isEmpty ? "none" : given.joined(separator: ", "))")
            }
            let hash = try p.hash(1, name)
            if name == "l1TxHash" { byL1Tx = hash } else { byID = hash }
        }
        var found = [[UInt8]]()
        if let byID { found = try reading { try store.records(chain: chain.name, kind: "deposit", id: byID.bytes) } }
        if found.isEmpty, let hash = byL1Tx ?? byID {
            found = try reading { try store.records(l1Transaction: hash, kind: "deposit", chain: chain.name) }
        }
        guard found.count <= 1 else {
            let ids = found.compactMap { try? JSONValue.parse($0) }.compactMap { $0["details"]?["sourceHash"] }
            throw RPCError(RPCError.invalidParamsCode, "rollport_getDeposit: L1 transaction \(byL1Tx ?? byID ?? .zero) made \(found.count) deposits; ask for one by its sourceHash (in data)",
                           data: .object([("sourceHashes", .array(ids))]))
        }
        return found.first.map { .raw($0) } ?? .value(.null)
    }

    func getWithdrawal(_ p: RPCParams) throws(RPCError) -> RPCResult {
        let chain = try chain(p)
        let hash = try p.hash(1, "withdrawalHash")
        let found = try reading { try store.records(chain: chain.name, kind: "withdrawal", id: hash.bytes) }
        guard let last = found.last else { return .value(.null) }
        let latest = (try? JSONValue.parse(last))?["details"]
        var out = Array(#"{"withdrawalHash":""#.utf8) + Array(hash.description.utf8) + Array(#"","status":"#.utf8)
        out += Array((latest?["status"] ?? .null).compact.utf8)
        out += Array(#","events":"#.utf8)
        out += RPCResult.jsonArray(found)
        out.append(UInt8(ascii: "}"))
        return .raw(out)
    }

    // MARK: routing

    func route(_ p: RPCParams) throws(RPCError) -> RPCResult {
        guard let routing else {
            throw RPCError(RPCError.unavailableCode, "rollport_route: no adapters are loaded for routing in this process")
        }
        let item = try p.required(0, "item", "an L1 item: a transaction or log object as eth_getTransactionByHash / eth_getLogs return it, or a raw signed transaction as 0x hex")
        let parsed: L1Item
        do {
            if let text = item.stringValue { parsed = try L1ItemParser.parse(text) } else { parsed = try L1ItemParser.parse(item) }
        } catch {
            throw RPCError.invalidParams("rollport_route: \(error)")
        }
        let dispatch = routing.router.dispatch(parsed)
        return .value(RouteReport(dispatch, router: routing.router, item: parsed).json)
    }
}

func cursorJSON(_ cursor: (number: UInt64, hash: Hash32)?) -> JSONValue {
    cursor.map { .object([("number", .number($0.number)), ("hash", .string($0.hash.description))]) } ?? .null
}

/// A store failure as an internal error that says which directory and what to do.
func reading<T>(_ body: () throws -> T) throws(RPCError) -> T {
    do { return try body() } catch {
        throw RPCError.internalError("reading the store: \(error)")
    }
}

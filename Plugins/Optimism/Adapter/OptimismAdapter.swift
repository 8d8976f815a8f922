// The OP Stack adapter. It claims batcher transactions (to the chain's batch inbox, from the
// batcher the SystemConfig names at that L1 block) and SystemConfig ConfigUpdate logs; decodes
// batches from calldata and blobs down to L2 blocks with validity labels; and builds batcher
// payloads from L2 blocks. Only the C ABI connects it to the host.
#if canImport(Glibc)
import Glibc
#endif
import OptimismDerivation
import RollportABI
import RollportAdapterKit
import RollportToolkit

@c(rollport_plugin_entry_v1)
public func rollportPluginEntry(hostMajor: UInt32, hostMinor: UInt32) -> UnsafePointer<rollport_plugin_entry>? {
    AdapterExport.entry(OptimismAdapter.self, hostMajor: hostMajor, hostMinor: hostMinor)
}

final class OptimismAdapter: RollportAdapter {
    static let id = "org.rollport.optimism"
    static let version = "0.1.0"
    static let decodesBatches = true
    static let encodesBatches = true
    static let rpcMethods = SettlementMethods.names

    private let host: HostServices
    private let store: AdapterStore
    /// Every chain of the manifest by name, enabled or not (`batch decode` may name any).
    private let chains: [String: ChainSettings]

    init(host: HostServices, config: [UInt8]) throws {
        self.host = host
        store = AdapterStore(host: host)
        let json: JSONValue
        do { json = try JSONValue.parse(config) } catch { throw AdapterError.invalidArgument("init config: \(error)") }
        guard let list = json["chains"]?.arrayValue else { throw AdapterError.invalidArgument("init config: `chains` must be an array") }
        var chains = [String: ChainSettings]()
        for (i, c) in list.enumerated() {
            let chain = try ChainSettings(c, index: i)
            chains[chain.name] = chain
        }
        self.chains = chains
    }

    private func chain(_ name: String) throws(AdapterError) -> ChainSettings {
        guard let chain = chains[name] else {
            throw AdapterError.invalidArgument("no chain \(name) in the manifest; it has \(chains.keys.sorted().joined(separator: ", "))")
        }
        return chain
    }

    // MARK: recognition

    /// Why a transaction is not a batch of `chain`, or nil when it is.
    private func notBatch(_ tx: Transaction, item: Item, chain: ChainSettings) throws(AdapterError) -> String? {
        guard tx.to == chain.rollup.batchInbox else {
            return "transaction to \(tx.to?.description ?? "(creation)") is not to \(chain.name)'s batch inbox \(chain.rollup.batchInbox)"
        }
        guard tx.type <= 3 else { return "transaction type \(tx.type) cannot carry batches (0-3 can)" }
        let sender = try self.sender(tx)
        let batcher = try store.batcher(chain: chain, at: item.block.number)
        guard sender == batcher else {
            return "sender \(sender) is not \(chain.name)'s batcher \(batcher) at L1 block \(item.block.number.map(String.init) ?? "(unknown: the latest known batcher)")"
        }
        return nil
    }

    /// The given sender, or the one recovered from the signed encoding.
    private func sender(_ tx: Transaction) throws(AdapterError) -> Address {
        if let from = tx.from { return from }
        guard !tx.encoded.isEmpty else {
            throw AdapterError.decode("the sender of \(tx.name) is unknown and the item has no signed encoding to recover it from; give `from` or the raw signed transaction")
        }
        do { return try SignedTransaction(encoded: Array(tx.encoded)).recoverSender() } catch {
            throw AdapterError.decode("recovering the sender from the signed transaction: \(error)")
        }
    }

    private func isConfigUpdate(_ log: Log, chain: ChainSettings) -> Bool {
        log.address == chain.systemConfig && log.topics.first == ConfigUpdate.topic
    }

    func claim(_ item: Item) throws -> Bool {
        guard let chain = chains[item.chain] else { return false }
        switch item.type {
        case .log:
            guard let log = item.log else { return false }
            return isConfigUpdate(log, chain: chain) || SettlementEvent(log, chain: chain) != nil
        case .transaction:
            guard let tx = item.transaction else { return false }
            return try notBatch(tx, item: item, chain: chain) == nil
        }
    }

    // MARK: l1-ingest

    func handle(_ item: Item, output: Output) throws {
        let chain = try chain(item.chain)
        let block = item.block
        if let number = block.number, let hash = block.hash, block.timestamp > 0 {
            try store.rememberL1(number: number, hash: hash, timestamp: block.timestamp)
        }
        switch item.type {
        case .log:
            guard let log = item.log else { throw AdapterError.invalidArgument("log item without a log") }
            if let event = SettlementEvent(log, chain: chain) {
                try SettlementHandler(chain: chain, store: store, item: item, log: log, output: output).handle(event)
            } else {
                try handleConfigUpdate(log, item: item, chain: chain, output: output)
            }
        case .transaction:
            guard let tx = item.transaction else { throw AdapterError.invalidArgument("transaction item without a transaction") }
            if let reason = try notBatch(tx, item: item, chain: chain) { throw AdapterError.invalidArgument("not a batch: \(reason)") }
            if item.receiptStatus == 0 {
                // A reverted batcher transaction still posted its data; derivation reads it.
                host.log(.debug, "batcher \(tx.name) reverted; its data is read all the same")
            }
            let recover = ["1", "true", "yes"].contains(Environment.value("ROLLPORT_BATCH_RECOVER_SENDERS")?.lowercased() ?? "")
            try BatchPipeline(chain: chain, store: store, stateful: true, recoverSenders: recover)
                .run(item: item, transaction: tx, output: output)
        }
    }

    private func handleConfigUpdate(_ log: Log, item: Item, chain: ChainSettings, output: Output) throws(AdapterError) {
        guard isConfigUpdate(log, chain: chain) else {
            throw AdapterError.invalidArgument("log from \(log.address) is not a ConfigUpdate of \(chain.name)'s SystemConfig \(chain.systemConfig)")
        }
        var members: [(String, JSONValue)] = [("chain", .string(chain.name)), ("l1BlockNumber", item.block.number.map { .number($0) } ?? .null)]
        if let tx = log.transactionHash { members.append(("transactionHash", .string(tx.description))) }
        if let index = log.logIndex { members.append(("logIndex", .number(index))) }
        let parsed = Result { () throws(ConfigUpdate.Malformed) in try ConfigUpdate(topics: log.topics, data: Array(log.data)) }
        switch parsed {
        case .success(let update):
            members += update.json
            if case .batcher(let batcher) = update.change {
                guard let number = item.block.number else {
                    throw AdapterError.invalidArgument("a batcher change needs its L1 block number to take effect from; the log item has none")
                }
                try store.recordBatcher(chain: chain.name, block: number, batcher: batcher)
                members.append(("appliesFromL1Block", .number(number)))
            }
        case .failure(let malformed):
            // Derivation skips an update it cannot parse: nothing changes, and the host hears why.
            throw AdapterError.decode("ConfigUpdate\(malformed.updateType.map { " type \($0)" } ?? "") of \(chain.name) ignored, as derivation ignores it: \(malformed.reason)")
        }
        try output.emit(.configChange, json: JSONValue.object(members).compact)
    }

    func commit(block: BlockRef, output: Output) throws -> UInt64 {
        guard let number = block.number else { return 0 }
        if let hash = block.hash, block.timestamp > 0 {
            try store.rememberL1(number: number, hash: hash, timestamp: block.timestamp)
        }
        // Finished up to the block before the oldest frame still waiting for its channel.
        var finished = number
        for name in chains.keys {
            if let oldest = try store.bufferedFrames(chain: name).map(\.block.number).min(), oldest > 0 {
                finished = min(finished, oldest - 1)
            }
        }
        return finished
    }

    // MARK: rollport.rpc/1

    func call(method: String, chain name: String, params: [UInt8]) throws -> String {
        try SettlementMethods(chain: try chain(name), store: store).call(method, params: params).compact
    }

    // MARK: rollport.batch/1 and rollport.batch-encode/1

    func decodeBatch(_ item: Item, flags: BatchFlags, output: Output) throws {
        let chain = try chain(item.chain)
        guard let tx = item.transaction else { throw AdapterError.invalidArgument("decode: the item must be a transaction") }
        if let reason = try notBatch(tx, item: item, chain: chain) { throw AdapterError.notClaimed("not a batch of \(chain.name): \(reason)") }
        try BatchPipeline(chain: chain, store: store, stateful: false, recoverSenders: flags.contains(.recoverSenders))
            .run(item: item, transaction: tx, output: output)
    }

    func encodeBatch(chain name: String, request: [UInt8], output: Output) throws {
        let chain = try chain(name)
        try BatchEncodeRequest(json: request, chain: chain).emit(to: output)
    }
}

/// The process environment, read without Foundation.
enum Environment {
    static func value(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}

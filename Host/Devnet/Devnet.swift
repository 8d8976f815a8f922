import Logging
import RollportHost
import RollportToolkit
import Synchronization

/// The development L1: a chain in memory that grows block by block from its seed, the traffic
/// summary that goes with it, and (once started) the loopback node serving it.
public final class Devnet: Sendable {
    /// How deep a reorganisation may go: producer states are kept for this many blocks.
    public static let maxReorgDepth = 64

    private struct State {
        var producer: DevnetProducer
        /// The producer as it was after each recent block, to branch from in a reorganisation.
        var history: [UInt64: DevnetProducer] = [:]
        var forks: UInt64 = 0
    }

    public let chain: MemoryL1Chain
    private let state: Mutex<State>

    public init(configuration: DevnetConfiguration, encoder: any BatchPayloadEncoder) {
        chain = MemoryL1Chain(chainID: DevnetSpec.l1ChainID)
        state = Mutex(State(producer: DevnetProducer(configuration: configuration, encoder: encoder)))
        // Genesis is the first block of an empty chain: it cannot fail to append.
        try? chain.append(DevnetProducer.genesisBlock)
    }

    public var configuration: DevnetConfiguration { state.withLock { $0.producer.configuration } }
    public var summary: DevnetSummary { state.withLock { $0.producer.summary } }
    public var head: L1Header { state.withLock { $0.producer.head } }

    /// Produces the next block and appends it to the chain.
    @discardableResult
    public func produceBlock() throws(DevnetError) -> L1Header {
        try state.withLock { (s: inout State) throws(DevnetError) -> L1Header in
            let before = s.producer
            let block: L1Block
            do throws(DevnetError) { block = try s.producer.next() } catch {
                s.producer = before
                throw error
            }
            do { try chain.append(block) } catch {
                s.producer = before
                throw DevnetError("appending block \(block.header.number): \(error)")
            }
            Self.remember(before, in: &s)
            return block.header
        }
    }

    /// Replaces the newest `depth` blocks with `depth + 1` others (a longer fork, so that it is
    /// the canonical chain), with other traffic; deterministic for the seed and the sequence of
    /// calls. The summary then counts the new chain. Returns the headers dropped and added.
    @discardableResult
    public func reorganise(depth: UInt64) throws(DevnetError) -> (dropped: [L1Header], added: [L1Header]) {
        try state.withLock { (s: inout State) throws(DevnetError) -> ([L1Header], [L1Header]) in
            let head = s.producer.head.number
            guard depth >= 1, depth <= head, depth <= UInt64(Self.maxReorgDepth) else {
                throw DevnetError("a reorganisation replaces 1…\(min(head, UInt64(Self.maxReorgDepth))) blocks of this chain (head \(head)); \(depth) asked")
            }
            let base = head - depth
            guard var producer = s.history[base] else { throw DevnetError("the producer's state after block \(base) is no longer kept") }
            s.forks += 1
            producer.branch(s.forks)
            var history = s.history.filter { $0.key <= base }
            var replacement = [L1Block]()
            for _ in 0...depth {
                history[producer.head.number] = producer
                replacement.append(try producer.next())
            }
            let dropped = chain.blocks(in: (base + 1)...head).map(\.header)
            do { try chain.reorganise(to: replacement) } catch {
                throw DevnetError("replacing blocks \(base + 1)…\(head): \(error)")
            }
            s.producer = producer
            s.history = history
            return (dropped, replacement.map(\.header))
        }
    }

    private static func remember(_ producer: DevnetProducer, in s: inout State) {
        let number = producer.head.number
        s.history[number] = producer
        if number >= UInt64(maxReorgDepth) { s.history[number - UInt64(maxReorgDepth)] = nil }
    }

    /// Produces blocks until the head is `number` (nothing when it already is).
    public func produce(through number: UInt64) throws(DevnetError) {
        while head.number < number { try produceBlock() }
    }

    /// Everything produced so far, as a recording.
    public func recording() async -> L1Recording {
        await L1Recording(chain: chain, beacon: DevnetSpec.beacon)
    }

    /// Serves the chain on loopback.
    public func serve(port: Int = 0, faults: L1NodeServer.Faults = .none, logger: Logger = Logger(label: "rollport.devnet")) async throws -> L1NodeServer {
        try await L1NodeServer.start(chain: chain, beacon: DevnetSpec.beacon, port: port, faults: faults,
                                     clientVersion: "Rollport devnet/\(RollportVersion.host) (\(DevnetSpec.label), chain id \(DevnetSpec.l1ChainID), seed \(configuration.seed))",
                                     logger: logger)
    }

    /// The batch encoder of the adapter serving `op-devnet` in the manifests at `paths`
    /// (`Manifests/devnet` by default).
    public static func adapterEncoder(manifests paths: [String], options: AdapterLibrary.Options, logger: Logger) throws(DevnetError) -> AdapterBatchEncoder {
        let set = AdapterSet(catalog: ManifestCatalog.load(paths), options: options, logger: logger, loadDisabled: true)
        guard let (adapter, _) = set.adapter(forChain: DevnetSpec.OP.chain) else {
            let problems = set.catalog.failures.map(\.description) + set.failures.map(\.description)
            throw DevnetError("no adapter serves \(DevnetSpec.OP.chain) in \(paths.joined(separator: ", ")); the devnet manifests are in Manifests/devnet\(problems.isEmpty ? "" : ":\n" + problems.joined(separator: "\n"))")
        }
        return AdapterBatchEncoder(adapter: adapter)
    }
}

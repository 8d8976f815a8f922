import Logging
import RollportHost
import RollportToolkit
import Synchronization

/// The development L1: a chain in memory that grows block by block from its seed, the traffic
/// summary that goes with it, and (once started) the loopback node serving it.
public final class Devnet: Sendable {
    public let chain: MemoryL1Chain
    private let producer: Mutex<DevnetProducer>

    public init(configuration: DevnetConfiguration, encoder: any BatchPayloadEncoder) {
        chain = MemoryL1Chain(chainID: DevnetSpec.l1ChainID)
        producer = Mutex(DevnetProducer(configuration: configuration, encoder: encoder))
        // Genesis is the first block of an empty chain: it cannot fail to append.
        try? chain.append(DevnetProducer.genesisBlock)
    }

    public var configuration: DevnetConfiguration { producer.withLock { $0.configuration } }
    public var summary: DevnetSummary { producer.withLock { $0.summary } }
    public var head: L1Header { producer.withLock { $0.head } }

    /// Produces the next block and appends it to the chain.
    @discardableResult
    public func produceBlock() throws(DevnetError) -> L1Header {
        try producer.withLock { (p: inout DevnetProducer) throws(DevnetError) -> L1Header in
            let block = try p.next()
            do { try chain.append(block) } catch { throw DevnetError("appending block \(block.header.number): \(error)") }
            return block.header
        }
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
        try await L1NodeServer.start(chain: chain, beacon: DevnetSpec.beacon, port: port, faults: faults, logger: logger)
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

import CoreMetrics
import Logging
import RollportHost
import RollportToolkit

/// A chain the API answers for: an enabled chain of a loaded adapter.
public struct ServedChain: Sendable {
    public var name: String
    public var chainID: UInt64
    public var l1ChainID: UInt64
    public var startL1Block: UInt64
    public var adapter: AdapterInstance

    public init(name: String, chainID: UInt64, l1ChainID: UInt64, startL1Block: UInt64, adapter: AdapterInstance) {
        self.name = name; self.chainID = chainID; self.l1ChainID = l1ChainID; self.startL1Block = startL1Block; self.adapter = adapter
    }

    /// The enabled chains of `adapters`, in manifest order.
    public static func of(_ adapters: [AdapterInstance]) -> [ServedChain] {
        adapters.flatMap { a in
            (a.manifest?.enabledChains ?? []).map {
                ServedChain(name: $0.name, chainID: $0.chainID, l1ChainID: $0.l1ChainID, startL1Block: $0.startL1Block, adapter: a)
            }
        }
    }
}

/// Settings of the API and the health check.
public struct APISettings: Sendable {
    /// Admin methods (those that change state) need this token; without one they are off.
    public var adminToken: String?
    /// A request body larger than this is refused with HTTP 413.
    public var maxRequestBytes = 5 << 20
    /// `rollport_getBatches` spans at most this many L1 blocks (a tenth of it with `full`).
    public var maxBatchRange: UInt64 = 10_000
    /// Healthy while the cursor is at most this many blocks behind the L1 head…
    public var maxLagBlocks: UInt64 = 8
    /// …and the follower stored a block, or found nothing new, this recently.
    public var maxSilence: Duration = .seconds(60)

    public init() {}
}

/// What the API serves from: the store, the follower's status (none when serving a store
/// without following), the adapters (for their methods), and adapters of their own for
/// one-off routing, which never touch what the follower stores.
public final class APIService: Sendable {
    public let store: ChainStore
    public let status: FollowerStatus?
    public let chains: [ServedChain]
    public let adapters: [AdapterInstance]
    public let routing: AdapterSet?
    public let settings: APISettings
    public let dispatcher: RPCDispatcher

    public init(store: ChainStore, status: FollowerStatus?, adapters: [AdapterInstance], routing: AdapterSet?,
                settings: APISettings = APISettings(), metrics: (any MetricsFactory)? = nil) {
        self.store = store
        self.status = status
        self.adapters = adapters
        self.chains = ServedChain.of(adapters)
        self.routing = routing
        self.settings = settings
        let methods = HostMethods(store: store, status: status, chains: chains, routing: routing, settings: settings)
        let adapterMethods = AdapterMethods(chains: chains)
        dispatcher = RPCDispatcher(methods: methods.all + adapterMethods.modules(hostNamespaces: ["rollport", "admin", "rpc"]),
                                   fallback: { adapterMethods.method($0) },
                                   adminEnabled: settings.adminToken.map { !$0.isEmpty } ?? false, metrics: metrics ?? MetricsSystem.factory)
    }

    /// Whether `header` (an Authorization header value) carries the admin token. Compared in
    /// constant time, so that the answer's timing does not reveal the token.
    public func authorizes(_ header: String?) -> Bool {
        guard let token = settings.adminToken, !token.isEmpty, let header else { return false }
        let prefix = "Bearer "
        guard header.hasPrefix(prefix) else { return false }
        let given = Array(header.utf8.dropFirst(prefix.utf8.count)), expected = Array(token.utf8)
        var difference = UInt8(given.count == expected.count ? 0 : 1)
        for i in 0..<expected.count { difference |= expected[i] ^ (i < given.count ? given[i] : 0) }
        return difference == 0
    }
}

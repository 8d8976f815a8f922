import Logging

/// The adapters of a set of manifests, loaded and initialized. An adapter that fails to load is
/// skipped with its error; the others load.
public final class AdapterSet: Sendable {
    public let catalog: ManifestCatalog
    public let adapters: [AdapterInstance]
    public let failures: [LoadError]
    public let router: Router

    /// Adapters with no enabled chain are not loaded: nothing would be routed to them.
    /// `namespace` gives each adapter, by id, its key-value store (fresh ones by default).
    public init(catalog: ManifestCatalog, options: AdapterLibrary.Options, logger: Logger, loadDisabled: Bool = false,
                namespace: (String) -> KeyValueNamespace = { _ in KeyValueNamespace() }) {
        self.catalog = catalog
        var adapters = [AdapterInstance]()
        var failures = [LoadError]()
        for manifest in catalog.manifests where loadDisabled || !manifest.enabledChains.isEmpty {
            do {
                let library = try AdapterLibrary.open(manifest, options: options)
                adapters.append(try AdapterInstance(library: library, manifest: manifest, logger: logger, namespace: namespace(library.adapterID)))
            } catch {
                // Callers report `failures` to their user; the log keeps the detail for operators.
                logger.debug("adapter skipped", metadata: ["adapter": .string(manifest.adapter.id), "error": .string(error.description)])
                failures.append(error)
            }
        }
        self.adapters = adapters
        self.failures = failures
        self.router = Router(adapters: adapters)
    }

    /// Gives every adapter the follower's L1 reads (`rollport.host.l1/1`), or takes them away.
    public func attach(_ reads: L1Reads?) {
        for adapter in adapters { adapter.context.l1 = reads }
    }

    public func adapter(forChain name: String) -> (AdapterInstance, Chain)? {
        for a in adapters {
            if let chain = a.manifest?.chains.first(where: { $0.name == name }) { return (a, chain) }
        }
        return nil
    }
}

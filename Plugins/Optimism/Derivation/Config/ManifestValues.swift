import RollportToolkit

/// A manifest value that is missing or malformed, with its key path.
public struct ManifestValueError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Typed reads of one JSON object of a manifest chain (as the adapter's init config carries
/// it), with the key path in every error.
public struct ManifestValues: Sendable {
    public var json: JSONValue
    public var path: String

    public init(json: JSONValue, path: String) { self.json = json; self.path = path }

    public func value(_ key: String) throws(ManifestValueError) -> JSONValue {
        guard let v = json[key] else { throw ManifestValueError("\(path).\(key): missing; add it to the manifest") }
        return v
    }

    public func object(_ key: String) throws(ManifestValueError) -> ManifestValues {
        let v = try value(key)
        guard v.isObject else { throw ManifestValueError("\(path).\(key): expected a table") }
        return ManifestValues(json: v, path: "\(path).\(key)")
    }

    public func string(_ key: String) throws(ManifestValueError) -> String {
        guard let s = try value(key).stringValue else { throw ManifestValueError("\(path).\(key): expected a string") }
        return s
    }

    public func uint64(_ key: String) throws(ManifestValueError) -> UInt64 {
        guard let n = try optionalUInt64(key) else { throw ManifestValueError("\(path).\(key): missing; add it to the manifest") }
        return n
    }

    public func optionalUInt64(_ key: String) throws(ManifestValueError) -> UInt64? {
        guard let v = json[key] else { return nil }
        guard case .number(let text) = v, let n = UInt64(text) else {
            throw ManifestValueError("\(path).\(key): expected a non-negative integer")
        }
        return n
    }

    public func address(_ key: String) throws(ManifestValueError) -> Address {
        let text = try string(key)
        do { return try Address(hex: text) } catch { throw ManifestValueError("\(path).\(key): \(error)") }
    }

    public func hash(_ key: String) throws(ManifestValueError) -> Hash32 {
        let text = try string(key)
        do { return try Hash32(hex: text) } catch { throw ManifestValueError("\(path).\(key): \(error)") }
    }
}

extension RollupConfig {
    /// The rollup config of a manifest chain: its L2 chain id, and its `anchors` (genesis,
    /// inbox, batcher, block time, sequencing window, drift) and `upgrades` (`<fork>_time`)
    /// tables. Manifests are the one place chain values are written down.
    public init(chainID: UInt64, anchors: ManifestValues, upgrades: ManifestValues) throws(ManifestValueError) {
        var forks = [OPFork: UInt64]()
        for fork in OPFork.allCases {
            if let time = try upgrades.optionalUInt64("\(fork.rawValue)_time") { forks[fork] = time }
        }
        self.init(
            l2ChainID: chainID,
            blockTime: try anchors.uint64("block_time"),
            genesisL1: BlockID(number: try anchors.uint64("genesis_l1_number"), hash: try anchors.hash("genesis_l1_hash")),
            genesisL2: BlockID(number: try anchors.uint64("genesis_l2_number"), hash: try anchors.hash("genesis_l2_hash")),
            genesisL2Time: try anchors.uint64("genesis_l2_time"),
            batchInbox: try anchors.address("batch_inbox"),
            genesisBatcher: try anchors.address("batcher"),
            sequencingWindowSize: try anchors.uint64("seq_window_size"),
            maxSequencerDrift: try anchors.uint64("max_sequencer_drift"),
            forkTimes: forks)
        guard blockTime > 0 else { throw ManifestValueError("\(anchors.path).block_time: must be at least 1 second") }
    }
}

import OptimismDerivation
import RollportAdapterKit
import RollportToolkit

/// One chain of the manifest, as the adapter's init config gives it: the rollup config that
/// derivation needs, and the L1 contracts the adapter watches.
struct ChainSettings: Sendable {
    var name: String
    var enabled: Bool
    var rollup: RollupConfig
    var systemConfig: Address
    /// The batcher of the genesis SystemConfig; later ones come from ConfigUpdate logs.
    var genesisBatcher: Address { rollup.genesisBatcher }

    /// Reads `chains[index]` of the init config (see rollport.h); every missing or malformed
    /// value is an error naming its key.
    init(_ json: JSONValue, index: Int) throws(AdapterError) {
        let path = "chains[\(index)]"
        guard json.isObject else { throw AdapterError.invalidArgument("\(path): expected an object") }
        let reader = ConfigReader(json: json, path: path)
        name = try reader.string("name")
        enabled = json["enabled"]?.boolValue ?? false
        let anchors = try reader.object("anchors")
        let upgrades = try reader.object("upgrades")
        var forks = [OPFork: UInt64]()
        for fork in OPFork.allCases {
            if let time = try upgrades.optionalUInt64("\(fork.rawValue)_time") { forks[fork] = time }
        }
        rollup = RollupConfig(
            l2ChainID: try reader.uint64("chainId"),
            blockTime: try anchors.uint64("block_time"),
            genesisL1: BlockID(number: try anchors.uint64("genesis_l1_number"), hash: try anchors.hash("genesis_l1_hash")),
            genesisL2: BlockID(number: try anchors.uint64("genesis_l2_number"), hash: try anchors.hash("genesis_l2_hash")),
            genesisL2Time: try anchors.uint64("genesis_l2_time"),
            batchInbox: try anchors.address("batch_inbox"),
            genesisBatcher: try anchors.address("batcher"),
            sequencingWindowSize: try anchors.uint64("seq_window_size"),
            maxSequencerDrift: try anchors.uint64("max_sequencer_drift"),
            forkTimes: forks)
        guard rollup.blockTime > 0 else { throw AdapterError.invalidArgument("\(path).anchors.block_time: must be at least 1 second") }
        systemConfig = try anchors.address("system_config")
    }
}

/// Typed reads of one JSON object of the init config, with the key path in every error.
struct ConfigReader {
    var json: JSONValue
    var path: String

    func value(_ key: String) throws(AdapterError) -> JSONValue {
        guard let v = json[key] else { throw AdapterError.invalidArgument("\(path).\(key): missing; add it to the manifest") }
        return v
    }

    func object(_ key: String) throws(AdapterError) -> ConfigReader {
        let v = try value(key)
        guard v.isObject else { throw AdapterError.invalidArgument("\(path).\(key): expected a table") }
        return ConfigReader(json: v, path: "\(path).\(key)")
    }

    func string(_ key: String) throws(AdapterError) -> String {
        guard let s = try value(key).stringValue else { throw AdapterError.invalidArgument("\(path).\(key): expected a string") }
        return s
    }

    func uint64(_ key: String) throws(AdapterError) -> UInt64 {
        guard let n = try optionalUInt64(key) else { throw AdapterError.invalidArgument("\(path).\(key): missing; add it to the manifest") }
        return n
    }

    func optionalUInt64(_ key: String) throws(AdapterError) -> UInt64? {
        guard let v = json[key] else { return nil }
        guard case .number(let text) = v, let n = UInt64(text) else {
            throw AdapterError.invalidArgument("\(path).\(key): expected a non-negative integer")
        }
        return n
    }

    func address(_ key: String) throws(AdapterError) -> Address {
        let text = try string(key)
        do { return try Address(hex: text) } catch { throw AdapterError.invalidArgument("\(path).\(key): \(error)") }
    }

    func hash(_ key: String) throws(AdapterError) -> Hash32 {
        let text = try string(key)
        do { return try Hash32(hex: text) } catch { throw AdapterError.invalidArgument("\(path).\(key): \(error)") }
    }
}

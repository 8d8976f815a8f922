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
    /// The settlement contracts on L1, when the manifest names them.
    var portal: Address?
    var l2OutputOracle: Address?
    var disputeGameFactory: Address?
    /// The batcher of the genesis SystemConfig; later ones come from ConfigUpdate logs.
    var genesisBatcher: Address { rollup.genesisBatcher }

    /// Reads `chains[index]` of the init config (see rollport.h); every missing or malformed
    /// value is an error naming its key.
    init(_ json: JSONValue, index: Int) throws(AdapterError) {
        let path = "chains[\(index)]"
        guard json.isObject else { throw AdapterError.invalidArgument("\(path): expected an object") }
        let reader = ManifestValues(json: json, path: path)
        do {
            name = try reader.string("name")
            enabled = json["enabled"]?.boolValue ?? false
            let anchors = try reader.object("anchors")
            rollup = try RollupConfig(chainID: try reader.uint64("chainId"), anchors: anchors, upgrades: try reader.object("upgrades"))
            systemConfig = try anchors.address("system_config")
            func optional(_ key: String) throws(ManifestValueError) -> Address? { anchors.json[key] == nil ? nil : try anchors.address(key) }
            portal = try optional("optimism_portal")
            l2OutputOracle = try optional("l2_output_oracle")
            disputeGameFactory = try optional("dispute_game_factory")
        } catch {
            throw AdapterError.invalidArgument(error.description)
        }
    }
}

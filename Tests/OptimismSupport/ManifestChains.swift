import OptimismDerivation
import RollportHost
import RollportTestSupport
import RollportToolkit

/// The rollup configs of the chains Manifests/optimism.toml ships, read through the same
/// path the adapter takes, so tests and benchmarks use the manifest's values and no copy.
extension RollupConfig {
    public static let opMainnet = ManifestChains.config("op-mainnet")
    public static let baseMainnet = ManifestChains.config("base")
    public static let unichainMainnet = ManifestChains.config("unichain")
}

enum ManifestChains {
    static let file = TestPaths.repository + "/Manifests/optimism.toml"

    static let configs: Result<[String: RollupConfig], any Error> = Result {
        let manifest = try ManifestParser.load(file: file)
        var configs = [String: RollupConfig]()
        for chain in manifest.chains {
            let path = "\(file): chains \(chain.name)"
            configs[chain.name] = try RollupConfig(
                chainID: chain.chainID,
                anchors: ManifestValues(json: .object(chain.anchors), path: path + " anchors"),
                upgrades: ManifestValues(json: .object(chain.upgrades), path: path + " upgrades"))
        }
        return configs
    }

    static func config(_ name: String) -> RollupConfig {
        switch configs {
        case .success(let configs):
            guard let config = configs[name] else { fatalError("\(file) has no chain \(name)") }
            return config
        case .failure(let error):
            fatalError("\(file) does not give rollup configs: \(error)")
        }
    }
}

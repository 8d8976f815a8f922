import FollowerTestSupport
import Foundation
import RollportHost
import Testing

@Suite struct RunConfigurationTests {
    static let file = """
    manifests = ["m1", "m2"]
    [l1]
    rpc = "http://file:8545"
    beacon = "http://file:5052"
    safe_depth = 32
    [storage]
    datadir = "/var/rollport"
    [chains.op-follower-test]
    enabled = false
    l2_rpc = "http://l2:9545"
    [rpc]
    addr = "0.0.0.0"
    port = 18645
    admin_token = "file-token"
    [metrics]
    enabled = false
    port = 17300
    [health]
    max_lag_blocks = 3
    [log]
    level = "debug"
    format = "json"
    """

    @Test func theFileThenTheEnvironmentEachOverride() throws {
        var c = try RunConfiguration.parse(Self.file, file: "rollport.toml")
        #expect(c.l1RPC == "http://file:8545" && c.beaconAPI == "http://file:5052" && c.safeDepth == 32)
        #expect(c.dataDirectory == "/var/rollport" && c.manifests == ["m1", "m2"])
        #expect(c.chains["op-follower-test"] == .init(enabled: false, l2RPC: "http://l2:9545"))
        #expect(c.rpc == .init(enabled: true, address: "0.0.0.0", port: 18645) && !c.rpc.isLoopback && c.adminToken == "file-token")
        #expect(c.metrics == .init(enabled: false, address: "127.0.0.1", port: 17300) && c.maxLagBlocks == 3 && c.maxSilenceSeconds == 60)
        #expect(c.logLevel == "debug" && c.logFormat == .json)
        try c.apply(environment: ["ROLLPORT_L1_RPC": "http://env:8545", "ROLLPORT_SAFE_DEPTH": "12", "ROLLPORT_ENABLE": "op-follower-test",
                                  "ROLLPORT_LOG_FORMAT": "logfmt", "ROLLPORT_MANIFESTS": "a:b", "ROLLPORT_BEACON_API": "",
                                  "ROLLPORT_RPC_PORT": "0", "ROLLPORT_METRICS_ENABLED": "true", "ROLLPORT_RPC_ADMIN_TOKEN": "env-token"])
        #expect(c.rpc.port == 0 && c.metrics.enabled && c.adminToken == "env-token")
        #expect(c.l1RPC == "http://env:8545" && c.safeDepth == 12 && c.manifests == ["a", "b"] && c.logFormat == .logfmt)
        #expect(c.beaconAPI == "http://file:5052", "an empty variable leaves the value alone")
        #expect(c.chains["op-follower-test"]?.enabled == true)
        let defaults = RunConfiguration()
        #expect(defaults.dataDirectory == "./data" && defaults.safeDepth == 64 && defaults.logLevel == "info")
        #expect(defaults.rpc == .init(enabled: true, address: "127.0.0.1", port: 8645) && defaults.metrics.port == 7300 && defaults.adminToken == nil)
    }

    @Test func mistakesAreNamedWithTheirKey() {
        func error(_ text: String) -> String {
            do { _ = try RunConfiguration.parse(text, file: "rollport.toml"); return "" } catch { return error.description }
        }
        #expect(error("[l1]\nrcp = \"x\"").contains("`l1.rcp`: unknown key"))
        #expect(error("[log]\nlevel = \"loud\"").contains("unknown log level loud"))
        #expect(error("[l1]\nsafe_depth = -1").contains("`l1.safe_depth`: must be a whole number"))
        #expect(error("[l1\n").contains("rollport.toml:1"))
        #expect(error("[rpc]\nport = 70000").contains("`rpc.port`: 70000 is not a TCP port"))
        #expect(error("[metrics]\nenabled = \"yes\"").contains("`metrics.enabled`: must be true or false"))
        #expect(error("[api]\nlisten = \"x\"").contains("`api`: unknown key"))
        var c = RunConfiguration()
        #expect(throws: RunConfiguration.ConfigError.self) { try c.apply(environment: ["ROLLPORT_RPC_PORT": "http"]) }
        #expect(throws: RunConfiguration.ConfigError.self) { try c.apply(environment: ["ROLLPORT_SAFE_DEPTH": "deep"]) }
        #expect(throws: RunConfiguration.ConfigError.self) { try c.setL2RPC("no-equals-sign", source: "--l2-rpc") }
    }

    @Test func chainOverridesApplyToTheManifestsAndUnknownNamesAreRefused() throws {
        let dir = try OPTestChain.manifestDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let catalog = ManifestCatalog.load([dir])
        var c = RunConfiguration()
        c.setEnabled([OPTestChain.name], false)
        #expect(try c.apply(to: catalog).manifests.flatMap(\.enabledChains).isEmpty)
        c.setEnabled(["op-mainet"], true)
        do {
            _ = try c.apply(to: catalog)
            Issue.record("an unknown chain name was accepted")
        } catch {
            #expect(error.description.contains("op-mainet") && error.description.contains(OPTestChain.name))
        }
    }
}

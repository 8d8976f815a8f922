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
    [api]
    listen = "127.0.0.1:8547"
    [metrics]
    listen = "127.0.0.1:9464"
    [log]
    level = "debug"
    format = "json"
    """

    @Test func theFileThenTheEnvironmentEachOverride() throws {
        var c = try RunConfiguration.parse(Self.file, file: "rollport.toml")
        #expect(c.l1RPC == "http://file:8545" && c.beaconAPI == "http://file:5052" && c.safeDepth == 32)
        #expect(c.dataDirectory == "/var/rollport" && c.manifests == ["m1", "m2"])
        #expect(c.chains["op-follower-test"] == .init(enabled: false, l2RPC: "http://l2:9545"))
        #expect(c.apiListen == "127.0.0.1:8547" && c.metricsListen == "127.0.0.1:9464")
        #expect(c.logLevel == "debug" && c.logFormat == .json)
        try c.apply(environment: ["ROLLPORT_L1_RPC": "http://env:8545", "ROLLPORT_SAFE_DEPTH": "12", "ROLLPORT_ENABLE": "op-follower-test",
                                  "ROLLPORT_LOG_FORMAT": "logfmt", "ROLLPORT_MANIFESTS": "a:b", "ROLLPORT_BEACON_API": ""])
        #expect(c.l1RPC == "http://env:8545" && c.safeDepth == 12 && c.manifests == ["a", "b"] && c.logFormat == .logfmt)
        #expect(c.beaconAPI == "http://file:5052", "an empty variable leaves the value alone")
        #expect(c.chains["op-follower-test"]?.enabled == true)
        let defaults = RunConfiguration()
        #expect(defaults.dataDirectory == "./data" && defaults.safeDepth == 64 && defaults.logLevel == "info")
    }

    @Test func mistakesAreNamedWithTheirKey() {
        func error(_ text: String) -> String {
            do { _ = try RunConfiguration.parse(text, file: "rollport.toml"); return "" } catch { return error.description }
        }
        #expect(error("[l1]\nrcp = \"x\"").contains("`l1.rcp`: unknown key"))
        #expect(error("[log]\nlevel = \"loud\"").contains("unknown log level loud"))
        #expect(error("[l1]\nsafe_depth = -1").contains("`l1.safe_depth`: must be a whole number"))
        #expect(error("[l1\n").contains("rollport.toml:1"))
        var c = RunConfiguration()
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

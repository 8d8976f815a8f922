import Foundation
import RollportHost
import RollportTestSupport
import Testing

@Suite struct ManifestTests {
    static let valid = """
    schema = 1

    [adapter]
    id = "org.example.rollup"
    name = "Example"
    version = "1.2.3"

    [compat]
    host = ">=0.1.0, <1.0.0"
    abi = "1.0"

    [library]
    file = "libexample.so"

    [extensions]
    provides = ["rollport.l1-ingest/1"]
    threading = "serial"

    [[chains]]
    name = "example"
    chain_id = 901
    l1_chain_id = 900
    enabled = true
    start_l1_block = 10

    [chains.anchors]
    inbox = "0x000000000000000000000000000000000000e1a0"

    [[chains.claims]]
    kind = "batch"
    to = "0x000000000000000000000000000000000000e1a0"
    from = ["0x00000000000000000000000000000000000000aa"]
    selectors = ["0x12345678"]
    since_block = 10
    until_block = 20

    [[chains.claims]]
    kind = "deposit"
    address = "0x000000000000000000000000000000000000e1a1"
    topics = ["0x0ce5d59899998588447ea229b06cda979bc064e102442f46b83e06519fdef4ff"]
    since_block = 10
    """

    func problems(_ text: String) -> [ManifestProblem] {
        do {
            _ = try ManifestParser.parse(text, file: "m.toml")
            return []
        } catch {
            return error.problems
        }
    }

    @Test func parsesEveryField() throws {
        let m = try ManifestParser.parse(Self.valid, file: "dir/m.toml")
        #expect(m.adapter.id == "org.example.rollup")
        #expect(m.adapter.version.description == "1.2.3")
        #expect(m.compat.host.contains(RollportVersion.host))
        #expect(m.directory == "dir")
        #expect(m.chains.count == 1)
        let chain = try #require(m.chains.first)
        #expect(chain.chainID == 901 && chain.l1ChainID == 900 && chain.enabled && chain.startL1Block == 10)
        #expect(chain.claims.count == 2)
        let batch = chain.claims[0]
        #expect(batch.kind == .batch)
        #expect(batch.inForce(at: 10) && batch.inForce(at: 20) && !batch.inForce(at: 21) && !batch.inForce(at: 9))
        guard case .transaction(_, let from, let selectors, let blobs) = batch.target else {
            Issue.record("expected a transaction rule"); return
        }
        #expect(from.count == 1 && selectors == [0x1234_5678] && !blobs)
        #expect(chain.claims[1].kind == .deposit)
    }

    @Test func syntaxErrorNamesTheLine() {
        let text = Self.valid.replacingOccurrences(of: "name = \"Example\"", with: "name = \"Example")
        let p = problems(text)
        #expect(p.count == 1)
        #expect(p.first?.line == 5)
        #expect(p.first?.message.contains("syntax") == true)
    }

    @Test func unknownKeyIsNamedWithItsFix() {
        let text = Self.valid.replacingOccurrences(of: "abi = \"1.0\"", with: "abi = \"1.0\"\nabbi = 2")
        let p = problems(text)
        #expect(p.contains { $0.key == "compat.abbi" && $0.message.contains("unknown key") && ($0.fix ?? "").contains("host, abi") })
    }

    @Test func missingKeysAreAllReported() {
        let text = Self.valid
            .replacingOccurrences(of: "version = \"1.2.3\"\n", with: "")
            .replacingOccurrences(of: "chain_id = 901\n", with: "")
        let p = problems(text)
        #expect(p.contains { $0.key == "adapter.version" && $0.message.contains("missing") })
        #expect(p.contains { $0.key == "chains[0].chain_id" && $0.message.contains("missing") })
    }

    @Test func badValuesSayHowToFix() {
        let cases: [(String, String, String)] = [
            ("id = \"org.example.rollup\"", "id = \"Example\"", "adapter.id"),
            ("version = \"1.2.3\"", "version = \"1.2\"", "adapter.version"),
            ("abi = \"1.0\"", "abi = \"one\"", "compat.abi"),
            ("host = \">=0.1.0, <1.0.0\"", "host = \"soon\"", "compat.host"),
            ("file = \"libexample.so\"", "file = \"../libexample.so\"", "library.file"),
            ("threading = \"serial\"", "threading = \"sometimes\"", "extensions.threading"),
            ("kind = \"batch\"", "kind = \"batches\"", "chains[0].claims[0].kind"),
            ("selectors = [\"0x12345678\"]", "selectors = [\"0x1234\"]", "chains[0].claims[0].selectors[0]"),
            ("until_block = 20", "until_block = 5", "chains[0].claims[0].until_block"),
            ("from = [\"0x00000000000000000000000000000000000000aa\"]", "from = [\"0xaa\"]", "chains[0].claims[0].from[0]"),
            ("schema = 1", "schema = 2", "schema"),
        ]
        for (original, broken, key) in cases {
            let p = problems(Self.valid.replacingOccurrences(of: original, with: broken))
            #expect(p.contains { $0.key == key && $0.fix != nil }, "expected a problem at \(key) for \(broken); got \(p)")
        }
    }

    @Test func ruleShapeIsChecked() {
        let both = Self.valid.replacingOccurrences(of: "kind = \"deposit\"\n", with: "kind = \"deposit\"\nto = \"0x000000000000000000000000000000000000e1a0\"\n")
        #expect(problems(both).contains { $0.key == "chains[0].claims[1]" && $0.message.contains("not both") })
        let neither = Self.valid.replacingOccurrences(of: "address = \"0x000000000000000000000000000000000000e1a1\"\n", with: "")
        #expect(problems(neither).contains { $0.message.contains("neither") })
        let logKeysOnTx = Self.valid.replacingOccurrences(of: "until_block = 20", with: "until_block = 20\ntopics = []")
        #expect(problems(logKeysOnTx).contains { $0.key == "chains[0].claims[0].topics" })
    }

    @Test func claimsNeedTheIngestExtension() {
        let text = Self.valid.replacingOccurrences(of: "provides = [\"rollport.l1-ingest/1\"]", with: "provides = [\"rollport.rpc/1\"]")
        #expect(problems(text).contains { $0.key == "extensions.provides" && $0.message.contains("l1-ingest") })
    }

    @Test func linesOfNestedKeysFollowTheTableHeaders() {
        let second = Self.valid + """

        [[chains]]   # a second chain
        name = "other"
        chain_id = 902
        l1_chain_id = 900
        enabled = true
        start_l1_block = 0

        [[chains.claims]]
        kind = "batch"
        to = "0x1234"
        since_block = 0
        """
        let p = problems(second)
        // The second chain's first rule: 11 lines into the appended text, after the valid 40.
        let bad = p.first { $0.key == "chains[1].claims[0].to" }
        #expect(bad?.line == second.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("to = \"0x1234\"") }.map { $0 + 1 })
        #expect(bad?.line != nil)
    }

    @Test func problemsPrintFileLineKeyAndFix() {
        let text = Self.valid.replacingOccurrences(of: "threading = \"serial\"", with: "threading = \"sometimes\"")
        let p = problems(text).first { $0.key == "extensions.threading" }
        let line = try? #require(p).description
        #expect(line?.hasPrefix("m.toml:17 [extensions.threading]: ") == true, "\(line ?? "")")
        #expect(line?.contains("fix: use one of: serial, parallel-queries, parallel") == true)
    }

    @Test func catalogKeepsGoodManifestsAndReportsDuplicates() throws {
        let dir = TestPaths.temporaryDirectory("catalog")
        try Self.valid.write(toFile: dir + "/a.toml", atomically: true, encoding: .utf8)
        try Self.valid.write(toFile: dir + "/b.toml", atomically: true, encoding: .utf8)
        try "schema = ".write(toFile: dir + "/c.toml", atomically: true, encoding: .utf8)
        let catalog = ManifestCatalog.load([dir])
        #expect(catalog.manifests.count == 2)
        #expect(catalog.failures.contains { $0.file.hasSuffix("c.toml") })
        #expect(catalog.failures.contains { $0.description.contains("also declared by") })
        let missing = ManifestCatalog.load([dir + "/nope"])
        #expect(missing.failures.first?.description.contains("no such file") == true)
    }

    @Test func shippedManifestsAreValid() {
        let catalog = ManifestCatalog.load([TestPaths.examples + "/minimal-swift", TestPaths.examples + "/minimal-c", TestPaths.repository + "/Manifests"])
        #expect(catalog.failures.isEmpty, "\(catalog.failures)")
        #expect(catalog.manifests.count >= 2)
        #expect(catalog.manifests.allSatisfy { $0.probeItem != nil })
    }

    @Test func pinningRewritesOnlyTheLibraryTable() {
        let digest = String(repeating: "ab", count: 32)
        let pinned = ManifestPinning.pin(Self.valid, sha256: digest)
        #expect(pinned.contains("file = \"libexample.so\"\nsha256 = \"\(digest)\""))
        let again = ManifestPinning.pin(pinned, sha256: String(repeating: "cd", count: 32))
        #expect(!again.contains(digest) && again.components(separatedBy: "sha256 =").count == 2)
        #expect((try? ManifestParser.parse(again, file: "m.toml"))?.library.sha256 == String(repeating: "cd", count: 32))
        let commented = ManifestPinning.pin(Self.valid.replacingOccurrences(of: "[library]", with: "[library]   # the adapter"), sha256: digest)
        #expect((try? ManifestParser.parse(commented, file: "m.toml"))?.library.sha256 == digest)
    }

    @Test func versionsAndRanges() throws {
        #expect(SemanticVersion("1.2.3") != nil && SemanticVersion("01.2.3") == nil && SemanticVersion("1.2") == nil)
        #expect(try #require(SemanticVersion("1.0.0-rc.1")) < #require(SemanticVersion("1.0.0")))
        let range = try #require(VersionRange(">=0.1.0, <1.0.0"))
        #expect(range.contains(SemanticVersion(major: 0, minor: 9, patch: 9)))
        #expect(!range.contains(SemanticVersion(major: 1, minor: 0, patch: 0)))
        #expect(try #require(VersionRange("=0.1.0")).contains(RollportVersion.host))
    }
}

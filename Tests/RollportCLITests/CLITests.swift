import Foundation
import RollportTestSupport
import RollportToolkit
import Testing

/// The `rollport` verbs as a user runs them: exit codes (0 ok, 1 negative, 2 bad input), JSON
/// shapes, and error messages that say where the problem is.
@Suite struct CLITests {
    static let inbox = "0x000000000000000000000000000000000000e1a0"
    /// The Swift example manifest's probe item: batch 0x2a with a 2-byte payload.
    static let probeItem = #"{"hash": "0x5d3f6d3bb4e4f4a1c1a7d1f0e2f3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5", "to": "\#(inbox)", "input": "0xe0000000000000002a00ff"}"#
    static let swiftManifests = ["--manifests", CLI.swiftExampleManifests]

    func route(_ item: String, _ extra: [String] = [], manifests: [String] = swiftManifests) throws -> CLIRun {
        try CLI.run(["route", item] + manifests + extra)
    }

    // MARK: version and usage

    @Test func versionJSON() throws {
        let run = try CLI.run(["version", "--json"])
        #expect(run.status == 0, "\(run)")
        let json = try run.json()
        #expect(json["abi"] as? String == TestPaths.abiVersion)
        #expect(json["host"] as? String == "0.1.0")
        #expect(json["entrySymbol"] as? String == "rollport_plugin_entry_v1")
    }

    @Test func usageErrorsExit2() throws {
        let missing = try CLI.run(["route"])
        #expect(missing.status == 2, "\(missing)")
        #expect(missing.stderr.contains("Missing expected argument '<item>'"), "\(missing)")
        #expect(missing.stderr.contains("Usage: rollport route"))

        let unknown = try CLI.run(["route", Self.probeItem, "--no-such-flag"])
        #expect(unknown.status == 2, "\(unknown)")
        #expect(unknown.stderr.contains("Unknown option '--no-such-flag'"), "\(unknown)")

        let verb = try CLI.run(["no-such-verb"])
        #expect(verb.status == 2, "\(verb)")
    }

    // MARK: route

    @Test func routeClaimsTheSwiftExampleProbeItem() throws {
        let run = try route(Self.probeItem, ["--json"])
        #expect(run.status == 0, "\(run)")
        let json = try run.json()
        #expect(json["claimed"] as? Bool == true)
        #expect(json["adapter"] as? String == "org.rollport.example.minimal-swift")
        #expect(json["chain"] as? String == "example-devnet")
        #expect(json["kind"] as? String == "batch")
        #expect(json["status"] as? String == "ok")
        let records = try #require(json["records"] as? [[String: Any]])
        #expect(records.count == 1)
        let record = try #require(records.first)
        #expect(record["kind"] as? String == "batch")
        #expect(record["chain"] as? String == "example-devnet")
        #expect(record["key"] as? String == "0x000000000000002a")
        let details = try #require(record["details"] as? [String: Any])
        #expect(details["sequenceNumber"] as? String == "0x2a")
        #expect(details["payloadBytes"] as? Int == 2)
    }

    @Test func routeReadsTheItemFromAFile() throws {
        let dir = TestPaths.temporaryDirectory("route-file")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.probeItem.write(toFile: dir + "/item.json", atomically: true, encoding: .utf8)
        let run = try route(dir + "/item.json")
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.hasPrefix("claimed by org.rollport.example.minimal-swift for chain example-devnet as batch (chains[0].claims[0])"), "\(run)")
        #expect(run.stdout.contains(#"batch record: {"sequenceNumber":"0x2a""#))
    }

    /// A signed transaction as binary bytes in a file: the example inbox, calldata 0xe0…2a.
    @Test func routeReadsABinaryRawTransaction() throws {
        let dir = TestPaths.temporaryDirectory("route-binary")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fields: [RLP] = [.bytes([1]), .bytes([3]), .bytes([1]), .bytes([2]), .bytes([0x52, 0x08]),
                             .bytes(try Hex.decode(Self.inbox)), .bytes([]), .bytes(try Hex.decode("0xe0000000000000002a")),
                             .list([]), .bytes([1]), .bytes([UInt8](repeating: 1, count: 32)), .bytes([UInt8](repeating: 2, count: 32))]
        let raw = [UInt8(2)] + RLP.list(fields).encoded()
        _ = FileManager.default.createFile(atPath: dir + "/tx.bin", contents: Data(raw))
        let run = try route(dir + "/tx.bin", ["--json"])
        #expect(run.status == 0, "\(run)")
        let json = try run.json()
        #expect(json["claimed"] as? Bool == true)
        let records = try #require(json["records"] as? [[String: Any]])
        #expect((records.first?["details"] as? [String: Any])?["sequenceNumber"] as? String == "0x2a")
    }

    @Test func unclaimedItemsExit1() throws {
        // A rule matches (the inbox) but the adapter declines: the version byte is not 0xe0.
        let declined = try route(#"{"to": "\#(Self.inbox)", "input": "0x00"}"#, ["--json"])
        #expect(declined.status == 1, "\(declined)")
        let declinedJSON = try declined.json()
        #expect(declinedJSON["claimed"] as? Bool == false)
        #expect(declinedJSON["reason"] as? String == "rules matched but no adapter confirmed")

        let unmatched = try route(#"{"to": "0x00000000000000000000000000000000000000ff", "input": "0xe0"}"#)
        #expect(unmatched.status == 1, "\(unmatched)")
        #expect(unmatched.stdout.contains("not claimed: no rule of an enabled chain matches this transaction"), "\(unmatched)")
    }

    @Test func malformedJSONItemNamesTheByteOffset() throws {
        // The colon after "input" is missing; the parser stops at the value that follows.
        let item = #"{"to": "\#(Self.inbox)", "input" "0xe0"}"#
        let offset = item.utf8.count - #""0xe0"}"#.utf8.count
        let run = try route(item, ["--json"])
        #expect(run.status == 2, "\(run)")
        let json = try run.json()
        #expect(json["claimed"] as? Bool == false)
        let error = try #require(json["error"] as? String)
        #expect(error.contains("at byte \(offset)"), "\(error)")

        let human = try route(item)
        #expect(human.status == 2)
        let text = human.stdout + human.stderr
        #expect(text.contains("error: item: JSON:"), "\(human)")
        #expect(text.contains("at byte \(offset)"))
    }

    @Test func truncatedBatchIsADecodeError() throws {
        let run = try route(#"{"to": "\#(Self.inbox)", "input": "0xe00000"}"#, ["--json"])
        #expect(run.status == 2, "\(run)")
        let json = try run.json()
        #expect(json["claimed"] as? Bool == true)
        #expect(json["status"] as? String == "decode_error")
        #expect((json["records"] as? [Any])?.isEmpty == true)
        let error = try #require(json["error"] as? String)
        #expect(error.contains("3 bytes; the header needs 9"), "\(error)")
        #expect(error.contains("truncated at byte 3"), "\(error)")
    }

    @Test func explainListsTheRule() throws {
        let run = try route(Self.probeItem, ["--explain"])
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("rules considered: 1"), "\(run)")
        #expect(run.stdout.contains("  MATCH org.rollport.example.minimal-swift example-devnet chains[0].claims[0] (batch)"), "\(run)")
        #expect(run.stdout.contains("to \(Self.inbox) matches"))

        let json = try route(Self.probeItem, ["--explain", "--json"]).json()
        let explain = try #require(json["explain"] as? [[String: Any]])
        #expect(explain.count == 1)
        #expect(explain.first?["rule"] as? String == "chains[0].claims[0]")
        #expect(explain.first?["matched"] as? Bool == true)
    }

    // MARK: call

    @Test func callParsesABatch() throws {
        let run = try CLI.run(["call", "--chain", "example-devnet", "example_parseBatch", #"["0xe0000000000000002a00ff"]"#] + Self.swiftManifests + ["--json"])
        #expect(run.status == 0, "\(run)")
        let result = try #require(try run.json()["result"] as? [String: Any])
        #expect(result["sequenceNumber"] as? String == "0x2a")
        #expect(result["payloadBytes"] as? Int == 2)
        #expect(result["dataLocation"] as? String == "calldata")
    }

    @Test func callRefusals() throws {
        let unknown = try CLI.run(["call", "--chain", "example-devnet", "example_nothing"] + Self.swiftManifests)
        #expect(unknown.status == 2, "\(unknown)")
        #expect(unknown.stderr.contains("does not serve example_nothing; it serves: example_parseBatch"), "\(unknown)")

        let badParams = try CLI.run(["call", "--chain", "example-devnet", "example_parseBatch", "[1,"] + Self.swiftManifests)
        #expect(badParams.status == 2, "\(badParams)")
        #expect(badParams.stderr.contains("params: JSON:"), "\(badParams)")

        let noChain = try CLI.run(["call", "--chain", "no-such-chain", "example_parseBatch"] + Self.swiftManifests)
        #expect(noChain.status == 2, "\(noChain)")
        #expect(noChain.stderr.contains("no loaded adapter serves chain no-such-chain; chains: example-devnet"), "\(noChain)")
    }

    // MARK: manifests

    @Test func manifestValidateReportsFileAndLine() throws {
        let dir = TestPaths.temporaryDirectory("validate")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/broken.toml"
        // Line 5 opens a string that never closes.
        try "schema = 1\n\n[adapter]\nid = \"org.example.broken\"\nname = \"unterminated\nversion = \"1.0.0\"\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let run = try CLI.run(["manifest", "validate", file])
        #expect(run.status == 2, "\(run)")
        #expect(run.stdout.contains("\(file):5: TOML syntax error"), "\(run)")

        let json = try CLI.run(["manifest", "validate", file, "--json"])
        #expect(json.status == 2)
        let problem = try #require((try json.json()["problems"] as? [[String: Any]])?.first)
        #expect(problem["file"] as? String == file)
        #expect(problem["line"] as? Int == 5)

        let good = try CLI.run(["manifest", "validate", CLI.swiftExampleManifests])
        #expect(good.status == 0, "\(good)")
        #expect(good.stdout.hasPrefix("ok  "))
    }

    /// A copy of the Swift example's manifest and library in a fresh folder.
    func swiftExampleCopy(_ name: String) throws -> (directory: String, manifest: String, library: String) {
        let dir = TestPaths.temporaryDirectory(name)
        let manifest = dir + "/minimal-swift.toml"
        let library = dir + "/libMinimalSwiftAdapter.so"
        try FileManager.default.copyItem(atPath: CLI.swiftExampleManifests + "/minimal-swift.toml", toPath: manifest)
        try FileManager.default.copyItem(atPath: TestPaths.swiftExampleLibrary, toPath: library)
        return (dir, manifest, library)
    }

    @Test func pinnedLibraryThatChangesIsRefused() throws {
        let copy = try swiftExampleCopy("pin")
        defer { try? FileManager.default.removeItem(atPath: copy.directory) }
        let pin = try CLI.run(["manifest", "pin", copy.manifest, "--json"])
        #expect(pin.status == 0, "\(pin)")
        let digest = try #require(try pin.json()["sha256"] as? String)
        #expect(digest.count == 64)
        let text = try String(contentsOfFile: copy.manifest, encoding: .utf8)
        #expect(text.contains("sha256 = \"\(digest)\""), "\(text)")

        let loads = try CLI.run(["plugins", "list", "--manifests", copy.directory, "--require-pinned", "--json"])
        #expect(loads.status == 0, "\(loads)")
        let row = try #require((try loads.json()["adapters"] as? [[String: Any]])?.first)
        #expect(row["loaded"] as? Bool == true)
        #expect(row["pinned"] as? Bool == true)

        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: copy.library))
        try handle.seekToEnd()
        try handle.write(contentsOf: [0])
        try handle.close()
        let refused = try CLI.run(["plugins", "list", "--manifests", copy.directory])
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.stdout.contains("NOT LOADED"), "\(refused)")
        #expect(refused.stdout.contains("but the manifest pins \(digest)"), "\(refused)")
        #expect(refused.stdout.contains("sha256"))
    }

    @Test func requirePinnedRefusesAnUnpinnedLibrary() throws {
        let copy = try swiftExampleCopy("unpinned")
        defer { try? FileManager.default.removeItem(atPath: copy.directory) }
        let relaxed = try CLI.run(["plugins", "list", "--manifests", copy.directory])
        #expect(relaxed.status == 0, "\(relaxed)")
        #expect(relaxed.stdout.contains("loaded  unpinned"), "\(relaxed)")

        let strict = try CLI.run(["plugins", "list", "--manifests", copy.directory, "--require-pinned", "--json"])
        #expect(strict.status == 1, "\(strict)")
        let row = try #require((try strict.json()["adapters"] as? [[String: Any]])?.first)
        #expect(row["loaded"] as? Bool == false)
        #expect((row["error"] as? String)?.contains("is not pinned and require_pinned is set") == true, "\(row)")
    }

    @Test func pluginPathFindsALibraryElsewhere() throws {
        let dir = TestPaths.temporaryDirectory("plugin-path")
        let libraries = TestPaths.temporaryDirectory("plugin-path-libs")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        defer { try? FileManager.default.removeItem(atPath: libraries) }
        let built = try BrokenAdapters.build(.good, in: libraries)
        try FileManager.default.moveItem(atPath: built.manifest, toPath: dir + "/good.toml")

        let missing = try CLI.run(["plugins", "list", "--manifests", dir])
        #expect(missing.status == 1, "\(missing)")
        #expect(missing.stdout.contains("libbroken-good.so not found; looked in: \(dir)"), "\(missing)")

        let found = try CLI.run(["plugins", "list", "--manifests", dir], environment: ["ROLLPORT_PLUGIN_PATH": libraries])
        #expect(found.status == 0, "\(found)")
        #expect(found.stdout.contains("org.rollport.test.good 1.0.0  loaded"), "\(found)")
    }

    // MARK: two adapters, one item

    @Test func twoAdaptersClaimingOneItemIsAConfigurationError() throws {
        let dir = TestPaths.temporaryDirectory("conflict")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let a = try BrokenAdapters.build(.good, in: dir, id: "org.rollport.test.good-a", chain: "test-a")
        let b = try BrokenAdapters.build(.good, in: dir, id: "org.rollport.test.good-b", chain: "test-b")
        let run = try route(BrokenAdapters.depositLog, ["--json"], manifests: ["--manifests", dir])
        #expect(run.status == 2, "\(run)")
        let json = try run.json()
        #expect(json["claimed"] as? Bool == false)
        let error = try #require(json["error"] as? String)
        #expect(error.hasPrefix("configuration error: "), "\(error)")
        #expect(error.contains("\(a.adapterID) (chain test-a, chains[0].claims[0])"), "\(error)")
        #expect(error.contains("\(b.adapterID) (chain test-b, chains[0].claims[0])"), "\(error)")

        // Either one alone claims and handles the same item.
        let alone = try route(BrokenAdapters.depositLog, ["--json"], manifests: ["--manifests", a.manifest])
        #expect(alone.status == 0, "\(alone)")
        #expect(try alone.json()["adapter"] as? String == a.adapterID)
    }
}

@Suite struct EncodingCommandTests {
    @Test func keccakOfHexTextAndFiles() throws {
        let abc = "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"
        #expect(try CLI.run(["keccak", "0x616263"]).stdout == abc + "\n")
        #expect(try CLI.run(["keccak", "--text", "abc"]).stdout == abc + "\n")
        let json = try CLI.run(["keccak", "--json", "616263"]).json()
        #expect(json["hash"] as? String == abc && json["length"] as? Int == 3)
        let dir = TestPaths.temporaryDirectory("keccak")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("abc".utf8).write(to: URL(fileURLWithPath: dir + "/binary"))
        try Data("0x616263\n".utf8).write(to: URL(fileURLWithPath: dir + "/hex"))
        #expect(try CLI.run(["keccak", "@" + dir + "/binary"]).stdout == abc + "\n")
        #expect(try CLI.run(["keccak", "@" + dir + "/hex"]).stdout == abc + "\n")
        let bad = try CLI.run(["keccak", "0xzz"])
        #expect(bad.status == 2 && bad.stderr.contains("not a hex digit"), "\(bad)")
        let missing = try CLI.run(["keccak", "@" + dir + "/nothing"])
        #expect(missing.status == 2 && missing.stderr.contains("cannot read"), "\(missing)")
    }

    @Test func rlpDecodeAndEncode() throws {
        let decoded = try CLI.run(["rlp", "decode", "--json", "0xc88363617483646f67"]).json()
        #expect((decoded["decoded"] as? [String]) == ["0x636174", "0x646f67"])
        let nested = try CLI.run(["rlp", "encode", #"["0x636174", ["0x", "0x01"]]"#])
        #expect(nested.stdout == "0xc783636174c28001\n", "\(nested)")
        let back = try CLI.run(["rlp", "decode", "0xc783636174c28001"])
        #expect(back.stdout.contains("\"0x636174\"") && back.stdout.contains("\"0x01\""), "\(back)")

        let nonCanonical = try CLI.run(["rlp", "decode", "0x8101"])
        #expect(nonCanonical.status == 2 && nonCanonical.stderr.contains("byte 0"), "\(nonCanonical)")
        let trailing = try CLI.run(["rlp", "decode", "0x0102"])
        #expect(trailing.status == 2 && trailing.stderr.contains("starting at byte 1"), "\(trailing)")
        let badJSON = try CLI.run(["rlp", "encode", #"["0x01", 5]"#])
        #expect(badJSON.status == 2 && badJSON.stderr.contains("$[1]"), "\(badJSON)")
    }
}

@Suite struct RPCParseCommandTests {
    let hash = "\"0x\(String(repeating: "cd", count: 32))\""

    @Test func blockInAResponseAndErrorsNamingTheField() throws {
        let response = """
        {"jsonrpc": "2.0", "id": 1, "result": {"number": "0x10", "hash": \(hash), "parentHash": \(hash), "timestamp": "0x64",
         "baseFeePerGas": "0x3b9aca00", "transactions": [{"type": "0x2", "to": "0x\(String(repeating: "ee", count: 20))", "nonce": "0x1",
         "value": "0xde0b6b3a7640000", "input": "0x"}]}}
        """
        let run = try CLI.run(["rpc", "parse", "block", "--json", response])
        #expect(run.status == 0, "\(run)")
        let parsed = try #require(try run.json()["parsed"] as? [String: Any])
        #expect(parsed["number"] as? Int == 16 && parsed["baseFeePerGas"] as? String == "1000000000")
        let tx = try #require((parsed["transactions"] as? [[String: Any]])?.first)
        #expect(tx["value"] as? String == "1000000000000000000" && tx["type"] as? Int == 2)

        let broken = response.replacingOccurrences(of: "\"nonce\": \"0x1\"", with: "\"nonce\": \"0xzz\"")
        let bad = try CLI.run(["rpc", "parse", "block", broken])
        #expect(bad.status == 2 && bad.stderr.contains("result.transactions[0].nonce"), "\(bad)")
    }

    @Test func logsFromAFileAsAnArray() throws {
        let dir = TestPaths.temporaryDirectory("rpc-parse")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let log = "{\"address\": \"0x\(String(repeating: "11", count: 20))\", \"topics\": [\(hash)], \"data\": \"0x01\", \"logIndex\": \"0x2\"}"
        try Data("[\(log), \(log)]".utf8).write(to: URL(fileURLWithPath: dir + "/logs.json"))
        let run = try CLI.run(["rpc", "parse", "log", "--json", dir + "/logs.json"])
        #expect(run.status == 0, "\(run)")
        #expect(try run.json()["count"] as? Int == 2)
        let five = try CLI.run(["rpc", "parse", "log", "{\"address\": \"0x\(String(repeating: "11", count: 20))\", \"topics\": [\(hash), \(hash), \(hash), \(hash), \(hash)]}"])
        #expect(five.status == 2 && five.stderr.contains("at most 4"), "\(five)")
    }
}

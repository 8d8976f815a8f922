import Foundation
import Logging
import RollportHost
import RollportTestSupport
import RollportToolkit
import Testing

/// Real mainnet L1 data from the shared vectors, read as items and matched against claim rules
/// written from the vectors' own chain configuration.
@Suite(.serialized) struct VectorConformanceTests {
    /// The vectors folder, or nil (with a visible line) when they are absent outside CI.
    static func vectors() throws -> String? {
        guard let dir = TestPaths.vectors else {
            if TestPaths.vectorsRequired {
                Issue.record("vectors: not found (set ROLLPORT_VECTORS or place shared/vectors beside the repository); CI needs them")
            } else {
                print("router vectors: absent (set ROLLPORT_VECTORS to run this suite), skipping")
            }
            return nil
        }
        return dir
    }

    static func json(_ path: String) throws -> JSONValue {
        let data = try #require(FileManager.default.contents(atPath: path), "cannot read \(path)")
        return try JSONValue.parse(Array(data))
    }

    /// A manifest for the example library with rules taken from `rules`, so that the router
    /// can be exercised on real addresses without a real rollup adapter.
    static func adapters(chain: String, rules: String) throws -> AdapterSet {
        let text = TestManifest.text(
            id: "org.rollport.example.minimal-swift", name: "vector rules", library: "libMinimalSwiftAdapter.so",
            provides: ["rollport.l1-ingest/1", "rollport.rpc/1"], rpcMethods: ["example_parseBatch"],
            chain: chain, chainID: 1, l1ChainID: 1, rules: rules)
        let dir = TestPaths.temporaryDirectory("vectors")
        try text.write(toFile: dir + "/rules.toml", atomically: true, encoding: .utf8)
        var logger = Logger(label: "vectors")
        logger.logLevel = .critical
        let set = AdapterSet(catalog: ManifestCatalog.load([dir]), options: .init(pluginPath: [TestPaths.binDirectory]), logger: logger)
        try #require(set.catalog.failures.isEmpty && set.failures.isEmpty, "\(set.catalog.failures) \(set.failures)")
        return set
    }

    @Test func opMainnetItems() throws {
        guard let root = try Self.vectors() else { return }
        var cases = 0
        let op = root + "/optimism"
        let config = try String(contentsOfFile: op + "/chain-config/op-mainnet.toml", encoding: .utf8)
        func value(_ key: String) -> String? {
            config.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(key + " =") }
                .flatMap { $0.split(separator: "\"").dropFirst().first.map(String.init) }
        }
        let inbox = try #require(value("batch_inbox_addr"))
        let batcher = try #require(value("batcherAddress"))
        let addresses = try Self.json(op + "/chain-config/addresses.json")
        let portal = try #require(addresses["10"]?["OptimismPortalProxy"]?.stringValue)
        let deposits = try Self.json(op + "/deposits/user_deposits.json")
        let depositTopic = try #require(deposits["event"]?["topic0"]?.stringValue)

        let set = try Self.adapters(chain: "op-mainnet", rules: """
        [[chains.claims]]
        kind = "batch"
        to = "\(inbox)"
        from = ["\(batcher)"]
        since_block = 17422590
        [[chains.claims]]
        kind = "deposit"
        address = "\(portal)"
        topics = ["\(depositTopic)"]
        since_block = 0
        """)

        // The real batcher transaction, as raw signed bytes.
        let raw = try #require(FileManager.default.contents(atPath: op + "/batches/op_mainnet_batcher_tx_0xe69d9433.bin"))
        let item = try L1ItemParser.parse(contents: Array(raw))
        #expect(try L1ItemParser.parse(Hex.encode(raw)) == item)
        guard case .transaction(let t) = item else { Issue.record("not a transaction"); return }
        #expect(t.transaction.type == 2 && t.transaction.chainID == 1 && t.transaction.nonce == 1_104_454)
        #expect(t.transaction.to == (try Address(hex: inbox)))
        #expect(t.transaction.input.count == 119_823 && t.transaction.input.first == 0x00)
        let checks = set.router.check(item)
        #expect(checks.count == 1 && checks[0].matched && checks[0].kind == .batch)
        // The sender is recovered from the signature: the batcher in the rule's from list.
        #expect(t.transaction.from == (try Address(hex: batcher)))
        #expect(checks[0].reasons.contains { $0.contains("is in the rule's from list") }, "\(checks[0].reasons)")
        // The example adapter's format is not OP's: the rule matches, the adapter declines.
        if case .declined = set.router.route(item) {} else { Issue.record("expected the example adapter to decline an OP batch") }
        cases += 1

        // With its recovered sender from the vector, the from list decides; a stranger fails it.
        var withSender = t
        withSender.transaction.from = try Address(hex: batcher)
        #expect(set.router.check(.transaction(withSender)).first?.matched == true)
        withSender.transaction.from = .zero
        #expect(set.router.check(.transaction(withSender)).first?.matched == false)
        cases += 1

        // The kona TransactionDeposited logs, emitted by the portal.
        for (i, entry) in (deposits["synthetic_kona"]?.arrayValue ?? []).enumerated() {
            let log = JSONValue.object([
                ("address", .string(portal)), ("topics", entry["topics"] ?? .array([])), ("data", entry["data"] ?? .string("0x")),
                ("logIndex", entry["logIndex"] ?? .number(0)),
            ])
            let logItem = try L1ItemParser.parse(log)
            let check = set.router.check(logItem)
            #expect(check.first?.matched == true && check.first?.kind == .deposit, "synthetic_kona[\(i)]")
            cases += 1
        }
        print("router vectors (optimism): \(cases) cases")
        #expect(cases >= 4)
    }

    @Test func arbitrumCapturedRPCObjects() throws {
        guard let root = try Self.vectors() else { return }
        var cases = 0
        let arb = root + "/arbitrum"
        let abi = try Self.json(arb + "/abi-selectors-topics.json")
        let executed = try #require(abi["events"]?["OutBoxTransactionExecuted(address,address,uint256,uint256)"]?.stringValue)
        let execute = try #require(abi["functions"]?["executeTransaction(bytes32[],uint256,address,address,uint256,uint256,uint256,uint256,bytes)"]?.stringValue)
        let withdraw = try Self.json(arb + "/sdk-tracing-withdraw.json")
        let outbox = try #require(withdraw["source"]?["outboxAddress"]?.stringValue)

        let set = try Self.adapters(chain: "arb1", rules: """
        [[chains.claims]]
        kind = "withdrawal"
        to = "\(outbox)"
        selectors = ["\(execute)"]
        since_block = 0
        [[chains.claims]]
        kind = "withdrawal"
        address = "\(outbox)"
        topics = ["\(executed)"]
        since_block = 0
        """)

        // Every transaction, receipt and log object the captures hold parses as an item.
        for file in ["sdk-tracing-deposit.json", "sdk-tracing-withdraw.json", "sdk-tracing-retryable.json"] {
            let capture = try Self.json(arb + "/" + file)
            guard case .object(let members) = capture else { continue }
            for (key, value) in members {
                if key.hasSuffix("TxByHash"), case .object(let txs) = value {
                    for (hash, tx) in txs {
                        guard case .transaction(let t) = try L1ItemParser.parse(tx) else { Issue.record("\(file) \(hash)"); continue }
                        #expect(t.transaction.hash == (try Hash32(hex: hash)))
                        cases += 1
                    }
                }
                if key.hasSuffix("Receipt"), let to = value["to"] {
                    let item = try L1ItemParser.parse(.object([("to", to), ("input", .string("0x")), ("receipt", value)]))
                    guard case .transaction(let t) = item else { continue }
                    #expect(t.receiptLogs.count == value["logs"]?.arrayValue?.count, "\(file) \(key)")
                    cases += 1
                }
                if key.hasSuffix("Logs"), let logs = value.arrayValue {
                    for log in logs {
                        _ = try L1ItemParser.parse(log)
                        cases += 1
                    }
                }
            }
        }

        // The real outbox execution: the transaction by selector, its event by topic.
        let tx = try #require(withdraw["parentTxByHash"]?.arrayValueOfObject?.first)
        let txCheck = set.router.check(try L1ItemParser.parse(tx))
        #expect(txCheck.first?.matched == true, "\(txCheck.first?.reasons ?? [])")
        let parentLogs = try #require(withdraw["parentLogs"]?.arrayValue)
        let matchedLogs = try parentLogs.filter { set.router.check(try L1ItemParser.parse($0)).first?.matched == true }
        #expect(matchedLogs.count == 1)
        cases += 2
        print("router vectors (arbitrum): \(cases) cases")
        #expect(cases >= 10)
    }
}

extension JSONValue {
    var arrayValueOfObject: [JSONValue]? {
        guard case .object(let members) = self else { return nil }
        return members.map(\.1)
    }
}

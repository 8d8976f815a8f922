import Foundation
import Logging
import RollportHost
import RollportTestSupport
import RollportToolkit
import Testing

/// Routing through the Swift example adapter, loaded from its manifest like any adapter.
@Suite struct RouterTests {
    static let inbox = try! Address(hex: "0x000000000000000000000000000000000000e1a0")

    func loadExample(manifestText: String? = nil) throws -> AdapterSet {
        var dir = TestPaths.examples + "/minimal-swift"
        if let manifestText {
            dir = TestPaths.temporaryDirectory("router")
            try manifestText.write(toFile: dir + "/m.toml", atomically: true, encoding: .utf8)
        }
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let set = AdapterSet(catalog: ManifestCatalog.load([dir]), options: .init(pluginPath: [TestPaths.binDirectory]), logger: logger)
        try #require(set.failures.isEmpty, "\(set.failures)")
        try #require(set.adapters.count == 1)
        return set
    }

    func tx(to: Address?, input: [UInt8], block: UInt64? = nil, type: UInt8 = 2, from: Address? = nil) -> L1Item {
        .transaction(L1Item.TransactionItem(transaction: L1Transaction(type: type, from: from, to: to, input: input),
                                            block: block.map { L1BlockReference(number: $0) }))
    }

    @Test func claimsHandlesAndCounts() throws {
        let set = try loadExample()
        let router = set.router
        #expect(router.ruleCount == 1)
        let good = router.dispatch(tx(to: Self.inbox, input: [0xe0, 0, 0, 0, 0, 0, 0, 0, 7, 1, 2]))
        guard case .claimed(let c) = good.outcome else { Issue.record("not claimed: \(good.outcome)"); return }
        #expect(c.chain == "example-devnet" && c.kind == .batch)
        let result = try #require(good.result)
        #expect(result.status == .ok)
        #expect(result.records.count == 1)
        #expect(result.records[0].kind == "batch" && result.records[0].chain == "example-devnet")
        #expect(result.records[0].details["sequenceNumber"]?.stringValue == "0x7")
        #expect(result.records[0].key == [0, 0, 0, 0, 0, 0, 0, 7])

        if case .unmatched = router.route(tx(to: .zero, input: [0xe0])) {} else { Issue.record("a foreign `to` matched") }
        if case .declined = router.route(tx(to: Self.inbox, input: [0x00])) {} else { Issue.record("the adapter should decline") }
        if case .unmatched = router.route(tx(to: nil, input: [0xe0])) {} else { Issue.record("a creation matched") }
        let stats = router.statistics
        #expect(stats.items == 4 && stats.claimed == 1 && stats.unmatched == 2 && stats.declined == 1)
    }

    @Test func malformedPayloadIsADecodeErrorWithItsOffset() throws {
        let set = try loadExample()
        let dispatch = set.router.dispatch(tx(to: Self.inbox, input: [0xe0, 1, 2]))
        let result = try #require(dispatch.result)
        #expect(result.status == .decodeError)
        #expect(result.message.contains("truncated at byte 3"))
        #expect(result.records.isEmpty)
    }

    @Test func ruleConditionsAndTheirExplanations() throws {
        let manifest = try String(contentsOfFile: TestPaths.examples + "/minimal-swift/minimal-swift.toml", encoding: .utf8)
            .replacingOccurrences(of: "since_block = 0", with: """
            from = ["0x00000000000000000000000000000000000000aa"]
            selectors = ["0xe0000000"]
            blob = true
            since_block = 100
            until_block = 200
            """)
        let set = try loadExample(manifestText: manifest)
        let router = set.router
        let batcher = try Address(hex: "0x00000000000000000000000000000000000000aa")
        let stranger = try Address(hex: "0x00000000000000000000000000000000000000bb")
        let payload: [UInt8] = [0xe0, 0, 0, 0, 0, 0, 0, 0, 1]

        func matched(_ item: L1Item) -> (Bool, [String]) {
            let checks = router.check(item)
            return (checks.first?.matched ?? false, checks.first?.reasons ?? [])
        }
        #expect(matched(tx(to: Self.inbox, input: payload, block: 150, type: 3, from: batcher)).0)
        let (early, earlyWhy) = matched(tx(to: Self.inbox, input: payload, block: 99, type: 3, from: batcher))
        #expect(!early && earlyWhy.contains { $0.contains("outside") })
        #expect(!matched(tx(to: Self.inbox, input: payload, block: 201, type: 3, from: batcher)).0)
        let (foreign, foreignWhy) = matched(tx(to: Self.inbox, input: payload, block: 150, type: 3, from: stranger))
        #expect(!foreign && foreignWhy.contains { $0.contains("not in the rule's from list") })
        let (unknown, unknownWhy) = matched(tx(to: Self.inbox, input: payload, block: 150, type: 3, from: nil))
        #expect(unknown && unknownWhy.contains { $0.contains("sender unknown") })
        let (noBlob, noBlobWhy) = matched(tx(to: Self.inbox, input: payload, block: 150, type: 2, from: batcher))
        #expect(!noBlob && noBlobWhy.contains { $0.contains("blob") })
        let (badSelector, selectorWhy) = matched(tx(to: Self.inbox, input: [0xe1, 0, 0, 0], block: 150, type: 3, from: batcher))
        #expect(!badSelector && selectorWhy.contains { $0.contains("selector 0xe1000000 is not one of 0xe0000000") })
        #expect(router.check(tx(to: .zero, input: payload)).isEmpty)
    }

    /// The example declares `serial`: the host serializes its calls, so routing from many
    /// threads at once is safe and every item is counted once.
    @Test func concurrentRoutingIsSerializedForSerialAdapters() async throws {
        let set = try loadExample()
        let router = set.router
        let items = (0..<400).map { i in tx(to: i % 4 == 0 ? .zero : Self.inbox, input: [0xe0, 0, 0, 0, 0, 0, 0, 1, UInt8(i % 256)]) }
        let claimed = await withTaskGroup(of: Int.self) { group in
            for chunk in 0..<8 {
                group.addTask {
                    var n = 0
                    for item in items[(chunk * 50)..<(chunk * 50 + 50)] {
                        if case .claimed = router.dispatch(item).outcome { n += 1 }
                    }
                    return n
                }
            }
            return await group.reduce(0, +)
        }
        #expect(claimed == 300)
        let stats = router.statistics
        #expect(stats.items == 400 && stats.claimed == 300 && stats.unmatched == 100)
    }

    @Test func disabledChainsAreNotRouted() throws {
        let manifest = try String(contentsOfFile: TestPaths.examples + "/minimal-swift/minimal-swift.toml", encoding: .utf8)
            .replacingOccurrences(of: "enabled = true", with: "enabled = false")
        let dir = TestPaths.temporaryDirectory("disabled")
        try manifest.write(toFile: dir + "/m.toml", atomically: true, encoding: .utf8)
        let set = AdapterSet(catalog: ManifestCatalog.load([dir]), options: .init(pluginPath: [TestPaths.binDirectory]), logger: Logger(label: "t"))
        #expect(set.adapters.isEmpty && set.failures.isEmpty)
        #expect(set.router.ruleCount == 0)
    }

    @Test func rpcCallsReachTheAdapter() throws {
        let set = try loadExample()
        let adapter = try #require(set.adapter(forChain: "example-devnet")?.0)
        #expect(adapter.rpcMethods == ["example_parseBatch"])
        let ok = adapter.call(method: "example_parseBatch", chain: "example-devnet", params: "[\"0xe0000000000000000500\"]")
        #expect(ok.status == .ok)
        #expect(ok.records.first?.details["sequenceNumber"]?.stringValue == "0x5")
        #expect(adapter.call(method: "nope", chain: "", params: "[]").status == .notFound)
        #expect(adapter.call(method: "example_parseBatch", chain: "", params: "[\"0xzz\"]").status == .invalidArgument)
    }

    @Test func initReceivesTheManifestChains() throws {
        let set = try loadExample()
        let adapter = try #require(set.adapters.first)
        let config = AdapterInstance.configuration(for: adapter.manifest, library: adapter.library)
        let chain = try #require(config["chains"]?.arrayValue?.first)
        #expect(chain["name"]?.stringValue == "example-devnet")
        #expect(chain["chainId"] == .number("901"))
        #expect(chain["anchors"]?["batch_inbox"]?.stringValue == "0x000000000000000000000000000000000000e1a0")
        // The example defines one counter at init and counts each handled batch.
        _ = set.router.dispatch(tx(to: Self.inbox, input: [0xe0, 0, 0, 0, 0, 0, 0, 0, 1]))
        let series = adapter.metrics.series
        #expect(series.first?.name == "rollport_adapter_minimal_swift_batches_total")
        #expect(series.first?.values["example-devnet"] == 1)
    }
}

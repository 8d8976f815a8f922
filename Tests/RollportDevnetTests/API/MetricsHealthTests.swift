import FollowerTestSupport
import Foundation
import RollportAPI
import RollportDevnet
import RollportHost
import RollportTestSupport
import RollportToolkit
import Synchronization
import Testing

/// `/metrics` scraped and parsed after the follower ran over the devnet through the HTTP
/// client; `/healthz` as the follower catches up, keeps up, stalls, recovers, pauses and stops.
@Suite(.serialized) struct MetricsHealthTests {
    static let adapter = "org.rollport.optimism"

    /// A 12-block devnet served on loopback, an empty store with the devnet's adapter, and the
    /// metrics server (on a free port) of an API over them.
    struct Setup {
        let devnet: Devnet
        let node: L1NodeServer
        let store: ChainStore
        let adapters: AdapterSet
        let endpoint = MetricsEndpoint(version: "0.0.0-test", abi: "1.3")
        let status = FollowerStatus()
        let service: APIService
        let server: HTTPServer
        let directory: String

        init(_ label: String, settings: APISettings = APISettings()) async throws {
            devnet = try DevnetTesting.devnet(blocks: 12, encoder: try DevnetTesting.encoder())
            node = try await devnet.serve(logger: DevnetTesting.quietLogger)
            directory = TestPaths.temporaryDirectory(label)
            (store, adapters) = try OPTestChain.open(directory, manifests: DevnetTesting.manifests)
            service = APIService(store: store, status: status, adapters: adapters.adapters, routing: nil, settings: settings, metrics: endpoint.factory)
            server = try await endpoint.start(service: service, host: "127.0.0.1", port: 0, logger: DevnetTesting.quietLogger)
        }

        func url(_ path: String) -> String { "http://127.0.0.1:\(server.port)\(path)" }

        func close() async {
            await server.stop()
            await node.stop()
            for a in adapters.adapters { a.shutdown() }
            store.close()
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    @Test func metricsSayWhatTheFollowerDid() async throws {
        let setup = try await Setup("api-metrics")
        let (devnet, node, store, set, status, service) = (setup.devnet, setup.node, setup.store, setup.adapters, setup.status, setup.service)
        let metrics = FollowerMetrics(factory: setup.endpoint.factory)
        var options = FollowerOptions()
        options.stopAtHead = true
        options.safeDepth = 8
        func follow() async throws -> FollowerSummary {
            try await Follower(source: DevnetTesting.source(node), adapters: set, store: store, options: options, status: status,
                               metrics: metrics, logger: DevnetTesting.quietLogger).run()
        }
        let first = try await follow()
        // A reorg of depth 3, followed by a block whose portal log is malformed.
        try devnet.reorganise(depth: 3)
        let second = try await follow()
        let head = try #require(devnet.chain.head)
        let broken = L1Log(address: DevnetSpec.OP.optimismPortal, topics: [DevnetSpec.transactionDeposited, .zero, .zero, .zero],
                           data: [1, 2, 3], transactionHash: Keccak256.hash("broken deposit"), logIndex: 0)
        try devnet.chain.append(L1Block(header: L1Header(number: head.number + 1, hash: Keccak256.hash("broken block"), parentHash: head.hash,
                                                         timestamp: head.timestamp + 12), transactions: [], logs: [broken]))
        let third = try await follow()
        _ = await service.dispatcher.respond(to: Array(#"{"jsonrpc":"2.0","id":1,"method":"rollport_syncStatus"}"#.utf8), authorized: false)
        _ = await service.dispatcher.respond(to: Array(#"{"jsonrpc":"2.0","id":2,"method":"eth_chainId"}"#.utf8), authorized: false)

        let scrape = try await APIHTTP.send(setup.url("/metrics"), get: true)
        let health = try await APIHTTP.send(setup.url("/healthz"), get: true)
        await setup.close()
        #expect(scrape.status == 200)
        let s = try APIHTTP.samples(scrape.body)
        let counts = store.counts["op-devnet"] ?? ChainCounts()
        let cursor = try #require(store.cursor?.number)
        let processed = first.blocksProcessed + second.blocksProcessed + third.blocksProcessed
        let claimed = first.itemsClaimed + second.itemsClaimed + third.itemsClaimed

        #expect(s["rollport_up"] == 1 && s[#"rollport_info{version="0.0.0-test",abi="1.3"}"#] == 1)
        #expect(s["rollport_l1_cursor_number"] == Double(cursor) && s["rollport_l1_head_number"] == Double(cursor) && cursor == head.number + 1)
        #expect(s["rollport_l1_safe_number"] == Double(cursor - 8))
        #expect(s[#"rollport_chain_finished_l1_block{chain="op-devnet"}"#] == Double(cursor))
        #expect(s[#"rollport_chain_lag_blocks{chain="op-devnet"}"#] == 0)
        for (what, n) in [("batches", counts.batches), ("transactions", counts.transactions), ("deposits", counts.deposits), ("withdrawals", counts.withdrawals)] {
            #expect(s[#"rollport_chain_stored{chain="op-devnet",what="\#(what)"}"#] == Double(n), "\(what)")
        }
        #expect(s["rollport_items_routed_total"] == Double(first.itemsRouted + second.itemsRouted + third.itemsRouted))
        let claimedByKind = s.filter { $0.key.hasPrefix("rollport_items_claimed_total{") }.values.reduce(0, +)
        #expect(claimedByKind == Double(claimed))
        #expect(s[#"rollport_adapter_call_duration_seconds_count{adapter="\#(Self.adapter)",fn="handle"}"#] == Double(claimed))
        #expect(s[#"rollport_adapter_call_duration_seconds_count{adapter="\#(Self.adapter)",fn="commit"}"#] == Double(processed))
        #expect(s[#"rollport_adapter_call_duration_seconds_count{adapter="\#(Self.adapter)",fn="revert"}"#] == 3)
        #expect(s["rollport_block_process_duration_seconds_count"] == Double(processed))
        #expect(s["rollport_l1_reorgs_total"] == 1 && s["rollport_l1_blocks_reverted_total"] == 3)
        #expect(s["rollport_l1_reorg_depth_blocks_count"] == 1 && s["rollport_l1_reorg_depth_blocks_sum"] == 3)
        #expect(s[#"rollport_l1_reorg_depth_blocks_bucket{le="2.0"}"#] == 0 && s[#"rollport_l1_reorg_depth_blocks_bucket{le="4.0"}"#] == 1)
        #expect(s[#"rollport_adapter_errors_total{adapter="\#(Self.adapter)",fn="handle",status="decode_error"}"#] == 1, "\(scrape.body)")
        #expect((s["rollport_store_size_bytes"] ?? 0) > 0)
        #expect(s[#"rollport_rpc_requests_total{method="rollport_syncStatus",code="0"}"#] == 1)
        #expect(s[#"rollport_rpc_requests_total{method="unknown",code="-32601"}"#] == 1)
        // Histogram buckets never decrease and end at the count.
        let buckets = s.filter { $0.key.hasPrefix("rollport_block_process_duration_seconds_bucket") }
        #expect(buckets[#"rollport_block_process_duration_seconds_bucket{le="+Inf"}"#] == Double(processed))
        #expect(buckets.values.allSatisfy { $0 <= Double(processed) } && buckets.count >= 5)
        // The follower has finished its run: stopped, which is not healthy.
        #expect(health.status == 503 && health.body.contains(#""state":"stopped""#), "\(health)")
    }

    /// A source that can be made to hang, as a node that stops answering does.
    final class StallingSource: L1Source {
        let inner: any L1Source
        private let stalled = Mutex(false)
        init(_ inner: any L1Source) { self.inner = inner }

        func stall(_ on: Bool) { stalled.withLock { $0 = on } }

        private func gate() async {
            while stalled.withLock({ $0 }) && !Task.isCancelled { try? await Task.sleep(for: .milliseconds(5)) }
        }

        func chainID() async throws(L1SourceError) -> UInt64 { await gate(); return try await inner.chainID() }
        func headNumber() async throws(L1SourceError) -> UInt64 { await gate(); return try await inner.headNumber() }
        func headers(_ range: ClosedRange<UInt64>) async throws(L1SourceError) -> [L1Header] { await gate(); return try await inner.headers(range) }
        func blocks(_ range: ClosedRange<UInt64>, filter: L1Filter) async throws(L1SourceError) -> [L1Block] {
            await gate()
            return try await inner.blocks(range, filter: filter)
        }
        func blobs(of block: L1Header, versionedHashes: [Hash32]) async throws(L1SourceError) -> [BlobSidecar] {
            await gate()
            return try await inner.blobs(of: block, versionedHashes: versionedHashes)
        }
    }

    @Test func healthFlipsWhenTheFollowerStallsAndBack() async throws {
        var settings = APISettings()
        settings.maxLagBlocks = 2
        settings.maxSilence = .milliseconds(400)
        settings.adminToken = "t"
        let setup = try await Setup("api-health", settings: settings)
        let (node, store, set, status, service) = (setup.node, setup.store, setup.adapters, setup.status, setup.service)
        let source = StallingSource(DevnetTesting.source(node))
        var options = FollowerOptions()
        options.pollInterval = .milliseconds(20)
        options.pace = .milliseconds(60)
        let follower = Follower(source: source, adapters: set, store: store, options: options, status: status, logger: DevnetTesting.quietLogger)
        let run = Task { try await follower.run() }
        let url = setup.url("/healthz")
        var seen = [String]()
        /// Polls until the health check reports `state`; records every state seen.
        func wait(for state: String, timeout: Duration = .seconds(20)) async throws -> (status: Int, body: JSONValue) {
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                let r = try await APIHTTP.send(url, get: true)
                let body = try JSONValue.parse(r.body)
                if let s = body["state"]?.stringValue, seen.last != s { seen.append(s) }
                if body["state"]?.stringValue == state { return (r.status, body) }
                try await Task.sleep(for: .milliseconds(10))
            }
            Issue.record("health never reported \(state); saw \(seen)")
            return (0, .null)
        }
        func caughtUp() async throws {
            let deadline = ContinuousClock.now + .seconds(20)
            while store.cursor?.number != 12, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
            #expect(store.cursor?.number == 12)
        }

        let catchingUp = try await wait(for: "lagging")
        #expect(catchingUp.status == 503 && catchingUp.body["healthy"] == .bool(false))
        let following = try await wait(for: "following")
        #expect(following.status == 200 && following.body["healthy"] == .bool(true))
        try await caughtUp()
        let atHead = try JSONValue.parse(try await APIHTTP.send(url, get: true).body)
        #expect(atHead["lagBlocks"] == .number(0) && atHead["healthy"] == .bool(true), "\(atHead.compact)")

        source.stall(true)
        let stalled = try await wait(for: "stalled")
        #expect(stalled.status == 503 && stalled.body["reason"]?.stringValue?.contains("no word from the L1 source") == true, "\(stalled.body.compact)")
        source.stall(false)
        #expect(try await wait(for: "following").status == 200)

        // Admin requests reach the follower between blocks.
        let rewound = try #require(await service.dispatcher.respond(to: Array(#"{"jsonrpc":"2.0","id":1,"method":"admin_rewind","params":[9]}"#.utf8), authorized: true))
        #expect(try JSONValue.parse(rewound)["result"]?["cursor"]?["number"] == .number(9), "\(String(decoding: rewound, as: UTF8.self))")
        #expect(try await wait(for: "following").status == 200)
        #expect(status.pause())
        #expect(try await wait(for: "paused").status == 503)
        #expect(status.resume())
        #expect(try await wait(for: "following").status == 200)
        try await caughtUp()

        run.cancel()
        _ = try? await run.value
        #expect(try await wait(for: "stopped").status == 503)
        await setup.close()
        #expect(seen.first(where: { $0 != "starting" }) == "lagging", "\(seen)")
    }
}

import FollowerTestSupport
import Foundation
import RollportDevnet
import RollportHost
import RollportTestSupport
import RollportToolkit
import Testing

/// The recorded OP Stack traffic of `L1NodeReplayTests`, placed at its mainnet heights and
/// times, served by the loopback node and followed through the HTTP client with the Optimism
/// adapter and the shipped manifest: the store holds what the recordings say. Each recording
/// sits in its own short L1 segment, followed into its own store by a manifest whose chains
/// start at the segment's first block.
@Suite(.serialized) struct FollowerReplayTests {
    /// Ethereum mainnet's beacon chain, so a block's timestamp gives its real slot.
    static let mainnetBeacon = BeaconTiming(genesisTime: 1_606_824_023, secondsPerSlot: 12)
    static let basePortal = try! Address(hex: "0x49048044D57e1C92A77f79988d21Fa8fAF74E97e")
    /// The OP Mainnet L1 messenger as seen on L2 (its address plus the L1-to-L2 alias offset):
    /// the sender of the deposits that belong at the OP Mainnet portal; Base's messenger sent the others.
    static let opMessengerAlias = try! Address(hex: "0x36bde71c97b33cc4729cf772ae268934f7ab70b2")

    /// A consecutive, hash-linked run of blocks; each block's selected transactions get a
    /// successful receipt carrying their logs.
    struct Segment {
        let chain = MemoryL1Chain(chainID: 1)
        var parent: Hash32

        init(before first: UInt64) {
            parent = Keccak256.hash("replay segment parent \(first)")
        }

        mutating func append(_ number: UInt64, timestamp: UInt64, hash: Hash32? = nil, transactions: [L1Transaction] = [],
                             logs: [L1Log] = [], blobs: [BlobSidecar] = []) throws {
            let header = L1Header(number: number, hash: hash ?? Keccak256.hash("replay segment block \(number)"), parentHash: parent,
                                  timestamp: timestamp, parentBeaconBlockRoot: Keccak256.hash("replay beacon \(number)"))
            var receipts = [Hash32: L1Receipt]()
            for tx in transactions {
                guard let h = tx.hash else { continue }
                receipts[h] = L1Receipt(status: 1, logs: logs.filter { $0.transactionHash == h }, gasUsed: 21_000, cumulativeGasUsed: 21_000)
            }
            try chain.append(L1Block(header: header, transactions: transactions, receipts: receipts, logs: logs), blobs: blobs)
            parent = header.hash
        }
    }

    /// What a follower stored for a segment.
    struct Followed {
        var counts: [String: ChainCounts]
        var records: [JSONValue]
        var cursor: UInt64?
    }

    /// Serves `segment` on a loopback node and follows it to its head into a fresh store, with
    /// `Manifests/optimism.toml` whose chains all start at the segment's first block.
    static func follow(_ segment: Segment) async throws -> Followed {
        let first = segment.chain.firstNumber
        let head = try #require(segment.chain.head?.number)
        let (dir, manifests) = try await followKept(segment)
        defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: manifests) }
        let store = try ChainStore(directory: dir)
        defer { store.close() }
        var records = [JSONValue]()
        for n in first...head { records += try store.records(block: n) }
        return Followed(counts: store.counts.filter { !$0.value.isZero }, records: records, cursor: store.cursor?.number)
    }

    /// Follows `segment` like `follow`, and leaves the store and its manifest folder to the
    /// caller, who removes them.
    static func followKept(_ segment: Segment) async throws -> (directory: String, manifests: String) {
        let first = segment.chain.firstNumber
        let shipped = try String(contentsOfFile: TestPaths.repository + "/Manifests/optimism.toml", encoding: .utf8)
        let manifests = TestPaths.temporaryDirectory("replay-manifest")
        try shipped.replacing(/start_l1_block = \d+/, with: "start_l1_block = \(first)")
            .write(toFile: manifests + "/optimism.toml", atomically: true, encoding: .utf8)
        let dir = TestPaths.temporaryDirectory("replay-store")
        let server = try await L1NodeServer.start(chain: segment.chain, beacon: mainnetBeacon, logger: DevnetTesting.quietLogger)
        do {
            try await OPTestChain.follow(DevnetTesting.source(server, expectedChainID: 1), directory: dir, manifests: manifests)
        } catch {
            await server.stop()
            try? FileManager.default.removeItem(atPath: dir)
            try? FileManager.default.removeItem(atPath: manifests)
            throw error
        }
        await server.stop()
        return (dir, manifests)
    }

    static func batchRecords(_ followed: Followed, chain: String) -> [JSONValue] {
        followed.records.filter { $0["kind"]?.stringValue == "batch" && $0["chain"]?.stringValue == chain && $0["details"]?["type"]?.stringValue == "batch" }
    }

    /// The OP Mainnet span batch (origins 19426582…19426585) posted a few blocks after its
    /// last origin, in block 19426591. The last origin's hash begins with the batch's
    /// `l1_origin_check`, as the real one does.
    static func batchSegment(_ dir: String) throws -> Segment {
        let replay = try L1NodeReplayTests.replay(dir)
        let expected = try DevnetTesting.json("batches/op_mainnet_batcher_tx_0xe69d9433.expected.json", in: dir)["span_batch"]
        let check = try Hex.decode(try #require(expected?["l1_origin_check"]?.stringValue))
        let lastOrigin = try #require(Hash32(bytes: check + Keccak256.hash("replay origin 19426585").bytes.prefix(12)))
        var segment = Segment(before: 19_426_582)
        // The first L2 block (origin 19426582) has timestamp 1710338157; every origin lies before it.
        for n in UInt64(19_426_582)...19_426_591 {
            try segment.append(n, timestamp: 1_710_338_111 + 12 * (n - 19_426_582), hash: n == 19_426_585 ? lastOrigin : nil,
                               transactions: n == 19_426_591 ? [replay.batcher] : [])
        }
        return segment
    }

    /// The thirteen real messenger deposits in their block 18,480,930 with its real hash, and
    /// what each should be stored as: "chain logIndex l2TxHash".
    static func depositSegment(_ dir: String) throws -> (segment: Segment, expected: Set<String>) {
        let replay = try L1NodeReplayTests.replay(dir)
        let recorded = try DevnetTesting.json("deposits/user_deposits.json", in: dir)["computed_real_logs"]?["logs"]?.arrayValue ?? []
        let blockHash = try Hash32(hex: try #require(recorded.first?["blockHash"]?.stringValue))
        var expected = Set<String>()
        let logs = replay.depositLogs.map { log -> L1Log in
            var placed = log
            if log.topics.count > 1, log.topics[1].bytes.suffix(20) != Self.opMessengerAlias.bytes[...] { placed.address = Self.basePortal }
            return placed
        }
        for (log, entry) in zip(logs, recorded) {
            let chain = log.address == Self.basePortal ? "base" : "op-mainnet"
            expected.insert("\(chain) \(log.logIndex ?? 0) \(entry["l2TxHash"]?.stringValue ?? "")")
        }
        let depositTx = try #require(replay.chain.block(101)?.transactions.first)
        var segment = Segment(before: 18_480_930)
        // The deposits do not depend on the block's time: one from its week serves.
        try segment.append(18_480_930, timestamp: 1_698_825_011, hash: blockHash, transactions: [depositTx], logs: logs)
        return (segment, expected)
    }

    /// The OP Mainnet span batch (origins 19426582…19426585) posted a few blocks after its
    /// last origin, before Ecotone as on mainnet. The last origin's hash begins with the
    /// batch's `l1_origin_check`, as the real one does.
    @Test func theOPMainnetBatcherTransactionIsStoredAsItsSpanBatch() async throws {
        guard let dir = DevnetTesting.vectors() else { return }
        let expected = try DevnetTesting.json("batches/op_mainnet_batcher_tx_0xe69d9433.expected.json", in: dir)["span_batch"]
        let segment = try Self.batchSegment(dir)
        let followed = try await Self.follow(segment)
        #expect(followed.cursor == 19_426_591)
        #expect(followed.counts == ["op-mainnet": ChainCounts(batches: 1, l2Blocks: 27, transactions: 209)], "\(followed.records)")

        let batch = try #require(Self.batchRecords(followed, chain: "op-mainnet").first)
        #expect(batch["l1"]?["transactionHash"]?.stringValue == "0xe69d94330faafb4f716f7ad9b3b50ea8ff5ce57aea6d2f8be07afb7fe49cd6cf")
        // A follower that starts here has derived no L2 block before the batch: it keeps the
        // batch and says which checks that leaves open.
        #expect(batch["details"]?["validity"]?["label"]?.stringValue == "undecided")
        #expect(batch["details"]?["validity"]?["rule"]?.stringValue == "safe-head-unknown")
        let blocks = batch["details"]?["blocks"]?.arrayValue ?? []
        let counts = (expected?["block_tx_counts"]?.arrayValue ?? []).compactMap { Int($0.compact) }
        #expect(blocks.map { $0["transactions"]?.arrayValue?.count ?? -1 } == counts)
    }

    /// The thirteen messenger deposits in their real block 18,480,930 with its real hash: eight
    /// at the OP Mainnet portal, five at Base's, each stored with the L2 transaction hash the
    /// recording gives.
    @Test func theRealDepositLogsAreStoredWithTheirL2Hashes() async throws {
        guard let dir = DevnetTesting.vectors() else { return }
        let (segment, expected) = try Self.depositSegment(dir)
        let followed = try await Self.follow(segment)
        #expect(followed.counts == ["op-mainnet": ChainCounts(deposits: 8), "base": ChainCounts(deposits: 5)], "\(followed.records)")

        let stored = Set(followed.records.filter { $0["kind"]?.stringValue == "deposit" }.map { r in
            "\(r["chain"]?.stringValue ?? "") \(r["l1"]?["logIndex"]?.compact ?? "") \(r["details"]?["l2TxHash"]?.stringValue ?? "")"
        })
        #expect(stored == expected)
        #expect(expected.count == 13)
    }

    /// The Unichain blob transaction at its real block 24,149,392 (slot 13,380,190), the 46 real
    /// origin blocks 24149341…24149386 before it with their hashes and times: its three blobs
    /// come from the beacon endpoint and make one span batch of 540 L2 blocks.
    @Test func theUnichainBlobTransactionIsStoredAsItsSpanBatch() async throws {
        guard let dir = DevnetTesting.vectors() else { return }
        let replay = try L1NodeReplayTests.replay(dir)
        let blobTx = try #require(replay.chain.block(102)?.transactions.first)
        let origins = try DevnetTesting.json("blobs/unichain_l1_origins.json", in: dir)["blocks"]?.arrayValue ?? []
        #expect(origins.count == 46)

        var segment = Segment(before: 24_149_341)
        var last: (number: UInt64, timestamp: UInt64) = (0, 0)
        for origin in origins {
            let number = try #require(origin["number"].flatMap { UInt64($0.compact) })
            let timestamp = try #require(origin["timestamp"].flatMap { UInt64($0.compact) })
            try segment.append(number, timestamp: timestamp, hash: try Hash32(hex: origin["hash"]?.stringValue ?? ""))
            last = (number, timestamp)
        }
        #expect(last.number == 24_149_386)
        for n in last.number + 1...24_149_392 {
            let blob = n == 24_149_392
            try segment.append(n, timestamp: last.timestamp + 12 * (n - last.number), transactions: blob ? [blobTx] : [],
                               blobs: blob ? replay.sidecars : [])
        }
        #expect(segment.chain.head?.timestamp == 1_767_386_303)
        #expect(Self.mainnetBeacon.slot(forTimestamp: 1_767_386_303) == 13_380_190)

        let followed = try await Self.follow(segment)
        #expect(followed.cursor == 24_149_392)
        #expect(followed.counts == ["unichain": ChainCounts(batches: 1, l2Blocks: 540, transactions: 3196)], "\(followed.records)")
        let batch = try #require(Self.batchRecords(followed, chain: "unichain").first)
        #expect(batch["l1"]?["transactionHash"]?.stringValue == "0x713d467f3bdef6e2328f3daafd4f5bfbc827b3db63eec6af7c6f161663f8131e")
        let details = try #require(batch["details"])
        #expect(details["dataLocation"]?.stringValue == "blobs")
        #expect(details["checks"]?["versionedHash"]?.stringValue == "matched")
        #expect(details["frames"]?.arrayValue?.count == 3)
        #expect(details["channel"]?["streamEnd"]?.stringValue == "complete")
        #expect(details["validity"]?["label"]?.stringValue == "undecided")
    }
}

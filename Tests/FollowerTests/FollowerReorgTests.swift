import Foundation
import FollowerTestSupport
import Logging
import OptimismDerivation
import RollportHost
import RollportTestSupport
import RollportToolkit
import Synchronization
import Testing

/// The Optimism adapter, loaded through the host, followed over generated OP chains.
@Suite(.serialized) struct FollowerReorgTests {
    static let height: UInt64 = 72

    /// A run straight over the fork that wins, to compare against.
    static func reference(_ blocks: [L1Block], manifests: String) async throws -> (StoreDigest, [String: ChainCounts], UInt64?) {
        let dir = TestPaths.temporaryDirectory("follower-reference")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await OPTestChain.follow(try OPTestChain.chain(blocks), directory: dir, manifests: manifests)
        return try OPTestChain.state(dir)
    }

    @Test func followsAnOPChainIntoTheStore() async throws {
        let manifests = try OPTestChain.manifestDirectory()
        let dir = TestPaths.temporaryDirectory("follower-basic")
        defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: manifests) }
        let blocks = try OPTestChain.blocks(through: 30)
        let summary = try await OPTestChain.follow(try OPTestChain.chain(blocks), directory: dir, manifests: manifests)
        #expect(summary.blocksProcessed == 30)
        #expect(summary.cursor?.number == 30 && summary.cursor?.hash == blocks[30].header.hash)
        let (digest, counts, _) = try OPTestChain.state(dir)
        let c = try #require(counts[OPTestChain.name])
        // Every L1 block 1...30 opens a channel; those of blocks 3, 6, ..., 30 close one block
        // later, so the one of block 30 is still open: 29 batches of six L2 blocks.
        #expect(c.batches == 29, "\(c)")
        #expect(c.l2Blocks == 29 * 6)
        let l2Transactions = try blocks.prefix(30).flatMap(\.transactions).filter { $0.to == OPTestChain.inbox }
            .flatMap { try BatcherPayload.frames(calldata: $0.input) }.count
        #expect(c.transactions >= 29 * 6 && l2Transactions > 29)
        // The change of batcher in block 6 is read before the new batcher's transactions of
        // that block are claimed: its frame and the channel it opens are read.
        let store = try ChainStore(directory: dir)
        defer { store.close() }
        let six = try store.records(block: OPTestChain.batcherChange)
        #expect(six.first?["kind"] == .string("config_change"))
        #expect(six.dropFirst().first?["details"]?["type"] == .string("frames"))
        let seven = try store.records(block: OPTestChain.batcherChange + 1)
        #expect(seven.contains { $0["details"]?["type"] == .string("batch") && $0["details"]?["channel"]?["frameCount"] != .number("1") })
        #expect(digest.records > 29)
        // A second run continues from the cursor and has nothing left to do.
        store.close()
        let again = try await OPTestChain.follow(try OPTestChain.chain(blocks), directory: dir, manifests: manifests)
        #expect(again.blocksProcessed == 0)
        #expect(try OPTestChain.state(dir).0 == digest)
    }

    /// (depth, blocks the winning fork is longer by): same height and longer, depth 1 to 64.
    static let cases: [(depth: UInt64, longer: UInt64)] = [(1, 0), (2, 3), (16, 0), (64, 0), (64, 2)]

    static func copy(_ from: String, _ to: String) throws {
        try? FileManager.default.removeItem(atPath: to)
        try FileManager.default.copyItem(atPath: from, toPath: to)
    }

    /// For each case: follow the original chain to its head, reorganise it to the winning fork,
    /// follow again; the store must equal one that followed the winning fork alone. The stores
    /// at the fork points are taken from one run over the original chain (the winner's own run
    /// shares everything below its fork point with it).
    @Test func aReorgEndsAsIfTheWinningForkWasFollowedAlone() async throws {
        let manifests = try OPTestChain.manifestDirectory()
        let root = TestPaths.temporaryDirectory("follower-reorg")
        defer { try? FileManager.default.removeItem(atPath: root); try? FileManager.default.removeItem(atPath: manifests) }
        let original = try OPTestChain.blocks(through: Self.height)
        let run = root + "/original"
        let forkPoints = Set(Self.cases.map { Self.height - $0.depth + 1 }).sorted()
        for f in forkPoints {
            try await OPTestChain.follow(try OPTestChain.chain(original), directory: run, manifests: manifests, until: f - 1)
            try Self.copy(run, root + "/below-\(f)")
        }
        try await OPTestChain.follow(try OPTestChain.chain(original), directory: run, manifests: manifests)
        for (depth, longer) in Self.cases {
            let forkAt = Self.height - depth + 1
            let winner = try OPTestChain.blocks(through: Self.height + longer, forkAt: forkAt, salt: 7 + depth)
            #expect(winner[Int(forkAt)].header.hash != original[Int(forkAt)].header.hash)
            let subject = root + "/subject", reference = root + "/reference"
            try Self.copy(run, subject)
            let chain = try OPTestChain.chain(original)
            try chain.reorganise(to: Array(winner[Int(forkAt)...]))
            let after = try await OPTestChain.follow(chain, directory: subject, manifests: manifests)
            #expect(after.reorgs == 1)
            #expect(after.blocksReverted == depth)
            #expect(after.blocksProcessed == depth + longer)
            try Self.copy(root + "/below-\(forkAt)", reference)
            let alone = try await OPTestChain.follow(try OPTestChain.chain(winner), directory: reference, manifests: manifests)
            #expect(alone.reorgs == 0 && alone.blocksProcessed == depth + longer)
            let got = try OPTestChain.state(subject), want = try OPTestChain.state(reference)
            #expect(got.2 == Self.height + longer)
            #expect(got.1 == want.1, "depth \(depth): counts \(got.1) vs \(want.1)")
            #expect(got.0 == want.0, "depth \(depth) longer \(longer): \(got.0) vs \(want.0)")
        }
    }

    /// A reorg seen by a follower that keeps running: the source reorganises between polls.
    @Test func aRunningFollowerSeesTheHeadReplacedAtTheSameHeight() async throws {
        let manifests = try OPTestChain.manifestDirectory()
        let dir = TestPaths.temporaryDirectory("follower-live")
        defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: manifests) }
        let original = try OPTestChain.blocks(through: 20)
        let winner = try OPTestChain.blocks(through: 20, forkAt: 20, salt: 3)
        let chain = try OPTestChain.chain(original)
        let (store, set) = try OPTestChain.open(dir, manifests: manifests)
        var options = FollowerOptions()
        options.pollInterval = .milliseconds(5)
        let follower = Follower(source: chain, adapters: set, store: store, options: options, logger: OPTestChain.quietLogger)
        let task = Task { try await follower.run() }
        // Wait until the original head is stored, then replace it.
        for _ in 0..<2000 where store.cursor?.number != 20 { try await Task.sleep(for: .milliseconds(2)) }
        #expect(store.cursor?.hash == original[20].header.hash)
        try chain.reorganise(to: [winner[20]])
        for _ in 0..<2000 where store.cursor?.hash != winner[20].header.hash { try await Task.sleep(for: .milliseconds(2)) }
        task.cancel()
        let summary = try await task.value
        #expect(summary.reorgs == 1 && summary.blocksReverted == 1)
        for a in set.adapters { a.shutdown() }
        store.close()
        #expect(try OPTestChain.state(dir).0 == (try await Self.reference(winner, manifests: manifests)).0)
    }

    @Test func aReorgDeeperThanTheSafeDepthStopsWithAClearError() async throws {
        let manifests = try OPTestChain.manifestDirectory()
        let dir = TestPaths.temporaryDirectory("follower-deep")
        defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: manifests) }
        let chain = try OPTestChain.chain(try OPTestChain.blocks(through: 30))
        try await OPTestChain.follow(chain, directory: dir, manifests: manifests) { $0.safeDepth = 8 }
        try chain.reorganise(to: Array(try OPTestChain.blocks(through: 30, forkAt: 15, salt: 9)[15...]))
        do {
            try await OPTestChain.follow(chain, directory: dir, manifests: manifests) { $0.safeDepth = 8 }
            Issue.record("a reorg below the final blocks was followed")
        } catch let error as FollowerError {
            #expect(error.reason == .reorgTooDeep)
            #expect(error.message.contains("safe depth (8)"), "\(error)")
        }
    }
}

// The follower over an in-memory L1 (MemoryL1Chain) whose blocks each carry one OP Stack
// calldata batch of about 100 signed L2 transactions, with the Optimism adapter loaded from its
// library as the host loads it. Targets: backfill at least 500 L1 blocks per second; a new head
// block stored within 20 ms at p99. See Benchmarks/README.md.
//
// Setup builds the chain (the OP batch encoder, transactions signed by the toolkit), follows it
// once and checks what was stored (every batch decoded, every L2 transaction counted) before
// anything is measured; a broken follower fails setup instead of being measured.

import Benchmark
import Dispatch
import FollowerTestSupport
import Foundation
import Logging
import RollportHost
import RollportTestSupport
import RollportToolkit

let blocksPerSecond = BenchmarkMetric.custom("L1 blocks per second", polarity: .prefersLarger, useScalingFactor: false)
let microsecondsPerBlock = BenchmarkMetric.custom("µs per new head block", polarity: .prefersSmaller, useScalingFactor: false)

let benchmarks: @Sendable () -> Void = {
    Benchmark("Follower: backfill 500 L1 blocks, one ~100-transaction OP calldata batch each", configuration: .init(
        metrics: [.wallClock, blocksPerSecond], warmupIterations: 1, maxDuration: .seconds(20), maxIterations: 10
    ), closure: { benchmark in
        guard case .success(let fixture) = FollowerFixture.shared else { return }
        for _ in benchmark.scaledIterations {
            let dir = fixture.scratch + "/backfill-\(UUID().uuidString.prefix(8))"
            defer { try? FileManager.default.removeItem(atPath: dir) }
            do {
                let (store, set) = try OPTestChain.open(dir, manifests: fixture.manifests)
                let follower = Follower(source: fixture.chain, adapters: set, store: store, options: FollowerFixture.options, logger: OPTestChain.quietLogger)
                let start = DispatchTime.now().uptimeNanoseconds
                let summary = try FollowerFixture.wait { () async throws(FollowerError) -> FollowerSummary in try await follower.run() }
                let elapsed = DispatchTime.now().uptimeNanoseconds - start
                for a in set.adapters { a.shutdown() }
                store.close()
                guard summary.blocksProcessed == FollowerFixture.blockCount else {
                    benchmark.error("stored \(summary.blocksProcessed) blocks, expected \(FollowerFixture.blockCount)")
                    return
                }
                benchmark.measurement(blocksPerSecond, Int((Double(summary.blocksProcessed) / (Double(elapsed) / 1e9)).rounded()))
            } catch {
                benchmark.error("\(error)")
                return
            }
        }
    }, setup: FollowerFixture.requireFixture)

    Benchmark("Follower: a new head block after 500 (fetch, route, decode, store with fsync)", configuration: .init(
        metrics: [.wallClock, microsecondsPerBlock], warmupIterations: 5, maxDuration: .seconds(30), maxIterations: FollowerFixture.headBlocks - 10
    ), closure: { benchmark in
        guard case .success(let head) = HeadFixture.shared else { return }
        for _ in benchmark.scaledIterations {
            do {
                guard let elapsed = try head.storeNextBlock() else {
                    benchmark.error("no block left to append; lower maxIterations")
                    return
                }
                benchmark.measurement(microsecondsPerBlock, Int(elapsed / 1000))
            } catch {
                benchmark.error("\(error)")
                return
            }
        }
    }, setup: {
        try FollowerFixture.requireFixture()
        if case .failure(let error) = HeadFixture.shared {
            FileHandle.standardError.write(Data("FollowerBenchmarks: head setup failed, nothing was measured:\n\(error)\n".utf8))
            exit(EXIT_FAILURE)
        }
    })

    devnetBenchmarks()
    apiBenchmarks()
}

/// One store followed to block 500 of the chain, kept across iterations: each iteration appends
/// the next block to the source and lets a follower store it.
final class HeadFixture: @unchecked Sendable {
    // @unchecked: the benchmark calls `storeNextBlock` from one thread at a time.
    let chain: MemoryL1Chain
    let store: ChainStore
    let adapters: AdapterSet
    let blocks: [L1Block]
    var next: Int

    init(_ fixture: FollowerFixture) throws {
        blocks = fixture.blocks
        next = Int(FollowerFixture.blockCount) + 1
        chain = try OPTestChain.chain(Array(blocks.prefix(next)))
        (store, adapters) = try OPTestChain.open(fixture.scratch + "/head", manifests: fixture.manifests)
        let (chain, store, adapters) = (chain, store, adapters)
        _ = try FollowerFixture.wait { () async throws(FollowerError) -> FollowerSummary in
            try await Follower(source: chain, adapters: adapters, store: store, options: FollowerFixture.options, logger: OPTestChain.quietLogger).run()
        }
    }

    static let shared: Result<HeadFixture, any Error> = Result {
        guard case .success(let fixture) = FollowerFixture.shared else { throw FollowerFixture.SetupError(message: "no chain") }
        return try HeadFixture(fixture)
    }

    /// Nanoseconds from the new block's arrival to its being stored; nil when none is left.
    func storeNextBlock() throws -> UInt64? {
        guard next < blocks.count else { return nil }
        try chain.append(blocks[next])
        next += 1
        let follower = Follower(source: chain, adapters: adapters, store: store, options: FollowerFixture.options, logger: OPTestChain.quietLogger)
        let start = DispatchTime.now().uptimeNanoseconds
        let summary = try FollowerFixture.wait { () async throws(FollowerError) -> FollowerSummary in try await follower.run() }
        let elapsed = DispatchTime.now().uptimeNanoseconds - start
        guard summary.blocksProcessed == 1 else { throw FollowerFixture.SetupError(message: "stored \(summary.blocksProcessed) blocks for one new head") }
        return elapsed
    }
}

/// The chain, the manifest folder, and a scratch folder for data directories.
final class FollowerFixture: Sendable {
    static let blockCount: UInt64 = 500
    /// Blocks beyond the backfill for the head benchmark.
    static let headBlocks = 300
    /// 16-17 L2 transactions in each of the six L2 blocks a batch carries: about 100.
    static let l2Transactions = 16...17

    let blocks: [L1Block]
    /// The first `blockCount` blocks after genesis.
    let chain: MemoryL1Chain
    let manifests: String
    let scratch: String

    init() throws {
        blocks = try OPTestChain.blocks(through: Self.blockCount + UInt64(Self.headBlocks), l2TransactionsPerBlock: Self.l2Transactions, splitEvery: nil)
        chain = try OPTestChain.chain(Array(blocks.prefix(Int(Self.blockCount) + 1)))
        manifests = try OPTestChain.manifestDirectory()
        scratch = TestPaths.temporaryDirectory("follower-benchmarks")
        // One checked run: every block stored, every batch decoded with its ~100 transactions.
        let dir = scratch + "/check"
        let summary = try Self.wait { () async throws -> FollowerSummary in
            try await OPTestChain.follow(self.chain, directory: dir, manifests: self.manifests)
        }
        let (_, counts, cursor) = try OPTestChain.state(dir)
        try? FileManager.default.removeItem(atPath: dir)
        let c = counts[OPTestChain.name] ?? ChainCounts()
        guard summary.blocksProcessed == Self.blockCount, cursor == Self.blockCount, c.batches == Self.blockCount,
              c.l2Blocks == 6 * c.batches, c.transactions >= 96 * c.batches, c.transactions <= 102 * c.batches else {
            throw SetupError(message: "the check run stored \(summary.blocksProcessed) blocks (cursor \(cursor.map(String.init) ?? "none")) and counted \(c); expected \(Self.blockCount) blocks, as many batches of 6 L2 blocks and 96-102 transactions each")
        }
    }

    static var options: FollowerOptions {
        var options = FollowerOptions()
        options.stopAtHead = true
        return options
    }

    struct SetupError: Error, CustomStringConvertible { var message: String; var description: String { message } }

    static let shared: Result<FollowerFixture, any Error> = Result { try FollowerFixture() }

    static func requireFixture() throws {
        if case .failure(let error) = shared {
            FileHandle.standardError.write(Data("FollowerBenchmarks: setup failed, nothing was measured:\n\(error)\nBuild the adapter first: swift build -c release --product OptimismAdapter\n".utf8))
            exit(EXIT_FAILURE)
        }
    }

    /// Runs async work to completion from synchronous code (the benchmark closures).
    static func wait<T: Sendable, E: Error>(_ body: @escaping @Sendable () async throws(E) -> T) throws(E) -> T {
        let box = ResultBox<T, E>()
        let done = DispatchSemaphore(value: 0)
        Task {
            do throws(E) { box.set(.success(try await body())) } catch { box.set(.failure(error)) }
            done.signal()
        }
        done.wait()
        return try box.get()
    }
}

final class ResultBox<T: Sendable, E: Error>: @unchecked Sendable {
    // @unchecked: written once before the semaphore is signalled, read after it is waited on.
    private var result: Result<T, E>?
    func set(_ r: Result<T, E>) { result = r }
    func get() throws(E) -> T {
        switch result {
        case .success(let v)?: return v
        case .failure(let e)?: throw e
        case nil: fatalError("the task ended without a result")
        }
    }
}

import Foundation
import FollowerTestSupport
import Logging
import RollportABI
import RollportHost
import RollportTestSupport
import RollportToolkit
import Testing

/// rollport.host.l1/1 as an adapter sees it while a follower delivers blocks: a C adapter
/// (Tests/Fixtures/HostL1/l1_reader_adapter.c) reads the block being delivered, the one above it
/// and the recent logs from inside handle(), and records what it saw; the follower runs over a
/// chain that backfills, reaches its head and then reorganises under it.
@Suite(.serialized) struct FollowerL1ReadsTests {
    static let adapterID = "org.rollport.test.l1-reader"
    static let emitter = Address(bytes: [UInt8](repeating: 0xe7, count: 20))!
    static let topic = Keccak256.hash(Array("Observed(uint256)".utf8))
    static let otherTopic = Keccak256.hash(Array("Ignored(uint256)".utf8))
    /// What the adapter reads logs over: the delivered block and the three below it.
    static let lookback: UInt64 = 4

    static var manifest: String {
        """
        schema = 1

        [adapter]
        id = "\(adapterID)"
        name = "L1 reads test adapter"
        version = "1.0.0"

        [compat]
        host = ">=0.1.0, <1.0.0"
        abi = "1.3"

        [library]
        file = "libl1_reader_adapter.so"

        [extensions]
        provides = ["rollport.l1-ingest/1"]
        requires = ["rollport.host.l1/1"]
        threading = "serial"

        [[chains]]
        name = "l1-reads"
        chain_id = 903
        l1_chain_id = 900
        enabled = true
        start_l1_block = 1

        [[chains.claims]]
        kind = "message"
        address = "\(emitter)"
        topics = ["\(topic)"]
        since_block = 1
        """
    }

    /// Blocks 0...last; those from `forkAt` on are salted with `salt`, so two salts give two forks
    /// sharing the blocks below `forkAt`. Every block from 1 on has one claimed log and one log
    /// of the same emitter with another first topic (which the adapter's log reads leave out).
    static func blocks(through last: UInt64, forkAt: UInt64 = .max, salt: UInt8 = 0) -> [L1Block] {
        var out = [L1Block]()
        for n in 0...last {
            let s: UInt8 = n >= forkAt ? salt : 0
            let hash = Keccak256.hash([s] + n.bytes)
            let parent = n == 0 ? Hash32.zero : out[Int(n - 1)].header.hash
            let header = L1Header(number: n, hash: hash, parentHash: parent, timestamp: 1_700_000_000 + 12 * n)
            let logs = n == 0 ? [] : [
                L1Log(address: emitter, topics: [otherTopic], data: n.bytes, transactionHash: hash, logIndex: 0),
                L1Log(address: emitter, topics: [topic], data: n.bytes, transactionHash: hash, logIndex: 1),
            ]
            out.append(L1Block(header: header, transactions: [], logs: logs))
        }
        return out
    }

    /// What the adapter recorded while handling the claimed log of one block.
    struct Seen: CustomStringConvertible {
        var block: UInt64
        var itemHash: String
        var atStatus: Int32
        var atHash: String
        var atParent: String
        var byHashStatus: Int32
        var aboveStatus: Int32
        var logsStatus: Int32
        var logsFrom: UInt64
        var logCount: UInt64
        var logBlocks: [String]
        var description: String { "block \(block) \(itemHash): at \(atStatus) \(atHash), above \(aboveStatus), logs \(logsStatus) \(logBlocks)" }

        init(_ record: JSONValue) throws {
            let d = try #require(record["details"])
            func number(_ key: String) throws -> UInt64 {
                guard case .number(let text)? = d[key], let value = UInt64(text) else { throw RecordFieldError(key: key, record: record) }
                return value
            }
            func status(_ key: String) throws -> Int32 {
                guard case .number(let text)? = d[key], let value = Int32(text) else { throw RecordFieldError(key: key, record: record) }
                return value
            }
            func text(_ key: String) throws -> String {
                guard let value = d[key]?.stringValue else { throw RecordFieldError(key: key, record: record) }
                return value
            }
            block = try number("block"); itemHash = try text("itemHash")
            atStatus = try status("atStatus"); atHash = try text("atHash"); atParent = try text("atParent")
            byHashStatus = try status("byHashStatus"); aboveStatus = try status("aboveStatus")
            logsStatus = try status("logsStatus"); logsFrom = try number("logsFrom"); logCount = try number("logCount")
            logBlocks = try (d["logBlocks"]?.arrayValue ?? []).map { v in
                guard let s = v.stringValue else { throw RecordFieldError(key: "logBlocks", record: record) }
                return s
            }
        }
    }

    struct RecordFieldError: Error, CustomStringConvertible {
        var key: String
        var record: JSONValue
        var description: String { "record field \(key) missing or of the wrong type in \(record.compact)" }
    }

    /// The records of blocks `range` in `store`, one per block.
    static func seen(_ store: ChainStore, _ range: ClosedRange<UInt64>) throws -> [Seen] {
        try range.map { n in
            let records = try store.records(block: n).filter { $0["adapter"]?.stringValue == adapterID }
            #expect(records.count == 1, "block \(n): \(records.count) records")
            return try Seen(try #require(records.first))
        }
    }

    /// Every read the adapter made while block `s.block` was delivered, against `chain` (the
    /// fork canonical when it was delivered).
    static func check(_ s: Seen, on chain: [L1Block]) {
        let n = Int(s.block)
        let hash = chain[n].header.hash.description
        #expect(s.itemHash == hash, "\(s)")
        #expect(s.atStatus == Int32(ROLLPORT_OK) && s.atHash == hash, "\(s)")
        #expect(s.atParent == chain[n - 1].header.hash.description, "\(s)")
        #expect(s.byHashStatus == Int32(ROLLPORT_OK), "\(s)")
        // The source already holds the block above while backfilling: the read must not see it.
        #expect(s.aboveStatus == Int32(ROLLPORT_NOT_FOUND), "\(s)")
        let from = s.block >= lookback - 1 ? s.block - (lookback - 1) : 0
        #expect(s.logsStatus == Int32(ROLLPORT_OK) && s.logsFrom == from, "\(s)")
        let want = (max(from, 1)...s.block).map { chain[Int($0)].header.hash.description }
        #expect(s.logCount == UInt64(want.count) && s.logBlocks == want, "\(s)")
    }

    @Test func readsFromHandleSeeTheDeliveredBlockAndAfterAReorgTheNewFork() async throws {
        let dir = TestPaths.temporaryDirectory("follower-l1-reads")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let plugins = dir + "/plugins", data = dir + "/data"
        try FileManager.default.createDirectory(atPath: plugins, withIntermediateDirectories: true)
        try TestPaths.compileCAdapter(source: TestPaths.repository + "/Tests/Fixtures/HostL1/l1_reader_adapter.c",
                                      output: plugins + "/libl1_reader_adapter.so")
        try Self.manifest.write(toFile: plugins + "/l1-reader.toml", atomically: true, encoding: .utf8)

        let height: UInt64 = 12, forkAt: UInt64 = 9, longer: UInt64 = 2
        let original = Self.blocks(through: height)
        let winner = Self.blocks(through: height + longer, forkAt: forkAt, salt: 1)
        let chain = MemoryL1Chain(chainID: 900)
        for b in original { try chain.append(b) }

        let store = try ChainStore(directory: data)
        defer { store.close() }
        let set = AdapterSet(catalog: ManifestCatalog.load([plugins]), options: AdapterLibrary.Options(), logger: OPTestChain.quietLogger,
                             namespace: { id in KeyValueNamespace(contents: (try? store.keyValues(adapter: id)) ?? [:]) })
        if let failure = set.failures.first { throw failure }
        defer { for a in set.adapters { a.shutdown() } }
        var options = FollowerOptions()
        options.pollInterval = .milliseconds(5)
        options.rangeSize = 5
        let follower = Follower(source: chain, adapters: set, store: store, options: options, logger: OPTestChain.quietLogger)
        let task = Task { try await follower.run() }

        for _ in 0..<2500 where store.cursor?.number != height { try await Task.sleep(for: .milliseconds(2)) }
        #expect(store.cursor?.hash == original[Int(height)].header.hash)
        for s in try Self.seen(store, 1...height) { Self.check(s, on: original) }

        try chain.reorganise(to: Array(winner[Int(forkAt)...]))
        let newHead = winner[Int(height + longer)].header.hash
        for _ in 0..<2500 where store.cursor?.hash != newHead { try await Task.sleep(for: .milliseconds(2)) }
        task.cancel()
        let summary = try await task.value
        #expect(summary.reorgs == 1 && summary.blocksReverted == height - forkAt + 1, "\(summary)")
        #expect(store.cursor?.hash == newHead)

        // Below the fork the records are those made on the original chain (the same blocks);
        // from the fork on they were made after the reorg and name only the new fork's blocks,
        // although the reads had served the dropped ones at the same numbers before.
        let after = try Self.seen(store, 1...(height + longer))
        for s in after { Self.check(s, on: winner) }
        let dropped = Set(original[Int(forkAt)...].map { $0.header.hash.description })
        #expect(after.allSatisfy { s in !dropped.contains(s.atHash) && s.logBlocks.allSatisfy { !dropped.contains($0) } })
    }
}

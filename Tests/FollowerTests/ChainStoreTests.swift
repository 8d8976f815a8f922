import Foundation
import FollowerTestSupport
import RollportHost
import RollportTestSupport
import RollportToolkit
import Testing

@Suite struct ChainStoreTests {
    static func header(_ n: UInt64, salt: UInt64 = 0) -> L1Header {
        L1Header(number: n, hash: OPTestChain.hash(n, salt: salt), parentHash: n == 0 ? .zero : OPTestChain.hash(n - 1, salt: salt), timestamp: 1000 + n)
    }

    static func batch(chain: String, blocks: [Int]) -> Record {
        let list: [JSONValue] = blocks.map { count in
            .object([("number", .number(1)), ("transactions", .array((0..<count).map { _ in .string("0x01") }))])
        }
        return Record(kind: "batch", chain: chain, adapter: "a", key: [], details: .object([("type", .string("batch")), ("blocks", .array(list))]))
    }

    static func commit(_ store: ChainStore, _ n: UInt64, records: [Record] = [], changes: [KeyValueNamespace.Change] = [], final: UInt64? = nil) throws {
        let h = header(n)
        try store.commit(BlockCommit(header: h, records: records.map { StoredRecord(record: $0, location: RecordLocation(blockNumber: n, blockHash: h.hash)) },
                                     keyValueChanges: changes.isEmpty ? [] : [("a", changes)], finished: ["a": n], finalThrough: final), sync: false)
    }

    @Test func aBlockIsStoredWholeAndRevertedExactly() throws {
        let dir = TestPaths.temporaryDirectory("store-revert")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try ChainStore(directory: dir)
        try Self.commit(store, 1, records: [Self.batch(chain: "x", blocks: [2, 3])],
                        changes: [.init(key: [1], before: nil, after: [10]), .init(key: [2], before: nil, after: [20])])
        let before = try store.digest()
        let countsBefore = store.counts
        // Block 2: a new key, an overwritten key, a removed key, two records and a deposit.
        try Self.commit(store, 2, records: [Self.batch(chain: "x", blocks: [1]), Record(kind: "deposit", chain: "x", adapter: "a", key: [], details: .object([]))],
                        changes: [.init(key: [1], before: [10], after: [11]), .init(key: [2], before: [20], after: nil), .init(key: [3], before: nil, after: [30])])
        #expect(store.cursor?.number == 2)
        #expect(store.counts["x"] == ChainCounts(batches: 2, l2Blocks: 3, transactions: 6, deposits: 1))
        #expect(try store.keyValues(adapter: "a") == [[1]: [11], [3]: [30]])
        #expect(try store.records(block: 2).count == 2)
        #expect(try store.records(block: 2).first?["l1"]?["blockHash"] == .string(Self.header(2).hash.description))
        let restored = try store.revertNewest(sync: false)
        #expect(try store.digest() == before)
        #expect(store.counts == countsBefore)
        #expect(store.cursor?.number == 1 && store.cursor?.hash == Self.header(1).hash)
        #expect(try store.keyValues(adapter: "a") == [[1]: [10], [2]: [20]])
        let values = Dictionary(uniqueKeysWithValues: (restored["a"] ?? []).map { ($0.key, $0.value) })
        #expect(values == [[1]: [10], [2]: [20], [3]: nil])
        #expect(try store.records(block: 2).isEmpty)
    }

    @Test func reopenedAfterCloseItHoldsTheSame() throws {
        let dir = TestPaths.temporaryDirectory("store-reopen")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var digest: StoreDigest
        do {
            let store = try ChainStore(directory: dir, l1ChainID: 900)
            for n in 1...5 as ClosedRange<UInt64> {
                try Self.commit(store, n, records: [Self.batch(chain: "x", blocks: [1, 1])], changes: [.init(key: [UInt8(n)], before: nil, after: [UInt8(n)])])
            }
            digest = try store.digest()
            store.close()
        }
        let store = try ChainStore(directory: dir, l1ChainID: 900)
        defer { store.close() }
        #expect(try store.digest() == digest)
        #expect(store.cursor?.number == 5)
        #expect(store.counts["x"] == ChainCounts(batches: 5, l2Blocks: 10, transactions: 10))
        #expect(store.finishedHeights["a"] == 5)
        #expect(try store.keyValues(adapter: "a").count == 5)
        #expect(digest.records == 5 && digest.headers == 5 && digest.undoEntries == 5)
    }

    @Test func finalBlocksLoseTheirUndoDataAndCannotBeReverted() throws {
        let dir = TestPaths.temporaryDirectory("store-final")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try ChainStore(directory: dir)
        defer { store.close() }
        for n in 1...6 as ClosedRange<UInt64> {
            try Self.commit(store, n, changes: [.init(key: [0], before: n == 1 ? nil : [UInt8(n - 1)], after: [UInt8(n)])], final: n >= 2 ? n - 2 : nil)
        }
        // Final through 4: headers 4...6 stay (4 is the anchor), undo data of 5 and 6.
        let d = try store.digest()
        #expect(d.headers == 3 && d.undoEntries == 2)
        try store.revertNewest(sync: false)
        try store.revertNewest(sync: false)
        #expect(try store.keyValues(adapter: "a") == [[0]: [4]])
        #expect(throws: StoreError.self) { try store.revertNewest(sync: false) }
        do { try store.revertNewest(sync: false) } catch let e as StoreError {
            #expect(e.reason == .final)
            #expect(e.description.contains("block 4") && e.description.contains(dir))
        }
    }

    @Test func aDirectoryInUseIsRefusedNamingItAndTheFix() throws {
        let dir = TestPaths.temporaryDirectory("store-locked")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = try ChainStore(directory: dir)
        defer { first.close() }
        do {
            _ = try ChainStore(directory: dir)
            Issue.record("a second open of a locked store succeeded")
        } catch {
            #expect(error.reason == .locked)
            #expect(error.description.contains(dir))
            #expect(error.description.contains("another rollport process"))
        }
    }

    @Test func aDamagedDirectoryIsRefusedNamingItAndTheFix() throws {
        let dir = TestPaths.temporaryDirectory("store-corrupt")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            let store = try ChainStore(directory: dir)
            try Self.commit(store, 1)
            store.close()
        }
        // CURRENT names the manifest file; point it at one that does not exist.
        try "MANIFEST-999999\n".write(toFile: dir + "/CURRENT", atomically: true, encoding: .utf8)
        do {
            _ = try ChainStore(directory: dir)
            Issue.record("a damaged store opened")
        } catch {
            #expect(error.reason == .corrupt || error.reason == .io, "\(error)")
            #expect(error.description.contains(dir))
            #expect(error.description.contains("move the directory aside") || error.description.contains("check"), "\(error)")
        }
        // A file where the directory should be.
        let file = dir + "/not-a-directory"
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(throws: StoreError.self) { try ChainStore(directory: file) }
    }

    @Test func anotherL1ChainsStoreIsRefusedNamingBoth() throws {
        let dir = TestPaths.temporaryDirectory("store-chain")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try ChainStore(directory: dir, l1ChainID: 1).close()
        do {
            _ = try ChainStore(directory: dir, l1ChainID: 11_155_111)
            Issue.record("opened with another chain id")
        } catch {
            #expect(error.reason == .incompatible)
            #expect(error.description.contains("chain 1,") && error.description.contains("11155111"), "\(error)")
        }
    }

    @Test func countsComeFromRecordKinds() {
        let frames = Record(kind: "batch", chain: "x", adapter: "a", key: [], details: .object([("type", .string("frames"))]))
        #expect(ChainCounts(kind: frames.kind, details: frames.details).isZero)
        let counted = ChainCounts(kind: "batch", details: .object([("blocks", .array([.object([("transactionCount", .number(7))])]))]))
        #expect(counted == ChainCounts(batches: 1, l2Blocks: 1, transactions: 7))
        #expect(ChainCounts(kind: "withdrawal", details: .object([])) == ChainCounts(withdrawals: 1))
        #expect(ChainCounts(kind: "state_commitment", details: .object([])).isZero)
    }
}

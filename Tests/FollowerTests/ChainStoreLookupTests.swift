import Foundation
import FollowerTestSupport
import RollportHost
import RollportTestSupport
import RollportToolkit
import Testing

/// The store's lookups: by chain and block range, by L1 transaction and by id; kept exact
/// through reverts, and built for a store written before they existed.
@Suite struct ChainStoreLookupTests {
    static let source = Keccak256.hash("source"), l2 = Keccak256.hash("l2 tx"), withdrawal = Keccak256.hash("withdrawal")

    static func commit(_ store: ChainStore, _ n: UInt64, _ records: [(Record, Hash32?)]) throws {
        let h = ChainStoreTests.header(n)
        try store.commit(BlockCommit(header: h, records: records.map {
            StoredRecord(record: $0.0, location: RecordLocation(blockNumber: n, blockHash: h.hash, transactionHash: $0.1))
        }), sync: false)
    }

    static func deposit(_ chain: String, _ i: Int) -> Record {
        Record(kind: "deposit", chain: chain, adapter: "a", key: [],
               details: .object([("sourceHash", .string(Keccak256.hash("source \(i)").description)), ("l2TxHash", .string(Keccak256.hash("l2 \(i)").description)),
                                 ("note", .string("not an id")), ("shortHash", .string("0x1234"))]))
    }

    @Test func recordsAreFoundByRangeTransactionAndID() throws {
        let dir = TestPaths.temporaryDirectory("store-lookups")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try ChainStore(directory: dir)
        defer { store.close() }
        let tx1 = Keccak256.hash("tx 1"), tx2 = Keccak256.hash("tx 2")
        try Self.commit(store, 1, [(ChainStoreTests.batch(chain: "x", blocks: [2, 3]), tx1), (Self.deposit("x", 1), tx1)])
        try Self.commit(store, 2, [(ChainStoreTests.batch(chain: "y", blocks: [1]), tx2)])
        try Self.commit(store, 3, [(ChainStoreTests.batch(chain: "x", blocks: [4]), tx2), (Self.deposit("x", 2), tx2), (Self.deposit("y", 3), tx2),
                                   (Record(kind: "withdrawal", chain: "x", adapter: "a", key: Self.withdrawal.bytes, details: .object([])), nil)])

        #expect(try store.batchSummaries(chain: "x", from: 0, through: 9).count == 2)
        #expect(try store.batchSummaries(chain: "x", from: 2, through: 3).count == 1)
        #expect(try store.batchSummaries(chain: "x", from: 2, through: 2).isEmpty)
        #expect(try store.batchSummaries(chain: "x", from: 0, through: 9, limit: 1).count == 1)
        let summary = try JSONValue.parse(try #require(try store.batchSummaries(chain: "x", from: 3, through: 3).first))
        #expect(summary["summary"]?["l2Blocks"] == .object([("count", .number(1)), ("first", .number(1)), ("last", .number(1)), ("transactions", .number(4))]))
        #expect(summary["l1"]?["blockNumber"] == .number(3) && summary["details"] == nil)
        var array = [UInt8]()
        try store.batchSummariesArray(chain: "x", from: 0, through: 9, into: &array)
        #expect(try JSONValue.parse(array).arrayValue?.count == 2)
        #expect(try store.batchRecords(chain: "x", from: 0, through: 9).map { try JSONValue.parse($0)["details"]?["blocks"]?.arrayValue?.count } == [2, 1])

        #expect(try store.records(l1Transaction: tx1).count == 2)
        #expect(try store.records(l1Transaction: tx2, kind: "deposit").count == 2)
        #expect(try store.records(l1Transaction: tx2, kind: "deposit", chain: "y").count == 1)
        #expect(try store.records(l1Transaction: tx2, kind: "batch", chain: "y").count == 1)
        #expect(try store.records(l1Transaction: Keccak256.hash("other")).isEmpty)

        let bySource = try store.records(chain: "x", kind: "deposit", id: Keccak256.hash("source 2").bytes)
        let byL2 = try store.records(chain: "x", kind: "deposit", id: Keccak256.hash("l2 2").bytes)
        #expect(bySource.count == 1 && bySource == byL2)
        #expect(try store.records(chain: "y", kind: "deposit", id: Keccak256.hash("source 2").bytes).isEmpty)
        #expect(try store.records(chain: "x", kind: "withdrawal", id: Keccak256.hash("source 2").bytes).isEmpty)
        #expect(try store.records(chain: "x", kind: "withdrawal", id: Self.withdrawal.bytes).count == 1)
        #expect(try store.records(chain: "x", kind: "deposit", id: [0x12, 0x34]).isEmpty, "only 32-byte hashes are ids")

        #expect(try store.lastBatchSummary(chain: "x").flatMap { try JSONValue.parse($0)["l1"]?["blockNumber"] } == .number(3))
        #expect(try store.lastBatchSummary(chain: "y").flatMap { try JSONValue.parse($0)["l1"]?["blockNumber"] } == .number(2))
        #expect(try store.lastBatchSummary(chain: "z") == nil)

        // Reverting block 3 takes its lookups with it; the newest batch of x is block 1's again.
        try store.revertNewest(sync: false)
        #expect(try store.batchSummaries(chain: "x", from: 0, through: 9).count == 1)
        #expect(try store.records(l1Transaction: tx2).count == 1)
        #expect(try store.records(chain: "x", kind: "deposit", id: Keccak256.hash("source 2").bytes).isEmpty)
        #expect(try store.lastBatchSummary(chain: "x").flatMap { try JSONValue.parse($0)["l1"]?["blockNumber"] } == .number(1))
    }

    @Test func aStoreWrittenWithoutLookupsGetsThemWhenOpened() throws {
        let dir = TestPaths.temporaryDirectory("store-v1")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let digest: StoreDigest
        do {
            let store = try ChainStore(directory: dir)
            for n in 1...40 as ClosedRange<UInt64> {
                try Self.commit(store, n, [(ChainStoreTests.batch(chain: "x", blocks: [1]), Keccak256.hash("tx \(n)")), (Self.deposit("x", Int(n)), nil)])
            }
            digest = try store.digest()
            // Back to layout version 1: no lookups.
            var batch = WriteBatch()
            for prefix in ["t", "x", "b"] { try store.database.scan(prefix: Array(prefix.utf8)) { key, _ in batch.delete(key); return true } }
            batch.put(Array("mversion".utf8), [0, 0, 0, 1])
            try store.database.write(batch, sync: true)
            #expect(try store.digest() != digest)
            store.close()
        }
        let store = try ChainStore(directory: dir)
        defer { store.close() }
        #expect(try store.digest() == digest)
        #expect(try store.batchSummaries(chain: "x", from: 0, through: 99).count == 40)
        #expect(try store.records(chain: "x", kind: "deposit", id: Keccak256.hash("l2 7").bytes).count == 1)
    }
}

import RollportHost
import Testing

@Suite struct KeyValueNamespaceTests {
    @Test func revertRestoresWhatEachBlockReplaced() {
        let kv = KeyValueNamespace()
        kv.put([1], [0xaa])                 // outside a block: not journaled
        kv.begin(block: 10)
        kv.put([1], [0xbb])
        kv.put([2], [0x01])
        kv.begin(block: 11)
        kv.put([1], nil)
        kv.put([2], [0x02])
        kv.begin(block: nil)
        #expect(kv.get([1]) == nil && kv.get([2]) == [0x02])
        kv.revert(block: 11)
        #expect(kv.get([1]) == [0xbb] && kv.get([2]) == [0x01])
        kv.revert(block: 10)
        #expect(kv.get([1]) == [0xaa] && kv.get([2]) == nil)
        #expect(kv.journalCount == 0)
    }

    @Test func finalizedBlocksKeepNoUndoRecords() {
        let kv = KeyValueNamespace()
        for block in UInt64(1)...100 {
            kv.begin(block: block)
            kv.put([UInt8(block % 7)], [UInt8(block)])
        }
        kv.begin(block: nil)
        #expect(kv.journalCount == 100)
        kv.finalize(through: 90)
        #expect(kv.journalCount == 10)
        kv.revert(block: 100)
        #expect(kv.get([UInt8(100 % 7)]) == [93])   // block 93 wrote that key last before 100
        #expect(kv.journalCount == 9)
    }
}

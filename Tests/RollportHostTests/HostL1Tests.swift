import Foundation
import Logging
@testable import RollportHost
import RollportABI
import RollportTestSupport
import RollportToolkit
import Testing

/// rollport.host.l1/1 as a C adapter calls it (Tests/Fixtures/HostL1/l1_client.c), answered from
/// an in-memory chain that reorganises under it: reads never go above the block being
/// delivered, never serve a dropped block, and refuse a source that answers from another fork.
@Suite(.serialized) struct HostL1Tests {
    typealias BlockRead = @convention(c) (UnsafePointer<rollport_host>, UInt64, UnsafeMutablePointer<UInt8>, UnsafeMutablePointer<UInt8>,
                                          UnsafeMutablePointer<UInt64>, UnsafeMutablePointer<CChar>, Int) -> Int32
    typealias LogsRead = @convention(c) (UnsafePointer<rollport_host>, UInt64, UInt64, UnsafePointer<UInt8>, UnsafePointer<UInt8>?,
                                         UnsafeMutablePointer<UInt32>, UnsafeMutablePointer<UInt64>, UnsafeMutablePointer<CChar>, Int) -> Int32
    typealias CallRead = @convention(c) (UnsafePointer<rollport_host>, UnsafePointer<UInt8>, UInt64, UnsafeMutablePointer<CChar>, Int) -> Int32

    static let portal = Address(bytes: [UInt8](repeating: 0xbe, count: 20))!
    static let deposited = Keccak256.hash(Array("TransactionDeposited(address,address,uint256,bytes)".utf8))
    static let other = Keccak256.hash(Array("Other()".utf8))

    /// Blocks 1...count on fork `fork` above `parent`; block n carries n logs of the portal,
    /// every other one with a different first topic.
    static func blocks(_ range: ClosedRange<UInt64>, fork: UInt8, parent: Hash32, withLogs: Bool = true) -> [L1Block] {
        var parent = parent
        return range.map { n in
            let hash = Keccak256.hash([fork] + withUnsafeBytes(of: n.bigEndian, Array.init))
            let header = L1Header(number: n, hash: hash, parentHash: parent, timestamp: 1_700_000_000 + n * 12)
            parent = hash
            let logs = (0..<(withLogs ? n : 0)).map { i in
                L1Log(address: portal, topics: [i % 2 == 0 ? deposited : other], data: [UInt8(truncatingIfNeeded: i)], transactionHash: hash, logIndex: UInt32(i))
            }
            return L1Block(header: header, transactions: [], logs: logs)
        }
    }

    @Test func readsThroughTheCTable() throws {
        let dir = TestPaths.temporaryDirectory("host-l1")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let library = dir + "/libl1_client.so"
        try TestPaths.compileCAdapter(source: TestPaths.repository + "/Tests/Fixtures/HostL1/l1_client.c", output: library)
        let handle = try #require(dlopen(library, RTLD_NOW | RTLD_LOCAL))
        let blockRead = unsafeBitCast(try #require(dlsym(handle, "l1_client_block")), to: BlockRead.self)
        let logsRead = unsafeBitCast(try #require(dlsym(handle, "l1_client_logs")), to: LogsRead.self)
        let callRead = unsafeBitCast(try #require(dlsym(handle, "l1_client_call")), to: CallRead.self)

        let context = HostContext(adapterID: "org.rollport.test.l1", logger: Logger(label: "l1"))
        let host = UnsafePointer(context.raw)
        var message = [CChar](repeating: 0, count: 512)
        func text() -> String { String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        func block(_ n: UInt64) -> (status: Int32, hash: Hash32?, message: String) {
            var hash = [UInt8](repeating: 0, count: 32), parent = hash
            var timestamp: UInt64 = 0
            let status = blockRead(host, n, &hash, &parent, &timestamp, &message, message.count)
            return (status, status == ROLLPORT_OK ? Hash32(bytes: hash) : nil, text())
        }
        func logs(_ from: UInt64, _ to: UInt64, topic: Hash32? = nil) -> (status: Int32, count: UInt32, last: UInt64, message: String) {
            var count: UInt32 = 0, last: UInt64 = 0
            let status = Self.portal.bytes.withUnsafeBufferPointer { address in
                if let topic {
                    return topic.bytes.withUnsafeBufferPointer { logsRead(host, from, to, address.baseAddress!, $0.baseAddress, &count, &last, &message, message.count) }
                }
                return logsRead(host, from, to, address.baseAddress!, nil, &count, &last, &message, message.count)
            }
            return (status, count, last, text())
        }

        // No follower: every read is unavailable, saying why.
        let offline = block(1)
        #expect(offline.status == Int32(ROLLPORT_UNAVAILABLE) && offline.message.contains("no L1 source"), "\(offline)")

        let chain = MemoryL1Chain(chainID: 900)
        let original = Self.blocks(1...6, fork: 0, parent: Hash32(bytes: [UInt8](repeating: 0, count: 32))!)
        for b in original { try chain.append(b) }
        let reads = L1Reads(source: chain)
        context.l1 = reads
        for b in original.prefix(5) { reads.accept(b.header) }

        #expect(block(3).status == Int32(ROLLPORT_OK) && block(3).hash == original[2].header.hash)
        // Block 6 exists on the source but the follower is delivering block 5: not visible yet.
        let ahead = block(6)
        #expect(ahead.status == Int32(ROLLPORT_NOT_FOUND) && ahead.message.contains("above"), "\(ahead)")
        #expect(logs(1, 5) == (Int32(ROLLPORT_OK), 15, 5, ""))
        #expect(logs(1, 5, topic: Self.deposited).count == 9)
        #expect(logs(2, 6).status == Int32(ROLLPORT_NOT_FOUND))
        let backwards = logs(5, 1)
        #expect(backwards.status == Int32(ROLLPORT_INVALID_ARGUMENT) && backwards.message.contains("above to_block"), "\(backwards)")

        // Reorg at 4: the follower reverts and accepts the new fork; the old blocks are gone.
        let fork = Self.blocks(4...5, fork: 1, parent: original[2].header.hash)
        try chain.reorganise(to: fork)
        reads.revert(from: 4)
        #expect(block(4).status == Int32(ROLLPORT_NOT_FOUND))
        reads.accept(fork[0].header)
        #expect(block(4).hash == fork[0].header.hash)
        #expect(block(5).status == Int32(ROLLPORT_NOT_FOUND))
        #expect(logs(1, 4) == (Int32(ROLLPORT_OK), 10, 4, ""))

        // A follower that still holds the old fork while the source moved on: refused, not mixed.
        reads.revert(from: 4)
        reads.accept(original[3].header)
        let mixed = logs(3, 4)
        #expect(mixed.status == Int32(ROLLPORT_UNAVAILABLE) && mixed.message.contains("canonical block is"), "\(mixed)")

        // The in-memory chain executes nothing.
        let call = Self.portal.bytes.withUnsafeBufferPointer { callRead(host, $0.baseAddress!, 3, &message, message.count) }
        #expect(call == Int32(ROLLPORT_UNSUPPORTED) && text().contains("executes no calls"), "\(text())")
    }

    /// The window: old headers leave the by-number map and are read from the source again.
    @Test func headersBelowTheWindowComeFromTheSource() throws {
        let chain = MemoryL1Chain(chainID: 900)
        let count = UInt64(L1Reads.window) + 10
        let blocks = Self.blocks(1...count, fork: 2, parent: Hash32(bytes: [UInt8](repeating: 0, count: 32))!, withLogs: false)
        for b in blocks { try chain.append(b) }
        let reads = L1Reads(source: chain)
        for b in blocks { reads.accept(b.header) }
        #expect(try reads.block(number: 3).hash == blocks[2].header.hash)
        #expect(try reads.block(number: count).hash == blocks.last?.header.hash)
    }
}

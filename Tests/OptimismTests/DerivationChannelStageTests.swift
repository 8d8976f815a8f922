import Testing
import RollportToolkit
@testable import OptimismDerivation
import OptimismTestSupport

@Suite("OP channel stages")
struct DerivationChannelStageTests {
    let a = ChannelID(high: 1, low: 1)
    let b = ChannelID(high: 2, low: 2)

    func l1(_ n: UInt64, time: UInt64 = 1_730_000_000) -> L1BlockRef {
        L1BlockRef(number: n, hash: .zero, parentHash: .zero, timestamp: time)
    }
    func frame(_ id: ChannelID, _ n: UInt16, last: Bool = false, _ data: [UInt8] = [1]) -> Frame {
        Frame(channelID: id, number: n, data: data, isLast: last)
    }

    @Test("pre-Holocene bank: out-of-order frames, duplicates, second closing frame, frames after close")
    func bankRules() throws {
        var bank = ChannelBank(config: .opMainnet)  // Granite active at this time: timeout 50
        var out = bank.add([frame(a, 2, last: true, [3]), frame(a, 0, [1]), frame(a, 0, [9])], from: l1(100))
        #expect(out.ready.isEmpty)
        #expect(out.dropped.map(\.reason) == [.duplicateFrame])
        out = bank.add([frame(a, 3, last: true), frame(a, 4), frame(a, 1, [2])], from: l1(101))
        #expect(out.dropped.map(\.reason) == [.secondClosingFrame, .frameAfterClosingFrame])
        let channel = try #require(out.ready.first)
        #expect(channel.compressedData == [1, 2, 3])
        #expect(channel.lastBlock.number == 101)
    }

    @Test("pre-Holocene bank: a closing frame prunes higher frames; Canyon reads any ready channel")
    func canyonOrder() throws {
        var bank = ChannelBank(config: .opMainnet)
        var out = bank.add([frame(a, 0), frame(b, 5), frame(b, 0, [7]), frame(b, 1, last: true, [8])], from: l1(10))
        // b is ready behind the unfinished a: Canyon reads it.
        #expect(out.ready.map(\.id) == [b])
        #expect(out.ready.first?.compressedData == [7, 8])
        // Pre-Canyon, the first channel blocks the queue.
        var config = RollupConfig.opMainnet
        config.forkTimes[.canyon] = nil
        var old = ChannelBank(config: config)
        out = old.add([frame(a, 0), frame(b, 0), frame(b, 1, last: true)], from: l1(10, time: 1_700_000_000))
        #expect(out.ready.isEmpty)
        out = old.add([frame(a, 1, last: true)], from: l1(11, time: 1_700_000_000))
        #expect(out.ready.map(\.id) == [a, b])
    }

    @Test("pre-Holocene bank: timeouts (300 before Granite, 50 after) and size pruning")
    func timeouts() throws {
        var bank = ChannelBank(config: .opMainnet)
        _ = bank.add([frame(a, 0)], from: l1(100))
        var out = bank.add([], from: l1(150))
        #expect(out.dropped.isEmpty)
        out = bank.add([frame(a, 1, last: true)], from: l1(151))
        #expect(out.dropped.map(\.reason) == [.channelTimedOut])
        #expect(out.ready.isEmpty)
        var config = RollupConfig.opMainnet
        config.forkTimes[.granite] = nil
        var old = ChannelBank(config: config)
        _ = old.add([frame(a, 0)], from: l1(100))
        out = old.add([frame(a, 1, last: true)], from: l1(400))
        #expect(out.ready.map(\.id) == [a])

        var small = ChannelBank(config: .opMainnet)
        let big = [UInt8](repeating: 0, count: 600_000_000)
        _ = small.add([frame(a, 0, big)], from: l1(1))
        out = small.add([frame(b, 0, big)], from: l1(1))
        #expect(out.dropped == [Dropped(channelID: a, frameNumber: nil, reason: .channelBankFull, l1Block: 1)])
    }

    @Test("Holocene: strict order, replacement, frames after close, size cap, timeout, activation flush")
    func holocene() throws {
        let config = RollupConfig.unichainMainnet
        var stage = HoloceneChannelStage(config: config)
        let t = UInt64(1_767_000_000)
        var out = stage.add([frame(a, 1), frame(a, 0), frame(a, 2), frame(a, 1), frame(b, 1)], from: l1(1, time: t))
        #expect(out.dropped.map(\.reason) == [.frameWithoutFirstFrame, .frameNotConsecutive, .frameWithoutFirstFrame])
        out = stage.add([frame(a, 2, last: true, [5]), frame(a, 3)], from: l1(2, time: t))
        #expect(out.ready.first?.compressedData == [1, 1, 5])
        #expect(out.dropped.map(\.reason) == [.frameAfterChannelClosed])
        out = stage.add([frame(b, 0), frame(a, 0)], from: l1(3, time: t))
        #expect(out.dropped.map(\.reason) == [.channelReplaced])
        out = stage.add([], from: l1(60, time: t))
        #expect(out.dropped.map(\.reason) == [.channelTimedOut])

        var limited = config
        limited.forkTimes[.fjord] = nil  // cap 10,000,000
        var capped = HoloceneChannelStage(config: limited)
        out = capped.add([frame(a, 0, [UInt8](repeating: 0, count: 6_000_000)), frame(a, 1, [UInt8](repeating: 0, count: 6_000_000))], from: l1(1, time: t))
        #expect(out.dropped.map(\.reason) == [.channelTooLarge])

        // The wrapper flushes the pre-Holocene bank at the first Holocene L1 block.
        var wrapper = ChannelStage(config: .opMainnet)
        _ = wrapper.add([frame(a, 0)], from: l1(1, time: 1_736_000_000))
        out = wrapper.add([frame(b, 0, last: true)], from: l1(2, time: 1_736_445_601))
        #expect(out.dropped.map(\.reason) == [.holoceneActivation])
        #expect(out.ready.map(\.id) == [b])
    }
}

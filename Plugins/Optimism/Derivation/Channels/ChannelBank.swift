/// The pre-Holocene channel bank (Bedrock to Granite): channels in a FIFO by first arrival,
/// frames in any order, timeouts counted in L1 blocks from the block that opened a channel,
/// and the oldest channels pruned while the bank holds more than its size bound.
///
/// Reading follows op-node: before Canyon only the first channel of the queue may be read,
/// from Canyon the first ready channel in queue order; a timed-out first channel is removed.
public struct ChannelBank: Sendable {
    public let config: RollupConfig
    public private(set) var channels: [ChannelID: Channel] = [:]
    /// Channel ids in order of their first frame.
    public private(set) var queue: [ChannelID] = []

    public init(config: RollupConfig) { self.config = config }

    /// Bytes the bank accounts for (frame data plus 200 per frame).
    public var size: Int { channels.values.reduce(0) { $0 + $1.accountedSize } }

    /// Takes the frames of one L1 block (in order) and gives back the channels that became
    /// readable and whatever was discarded.
    public mutating func add(_ frames: [Frame], from l1Block: L1BlockRef) -> ChannelStageOutput {
        var output = ChannelStageOutput()
        readAll(at: l1Block, into: &output)
        for frame in frames {
            ingest(frame, at: l1Block, into: &output)
            readAll(at: l1Block, into: &output)
        }
        return output
    }

    /// Advances to an L1 block without frames: times out channels.
    public mutating func advance(to l1Block: L1BlockRef) -> ChannelStageOutput {
        add([], from: l1Block)
    }

    /// Everything buffered, removed (used when Holocene activates).
    public mutating func flush(at l1Number: UInt64, reason: DropReason) -> [Dropped] {
        let dropped = queue.map { Dropped(channelID: $0, frameNumber: nil, reason: reason, l1Block: l1Number) }
        channels = [:]; queue = []
        return dropped
    }

    private mutating func ingest(_ frame: Frame, at l1: L1BlockRef, into output: inout ChannelStageOutput) {
        let timeout = config.channelTimeout(l1Timestamp: l1.timestamp)
        var channel = channels[frame.channelID] ?? {
            queue.append(frame.channelID)
            return Channel(id: frame.channelID, openBlock: l1)
        }()
        if channel.isTimedOut(at: l1.number, timeout: timeout) {
            channels[frame.channelID] = channel
            output.dropped.append(Dropped(channelID: frame.channelID, frameNumber: frame.number, reason: .frameForTimedOutChannel, l1Block: l1.number))
            return
        }
        if let reason = channel.add(frame, from: l1) {
            output.dropped.append(Dropped(channelID: frame.channelID, frameNumber: frame.number, reason: reason, l1Block: l1.number))
        }
        channels[frame.channelID] = channel
        prune(at: l1, into: &output)
    }

    private mutating func prune(at l1: L1BlockRef, into output: inout ChannelStageOutput) {
        let bound = config.maxChannelBankSize(l1Timestamp: l1.timestamp)
        var total = size
        while total > bound, let first = queue.first {
            queue.removeFirst()
            total -= channels.removeValue(forKey: first)?.accountedSize ?? 0
            output.dropped.append(Dropped(channelID: first, frameNumber: nil, reason: .channelBankFull, l1Block: l1.number))
        }
    }

    private mutating func readAll(at l1: L1BlockRef, into output: inout ChannelStageOutput) {
        let timeout = config.channelTimeout(l1Timestamp: l1.timestamp)
        while let first = queue.first {
            if let channel = channels[first], channel.isTimedOut(at: l1.number, timeout: timeout) {
                queue.removeFirst()
                channels[first] = nil
                output.dropped.append(Dropped(channelID: first, frameNumber: nil, reason: .channelTimedOut, l1Block: l1.number))
                continue
            }
            let candidates = config.isActive(.canyon, timestamp: l1.timestamp) ? Array(queue.indices) : [0]
            guard let index = candidates.first(where: { i in
                channels[queue[i]].map { $0.isReady && !$0.isTimedOut(at: l1.number, timeout: timeout) } ?? false
            }) else { return }
            let id = queue.remove(at: index)
            if let channel = channels.removeValue(forKey: id) { output.ready.append(channel) }
        }
    }
}

/// Holocene's strict frame and channel ordering: frames of a channel must arrive in order,
/// one channel at a time. It holds at most one staging channel; a new channel's first frame
/// replaces an unfinished one, and a channel larger than MAX_RLP_BYTES_PER_CHANNEL or older
/// than the channel timeout is dropped.
public struct HoloceneChannelStage: Sendable {
    public let config: RollupConfig
    public private(set) var staging: Channel?
    /// The last frame accepted: (channel, number, closed the channel).
    private var previous: (id: ChannelID, number: UInt16, isLast: Bool)?

    public init(config: RollupConfig) { self.config = config }

    public mutating func add(_ frames: [Frame], from l1Block: L1BlockRef) -> ChannelStageOutput {
        var output = ChannelStageOutput()
        checkTimeout(at: l1Block, into: &output)
        for frame in frames {
            ingest(frame, at: l1Block, into: &output)
        }
        return output
    }

    public mutating func advance(to l1Block: L1BlockRef) -> ChannelStageOutput { add([], from: l1Block) }

    private mutating func drop(_ frame: Frame, _ reason: DropReason, _ l1: L1BlockRef, _ output: inout ChannelStageOutput) {
        output.dropped.append(Dropped(channelID: frame.channelID, frameNumber: frame.number, reason: reason, l1Block: l1.number))
    }

    private mutating func ingest(_ frame: Frame, at l1: L1BlockRef, into output: inout ChannelStageOutput) {
        // The frame queue's ordering rules, against the previous frame.
        if frame.number > 0 {
            guard let prev = previous, prev.id == frame.channelID else { return drop(frame, .frameWithoutFirstFrame, l1, &output) }
            if prev.isLast { return drop(frame, .frameAfterChannelClosed, l1, &output) }
            guard frame.number == prev.number &+ 1 else { return drop(frame, .frameNotConsecutive, l1, &output) }
        } else if let prev = previous, prev.id == frame.channelID, !prev.isLast {
            // Frame 0 again for the open channel: not the successor of the previous frame.
            return drop(frame, .frameNotConsecutive, l1, &output)
        }
        checkTimeout(at: l1, into: &output)
        if frame.number == 0, let open = staging {
            output.dropped.append(Dropped(channelID: open.id, frameNumber: nil, reason: .channelReplaced, l1Block: l1.number))
            staging = nil
        }
        if frame.number > 0 && staging?.id != frame.channelID {
            // Its channel was dropped (timed out or too large) after earlier frames.
            previous = (frame.channelID, frame.number, frame.isLast)
            return drop(frame, .frameWithoutFirstFrame, l1, &output)
        }
        var channel = staging ?? Channel(id: frame.channelID, openBlock: l1)
        previous = (frame.channelID, frame.number, frame.isLast)
        if let reason = channel.add(frame, from: l1) { return drop(frame, reason, l1, &output) }
        if channel.dataSize > config.maxRLPBytesPerChannel(l1Timestamp: l1.timestamp) {
            staging = nil
            output.dropped.append(Dropped(channelID: channel.id, frameNumber: nil, reason: .channelTooLarge, l1Block: l1.number))
            return
        }
        if channel.isReady {
            staging = nil
            output.ready.append(channel)
        } else {
            staging = channel
        }
    }

    private mutating func checkTimeout(at l1: L1BlockRef, into output: inout ChannelStageOutput) {
        guard let open = staging, open.isTimedOut(at: l1.number, timeout: config.channelTimeout(l1Timestamp: l1.timestamp)) else { return }
        staging = nil
        output.dropped.append(Dropped(channelID: open.id, frameNumber: nil, reason: .channelTimedOut, l1Block: l1.number))
    }
}

/// The channel stage in force for each L1 block: the pre-Holocene bank until the first L1
/// block at or after Holocene, where everything buffered is discarded and strict ordering
/// starts.
public struct ChannelStage: Sendable {
    public let config: RollupConfig
    public private(set) var bank: ChannelBank
    public private(set) var holocene: HoloceneChannelStage
    public private(set) var holoceneActive = false

    public init(config: RollupConfig) {
        self.config = config
        bank = ChannelBank(config: config)
        holocene = HoloceneChannelStage(config: config)
    }

    public mutating func add(_ frames: [Frame], from l1Block: L1BlockRef) -> ChannelStageOutput {
        if !holoceneActive, config.isActive(.holocene, timestamp: l1Block.timestamp) {
            holoceneActive = true
            var output = ChannelStageOutput(dropped: bank.flush(at: l1Block.number, reason: .holoceneActivation))
            let rest = holocene.add(frames, from: l1Block)
            output.ready += rest.ready; output.dropped += rest.dropped
            return output
        }
        return holoceneActive ? holocene.add(frames, from: l1Block) : bank.add(frames, from: l1Block)
    }
}

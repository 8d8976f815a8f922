import RollportToolkit

/// The frames of one channel as they arrive, keyed by frame number. Ready once the closing
/// frame and every frame before it are in; its data is then the frames' data in order.
public struct Channel: Sendable, Equatable {
    public let id: ChannelID
    /// The L1 block whose frame opened the channel (timeouts count from it).
    public let openBlock: L1BlockRef
    /// The latest L1 block that added a frame: where the channel became complete, once ready.
    public private(set) var lastBlock: L1BlockRef
    public private(set) var frames: [UInt16: Frame] = [:]
    /// The closing frame's number, once it has arrived.
    public private(set) var endFrameNumber: UInt16?
    /// Frame data bytes plus 200 per frame: what the pre-Holocene bank counts against its bound.
    public private(set) var accountedSize = 0
    /// Frame data bytes buffered.
    public private(set) var dataSize = 0

    public init(id: ChannelID, openBlock: L1BlockRef) {
        self.id = id; self.openBlock = openBlock; self.lastBlock = openBlock
    }

    public var isClosed: Bool { endFrameNumber != nil }

    public var isReady: Bool {
        guard let end = endFrameNumber else { return false }
        return frames.count == Int(end) + 1
    }

    /// True when the channel has outlived `timeout` L1 blocks at `l1Number`.
    public func isTimedOut(at l1Number: UInt64, timeout: UInt64) -> Bool {
        openBlock.number &+ timeout < l1Number
    }

    /// Adds a frame of this channel under op-node's rules; returns why it was refused, if it was.
    /// A closing frame discards any buffered frame numbered after it.
    public mutating func add(_ frame: Frame, from l1Block: L1BlockRef) -> DropReason? {
        guard frame.channelID == id else { return .wrongChannel }
        if frame.isLast, isClosed { return .secondClosingFrame }
        if frames[frame.number] != nil { return .duplicateFrame }
        if let end = endFrameNumber, frame.number >= end { return .frameAfterClosingFrame }
        if frame.isLast {
            endFrameNumber = frame.number
            for (number, pruned) in frames where number > frame.number {
                frames[number] = nil
                accountedSize -= pruned.data.count + DerivationLimits.frameAccountingOverhead
                dataSize -= pruned.data.count
            }
        }
        frames[frame.number] = frame
        accountedSize += frame.data.count + DerivationLimits.frameAccountingOverhead
        dataSize += frame.data.count
        lastBlock = l1Block
        return nil
    }

    /// The frames' data in frame order (the compressed channel); empty until ready.
    public var compressedData: [UInt8] {
        guard let end = endFrameNumber, isReady else { return [] }
        var out = [UInt8]()
        out.reserveCapacity(dataSize)
        for number in 0...end { if let f = frames[number] { out += f.data } }
        return out
    }
}

/// Why a frame or a whole channel was discarded by the channel stages.
public enum DropReason: String, Sendable, Equatable, CustomStringConvertible {
    case wrongChannel
    case duplicateFrame
    case secondClosingFrame
    case frameAfterClosingFrame
    case channelTimedOut
    case frameForTimedOutChannel
    case channelBankFull
    case frameNotConsecutive
    case frameAfterChannelClosed
    case frameWithoutFirstFrame
    case channelReplaced
    case channelTooLarge
    case holoceneActivation

    public var description: String {
        switch self {
        case .wrongChannel: return "frame belongs to another channel"
        case .duplicateFrame: return "duplicate frame number (the first copy is kept)"
        case .secondClosingFrame: return "a second closing frame for a channel that is already closed"
        case .frameAfterClosingFrame: return "frame numbered at or after the channel's closing frame"
        case .channelTimedOut: return "channel timed out (not complete within the channel timeout in L1 blocks)"
        case .frameForTimedOutChannel: return "frame for a channel that has timed out"
        case .channelBankFull: return "channel bank over its size bound; oldest channel pruned"
        case .frameNotConsecutive: return "Holocene: frame number is not the previous frame's number + 1"
        case .frameAfterChannelClosed: return "Holocene: frame after its channel's closing frame"
        case .frameWithoutFirstFrame: return "Holocene: a channel must start with frame 0 right after the previous channel"
        case .channelReplaced: return "Holocene: unfinished channel replaced by a new channel's first frame"
        case .channelTooLarge: return "Holocene: channel data exceeds MAX_RLP_BYTES_PER_CHANNEL"
        case .holoceneActivation: return "buffered before Holocene; discarded at its activation block"
        }
    }
}

/// A frame or a channel a stage discarded, with the rule that did it.
public struct Dropped: Sendable, Equatable, CustomStringConvertible {
    public var channelID: ChannelID
    /// The frame's number, or nil when the whole channel went.
    public var frameNumber: UInt16?
    public var reason: DropReason
    /// The L1 block being processed when it happened.
    public var l1Block: UInt64

    public init(channelID: ChannelID, frameNumber: UInt16?, reason: DropReason, l1Block: UInt64) {
        self.channelID = channelID; self.frameNumber = frameNumber; self.reason = reason; self.l1Block = l1Block
    }

    public var description: String {
        let what = frameNumber.map { "frame \($0) of channel \(channelID)" } ?? "channel \(channelID)"
        return "\(what) dropped at L1 #\(l1Block): \(reason)"
    }
}

/// What a channel stage gives back for a batch of frames: completed channels in the order they
/// were read and what it discarded.
public struct ChannelStageOutput: Sendable, Equatable {
    public var ready: [Channel] = []
    public var dropped: [Dropped] = []
    public init(ready: [Channel] = [], dropped: [Dropped] = []) { self.ready = ready; self.dropped = dropped }
}

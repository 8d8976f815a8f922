import RollportToolkit

/// The OP Stack network upgrades that change derivation, in activation order.
public enum OPFork: String, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    case regolith, canyon, delta, ecotone, fjord, granite, holocene, isthmus, jovian

    public var description: String { rawValue }

    public static func < (a: OPFork, b: OPFork) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// A block by number and hash (a genesis anchor, an epoch).
public struct BlockID: Hashable, Sendable, CustomStringConvertible {
    public var number: UInt64
    public var hash: Hash32

    public init(number: UInt64, hash: Hash32) { self.number = number; self.hash = hash }

    public var description: String { "#\(number) \(hash)" }
}

/// An L1 block as the derivation stages see it: frames are tagged with the block they came in.
public struct L1BlockRef: Hashable, Sendable, CustomStringConvertible {
    public var number: UInt64
    public var hash: Hash32
    public var parentHash: Hash32
    public var timestamp: UInt64

    public init(number: UInt64, hash: Hash32, parentHash: Hash32, timestamp: UInt64) {
        self.number = number; self.hash = hash; self.parentHash = parentHash; self.timestamp = timestamp
    }

    public var id: BlockID { BlockID(number: number, hash: hash) }
    public var description: String { "L1 #\(number) (t=\(timestamp))" }
}

/// Protocol constants of derivation and the fork that changed them.
public enum DerivationLimits {
    /// channel_id (16) + frame_number (2) + frame_data_length (4) + is_last (1).
    public static let frameOverhead = 23
    /// The largest frame_data_length a frame may declare.
    public static let maxFrameDataLength = 1_000_000
    /// Decompressed bytes read from one channel, before and since Fjord.
    public static let maxRLPBytesPerChannelBedrock = 10_000_000
    public static let maxRLPBytesPerChannelFjord = 100_000_000
    /// The pre-Holocene channel bank's size bound, before and since Fjord.
    public static let maxChannelBankSizeBedrock = 100_000_000
    public static let maxChannelBankSizeFjord = 1_000_000_000
    /// Blocks and transactions a span batch may declare (Fjord; op-node applies it throughout).
    public static let maxSpanBatchElementCount = 10_000_000
    /// What the channel bank charges per buffered frame on top of its data.
    public static let frameAccountingOverhead = 200
    /// Channel timeouts in L1 blocks, before and since Granite.
    public static let channelTimeoutBedrock: UInt64 = 300
    public static let channelTimeoutGranite: UInt64 = 50
    /// The sequencer drift is a constant from Fjord on.
    public static let maxSequencerDriftFjord: UInt64 = 1800
}

/// What derivation needs to know about one OP Stack chain. Fork times are L2 timestamps in
/// the protocol's sense, but the frame and channel stages compare them with the timestamp of
/// the L1 block that carried the data (that is how op-node gates them); nil = not scheduled.
public struct RollupConfig: Sendable, Equatable {
    public var l2ChainID: UInt64
    /// Seconds between L2 blocks.
    public var blockTime: UInt64
    public var genesisL1: BlockID
    public var genesisL2: BlockID
    public var genesisL2Time: UInt64
    public var batchInbox: Address
    /// The batcher of the genesis SystemConfig (it can change later; the SystemConfig decides).
    public var genesisBatcher: Address
    public var sequencingWindowSize: UInt64
    /// Seconds; replaced by the constant 1800 from Fjord on.
    public var maxSequencerDrift: UInt64
    /// Activation times by fork; a fork missing from the table is not scheduled.
    public var forkTimes: [OPFork: UInt64]

    public init(l2ChainID: UInt64, blockTime: UInt64, genesisL1: BlockID, genesisL2: BlockID, genesisL2Time: UInt64,
                batchInbox: Address, genesisBatcher: Address, sequencingWindowSize: UInt64 = 3600,
                maxSequencerDrift: UInt64 = 600, forkTimes: [OPFork: UInt64]) {
        self.l2ChainID = l2ChainID; self.blockTime = blockTime; self.genesisL1 = genesisL1; self.genesisL2 = genesisL2
        self.genesisL2Time = genesisL2Time; self.batchInbox = batchInbox; self.genesisBatcher = genesisBatcher
        self.sequencingWindowSize = sequencingWindowSize; self.maxSequencerDrift = maxSequencerDrift; self.forkTimes = forkTimes
    }

    /// True when `fork` is scheduled at or before `timestamp`.
    public func isActive(_ fork: OPFork, timestamp: UInt64) -> Bool {
        guard let time = forkTimes[fork] else { return false }
        return timestamp >= time
    }

    /// The latest fork active at `timestamp`, nil before Regolith.
    public func activeFork(timestamp: UInt64) -> OPFork? {
        OPFork.allCases.last { isActive($0, timestamp: timestamp) }
    }

    /// How many decompressed bytes a channel may yield, by the timestamp of the L1 block that
    /// completed it.
    public func maxRLPBytesPerChannel(l1Timestamp: UInt64) -> Int {
        isActive(.fjord, timestamp: l1Timestamp) ? DerivationLimits.maxRLPBytesPerChannelFjord : DerivationLimits.maxRLPBytesPerChannelBedrock
    }

    /// The pre-Holocene channel bank's size bound.
    public func maxChannelBankSize(l1Timestamp: UInt64) -> Int {
        isActive(.fjord, timestamp: l1Timestamp) ? DerivationLimits.maxChannelBankSizeFjord : DerivationLimits.maxChannelBankSizeBedrock
    }

    /// L1 blocks after which an open channel times out.
    public func channelTimeout(l1Timestamp: UInt64) -> UInt64 {
        isActive(.granite, timestamp: l1Timestamp) ? DerivationLimits.channelTimeoutGranite : DerivationLimits.channelTimeoutBedrock
    }

    /// The sequencer drift in force for an L1 origin with this timestamp.
    public func maxSequencerDrift(l1OriginTimestamp: UInt64) -> UInt64 {
        isActive(.fjord, timestamp: l1OriginTimestamp) ? DerivationLimits.maxSequencerDriftFjord : maxSequencerDrift
    }

    /// The L2 block number at an L2 timestamp (nil before genesis or off the block grid).
    public func l2BlockNumber(timestamp: UInt64) -> UInt64? {
        guard timestamp >= genesisL2Time, blockTime > 0 else { return nil }
        let elapsed = timestamp - genesisL2Time
        guard elapsed % blockTime == 0 else { return nil }
        return genesisL2.number + elapsed / blockTime
    }
}

import RollportToolkit

/// How a follower follows.
public struct FollowerOptions: Sendable {
    /// Blocks more than this many below the newest stored block are final: their undo data is
    /// dropped and a reorg reaching them is an error. Ethereum finalizes after two epochs (64
    /// blocks) when healthy.
    public var safeDepth: UInt64 = 64
    /// Blocks asked of the source at once while catching up.
    public var rangeSize: UInt64 = 64
    /// Stop after storing this block.
    public var untilBlock: UInt64?
    /// Stop when the source has nothing newer (a replay), instead of waiting for new blocks.
    public var stopAtHead = false
    /// How long to wait for a new block at the head.
    public var pollInterval: Duration = .seconds(2)
    /// Retries of failures the source calls retryable.
    public var retry = RetryPolicy()
    /// How often progress is logged while catching up.
    public var progressInterval: Duration = .seconds(5)
    /// While catching up, a write waits for the disk at most this often (every write does once
    /// at the head); a machine crash loses at most this much, which is then fetched again.
    public var syncInterval: Duration = .seconds(1)
    /// A pause after each stored block, to slow a replay down to watch it (or to interrupt it
    /// at a chosen block in tests); none by default.
    public var pace: Duration?

    public init() {}
}

/// Waits between tries of a retryable failure: `initialDelay`, doubling up to `maxDelay`;
/// gives up after `maxAttempts` tries when set.
public struct RetryPolicy: Sendable {
    public var initialDelay: Duration = .milliseconds(250)
    public var maxDelay: Duration = .seconds(15)
    public var maxAttempts: Int?

    public init(initialDelay: Duration = .milliseconds(250), maxDelay: Duration = .seconds(15), maxAttempts: Int? = nil) {
        self.initialDelay = initialDelay; self.maxDelay = maxDelay; self.maxAttempts = maxAttempts
    }

    func delay(afterAttempt attempt: Int) -> Duration {
        var d = initialDelay
        for _ in 1..<max(1, attempt) where d < maxDelay { d = d * 2 }
        return min(d, maxDelay)
    }
}

/// Why the follower stopped.
public struct FollowerError: Error, Sendable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// The source failed in a way retrying does not fix (or retries ran out).
        case source
        /// The source is on another L1 chain than the enabled chains (or the store).
        case wrongChain
        case store
        /// L1 reorganised below the final blocks, whose undo data is gone.
        case reorgTooDeep
        case adapters
        /// The run was cancelled (a signal) while it waited on the L1 source: the store is whole.
        case interrupted
    }

    public var reason: Reason
    public var message: String

    public init(_ reason: Reason, _ message: String) {
        self.reason = reason; self.message = message
    }

    public var description: String { message }
}

/// What a follower did in one `run`.
public struct FollowerSummary: Sendable {
    public var cursor: (number: UInt64, hash: Hash32)?
    /// Blocks stored by this run (replays after a reorg included).
    public var blocksProcessed: UInt64
    /// Blocks reverted by reorgs.
    public var blocksReverted: UInt64
    public var reorgs: UInt64
    /// Items routed, and of them claimed.
    public var itemsRouted: Int
    public var itemsClaimed: Int
    public var records: Int
    /// Retryable source failures that were retried.
    public var retries: Int
}

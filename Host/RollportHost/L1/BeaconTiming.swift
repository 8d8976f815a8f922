/// Maps execution block timestamps to beacon slots: what `/eth/v1/beacon/genesis` (genesis
/// time) and `/eth/v1/config/spec` (`SECONDS_PER_SLOT`) give. Blob sidecars are served by slot.
public struct BeaconTiming: Sendable, Equatable {
    public var genesisTime: UInt64
    public var secondsPerSlot: UInt64

    public init(genesisTime: UInt64, secondsPerSlot: UInt64) {
        self.genesisTime = genesisTime; self.secondsPerSlot = secondsPerSlot
    }

    /// The slot of a block with `timestamp`; nil before genesis or with a zero slot time.
    public func slot(forTimestamp timestamp: UInt64) -> UInt64? {
        guard secondsPerSlot > 0, timestamp >= genesisTime else { return nil }
        return (timestamp - genesisTime) / secondsPerSlot
    }
}

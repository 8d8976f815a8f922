import RollportToolkit

/// L1 → L2 address aliasing: a contract on L1 acts on L2 under its address plus
/// 0x1111000000000000000000000000000000001111 (mod 2^160), so that it cannot pose as the L2
/// account with the same address. Externally owned accounts keep their address.
extension Address {
    static let aliasOffset = Address(high: 0x1111_0000_0000_0000, middle: 0, low: 0x0000_1111)

    /// The L2 address of this L1 contract.
    public var l1ToL2Alias: Address { Self.add(self, Self.aliasOffset) }

    /// The L1 contract whose alias this is.
    public var undoingL1ToL2Alias: Address {
        // Subtracting mod 2^160 is adding the two's complement of the offset.
        let o = Self.aliasOffset
        let (low, c0) = (~o.low).addingReportingOverflow(1)
        let (middle, c1) = (~o.middle).addingReportingOverflow(c0 ? 1 : 0)
        let high = (~o.high) &+ (c1 ? 1 : 0)
        return Self.add(self, Address(high: high, middle: middle, low: low))
    }

    /// Adds two 160-bit values mod 2^160 (high holds the top 64 bits, low the bottom 32).
    private static func add(_ a: Address, _ b: Address) -> Address {
        let (low, c0) = a.low.addingReportingOverflow(b.low)
        let (m0, c1) = a.middle.addingReportingOverflow(b.middle)
        let (middle, c2) = m0.addingReportingOverflow(c0 ? 1 : 0)
        let high = a.high &+ b.high &+ (c1 || c2 ? 1 : 0)
        return Address(high: high, middle: middle, low: low)
    }
}

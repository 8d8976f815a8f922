import RollportToolkit

/// The L1 attributes each L2 block starts with: the first transaction of every L2 block is a
/// deposit calling the L1Block predeploy with its L1 origin's values. The calldata layout
/// changes with the forks: an ABI call before Ecotone, packed fields since.
public struct L1BlockInfo: Sendable, Equatable {
    public enum Format: String, Sendable, CaseIterable {
        /// `setL1BlockValues(uint64,uint64,uint256,bytes32,uint64,bytes32,uint256,uint256)`: Bedrock to Delta.
        case bedrock
        /// `setL1BlockValuesEcotone()`: Ecotone to Holocene.
        case ecotone
        /// `setL1BlockValuesIsthmus()`: adds the operator fee.
        case isthmus
        /// `setL1BlockValuesJovian()`: adds the DA footprint gas scalar.
        case jovian

        public var selector: [UInt8] {
            switch self {
            case .bedrock: return [0x01, 0x5d, 0x8e, 0xb9]
            case .ecotone: return [0x44, 0x0a, 0x5e, 0x20]
            case .isthmus: return [0x09, 0x89, 0x99, 0xbe]
            case .jovian: return [0x3d, 0xb6, 0xbe, 0x2b]
            }
        }

        public var calldataSize: Int {
            switch self {
            case .bedrock: return 260
            case .ecotone: return 164
            case .isthmus: return 176
            case .jovian: return 178
            }
        }

        /// The format of the L2 block at `timestamp`. A fork's first block still uses the format
        /// before it, because that block's upgrade transactions install the new L1Block code.
        public static func at(l2Timestamp t: UInt64, blockTime: UInt64, ecotone: UInt64?, isthmus: UInt64?, jovian: UInt64?) -> Format {
            func after(_ activation: UInt64?) -> Bool {
                guard let activation, t >= activation else { return false }
                // Active at genesis (t - blockTime underflows) or the block before was active too.
                return t < blockTime || t - blockTime >= activation
            }
            if after(jovian) { return .jovian }
            if after(isthmus) { return .isthmus }
            if after(ecotone) { return .ecotone }
            return .bedrock
        }
    }

    public static let depositor = Address(high: 0xdead_dead_dead_dead, middle: 0xdead_dead_dead_dead, low: 0xdead_0001)
    public static let l1BlockPredeploy = Address(high: 0x4200_0000_0000_0000, middle: 0, low: 0x0000_0015)

    public var format: Format
    public var number: UInt64
    public var timestamp: UInt64
    public var baseFee: UInt256
    public var blockHash: Hash32
    public var sequenceNumber: UInt64
    public var batcherHash: Hash32
    /// Bedrock only.
    public var l1FeeOverhead: UInt256 = .zero
    /// Bedrock only.
    public var l1FeeScalar: UInt256 = .zero
    /// Since Ecotone.
    public var baseFeeScalar: UInt32 = 0
    public var blobBaseFeeScalar: UInt32 = 0
    public var blobBaseFee: UInt256 = .zero
    /// Since Isthmus.
    public var operatorFeeScalar: UInt32 = 0
    public var operatorFeeConstant: UInt64 = 0
    /// Since Jovian.
    public var daFootprintGasScalar: UInt16 = 0

    public init(format: Format, number: UInt64, timestamp: UInt64, baseFee: UInt256, blockHash: Hash32,
                sequenceNumber: UInt64, batcherHash: Hash32) {
        self.format = format; self.number = number; self.timestamp = timestamp; self.baseFee = baseFee
        self.blockHash = blockHash; self.sequenceNumber = sequenceNumber; self.batcherHash = batcherHash
    }

    public struct Malformed: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { "L1 attributes: \(message)" }
    }

    // MARK: calldata

    public init(calldata c: [UInt8]) throws(Malformed) {
        guard c.count >= 4, let format = Format.allCases.first(where: { c[0..<4].elementsEqual($0.selector) }) else {
            throw Malformed(message: "selector \(Hex.encode(c.prefix(4))) is none of setL1BlockValues (0x015d8eb9), …Ecotone (0x440a5e20), …Isthmus (0x098999be), …Jovian (0x3db6be2b)")
        }
        guard c.count == format.calldataSize else {
            throw Malformed(message: "\(format.rawValue) calldata is \(format.calldataSize) bytes; this is \(c.count)")
        }
        func uint(_ at: Int, _ n: Int) -> UInt64 { c[at..<(at + n)].reduce(0) { $0 << 8 | UInt64($1) } }
        func word(_ at: Int) -> UInt256 { UInt256(bigEndian: c[at..<(at + 32)]) ?? .zero }
        func hash(_ at: Int) -> Hash32 { Hash32(bytes: c[at..<(at + 32)]) ?? .zero }
        if format == .bedrock {
            func small(_ at: Int, _ name: String) throws(Malformed) -> UInt64 {
                guard c[at..<(at + 24)].allSatisfy({ $0 == 0 }) else { throw Malformed(message: "word at byte \(at) (\(name)) does not fit a uint64") }
                return uint(at + 24, 8)
            }
            self.init(format: format, number: try small(4, "number"), timestamp: try small(36, "timestamp"), baseFee: word(68),
                      blockHash: hash(100), sequenceNumber: try small(132, "sequenceNumber"), batcherHash: hash(164))
            l1FeeOverhead = word(196)
            l1FeeScalar = word(228)
            return
        }
        self.init(format: format, number: uint(28, 8), timestamp: uint(20, 8), baseFee: word(36), blockHash: hash(100),
                  sequenceNumber: uint(12, 8), batcherHash: hash(132))
        baseFeeScalar = UInt32(uint(4, 4))
        blobBaseFeeScalar = UInt32(uint(8, 4))
        blobBaseFee = word(68)
        if format == .isthmus || format == .jovian {
            operatorFeeScalar = UInt32(uint(164, 4))
            operatorFeeConstant = uint(168, 8)
        }
        if format == .jovian { daFootprintGasScalar = UInt16(uint(176, 2)) }
    }

    public func calldata() -> [UInt8] {
        func be(_ v: UInt64, _ n: Int) -> [UInt8] { (0..<n).map { UInt8(truncatingIfNeeded: v >> UInt64(8 * (n - 1 - $0))) } }
        var out = format.selector
        out.reserveCapacity(format.calldataSize)
        if format == .bedrock {
            out += UInt256(number).bigEndianBytes + UInt256(timestamp).bigEndianBytes + baseFee.bigEndianBytes + blockHash.bytes
            out += UInt256(sequenceNumber).bigEndianBytes + batcherHash.bytes + l1FeeOverhead.bigEndianBytes + l1FeeScalar.bigEndianBytes
            return out
        }
        out += be(UInt64(baseFeeScalar), 4) + be(UInt64(blobBaseFeeScalar), 4) + be(sequenceNumber, 8) + be(timestamp, 8) + be(number, 8)
        out += baseFee.bigEndianBytes + blobBaseFee.bigEndianBytes + blockHash.bytes + batcherHash.bytes
        if format == .isthmus || format == .jovian { out += be(UInt64(operatorFeeScalar), 4) + be(operatorFeeConstant, 8) }
        if format == .jovian { out += be(UInt64(daFootprintGasScalar), 2) }
        return out
    }

    // MARK: the deposit

    /// The L1-attributes deposit. Before Regolith it was a system transaction with 150M gas.
    public func deposit(regolith: Bool = true) -> DepositTransaction {
        DepositTransaction(sourceHash: DepositSource.l1Info(l1BlockHash: blockHash, sequenceNumber: sequenceNumber).sourceHash,
                           from: Self.depositor, to: Self.l1BlockPredeploy, gasLimit: regolith ? 1_000_000 : 150_000_000,
                           isSystemTransaction: !regolith, data: calldata())
    }

    /// Reads an L1-attributes deposit, checking that it is one: sender, target, no ETH, and the
    /// source hash its own calldata implies.
    public init(deposit: DepositTransaction) throws(Malformed) {
        guard deposit.from == Self.depositor, deposit.to == Self.l1BlockPredeploy else {
            throw Malformed(message: "a deposit from \(deposit.from) to \(deposit.to?.description ?? "(creation)") is not the L1-attributes deposit (\(Self.depositor) to \(Self.l1BlockPredeploy))")
        }
        guard deposit.mint.isZero, deposit.value.isZero else { throw Malformed(message: "the L1-attributes deposit mints or sends ETH") }
        try self.init(calldata: deposit.data)
        let expected = DepositSource.l1Info(l1BlockHash: blockHash, sequenceNumber: sequenceNumber).sourceHash
        guard deposit.sourceHash == expected else {
            throw Malformed(message: "source hash \(deposit.sourceHash) is not \(expected), the one of L1 block \(blockHash) at sequence number \(sequenceNumber)")
        }
    }
}

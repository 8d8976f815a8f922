import RollportToolkit

/// Where a deposit transaction comes from. Its source hash,
/// `keccak256(bytes32(domain) ‖ inner)`, makes every deposit unique: two deposits with the same
/// fields from different sources still have different L2 transaction hashes.
public enum DepositSource: Sendable, Equatable {
    /// A `TransactionDeposited` log: its L1 block and its index among all logs of the block.
    case user(l1BlockHash: Hash32, logIndex: UInt64)
    /// The L1-attributes deposit of the L2 block at `sequenceNumber` within its epoch.
    case l1Info(l1BlockHash: Hash32, sequenceNumber: UInt64)
    /// A network-upgrade transaction, named by its intent ("Ecotone: L1 Block Deployment").
    case upgrade(intent: String)
    /// Interop's deposits-complete marker after the user deposits of an epoch.
    case depositsComplete(l1BlockHash: Hash32, sequenceNumber: UInt64)

    public var domain: UInt64 {
        switch self {
        case .user: return 0
        case .l1Info: return 1
        case .upgrade: return 2
        case .depositsComplete: return 3
        }
    }

    public var sourceHash: Hash32 {
        let inner: Hash32
        switch self {
        case .user(let block, let index):
            inner = Keccak256.hash(block.bytes + UInt256(index).bigEndianBytes)
        case .l1Info(let block, let sequence), .depositsComplete(let block, let sequence):
            inner = Keccak256.hash(block.bytes + UInt256(sequence).bigEndianBytes)
        case .upgrade(let intent):
            inner = Keccak256.hash(intent)
        }
        return Keccak256.hash(UInt256(domain).bigEndianBytes + inner.bytes)
    }
}

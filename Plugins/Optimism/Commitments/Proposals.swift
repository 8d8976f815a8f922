import RollportToolkit

/// An output root posted to L1: by the L2OutputOracle's proposer before fault proofs, or as
/// the root claim of a dispute game since.
public enum OutputProposal: Sendable, Equatable {
    /// `OutputProposed(bytes32 indexed outputRoot, uint256 indexed l2OutputIndex, uint256 indexed l2BlockNumber, uint256 l1Timestamp)`.
    case oracle(outputRoot: Hash32, l2OutputIndex: UInt256, l2BlockNumber: UInt256, l1Timestamp: UInt256)
    /// `DisputeGameCreated(address indexed disputeProxy, uint32 indexed gameType, bytes32 indexed rootClaim)`.
    /// The L2 block number is in the creation's `extraData`, not in the event.
    case game(disputeProxy: Address, gameType: UInt32, rootClaim: Hash32)

    public static let outputProposed = try! ABIEvent("OutputProposed(bytes32 indexed outputRoot, uint256 indexed l2OutputIndex, uint256 indexed l2BlockNumber, uint256 l1Timestamp)")
    public static let disputeGameCreated = try! ABIEvent("DisputeGameCreated(address indexed disputeProxy, uint32 indexed gameType, bytes32 indexed rootClaim)")

    public typealias Malformed = MalformedEvent

    public init(topics: [Hash32], data: [UInt8]) throws(Malformed) {
        guard let topic0 = topics.first else { throw Malformed(message: "the log has no topics") }
        func decode(_ event: ABIEvent) throws(Malformed) -> [ABIValue] { try event.fields(topics: topics, data: data) }
        switch topic0 {
        case Self.outputProposed.topic0:
            let v = try decode(Self.outputProposed)
            guard case .fixedBytes(let root) = v[0], let outputRoot = Hash32(bytes: root), case .uint(let index, _) = v[1],
                  case .uint(let block, _) = v[2], case .uint(let time, _) = v[3] else { throw Malformed(message: "OutputProposed: unexpected field types") }
            self = .oracle(outputRoot: outputRoot, l2OutputIndex: index, l2BlockNumber: block, l1Timestamp: time)
        case Self.disputeGameCreated.topic0:
            let v = try decode(Self.disputeGameCreated)
            guard case .address(let proxy) = v[0], case .uint(let type, _) = v[1], let gameType = type.uint64.map(UInt32.init(truncatingIfNeeded:)),
                  case .fixedBytes(let claim) = v[2], let rootClaim = Hash32(bytes: claim) else { throw Malformed(message: "DisputeGameCreated: unexpected field types") }
            self = .game(disputeProxy: proxy, gameType: gameType, rootClaim: rootClaim)
        default:
            throw Malformed(message: "topic0 \(topic0) is neither OutputProposed nor DisputeGameCreated")
        }
    }

    public var outputRoot: Hash32 {
        switch self {
        case .oracle(let root, _, _, _): return root
        case .game(_, _, let root): return root
        }
    }
}

/// The DisputeGameFactory's game types.
public enum GameType {
    public static func name(_ type: UInt32) -> String {
        switch type {
        case 0: return "cannon"
        case 1: return "permissioned-cannon"
        case 2: return "asterisc"
        case 3: return "asterisc-kona"
        case 255: return "alphabet"
        default: return "type-\(type)"
        }
    }
}

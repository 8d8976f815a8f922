import RollportToolkit

/// The OptimismPortal's withdrawal events on L1.
public enum PortalEvent: Sendable, Equatable {
    /// `WithdrawalProven(bytes32 indexed withdrawalHash, address indexed from, address indexed to)`;
    /// since fault proofs the prover follows in `WithdrawalProvenExtension1`.
    case proven(withdrawalHash: Hash32, from: Address, to: Address)
    /// `WithdrawalProvenExtension1(bytes32 indexed withdrawalHash, address indexed proofSubmitter)`.
    case provenBy(withdrawalHash: Hash32, proofSubmitter: Address)
    /// `WithdrawalFinalized(bytes32 indexed withdrawalHash, bool success)`: relayed; a failed call
    /// is still final (no replay).
    case finalized(withdrawalHash: Hash32, success: Bool)

    public static let proven = try! ABIEvent("WithdrawalProven(bytes32 indexed withdrawalHash, address indexed from, address indexed to)")
    public static let provenBy = try! ABIEvent("WithdrawalProvenExtension1(bytes32 indexed withdrawalHash, address indexed proofSubmitter)")
    public static let finalized = try! ABIEvent("WithdrawalFinalized(bytes32 indexed withdrawalHash, bool success)")
    public static let topics: Set<Hash32> = [proven.topic0, provenBy.topic0, finalized.topic0]

    public typealias Malformed = MalformedEvent

    public init(topics: [Hash32], data: [UInt8]) throws(Malformed) {
        guard let topic0 = topics.first else { throw Malformed(message: "the log has no topics") }
        func decode(_ event: ABIEvent) throws(Malformed) -> [ABIValue] { try event.fields(topics: topics, data: data) }
        func hash(_ v: ABIValue) -> Hash32? { if case .fixedBytes(let b) = v { return Hash32(bytes: b) }; return nil }
        func address(_ v: ABIValue) -> Address? { if case .address(let a) = v { return a }; return nil }
        switch topic0 {
        case Self.proven.topic0:
            let v = try decode(Self.proven)
            guard let h = hash(v[0]), let from = address(v[1]), let to = address(v[2]) else { throw Malformed(message: "WithdrawalProven: unexpected field types") }
            self = .proven(withdrawalHash: h, from: from, to: to)
        case Self.provenBy.topic0:
            let v = try decode(Self.provenBy)
            guard let h = hash(v[0]), let by = address(v[1]) else { throw Malformed(message: "WithdrawalProvenExtension1: unexpected field types") }
            self = .provenBy(withdrawalHash: h, proofSubmitter: by)
        case Self.finalized.topic0:
            let v = try decode(Self.finalized)
            guard let h = hash(v[0]), case .bool(let success) = v[1] else { throw Malformed(message: "WithdrawalFinalized: unexpected field types") }
            self = .finalized(withdrawalHash: h, success: success)
        default:
            throw Malformed(message: "topic0 \(topic0) is none of WithdrawalProven, WithdrawalProvenExtension1, WithdrawalFinalized")
        }
    }

    public var withdrawalHash: Hash32 {
        switch self {
        case .proven(let h, _, _), .provenBy(let h, _), .finalized(let h, _): return h
        }
    }
}

import RollportToolkit

/// A move as L1 records it: the game's `Move(uint256 indexed parentIndex, bytes32 indexed claim,
/// address indexed claimant)` log says who answered which claim with what, and the call that
/// emitted it says whether it attacked or defended (the event does not).
public struct GameMove: Sendable, Equatable {
    public static let event = try! ABIEvent("Move(uint256 indexed parentIndex, bytes32 indexed claim, address indexed claimant)")
    public static let resolved = try! ABIEvent("Resolved(uint8 indexed status)")

    /// `move(bytes32 disputed, uint256 parentIndex, bytes32 claim, bool isAttack)` and the
    /// older `attack` / `defend` entry points, with and without the disputed claim.
    static let moveCall = try! ABIFunction("move(bytes32,uint256,bytes32,bool)")
    static let attackCall = try! ABIFunction("attack(bytes32,uint256,bytes32)")
    static let defendCall = try! ABIFunction("defend(bytes32,uint256,bytes32)")
    static let legacyAttackCall = try! ABIFunction("attack(uint256,bytes32)")
    static let legacyDefendCall = try! ABIFunction("defend(uint256,bytes32)")

    public var parentIndex: UInt256
    public var claim: Hash32
    public var claimant: Address

    public typealias Malformed = MalformedEvent

    public init(topics: [Hash32], data: [UInt8]) throws(Malformed) {
        let v: [ABIValue]
        v = try Self.event.fields(topics: topics, data: data)
        guard case .uint(let parent, _) = v[0], case .fixedBytes(let c) = v[1], let claim = Hash32(bytes: c), case .address(let who) = v[2] else {
            throw Malformed(message: "Move: unexpected field types")
        }
        parentIndex = parent; self.claim = claim; claimant = who
    }

    /// What a move call says: attack or defense, the parent, the claim and the disputed claim
    /// when the call names it.
    public struct Call: Sendable, Equatable {
        public var isAttack: Bool
        public var parentIndex: UInt256
        public var claim: Hash32
        public var disputed: Hash32?

        public init(isAttack: Bool, parentIndex: UInt256, claim: Hash32, disputed: Hash32?) {
            self.isAttack = isAttack; self.parentIndex = parentIndex; self.claim = claim; self.disputed = disputed
        }
    }

    public static func call(_ calldata: [UInt8]) throws(Malformed) -> Call {
        guard calldata.count >= 4 else { throw Malformed(message: "move call: \(calldata.count) bytes; no selector") }
        let selector = calldata[0..<4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        func decode(_ f: ABIFunction) throws(Malformed) -> [ABIValue] {
            do { return try f.decodeCall(calldata) } catch { throw Malformed(message: "\(f.signature): \(error)") }
        }
        func hash(_ v: ABIValue) -> Hash32? { if case .fixedBytes(let b) = v { return Hash32(bytes: b) }; return nil }
        func uint(_ v: ABIValue) -> UInt256? { if case .uint(let u, _) = v { return u }; return nil }
        switch selector {
        case moveCall.selector:
            let v = try decode(moveCall)
            guard let d = hash(v[0]), let p = uint(v[1]), let c = hash(v[2]), case .bool(let attack) = v[3] else { break }
            return Call(isAttack: attack, parentIndex: p, claim: c, disputed: d)
        case attackCall.selector, defendCall.selector:
            let v = try decode(selector == attackCall.selector ? attackCall : defendCall)
            guard let d = hash(v[0]), let p = uint(v[1]), let c = hash(v[2]) else { break }
            return Call(isAttack: selector == attackCall.selector, parentIndex: p, claim: c, disputed: d)
        case legacyAttackCall.selector, legacyDefendCall.selector:
            let v = try decode(selector == legacyAttackCall.selector ? legacyAttackCall : legacyDefendCall)
            guard let p = uint(v[0]), let c = hash(v[1]) else { break }
            return Call(isAttack: selector == legacyAttackCall.selector, parentIndex: p, claim: c, disputed: nil)
        default:
            throw Malformed(message: "selector 0x\(String(selector, radix: 16)) is none of move, attack or defend")
        }
        throw Malformed(message: "move call: unexpected field types")
    }
}

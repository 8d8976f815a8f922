import RollportToolkit

/// A FaultDisputeGame's status (`GameStatus` in the contracts).
public enum GameStatus: UInt8, Sendable, CaseIterable {
    case inProgress = 0
    case challengerWins = 1
    case defenderWins = 2

    public var name: String {
        switch self {
        case .inProgress: return "IN_PROGRESS"
        case .challengerWins: return "CHALLENGER_WINS"
        case .defenderWins: return "DEFENDER_WINS"
        }
    }

    public init?(name: String) {
        guard let s = Self.allCases.first(where: { $0.name == name.uppercased() }) else { return nil }
        self = s
    }
}

/// An offline replay of a FaultDisputeGame: the claim tree its moves build, with the
/// contract's rules for each move (depth, defenses, execution-subgame roots, chess clocks with
/// their extensions, duplicates), steps at the bottom, and resolution computed the way
/// `resolveClaim` and `resolve` compute it. The VM is not run: a step is taken as the contract
/// accepted it.
public struct FaultDisputeGame: Sendable {
    public struct Parameters: Sendable, Equatable {
        public var maxGameDepth: Int
        public var splitDepth: Int
        public var maxClockDuration: UInt64
        public var clockExtension: UInt64
        /// The PreimageOracle's challenge period, added to the extension before the last move.
        public var preimageChallengePeriod: UInt64

        /// OP Mainnet's permissionless game (the registry's standard configuration).
        public static let mainnet = Parameters(maxGameDepth: 73, splitDepth: 30, maxClockDuration: 302_400, clockExtension: 10_800, preimageChallengePeriod: 86_400)

        public init(maxGameDepth: Int, splitDepth: Int, maxClockDuration: UInt64, clockExtension: UInt64, preimageChallengePeriod: UInt64) {
            self.maxGameDepth = maxGameDepth; self.splitDepth = splitDepth; self.maxClockDuration = maxClockDuration
            self.clockExtension = clockExtension; self.preimageChallengePeriod = preimageChallengePeriod
        }

        /// The constructor's checks.
        public func validate() throws(GameError) {
            guard maxGameDepth <= Position.maxDepth - 1 else { throw GameError("maxGameDepth \(maxGameDepth) is over \(Position.maxDepth - 1)") }
            guard splitDepth >= 2, splitDepth + 1 < maxGameDepth else {
                throw GameError("splitDepth \(splitDepth) must be at least 2 and splitDepth + 1 below maxGameDepth \(maxGameDepth)")
            }
            guard clockExtension <= maxClockDuration else { throw GameError("clockExtension \(clockExtension) is over maxClockDuration \(maxClockDuration)") }
        }
    }

    public struct GameError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        init(_ message: String) { self.message = message }
        public var description: String { message }
    }

    public struct Claim: Sendable, Equatable {
        /// nil for the root claim (the contract's `type(uint32).max`).
        public var parentIndex: Int?
        public var claim: Hash32
        public var claimant: Address
        public var position: Position
        /// The clock as the contract stores it: time used so far on this side, and when the
        /// claim was made.
        public var clockDuration: UInt64
        public var clockTimestamp: UInt64
        /// nil for the root.
        public var isAttack: Bool?
        /// Set by a successful step against this claim (only at the maximum depth).
        public var steppedBy: Address?
        public var bond: UInt256?
    }

    public let parameters: Parameters
    public let createdAt: UInt64
    /// The L2 block the root claim is about (`l2BlockNumber()`), when known.
    public let l2BlockNumber: UInt64?
    /// The anchor's L2 block the game starts from, when known.
    public let startingBlockNumber: UInt64?
    public private(set) var claims: [Claim]
    /// Who proved with `challengeRootL2Block` that the root claim's output is not of block
    /// `l2BlockNumber`: that challenger counters the root whatever its subgame says.
    public private(set) var rootL2BlockChallenger: Address?
    private var children: [[Int]]
    private var seen: Set<[UInt8]>

    public init(parameters: Parameters = .mainnet, rootClaim: Hash32, creator: Address, createdAt: UInt64,
                l2BlockNumber: UInt64? = nil, startingBlockNumber: UInt64? = nil, bond: UInt256? = nil) throws(GameError) {
        try parameters.validate()
        if let l2BlockNumber, let startingBlockNumber, l2BlockNumber <= startingBlockNumber {
            throw GameError("l2BlockNumber \(l2BlockNumber) is not above the anchor's \(startingBlockNumber); the contract refuses to initialize")
        }
        self.parameters = parameters
        self.createdAt = createdAt
        self.l2BlockNumber = l2BlockNumber
        self.startingBlockNumber = startingBlockNumber
        claims = [Claim(parentIndex: nil, claim: rootClaim, claimant: creator, position: .root, clockDuration: 0,
                        clockTimestamp: createdAt, isAttack: nil, steppedBy: nil, bond: bond)]
        children = [[]]
        seen = [Self.key(rootClaim, .root, nil)]
    }

    public var rootClaim: Hash32 { claims[0].claim }

    private static func key(_ claim: Hash32, _ position: Position, _ parent: Int?) -> [UInt8] {
        var out = claim.bytes
        withUnsafeBytes(of: position.gindex.bigEndian) { out += $0 }
        withUnsafeBytes(of: UInt64(parent ?? Int(UInt32.max)).bigEndian) { out += $0 }
        return out
    }

    // MARK: clocks

    /// `getChallengerDuration`: the time the side that would counter claim `index` has used by
    /// `now`, capped at the maximum.
    public func challengerDuration(_ index: Int, at now: UInt64) -> UInt64 {
        let claim = claims[index]
        let parentDuration = claim.parentIndex.map { claims[$0].clockDuration } ?? 0
        let elapsed = now > claim.clockTimestamp ? now - claim.clockTimestamp : 0
        let (sum, overflow) = parentDuration.addingReportingOverflow(elapsed)
        return overflow ? parameters.maxClockDuration : min(sum, parameters.maxClockDuration)
    }

    /// When the counter-side's clock on claim `index` runs out: no move against it after, and
    /// its subgame can be resolved from then on.
    public func expiry(of index: Int) -> UInt64 {
        let claim = claims[index]
        let parentDuration = claim.parentIndex.map { claims[$0].clockDuration } ?? 0
        let (at, overflow) = claim.clockTimestamp.addingReportingOverflow(parameters.maxClockDuration > parentDuration ? parameters.maxClockDuration - parentDuration : 0)
        return overflow ? .max : at
    }

    // MARK: moves

    /// `move(disputed, parentIndex, claim, isAttack)` at L1 time `timestamp`. Returns the new
    /// claim's index.
    @discardableResult
    public mutating func move(parentIndex: Int, claim: Hash32, claimant: Address, isAttack: Bool, at timestamp: UInt64,
                              disputed: Hash32? = nil, bond: UInt256? = nil) throws(GameError) -> Int {
        guard parentIndex >= 0, parentIndex < claims.count else {
            throw GameError("move against claim \(parentIndex), but the game has \(claims.count) claims")
        }
        let parent = claims[parentIndex]
        if let disputed, disputed != parent.claim {
            throw GameError("InvalidDisputedClaimIndex: claim \(parentIndex) is \(parent.claim), not the disputed \(disputed)")
        }
        guard timestamp >= parent.clockTimestamp else {
            throw GameError("move at \(timestamp) is before claim \(parentIndex) was made (\(parent.clockTimestamp)); moves must come in time order")
        }
        let next = parent.position.move(isAttack: isAttack)
        let depth = next.depth
        if parentIndex == 0, let challenger = rootL2BlockChallenger {
            throw GameError("L2BlockNumberChallenged: \(challenger) showed the root claim is not the output of block \(l2BlockNumber.map(String.init) ?? "l2BlockNumber"); no more moves against it")
        }
        if !isAttack, parentIndex == 0 || depth == parameters.splitDepth + 2 {
            throw GameError("CannotDefendRootClaim: claim \(parentIndex) is the root of the \(parentIndex == 0 ? "game" : "execution subgame"); only an attack can answer it")
        }
        guard depth <= parameters.maxGameDepth else {
            throw GameError("GameDepthExceeded: claim \(parentIndex) is at the maximum depth \(parameters.maxGameDepth); it is answered by a step, not a move")
        }
        if depth == parameters.splitDepth + 1 {
            try checkExecutionRoot(claim, parentIndex: parentIndex, parentPosition: parent.position, isAttack: isAttack)
        }
        var duration = challengerDuration(parentIndex, at: timestamp)
        guard duration < parameters.maxClockDuration else {
            throw GameError("ClockTimeExceeded: the clock on claim \(parentIndex) ran out at \(expiry(of: parentIndex)); the move at \(timestamp) is too late")
        }
        let extension_: UInt64
        if depth == parameters.maxGameDepth - 1 {
            let (sum, overflow) = parameters.clockExtension.addingReportingOverflow(parameters.preimageChallengePeriod)
            extension_ = overflow ? .max : sum
        } else if depth == parameters.splitDepth - 1 {
            let (twice, overflow) = parameters.clockExtension.multipliedReportingOverflow(by: 2)
            extension_ = overflow ? .max : twice
        } else {
            extension_ = parameters.clockExtension
        }
        guard extension_ <= parameters.maxClockDuration else {
            throw GameError("InvalidClockExtension: the extension at depth \(depth), \(extension_) s, is over the maximum clock \(parameters.maxClockDuration) s")
        }
        // A side left with less than the extension gets exactly the extension for its reply.
        if duration > parameters.maxClockDuration - extension_ { duration = parameters.maxClockDuration - extension_ }
        let key = Self.key(claim, next, parentIndex)
        guard !seen.contains(key) else {
            throw GameError("ClaimAlreadyExists: claim \(claim) at position \(next) against claim \(parentIndex) was already made")
        }
        seen.insert(key)
        claims.append(Claim(parentIndex: parentIndex, claim: claim, claimant: claimant, position: next, clockDuration: duration,
                            clockTimestamp: timestamp, isAttack: isAttack, steppedBy: nil, bond: bond))
        children.append([])
        children[parentIndex].append(claims.count - 1)
        return claims.count - 1
    }

    /// The first claim of an execution subgame states the VM's verdict in its first byte:
    /// INVALID (1) or PANIC (2) when it disputes the output above, VALID (0) when it agrees.
    private func checkExecutionRoot(_ claim: Hash32, parentIndex: Int, parentPosition: Position, isAttack: Bool) throws(GameError) {
        let disputed = try traceAncestorClaim(of: Position(gindex: parentPosition.gindex + 1), from: parentIndex, global: true)
        let status = claim.bytes[0]
        if isAttack || claims[disputed].position.depth % 2 == parameters.splitDepth % 2 {
            guard status == 1 || status == 2 else {
                throw GameError("UnexpectedRootClaim: the execution subgame's first claim \(claim) disputes the output above it, so its status byte must be 1 (invalid) or 2 (panic), not \(status)")
            }
        } else if status != 0 {
            throw GameError("UnexpectedRootClaim: the execution subgame's first claim \(claim) agrees with the output above it, so its status byte must be 0 (valid), not \(status)")
        }
    }

    /// `_findTraceAncestor`: walks up from claim `start` to the claim at the trace ancestor of `position`.
    private func traceAncestorClaim(of position: Position, from start: Int, global: Bool) throws(GameError) -> Int {
        let target = global ? position.traceAncestor : (position.traceAncestorBounded(splitDepth: parameters.splitDepth) ?? position.traceAncestor)
        var index: Int? = start
        while let i = index {
            if claims[i].position == target { return i }
            index = claims[i].parentIndex
        }
        throw GameError("no claim above claim \(start) commits to position \(target), the trace ancestor of \(position)")
    }

    /// `step(claimIndex, isAttack, stateData, proof)` that the contract accepted: the claim at
    /// the maximum depth is countered by `by`.
    public mutating func step(claimIndex: Int, by: Address, at timestamp: UInt64) throws(GameError) {
        guard claimIndex >= 0, claimIndex < claims.count else {
            throw GameError("step against claim \(claimIndex), but the game has \(claims.count) claims")
        }
        guard claims[claimIndex].position.depth == parameters.maxGameDepth else {
            throw GameError("InvalidParent: a step answers a claim at the maximum depth \(parameters.maxGameDepth); claim \(claimIndex) is at depth \(claims[claimIndex].position.depth)")
        }
        guard claims[claimIndex].steppedBy == nil else { throw GameError("DuplicateStep: claim \(claimIndex) was already stepped against") }
        claims[claimIndex].steppedBy = by
    }

    /// `challengeRootL2Block(outputRootProof, headerRLP)` that the contract accepted (the header
    /// in the root claim's preimage has another number than `l2BlockNumber`). Once only.
    public mutating func challengeRootL2Block(by challenger: Address) throws(GameError) {
        guard rootL2BlockChallenger == nil else { throw GameError("L2BlockNumberChallenged: the root claim's block was already challenged") }
        rootL2BlockChallenger = challenger
    }

    // MARK: what each claim says

    /// The L2 block an output claim (depth ≤ split) commits to, or for a claim in an execution
    /// subgame the block whose transition it disputes: the anchor's block plus the trace index
    /// plus one, at most the game's block. nil without the anchor's and the game's blocks.
    public func l2Block(of index: Int) -> UInt64? {
        guard let start = startingBlockNumber, let end = l2BlockNumber else { return nil }
        var position = claims[index].position
        if position.depth > parameters.splitDepth {
            guard let disputed = try? disputedOutput(of: index) else { return nil }
            position = disputed
        }
        let trace = position.traceIndex(maxDepth: parameters.splitDepth)
        let offset = trace >= UInt128(end - start) ? UInt128(end - start) : trace + 1
        return start + UInt64(offset)
    }

    /// `_findStartingAndDisputedOutputs`: the position of the output an execution subgame disputes.
    public func disputedOutput(of index: Int) throws(GameError) -> Position {
        var i = index
        var execRoot = index
        guard claims[i].position.depth > parameters.splitDepth else { throw GameError("claim \(index) is not in an execution subgame") }
        while claims[i].position.depth > parameters.splitDepth {
            if claims[i].position.depth == parameters.splitDepth + 1 { execRoot = i }
            guard let p = claims[i].parentIndex else { break }
            i = p
        }
        let outputPosition = claims[i].position
        if claims[execRoot].position.parent == outputPosition { return outputPosition }
        return claims[try traceAncestorClaim(of: Position(gindex: outputPosition.gindex + 1), from: i, global: true)].position
    }

    // MARK: resolution

    public struct ClaimOutcome: Sendable, Equatable {
        /// When the counter-side's clock runs out.
        public var expiresAt: UInt64
        /// Whether the claim's whole subgame can be resolved at the time asked.
        public var resolvable: Bool
        /// Who counters the claim once its subgame resolves: the claimant of its left-most
        /// uncountered child, or who stepped against it; nil when it stands.
        public var counteredBy: Address?
        /// Who receives the claim's bond: the counter, else the claimant.
        public var bondRecipient: Address
    }

    public struct Resolution: Sendable, Equatable {
        /// IN_PROGRESS until every clock has run out; then what `resolve()` returns.
        public var status: GameStatus
        /// The time from which every subgame, and so the game, can be resolved (until a new move).
        public var resolvableAt: UInt64
        public var claims: [ClaimOutcome]
    }

    /// The outcome at L1 time `now`.
    public func resolve(at now: UInt64) -> Resolution {
        var outcomes = [ClaimOutcome?](repeating: nil, count: claims.count)
        var latest = createdAt
        // Children always come after their parent, so one pass from the end resolves bottom-up.
        for i in claims.indices.reversed() {
            let expires = expiry(of: i)
            latest = max(latest, expires)
            var resolvable = expires <= now
            var counter: Address?
            if children[i].isEmpty, i != 0 {
                counter = claims[i].steppedBy
            } else {
                var leftmost: Position?
                for c in children[i] {
                    guard let child = outcomes[c] else { continue }
                    resolvable = resolvable && child.resolvable
                    if child.counteredBy == nil, leftmost.map({ claims[c].position < $0 }) ?? true {
                        leftmost = claims[c].position
                        counter = claims[c].claimant
                    }
                }
            }
            if i == 0, let challenger = rootL2BlockChallenger { counter = challenger }
            outcomes[i] = ClaimOutcome(expiresAt: expires, resolvable: resolvable, counteredBy: counter, bondRecipient: counter ?? claims[i].claimant)
        }
        let all = outcomes.compactMap { $0 }
        let root = all[0]
        let status: GameStatus = root.resolvable ? (root.counteredBy == nil ? .defenderWins : .challengerWins) : .inProgress
        return Resolution(status: status, resolvableAt: latest, claims: all)
    }
}

extension FaultDisputeGame {
    /// An output claim that is not the output root we computed for its block.
    public struct Disagreement: Sendable, Equatable {
        public var claimIndex: Int
        public var l2BlockNumber: UInt64
        public var claimed: Hash32
        public var computed: Hash32

        public init(claimIndex: Int, l2BlockNumber: UInt64, claimed: Hash32, computed: Hash32) {
            self.claimIndex = claimIndex; self.l2BlockNumber = l2BlockNumber; self.claimed = claimed; self.computed = computed
        }
    }

    /// The output claims (depth ≤ split) that disagree with `outputRoots`, our output roots by
    /// L2 block. Claims on blocks we have no root for are not judged.
    public func disagreements(with outputRoots: [UInt64: Hash32]) -> [Disagreement] {
        claims.indices.compactMap { i in
            guard claims[i].position.depth <= parameters.splitDepth, let block = l2Block(of: i), let ours = outputRoots[block],
                  ours != claims[i].claim else { return nil }
            return Disagreement(claimIndex: i, l2BlockNumber: block, claimed: claims[i].claim, computed: ours)
        }
    }
}

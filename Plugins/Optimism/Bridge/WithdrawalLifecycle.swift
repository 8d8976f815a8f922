/// Where a withdrawal stands on the bridge-message lattice
/// `initiated → proven → finalizable → relayed`, with `failed` (finalized but the call reverted)
/// as a side state, following OptimismPortal2's `checkWithdrawal`. Proofs rest on a dispute
/// game (or, before fault proofs, an L2OutputOracle proposal); a proof whose game can no longer
/// finalize it must be made again against another game.
public enum WithdrawalLifecycle {
    public enum Status: String, Sendable, CaseIterable {
        case initiated, proven, finalizable, relayed, failed
    }

    /// The portal's delays (mainnet values by default).
    public struct Delays: Sendable, Equatable {
        /// PROOF_MATURITY_DELAY_SECONDS: from proving to finalizing.
        public var proofMaturity: UInt64
        /// DISPUTE_GAME_FINALITY_DELAY_SECONDS: from the game's resolution to finalizing.
        public var gameFinality: UInt64
        /// The L2OutputOracle's FINALIZATION_PERIOD_SECONDS (before fault proofs).
        public var outputFinalization: UInt64

        public init(proofMaturity: UInt64 = 604_800, gameFinality: UInt64 = 302_400, outputFinalization: UInt64 = 604_800) {
            self.proofMaturity = proofMaturity; self.gameFinality = gameFinality; self.outputFinalization = outputFinalization
        }

        /// The first L1 time at which a proof made at `provenAt` has matured: the portal wants
        /// strictly more than the delay, `now - provenAt > delay`.
        public func proofMaturesAt(provenAt: UInt64) -> UInt64 { after(provenAt, proofMaturity) }

        /// `t + delay + 1`, saturating (times come from outside and may be anything).
        func after(_ t: UInt64, _ delay: UInt64) -> UInt64 {
            let (a, o1) = t.addingReportingOverflow(delay)
            let (b, o2) = a.addingReportingOverflow(1)
            return o1 || o2 ? .max : b
        }
    }

    /// What the proof rests on.
    public enum Commitment: Sendable, Equatable {
        case game(Game)
        /// An L2OutputOracle proposal and the L1 time it was posted.
        case outputProposal(l1Timestamp: UInt64)
    }

    public struct Game: Sendable, Equatable {
        public var status: GameStatus
        public var createdAt: UInt64
        public var resolvedAt: UInt64?
        /// Blacklisted by the guardian.
        public var blacklisted: Bool
        /// Whether its type is still the portal's respected game type, and it was created after
        /// the respected type was last set.
        public var respected: Bool

        public init(status: GameStatus, createdAt: UInt64, resolvedAt: UInt64? = nil, blacklisted: Bool = false, respected: Bool = true) {
            self.status = status; self.createdAt = createdAt; self.resolvedAt = resolvedAt
            self.blacklisted = blacklisted; self.respected = respected
        }
    }

    public struct Assessment: Sendable, Equatable {
        public var status: Status
        /// The first L1 time at which finalizing succeeds, when it is known.
        public var finalizableAt: UInt64?
        /// Why it is not finalizable yet, or why the proof must be made again.
        public var waitingFor: [String]
        /// The proof can never finalize: the withdrawal must be proven again against another game.
        public var mustReprove: Bool

        public init(status: Status, finalizableAt: UInt64?, waitingFor: [String], mustReprove: Bool) {
            self.status = status; self.finalizableAt = finalizableAt; self.waitingFor = waitingFor; self.mustReprove = mustReprove
        }
    }

    /// - Parameters:
    ///   - provenAt: the L1 time of the (latest) proof, nil if never proven.
    ///   - finalized: the `success` of `WithdrawalFinalized`, nil if not finalized.
    ///   - now: the L1 time to judge at.
    public static func assess(provenAt: UInt64?, commitment: Commitment?, finalized: Bool?, now: UInt64, delays: Delays = Delays()) -> Assessment {
        if let finalized { return Assessment(status: finalized ? .relayed : .failed, finalizableAt: nil, waitingFor: [], mustReprove: false) }
        guard let provenAt else { return Assessment(status: .initiated, finalizableAt: nil, waitingFor: ["a proof on L1"], mustReprove: false) }
        // The portal requires strictly more than each delay to have passed: `now - t > delay`.
        var at = delays.proofMaturesAt(provenAt: provenAt)
        var waiting = [String]()
        var invalid = [String]()
        if now < at { waiting.append("the proof to mature at \(at) (proven at \(provenAt) + \(delays.proofMaturity) s)") }
        switch commitment {
        case nil:
            waiting.append("the dispute game the proof used")
            return Assessment(status: .proven, finalizableAt: nil, waitingFor: waiting, mustReprove: false)
        case .outputProposal(let posted):
            let final = delays.after(posted, delays.outputFinalization)
            at = max(at, final)
            if now < final { waiting.append("the output proposal's finalization period to end at \(final)") }
        case .game(let game):
            if game.blacklisted { invalid.append("the game is blacklisted") }
            if !game.respected { invalid.append("the game's type is no longer respected, or it predates the respected type's update") }
            if game.status == .challengerWins { invalid.append("the game resolved for the challenger") }
            if provenAt <= game.createdAt { invalid.append("the proof is not later than the game's creation") }
            switch (game.status, game.resolvedAt) {
            case (.defenderWins, let resolvedAt?):
                let final = delays.after(resolvedAt, delays.gameFinality)
                at = max(at, final)
                if now < final { waiting.append("the game's finality delay to end at \(final) (resolved at \(resolvedAt) + \(delays.gameFinality) s)") }
            case (.inProgress, _), (.defenderWins, nil):
                waiting.append("the game to resolve for the defender")
                return Assessment(status: .proven, finalizableAt: nil, waitingFor: waiting + invalid, mustReprove: !invalid.isEmpty)
            case (.challengerWins, _):
                break
            }
        }
        guard invalid.isEmpty else { return Assessment(status: .proven, finalizableAt: nil, waitingFor: invalid, mustReprove: true) }
        return Assessment(status: now >= at ? .finalizable : .proven, finalizableAt: at, waitingFor: waiting, mustReprove: false)
    }
}

import OptimismSettlement
import Testing

/// The portal's finalization rules, one condition at a time (mainnet delays: 7 days of proof
/// maturity, 3.5 days of game finality, both strict: more than the delay must have passed).
@Suite struct WithdrawalLifecycleTests {
    typealias L = WithdrawalLifecycle
    static let proven: UInt64 = 1_000_000, week: UInt64 = 604_800, halfWeek: UInt64 = 302_400

    static func game(_ status: GameStatus, resolvedAt: UInt64? = nil, createdAt: UInt64 = proven - 10, blacklisted: Bool = false, respected: Bool = true) -> L.Commitment {
        .game(.init(status: status, createdAt: createdAt, resolvedAt: resolvedAt, blacklisted: blacklisted, respected: respected))
    }

    @Test func theLattice() {
        #expect(L.assess(provenAt: nil, commitment: nil, finalized: nil, now: 5).status == .initiated)
        #expect(L.assess(provenAt: Self.proven, commitment: nil, finalized: true, now: 5).status == .relayed)
        #expect(L.assess(provenAt: Self.proven, commitment: nil, finalized: false, now: 5).status == .failed)
        // Without knowing the game, proven and no date.
        let unknown = L.assess(provenAt: Self.proven, commitment: nil, finalized: nil, now: Self.proven + 2 * Self.week)
        #expect(unknown.status == .proven && unknown.finalizableAt == nil)
    }

    @Test func bothDelaysMustPass() {
        // Resolved early: the proof's maturity decides, one second after the seven days.
        let early = Self.game(.defenderWins, resolvedAt: Self.proven)
        let at = Self.proven + Self.week + 1
        #expect(L.assess(provenAt: Self.proven, commitment: early, finalized: nil, now: at - 1).status == .proven)
        let ready = L.assess(provenAt: Self.proven, commitment: early, finalized: nil, now: at)
        #expect(ready.status == .finalizable && ready.finalizableAt == at && ready.waitingFor.isEmpty)
        // Resolved late: the game's finality decides.
        let late = Self.game(.defenderWins, resolvedAt: Self.proven + Self.week)
        let a = L.assess(provenAt: Self.proven, commitment: late, finalized: nil, now: at)
        #expect(a.status == .proven && a.finalizableAt == Self.proven + Self.week + Self.halfWeek + 1)
        // Not resolved yet.
        let open = L.assess(provenAt: Self.proven, commitment: Self.game(.inProgress), finalized: nil, now: at)
        #expect(open.status == .proven && open.finalizableAt == nil && !open.mustReprove)
        // Before fault proofs: the output's finalization period.
        let oracle = L.assess(provenAt: Self.proven, commitment: .outputProposal(l1Timestamp: Self.proven + 100), finalized: nil, now: at)
        #expect(oracle.status == .proven && oracle.finalizableAt == Self.proven + 100 + Self.week + 1)
    }

    @Test func invalidatedGamesNeedANewProof() {
        let now = Self.proven + 2 * Self.week
        for commitment in [Self.game(.challengerWins, resolvedAt: Self.proven), Self.game(.defenderWins, resolvedAt: Self.proven, blacklisted: true),
                           Self.game(.defenderWins, resolvedAt: Self.proven, respected: false),
                           Self.game(.defenderWins, resolvedAt: Self.proven, createdAt: Self.proven)] {
            let a = L.assess(provenAt: Self.proven, commitment: commitment, finalized: nil, now: now)
            #expect(a.status == .proven && a.mustReprove && a.finalizableAt == nil, "\(commitment)")
        }
    }
}

/// The pairing equation snarkjs's PLONK and FFLONK verifiers both end with,
///
///     e(P, [1]₂) · e(Q, [τ]₂) = 1,
///
/// kept as linear combinations — scalars for the verifying key's fixed G1 points, and proof points
/// with their scalars — until it is evaluated. Claims of several proofs under one key then fold
/// into one: Σρᵢ·Pᵢ and Σρᵢ·Qᵢ with random weights ρᵢ, where the key's points appear once
/// whatever the number of proofs, and one 2-pair pairing check replaces N.
struct KZGOpeningClaim: Sendable {
    /// One scalar per fixed point of the key (`KZGOpeningKey.fixedPoints`), on the [1]₂ side.
    var keyScalars: [BN254.Fr]
    /// Proof points on the [1]₂ side.
    var points: [BN254.G1Point] = []
    var scalars: [BN254.Fr] = []
    /// Proof points on the [τ]₂ side.
    var tauPoints: [BN254.G1Point] = []
    var tauScalars: [BN254.Fr] = []

    init(keyPointCount: Int) { keyScalars = [BN254.Fr](repeating: .zero, count: keyPointCount) }

    mutating func add(_ point: BN254.G1Point, _ scalar: BN254.Fr) {
        points.append(point)
        scalars.append(scalar)
    }

    mutating func addTau(_ point: BN254.G1Point, _ scalar: BN254.Fr) {
        tauPoints.append(point)
        tauScalars.append(scalar)
    }
}

/// What a verifying key brings to the final check: its fixed G1 points (the G1 generator among
/// them) and the Miller-loop lines of [τ]₂, computed once.
struct KZGOpeningKey: Sendable {
    let fixedPoints: [BN254.G1Point]
    let tau: BN254.G2Prepared

    /// The lines of the G2 generator [1]₂, shared by every key.
    static let generatorLines = BN254.G2Prepared(.generator)

    init(fixedPoints: [BN254.G1Point], tau: BN254.G2Point) {
        self.fixedPoints = fixedPoints
        self.tau = BN254.G2Prepared(tau)
    }

    /// Whether one claim holds: two multi-scalar multiplications and a 2-pair check.
    func holds(_ claim: KZGOpeningClaim) -> Bool {
        let p = BN254.G1Point.linearCombination(fixedPoints + claim.points, claim.keyScalars + claim.scalars)
        let q = BN254.G1Point.linearCombination(claim.tauPoints, claim.tauScalars)
        return BN254.Pairing.check(prepared: [(p, KZGOpeningKey.generatorLines), (q, tau)])
    }

    /// Whether Σρᵢ·claimᵢ holds. With weights drawn at random after the claims are fixed, it
    /// fails except with probability about 2⁻¹²⁸ when any claim does not hold.
    func holds(_ claims: some Collection<KZGOpeningClaim>, weights: some Collection<BN254.Fr>) -> Bool {
        var folded = KZGOpeningClaim(keyPointCount: fixedPoints.count)
        for (claim, rho) in zip(claims, weights) {
            for i in folded.keyScalars.indices { folded.keyScalars[i] += rho * claim.keyScalars[i] }
            folded.points += claim.points
            folded.scalars += claim.scalars.map { rho * $0 }
            folded.tauPoints += claim.tauPoints
            folded.tauScalars += claim.tauScalars.map { rho * $0 }
        }
        return holds(folded)
    }
}

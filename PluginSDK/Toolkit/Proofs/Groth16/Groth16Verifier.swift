extension Groth16 {
    /// A verifying key checked once and ready for many proofs: e(α, β) computed (never taken
    /// from the key file), and the Miller-loop lines of −γ, −δ (and β, for batches) precomputed,
    /// so that a proof costs one three-pair Miller loop and one final exponentiation:
    ///
    ///     e(A, B) · e(vk_x, −γ) · e(C, −δ) = e(α, β)
    public struct PreparedVerifyingKey: Sendable {
        public let key: VerifyingKey
        /// e(α, β).
        public let alphaBeta: BN254.Fp12
        let negGamma: BN254.G2Prepared
        let negDelta: BN254.G2Prepared
        let beta: BN254.G2Prepared

        /// Key points were checked when they were read (coordinates below p, on their curves,
        /// G2 in the order-r subgroup); this checks the subgroup again for keys built in code.
        public init(_ key: VerifyingKey) throws(FormatError) {
            for (name, point) in [("beta", key.beta), ("gamma", key.gamma), ("delta", key.delta)] where !point.isInSubgroup {
                throw FormatError(.point(.notInSubgroup), field: name, "G2 point is not in the order-r subgroup")
            }
            guard !key.ic.isEmpty else { throw .malformed("IC", "the key has no IC points") }
            self.key = key
            alphaBeta = BN254.Pairing.pairing(key.alpha, key.beta)
            negGamma = BN254.G2Prepared(-key.gamma)
            negDelta = BN254.G2Prepared(-key.delta)
            beta = BN254.G2Prepared(key.beta)
        }

        public var publicInputCount: Int { key.publicInputCount }

        /// vk_x = IC[0] + Σ xᵢ·IC[i + 1].
        func inputCommitment(_ inputs: [BN254.Fr]) -> BN254.G1Point {
            key.ic[0] + BN254.G1Point.linearCombination(Array(key.ic.dropFirst()), inputs)
        }

        func checkCount(_ inputs: [BN254.Fr], field: String = "public_inputs") throws(FormatError) {
            try PublicInputs.check(inputs, count: publicInputCount, field: field)
        }

        /// Whether `proof` is valid for `publicInputs`. Throws only when the number of inputs
        /// does not match the key. The proof's points were checked when they were read.
        public func verify(_ proof: Proof, publicInputs: [BN254.Fr]) throws(FormatError) -> Bool {
            try checkCount(publicInputs)
            let f = BN254.Pairing.millerLoop([
                (proof.a, BN254.G2Prepared(proof.b)),
                (inputCommitment(publicInputs), negGamma),
                (proof.c, negDelta),
            ])
            return BN254.Pairing.finalExponentiation(f) == alphaBeta
        }

        public func verify(_ statement: Statement) throws(FormatError) -> Bool {
            try verify(statement.proof, publicInputs: statement.publicInputs)
        }
    }

    /// Verifies with a key used once (prepares it first).
    public static func verify(key: VerifyingKey, proof: Proof, publicInputs: [BN254.Fr]) throws(FormatError) -> Bool {
        try PreparedVerifyingKey(key).verify(proof, publicInputs: publicInputs)
    }
}

// MARK: - Batches

extension Groth16 {
    public typealias BatchResult = ProofBatchResult

    /// Verifies N proofs under one key in one multi-pairing: with independent random 128-bit
    /// weights ρᵢ (drawn after all proofs are fixed),
    ///
    ///     Πᵢ e(ρᵢ·Aᵢ, Bᵢ) · e(Σρᵢ·vk_xᵢ, −γ) · e(Σρᵢ·Cᵢ, −δ) · e(−(Σρᵢ)·α, β) = 1
    ///
    /// (the last pair is e(α, β)^(Σρᵢ) moved to the left: with β's lines precomputed it costs
    /// less than the exponentiation in GT). N + 3 Miller-loop pairs over one shared loop and one
    /// final exponentiation instead of 3N pairs and N exponentiations. If any proof is
    /// invalid the product differs with probability ≥ 1 − 2⁻¹²⁸ over the weights; then the
    /// batch is split in halves until each invalid proof is named. Throws when a statement's
    /// input count does not match the key (nothing is verified then).
    public static func verifyBatch(_ key: PreparedVerifyingKey, _ statements: [Statement]) throws(FormatError) -> BatchResult {
        var rng = SystemRandomNumberGenerator()
        return try verifyBatch(key, statements, using: &rng)
    }

    /// The same with a chosen generator; use a cryptographic one outside tests (a prover that
    /// can predict the weights can make an invalid batch pass).
    public static func verifyBatch(_ key: PreparedVerifyingKey, _ statements: [Statement],
                                   using rng: inout some RandomNumberGenerator) throws(FormatError) -> BatchResult {
        for (i, s) in statements.enumerated() { try key.checkCount(s.publicInputs, field: "proofs[\(i)]") }
        let weighted = statements.map { statement -> WeightedStatement in
            let rho = ProofBatch.weight(using: &rng)
            return WeightedStatement(statement: statement, rho: rho, weightedA: statement.proof.a.multiplied(by: rho))
        }
        let invalid = ProofBatch.invalidMembers(
            count: weighted.count, holds: { batchHolds(key, weighted[$0]) },
            single: { (try? key.verify(weighted[$0].statement)) == true })
        return BatchResult(invalid: invalid, count: statements.count)
    }

    /// A statement with its weight and ρ·A, kept for the sub-batches of a bisection.
    struct WeightedStatement {
        var statement: Statement
        var rho: BN254.Fr
        var weightedA: BN254.G1Point
    }

    private static func batchHolds(_ key: PreparedVerifyingKey, _ batch: ArraySlice<WeightedStatement>) -> Bool {
        // Σρᵢ·vk_xᵢ = (Σρᵢ)·IC[0] + Σⱼ (Σᵢ ρᵢ·xᵢⱼ)·IC[j]: one MSM over the key's IC points.
        var icScalars = [BN254.Fr](repeating: .zero, count: key.key.ic.count)
        for w in batch {
            icScalars[0] += w.rho
            for (j, x) in w.statement.publicInputs.enumerated() { icScalars[j + 1] += w.rho * x }
        }
        let inputs = BN254.G1Point.linearCombination(key.key.ic, icScalars)
        let c = BN254.G1Point.linearCombination(batch.map(\.statement.proof.c), batch.map(\.rho))
        let fixed = BN254.Pairing.millerLoop([
            (inputs, key.negGamma), (c, key.negDelta), ((-key.key.alpha).multiplied(by: icScalars[0]), key.beta),
        ])
        // B's lines are computed inside a loop of their own: cheaper here than preparing each B
        // (measured), although the two loops do not share their squarings.
        let proofs = BN254.Pairing.millerLoop(batch.map { ($0.weightedA, $0.statement.proof.b) })
        return BN254.Pairing.finalExponentiation(fixed * proofs).isOne
    }
}

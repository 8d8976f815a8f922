extension Plonk {
    /// A verifying key checked once and ready for many proofs: the domain's root checked, the
    /// key's points encoded for the transcript, and the Miller-loop lines of [τ]₂ precomputed.
    public struct PreparedVerifyingKey: Sendable {
        public let key: VerifyingKey
        let domain: SnarkjsDomain
        let opening: KZGOpeningKey
        /// Qm ‖ Ql ‖ Qr ‖ Qo ‖ Qc ‖ S1 ‖ S2 ‖ S3 as the first transcript round absorbs them.
        let transcriptPrefix: [UInt8]

        /// The order of the key's points in `KZGOpeningClaim.keyScalars`.
        enum KeyPoint: Int, CaseIterable { case qm, ql, qr, qo, qc, s1, s2, s3, generator }

        /// Key points were checked when they were read; [τ]₂'s subgroup is checked again for
        /// keys built in code, and w must be the root snarkjs uses for 2^power.
        public init(_ key: VerifyingKey) throws(FormatError) {
            guard !key.x2.isInfinity, key.x2.isInSubgroup else {
                throw FormatError(.point(.notInSubgroup), field: "X_2", "[tau]_2 must be a point of order r")
            }
            domain = try SnarkjsDomain(power: key.power, omega: key.omega, field: "w")
            let committed = [key.qm, key.ql, key.qr, key.qo, key.qc, key.s1, key.s2, key.s3]
            opening = KZGOpeningKey(fixedPoints: committed + [.generator], tau: key.x2)
            transcriptPrefix = committed.flatMap(SnarkjsTranscript.encode)
            self.key = key
        }

        public var publicInputCount: Int { key.publicInputCount }

        func checkCount(_ inputs: [BN254.Fr], field: String = "public_inputs") throws(FormatError) {
            try PublicInputs.check(inputs, count: publicInputCount, field: field)
        }

        /// β, γ, α, ξ, v, u as snarkjs ≥ 0.7.0 derives them.
        public func challenges(_ proof: Proof, publicInputs: [BN254.Fr]) -> Challenges {
            var round1 = SnarkjsTranscript(capacity: transcriptPrefix.count + 32 * publicInputs.count + 192)
            round1.append(encoded: transcriptPrefix)
            for x in publicInputs { round1.append(x) }
            round1.append(proof.a)
            round1.append(proof.b)
            round1.append(proof.c)
            let beta = round1.challenge
            let gamma = SnarkjsTranscript.challenge([.scalar(beta)])
            let alpha = SnarkjsTranscript.challenge([.scalar(beta), .scalar(gamma), .point(proof.z)])
            let xi = SnarkjsTranscript.challenge([.scalar(alpha), .point(proof.t1), .point(proof.t2), .point(proof.t3)])
            let v = SnarkjsTranscript.challenge([.scalar(xi), .scalar(proof.evalA), .scalar(proof.evalB), .scalar(proof.evalC),
                                                 .scalar(proof.evalS1), .scalar(proof.evalS2), .scalar(proof.evalZw)])
            let u = SnarkjsTranscript.challenge([.point(proof.wxi), .point(proof.wxiw)])
            return Challenges(beta: beta, gamma: gamma, alpha: alpha, xi: xi, v: v, u: u)
        }

        /// Whether `proof` is valid for `publicInputs`. Throws only when the number of inputs
        /// does not match the key; the proof's points and scalars were checked when read.
        public func verify(_ proof: Proof, publicInputs: [BN254.Fr]) throws(FormatError) -> Bool {
            try checkCount(publicInputs)
            guard let claim = claim(proof, publicInputs) else { return false }
            return opening.holds(claim)
        }

        public func verify(_ statement: Statement) throws(FormatError) -> Bool {
            try verify(statement.proof, publicInputs: statement.publicInputs)
        }

        /// The final pairing equation of `proof`, not yet evaluated; nil when ξ falls in the
        /// domain (a Lagrange denominator is zero), which no valid proof does.
        func claim(_ proof: Proof, _ inputs: [BN254.Fr]) -> KZGOpeningClaim? {
            let ch = challenges(proof, publicInputs: inputs)
            let (alpha, beta, gamma, xi, u) = (ch.alpha, ch.beta, ch.gamma, ch.xi, ch.u)
            let xin = domain.power(of: xi)
            let zh = xin - .one
            var denominators = domain.lagrangeDenominators(at: xi, count: Swift.max(1, inputs.count))
            guard BN254.Fr.invertAll(&denominators) else { return nil }
            let lagrange = domain.lagrange(vanishing: zh, inverseDenominators: denominators[...])
            let pi = SnarkjsDomain.publicInputPolynomial(inputs, lagrange: lagrange)

            let (a, b, c, s1, s2, zw) = (proof.evalA, proof.evalB, proof.evalC, proof.evalS1, proof.evalS2, proof.evalZw)
            let l1Alpha2 = lagrange[0] * alpha.squared()
            // (a + β·s1 + γ)(b + β·s2 + γ): the permutation's closing product without its last factor.
            let sigma12 = (a + beta * s1 + gamma) * (b + beta * s2 + gamma)
            let r0 = pi - l1Alpha2 - alpha * sigma12 * (c + gamma) * zw
            let betaXi = beta * xi
            let zScalar = alpha * (a + betaXi + gamma) * (b + betaXi * key.k1 + gamma) * (c + betaXi * key.k2 + gamma) + l1Alpha2 + u
            let v1 = ch.v, v2 = v1 * v1, v3 = v2 * v1, v4 = v3 * v1, v5 = v4 * v1
            let e = v1 * a + v2 * b + v3 * c + v4 * s1 + v5 * s2 + u * zw - r0

            // [1]₂ side: ξ·W_ξ + uξω·W_ξω + D + v₁A + v₂B + v₃C + v₄S1 + v₅S2 − e·G1, with
            // D = ab·Qm + a·Ql + b·Qr + c·Qo + Qc + zScalar·Z − αβ·zw·σ₁₂·S3 − Z_H·(T1 + ξⁿT2 + ξ²ⁿT3).
            var claim = KZGOpeningClaim(keyPointCount: KeyPoint.allCases.count)
            claim.keyScalars[KeyPoint.qm.rawValue] = a * b
            claim.keyScalars[KeyPoint.ql.rawValue] = a
            claim.keyScalars[KeyPoint.qr.rawValue] = b
            claim.keyScalars[KeyPoint.qo.rawValue] = c
            claim.keyScalars[KeyPoint.qc.rawValue] = .one
            claim.keyScalars[KeyPoint.s1.rawValue] = v4
            claim.keyScalars[KeyPoint.s2.rawValue] = v5
            claim.keyScalars[KeyPoint.s3.rawValue] = -(alpha * beta * zw * sigma12)
            claim.keyScalars[KeyPoint.generator.rawValue] = -e
            claim.add(proof.z, zScalar)
            claim.add(proof.t1, -zh)
            claim.add(proof.t2, -(zh * xin))
            claim.add(proof.t3, -(zh * xin * xin))
            claim.add(proof.a, v1)
            claim.add(proof.b, v2)
            claim.add(proof.c, v3)
            claim.add(proof.wxi, xi)
            claim.add(proof.wxiw, u * xi * domain.omega)
            // [τ]₂ side: −(W_ξ + u·W_ξω).
            claim.addTau(proof.wxi, -.one)
            claim.addTau(proof.wxiw, -u)
            return claim
        }
    }

    /// Verifies with a key used once (prepares it first).
    public static func verify(key: VerifyingKey, proof: Proof, publicInputs: [BN254.Fr]) throws(FormatError) -> Bool {
        try PreparedVerifyingKey(key).verify(proof, publicInputs: publicInputs)
    }

    /// Verifies N proofs under one key with one 2-pair pairing check: each proof's final
    /// equation e(Pᵢ, [1]₂)·e(Qᵢ, [τ]₂) = 1 is weighted by an independent random 128-bit ρᵢ and
    /// the sums are checked, the key's eight commitments and G1 appearing once for all proofs.
    /// A failing batch is split until each invalid proof is named. Throws when a statement's
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
        let claims = statements.map { key.claim($0.proof, $0.publicInputs) }
        let weights = statements.map { _ in ProofBatch.weight(using: &rng) }
        let invalid = ProofBatch.invalidMembers(
            count: claims.count,
            holds: { range in
                let members = claims[range].compactMap { $0 }
                return members.count == range.count && key.opening.holds(members, weights: weights[range])
            },
            single: { claims[$0].map(key.opening.holds) ?? false })
        return BatchResult(invalid: invalid, count: statements.count)
    }
}

extension Fflonk {
    /// A verifying key checked once: the roots of unity checked against each other (the root
    /// sets' vanishing polynomials below depend on it), C0 encoded for the transcript, and the
    /// lines of [τ]₂ precomputed.
    public struct PreparedVerifyingKey: Sendable {
        public let key: VerifyingKey
        let domain: SnarkjsDomain
        let opening: KZGOpeningKey
        let c0Encoding: [UInt8]
        /// w8⁰…w8⁷, w4⁰…w4³, w3⁰…w3².
        let w8Powers: [BN254.Fr], w4Powers: [BN254.Fr], w3Powers: [BN254.Fr]

        /// The order of the key's points in `KZGOpeningClaim.keyScalars`.
        enum KeyPoint: Int, CaseIterable { case c0, generator }

        public init(_ key: VerifyingKey) throws(FormatError) {
            guard !key.x2.isInfinity, key.x2.isInSubgroup else {
                throw FormatError(.point(.notInSubgroup), field: "X_2", "[tau]_2 must be a point of order r")
            }
            domain = try SnarkjsDomain(power: key.power, omega: key.omega, field: "w")
            let one = BN254.Fr.one, minusOne = -BN254.Fr.one
            guard key.w3 != one, key.w3 * key.w3 * key.w3 == one else { throw .malformed("w3", "w3 is not a primitive cube root of unity") }
            guard key.w4 * key.w4 == minusOne else { throw .malformed("w4", "w4 is not a primitive fourth root of unity") }
            guard key.w8.squared().squared() == minusOne else { throw .malformed("w8", "w8 is not a primitive eighth root of unity") }
            guard key.wr * key.wr * key.wr == key.omega else { throw .malformed("wr", "wr^3 is not w") }
            func powers(_ w: BN254.Fr, _ count: Int) -> [BN254.Fr] {
                var result = [BN254.Fr.one]
                while result.count < count, let last = result.last { result.append(last * w) }
                return result
            }
            w8Powers = powers(key.w8, 8)
            w4Powers = powers(key.w4, 4)
            w3Powers = powers(key.w3, 3)
            opening = KZGOpeningKey(fixedPoints: [key.c0, .generator], tau: key.x2)
            c0Encoding = SnarkjsTranscript.encode(key.c0)
            self.key = key
        }

        public var publicInputCount: Int { key.publicInputCount }

        func checkCount(_ inputs: [BN254.Fr], field: String = "public_inputs") throws(FormatError) {
            try PublicInputs.check(inputs, count: publicInputCount, field: field)
        }

        /// β, γ, ξseed (and ξ = ξseed²⁴), α, y as snarkjs derives them.
        public func challenges(_ proof: Proof, publicInputs: [BN254.Fr]) -> Challenges {
            var round1 = SnarkjsTranscript(capacity: 128 + 32 * publicInputs.count)
            round1.append(encoded: c0Encoding)
            for x in publicInputs { round1.append(x) }
            round1.append(proof.c1)
            let beta = round1.challenge
            let gamma = SnarkjsTranscript.challenge([.scalar(beta)])
            let xiSeed = SnarkjsTranscript.challenge([.scalar(gamma), .point(proof.c2)])
            let evaluations = Proof.evaluationPaths.dropLast().map { SnarkjsTranscriptItem.scalar(proof[keyPath: $0.path]) }
            let alpha = SnarkjsTranscript.challenge([.scalar(xiSeed)] + evaluations)
            let y = SnarkjsTranscript.challenge([.scalar(alpha), .point(proof.w1)])
            let h2 = xiSeed.squared().squared().squared()
            return Challenges(beta: beta, gamma: gamma, xiSeed: xiSeed, xi: h2.squared() * h2, alpha: alpha, y: y)
        }

        /// Whether `proof` is valid for `publicInputs` under `semantics`. Throws only when the
        /// number of inputs does not match the key.
        public func verify(_ proof: Proof, publicInputs: [BN254.Fr], semantics: Semantics = .snarkjs) throws(FormatError) -> Bool {
            try check(proof, publicInputs: publicInputs, semantics: semantics).isValid
        }

        /// The same, saying which check failed.
        public func check(_ proof: Proof, publicInputs: [BN254.Fr], semantics: Semantics = .snarkjs) throws(FormatError) -> Outcome {
            try checkCount(publicInputs)
            switch claim(proof, publicInputs, semantics) {
            case .success(let claim): return opening.holds(claim) ? .valid : .pairingFailed
            case .failure(let rejection): return rejection.outcome
            }
        }

        struct Rejection: Error { var outcome: Outcome }

        /// The final pairing equation of `proof`, not yet evaluated, or why it was refused first.
        func claim(_ proof: Proof, _ inputs: [BN254.Fr], _ semantics: Semantics) -> Result<KZGOpeningClaim, Rejection> {
            if semantics == .solidity, [proof.c1, proof.c2, proof.w1, proof.w2].contains(where: \.isInfinity) {
                return .failure(Rejection(outcome: .commitmentAtInfinity))
            }
            let ch = challenges(proof, publicInputs: inputs)
            let (beta, gamma, alpha, y, xi) = (ch.beta, ch.gamma, ch.alpha, ch.y, ch.xi)
            let seed2 = ch.xiSeed.squared()
            // The root sets: S0 = h0·⟨w8⟩ (h0⁸ = ξ), S1 = h1·⟨w4⟩ (h1⁴ = ξ), S2 = h2·⟨w3⟩ ∪ h3·⟨w3⟩
            // (h2³ = ξ, h3³ = ξω).
            let h0 = seed2 * ch.xiSeed
            let h1 = h0.squared()
            let h2 = h1 * seed2
            let h3 = h2 * key.wr
            let s0 = w8Powers.map { h0 * $0 }, s1 = w4Powers.map { h1 * $0 }
            let s2a = w3Powers.map { h2 * $0 }, s2b = w3Powers.map { h3 * $0 }
            let xiw = xi * domain.omega
            let xin = domain.power(of: xi)
            let zh = xin - .one
            // The vanishing polynomials of the root sets at y, which are also the numerators of
            // their Lagrange bases: Z0 = y⁸ − ξ, Z1 = y⁴ − ξ, Z2 = (y³ − ξ)(y³ − ξω).
            let y3 = y.squared() * y, y4 = y.squared().squared()
            let z0 = y4.squared() - xi, z1 = y4 - xi, z2 = (y3 - xi) * (y3 - xiw)

            // Every denominator, in the Solidity verifier's batch order: Z_H(ξ), Z1, Z2, the
            // Lagrange denominators on S0, S1, S2, and n·(ξ − ωⁱ) for the public inputs.
            // On a coset {r0·wⁱ} of size m: Lᵢ(y) = Z(y) / (m·r0^(m−2)·r_{(m−1)i mod m}·(y − rᵢ)).
            var batch = [zh, z1, z2]
            batch.reserveCapacity(21 + Swift.max(1, inputs.count))
            let h0to6 = h1.squared() * h1
            let den0 = BN254.Fr(8) * h0to6
            for i in 0..<8 { batch.append(den0 * s0[(7 * i) % 8] * (y - s0[i])) }
            let den1 = BN254.Fr(4) * h1.squared()
            for i in 0..<4 { batch.append(den1 * s1[(3 * i) % 4] * (y - s1[i])) }
            let den2a = BN254.Fr(3) * h2 * (xi - xiw), den2b = BN254.Fr(3) * h3 * (xiw - xi)
            for i in 0..<3 { batch.append(den2a * s2a[(2 * i) % 3] * (y - s2a[i])) }
            for i in 0..<3 { batch.append(den2b * s2b[(2 * i) % 3] * (y - s2b[i])) }
            batch += domain.lagrangeDenominators(at: xi, count: Swift.max(1, inputs.count))

            if semantics == .solidity {
                let product = batch.reduce(BN254.Fr.one, *)
                guard product * proof.inv == .one else { return .failure(Rejection(outcome: .inverseMismatch)) }
            }
            guard BN254.Fr.invertAll(&batch) else { return .failure(Rejection(outcome: .degenerateChallenge)) }
            let inverseZh = batch[0], inverseZ1 = batch[1], inverseZ2 = batch[2]
            let lagrange = domain.lagrange(vanishing: zh, inverseDenominators: batch[21...])
            let pi = SnarkjsDomain.publicInputPolynomial(inputs, lagrange: lagrange)

            let p = proof
            // r0(y): C0 interpolated on S0, C0(t) = ql + qr·t + qo·t² + qm·t³ + qc·t⁴ + s1·t⁵ + s2·t⁶ + s3·t⁷.
            var r0 = BN254.Fr.zero
            for i in 0..<8 {
                let t = s0[i]
                let c0 = p.ql + t * (p.qr + t * (p.qo + t * (p.qm + t * (p.qc + t * (p.s1 + t * (p.s2 + t * p.s3))))))
                r0 += c0 * batch[3 + i]
            }
            r0 *= z0
            // r1(y): C1(t) = a + b·t + c·t² + T0·t³ on S1, T0 the gate identity over Z_H.
            let t0 = (p.ql * p.a + p.qr * p.b + p.qm * p.a * p.b + p.qo * p.c + p.qc + pi) * inverseZh
            var r1 = BN254.Fr.zero
            for i in 0..<4 {
                let t = s1[i]
                r1 += (p.a + t * (p.b + t * (p.c + t * t0))) * batch[11 + i]
            }
            r1 *= z1
            // r2(y): C2(t) = z + T1·t + T2·t² on h2·⟨w3⟩ and zw + t1w·t + t2w·t² on h3·⟨w3⟩.
            let t1 = (p.z - .one) * lagrange[0] * inverseZh
            let betaXi = beta * xi
            let t2 = ((p.a + betaXi + gamma) * (p.b + betaXi * key.k1 + gamma) * (p.c + betaXi * key.k2 + gamma) * p.z
                - (p.a + beta * p.s1 + gamma) * (p.b + beta * p.s2 + gamma) * (p.c + beta * p.s3 + gamma) * p.zw) * inverseZh
            var r2 = BN254.Fr.zero
            for i in 0..<3 {
                r2 += (p.z + s2a[i] * (t1 + s2a[i] * t2)) * batch[15 + i]
                r2 += (p.zw + s2b[i] * (p.t1w + s2b[i] * p.t2w)) * batch[18 + i]
            }
            r2 *= z2

            let q1 = alpha * z0 * inverseZ1
            let q2 = alpha.squared() * z0 * inverseZ2
            // [1]₂ side: −(F − E − J + y·W2) = −C0 − q1·C1 − q2·C2 + (r0 + q1·r1 + q2·r2)·G1 + Z0·W1 − y·W2.
            var claim = KZGOpeningClaim(keyPointCount: KeyPoint.allCases.count)
            claim.keyScalars[KeyPoint.c0.rawValue] = -.one
            claim.keyScalars[KeyPoint.generator.rawValue] = r0 + q1 * r1 + q2 * r2
            claim.add(p.c1, -q1)
            claim.add(p.c2, -q2)
            claim.add(p.w1, z0)
            claim.add(p.w2, -y)
            // [τ]₂ side: W2.
            claim.addTau(p.w2, .one)
            return .success(claim)
        }
    }

    /// Verifies with a key used once (prepares it first).
    public static func verify(key: VerifyingKey, proof: Proof, publicInputs: [BN254.Fr],
                              semantics: Semantics = .snarkjs) throws(FormatError) -> Bool {
        try PreparedVerifyingKey(key).verify(proof, publicInputs: publicInputs, semantics: semantics)
    }

    /// Verifies N proofs under one key with one 2-pair pairing check (random 128-bit weights on
    /// each proof's final equation; C0 and G1 appear once for all). A failing batch is split
    /// until each invalid proof is named. Throws when a statement's input count does not match.
    public static func verifyBatch(_ key: PreparedVerifyingKey, _ statements: [Statement],
                                   semantics: Semantics = .snarkjs) throws(FormatError) -> BatchResult {
        var rng = SystemRandomNumberGenerator()
        return try verifyBatch(key, statements, semantics: semantics, using: &rng)
    }

    /// The same with a chosen generator; use a cryptographic one outside tests.
    public static func verifyBatch(_ key: PreparedVerifyingKey, _ statements: [Statement], semantics: Semantics = .snarkjs,
                                   using rng: inout some RandomNumberGenerator) throws(FormatError) -> BatchResult {
        for (i, s) in statements.enumerated() { try key.checkCount(s.publicInputs, field: "proofs[\(i)]") }
        let claims = statements.map { try? key.claim($0.proof, $0.publicInputs, semantics).get() }
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

/// FFLONK over BN254 as snarkjs makes and checks it (`fflonk_verify.js` and the Solidity verifier
/// it exports, which Polygon zkEVM uses): the PLONK polynomials combined into C0 (preprocessed),
/// C1 and C2, opened on three root sets of a point derived from ξ with one 2-pair check
///
///     e(−(F − E − J + y·W2), [1]₂) · e(W2, [τ]₂) = 1.
///
/// Two semantics (`Semantics`): snarkjs's JavaScript verifier ignores the proof's `inv`; the
/// Solidity verifier checks it, as the inverse of the product of the 21 + max(1, ℓ) values it
/// would otherwise invert, and refuses commitments (0, 0).
public enum Fflonk {
    public typealias FormatError = ProofFormatError
    public typealias BatchResult = ProofBatchResult
}

extension Fflonk {
    public struct VerifyingKey: Sendable {
        /// log₂ of the domain size n.
        public var power: Int
        public var publicInputCount: Int
        public var k1: BN254.Fr
        public var k2: BN254.Fr
        /// ω (order n), a primitive cube, fourth and eighth root of unity, and ω^(1/3).
        public var omega, w3, w4, w8, wr: BN254.Fr
        /// [τ]₂.
        public var x2: BN254.G2Point
        /// The commitment to the eight preprocessed polynomials, interleaved.
        public var c0: BN254.G1Point

        public init(power: Int, publicInputCount: Int, k1: BN254.Fr, k2: BN254.Fr, omega: BN254.Fr, w3: BN254.Fr, w4: BN254.Fr,
                    w8: BN254.Fr, wr: BN254.Fr, x2: BN254.G2Point, c0: BN254.G1Point) {
            self.power = power
            self.publicInputCount = publicInputCount
            self.k1 = k1
            self.k2 = k2
            self.omega = omega
            self.w3 = w3
            self.w4 = w4
            self.w8 = w8
            self.wr = wr
            self.x2 = x2
            self.c0 = c0
        }
    }

    /// A proof: four commitments, fifteen evaluations and the prover's inverse of the Solidity
    /// verifier's batch.
    public struct Proof: Sendable, Equatable {
        public var c1, c2, w1, w2: BN254.G1Point
        public var ql, qr, qm, qo, qc, s1, s2, s3, a, b, c, z, zw, t1w, t2w: BN254.Fr
        public var inv: BN254.Fr

        public init(c1: BN254.G1Point, c2: BN254.G1Point, w1: BN254.G1Point, w2: BN254.G1Point,
                    ql: BN254.Fr, qr: BN254.Fr, qm: BN254.Fr, qo: BN254.Fr, qc: BN254.Fr, s1: BN254.Fr, s2: BN254.Fr, s3: BN254.Fr,
                    a: BN254.Fr, b: BN254.Fr, c: BN254.Fr, z: BN254.Fr, zw: BN254.Fr, t1w: BN254.Fr, t2w: BN254.Fr, inv: BN254.Fr) {
            self.c1 = c1
            self.c2 = c2
            self.w1 = w1
            self.w2 = w2
            self.ql = ql
            self.qr = qr
            self.qm = qm
            self.qo = qo
            self.qc = qc
            self.s1 = s1
            self.s2 = s2
            self.s3 = s3
            self.a = a
            self.b = b
            self.c = c
            self.z = z
            self.zw = zw
            self.t1w = t1w
            self.t2w = t2w
            self.inv = inv
        }

        /// The commitments in the order of the Solidity calldata.
        public static var commitmentPaths: [(name: String, path: WritableKeyPath<Proof, BN254.G1Point>)] {
            [("C1", \.c1), ("C2", \.c2), ("W1", \.w1), ("W2", \.w2)]
        }

        /// The sixteen scalars in the order of the Solidity calldata (the last, `inv`, is read
        /// only under the Solidity semantics).
        public static var evaluationPaths: [(name: String, path: WritableKeyPath<Proof, BN254.Fr>)] {
            [
                ("ql", \.ql), ("qr", \.qr), ("qm", \.qm), ("qo", \.qo), ("qc", \.qc), ("s1", \.s1), ("s2", \.s2), ("s3", \.s3),
                ("a", \.a), ("b", \.b), ("c", \.c), ("z", \.z), ("zw", \.zw), ("t1w", \.t1w), ("t2w", \.t2w), ("inv", \.inv),
            ]
        }
    }

    /// A proof with the public inputs it claims.
    public typealias Statement = ProofStatement<Proof>

    /// Whose rules decide.
    public enum Semantics: String, CaseIterable, Sendable {
        /// snarkjs's `fflonk.verify` (JavaScript): `inv` is not read.
        case snarkjs
        /// The exported Solidity verifier: `inv` must invert the batch, and no commitment may be
        /// (0, 0) (its on-curve check refuses it).
        case solidity
    }

    /// What a verification concluded.
    public enum Outcome: String, Sendable, Equatable {
        case valid
        /// The final pairing equation does not hold.
        case pairingFailed
        /// Solidity semantics: `inv` times the product of the batch is not 1.
        case inverseMismatch
        /// Solidity semantics: a commitment is the point at infinity, (0, 0).
        case commitmentAtInfinity
        /// A denominator is zero (the evaluation point hits a root set or the domain); no
        /// valid proof does this.
        case degenerateChallenge

        public var isValid: Bool { self == .valid }
    }

    /// The Fiat–Shamir challenges of a proof, in transcript order; ξ = ξseed²⁴.
    public struct Challenges: Sendable, Equatable {
        public var beta, gamma, xiSeed, xi, alpha, y: BN254.Fr
    }
}

/// PLONK over BN254 as snarkjs ≥ 0.7.0 makes and checks it (`plonk_verify.js`, and the Solidity
/// verifier it exports): a KZG-committed PLONK with a Keccak-256 transcript, the linearisation
/// polynomial opened at ξ and ξω, and one 2-pair pairing check
///
///     e(−(W_ξ + u·W_ξω), [τ]₂) · e(ξ·W_ξ + uξω·W_ξω + F − E, [1]₂) = 1.
///
/// Proofs made by snarkjs 0.4–0.6 (which carry `eval_r`) use another transcript and are refused
/// when read. Public inputs and evaluations ≥ r are refused, not reduced.
public enum Plonk {
    public typealias FormatError = ProofFormatError
    public typealias BatchResult = ProofBatchResult
}

extension Plonk {
    public struct VerifyingKey: Sendable {
        /// log₂ of the domain size n.
        public var power: Int
        public var publicInputCount: Int
        /// The coset factors of the copy constraints (2 and 3 in snarkjs).
        public var k1: BN254.Fr
        public var k2: BN254.Fr
        /// Selector commitments; a zero selector is the point at infinity.
        public var qm, ql, qr, qo, qc: BN254.G1Point
        /// Permutation commitments.
        public var s1, s2, s3: BN254.G1Point
        /// [τ]₂.
        public var x2: BN254.G2Point
        /// The domain's generator, a primitive n-th root of unity.
        public var omega: BN254.Fr

        public init(power: Int, publicInputCount: Int, k1: BN254.Fr, k2: BN254.Fr,
                    qm: BN254.G1Point, ql: BN254.G1Point, qr: BN254.G1Point, qo: BN254.G1Point, qc: BN254.G1Point,
                    s1: BN254.G1Point, s2: BN254.G1Point, s3: BN254.G1Point, x2: BN254.G2Point, omega: BN254.Fr) {
            self.power = power
            self.publicInputCount = publicInputCount
            self.k1 = k1
            self.k2 = k2
            self.qm = qm
            self.ql = ql
            self.qr = qr
            self.qo = qo
            self.qc = qc
            self.s1 = s1
            self.s2 = s2
            self.s3 = s3
            self.x2 = x2
            self.omega = omega
        }
    }

    /// A proof: nine G1 commitments and six evaluations at ξ (ξω for z).
    public struct Proof: Sendable, Equatable {
        public var a, b, c, z, t1, t2, t3, wxi, wxiw: BN254.G1Point
        public var evalA, evalB, evalC, evalS1, evalS2, evalZw: BN254.Fr

        public init(a: BN254.G1Point, b: BN254.G1Point, c: BN254.G1Point, z: BN254.G1Point,
                    t1: BN254.G1Point, t2: BN254.G1Point, t3: BN254.G1Point, wxi: BN254.G1Point, wxiw: BN254.G1Point,
                    evalA: BN254.Fr, evalB: BN254.Fr, evalC: BN254.Fr, evalS1: BN254.Fr, evalS2: BN254.Fr, evalZw: BN254.Fr) {
            self.a = a
            self.b = b
            self.c = c
            self.z = z
            self.t1 = t1
            self.t2 = t2
            self.t3 = t3
            self.wxi = wxi
            self.wxiw = wxiw
            self.evalA = evalA
            self.evalB = evalB
            self.evalC = evalC
            self.evalS1 = evalS1
            self.evalS2 = evalS2
            self.evalZw = evalZw
        }

        /// The commitments in the order of the Solidity calldata.
        public static var commitmentPaths: [(name: String, path: WritableKeyPath<Proof, BN254.G1Point>)] {
            [
                ("A", \.a), ("B", \.b), ("C", \.c), ("Z", \.z), ("T1", \.t1), ("T2", \.t2), ("T3", \.t3), ("Wxi", \.wxi), ("Wxiw", \.wxiw),
            ]
        }

        /// The evaluations in the order of the Solidity calldata.
        public static var evaluationPaths: [(name: String, path: WritableKeyPath<Proof, BN254.Fr>)] {
            [
                ("eval_a", \.evalA), ("eval_b", \.evalB), ("eval_c", \.evalC), ("eval_s1", \.evalS1), ("eval_s2", \.evalS2), ("eval_zw", \.evalZw),
            ]
        }
    }

    /// A proof with the public inputs it claims.
    public typealias Statement = ProofStatement<Proof>

    /// The Fiat–Shamir challenges of a proof, in transcript order.
    public struct Challenges: Sendable, Equatable {
        public var beta, gamma, alpha, xi: BN254.Fr
        /// v₁ (v₂…v₅ are its powers).
        public var v: BN254.Fr
        public var u: BN254.Fr
    }
}

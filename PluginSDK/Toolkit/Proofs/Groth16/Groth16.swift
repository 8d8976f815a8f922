/// Groth16 over BN254: the verifying key, the proof, and the check
///
///     e(A, B) = e(α, β) · e(vk_x, γ) · e(C, δ),   vk_x = IC[0] + Σ xᵢ·IC[i + 1]
///
/// that every Groth16 verifier contract on Ethereum performs. Keys and proofs come from
/// snarkjs, gnark, SP1, RISC Zero or EVM calldata (see `Groth16.Format`); public inputs are
/// scalars below r, and an input ≥ r is refused when it is read (r + x would otherwise verify
/// as x).
public enum Groth16 {}

extension Groth16 {
    public struct VerifyingKey: Sendable {
        public var alpha: BN254.G1Point
        public var beta: BN254.G2Point
        public var gamma: BN254.G2Point
        public var delta: BN254.G2Point
        /// IC[0] and one point per public input.
        public var ic: [BN254.G1Point]

        public init(alpha: BN254.G1Point, beta: BN254.G2Point, gamma: BN254.G2Point, delta: BN254.G2Point,
                    ic: [BN254.G1Point]) {
            self.alpha = alpha
            self.beta = beta
            self.gamma = gamma
            self.delta = delta
            self.ic = ic
        }

        /// The number of public inputs a proof under this key has.
        public var publicInputCount: Int { Swift.max(ic.count - 1, 0) }
    }

    public struct Proof: Sendable {
        public var a: BN254.G1Point
        public var b: BN254.G2Point
        public var c: BN254.G1Point

        public init(a: BN254.G1Point, b: BN254.G2Point, c: BN254.G1Point) {
            self.a = a
            self.b = b
            self.c = c
        }
    }

    /// A proof with the public inputs it claims.
    public typealias Statement = ProofStatement<Proof>

    /// Why a key, proof or public input was refused (shared by every proof system here).
    public typealias FormatError = ProofFormatError
}

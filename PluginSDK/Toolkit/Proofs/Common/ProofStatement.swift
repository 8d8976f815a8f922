/// A proof with the public inputs it claims: one member of a batch, for Groth16, PLONK and
/// FFLONK alike.
public struct ProofStatement<Proof: Sendable>: Sendable {
    public var proof: Proof
    public var publicInputs: [BN254.Fr]

    public init(proof: Proof, publicInputs: [BN254.Fr]) {
        self.proof = proof
        self.publicInputs = publicInputs
    }
}

/// Where a snarkjs PLONK or FFLONK proof comes from.
///
/// - `snarkjs`: `proof.json` (commitments as projective points with z = 1, evaluations as
///   decimal strings) with `public.json`.
/// - `evm`: the 24 words of the Solidity verifier's `verifyProof` (PLONK: A, B, C, Z, T1, T2,
///   T3, Wxi, Wxiw as x, y, then the six evaluations; FFLONK: C1, C2, W1, W2 as x, y, then ql …
///   t2w and inv), as JSON `{proof_words_24, pubSignals}` or as bytes (optional selector,
///   words, public inputs).
public enum SnarkjsProofFormat: String, CaseIterable, Sendable {
    case snarkjs, evm
}

/// A PLONK or FFLONK proof file as read, with the public inputs when the file carries them.
public struct SnarkjsProofFile<Proof: Sendable>: Sendable {
    public var format: SnarkjsProofFormat
    public var proof: Proof
    public var publicInputs: [BN254.Fr]?

    public init(format: SnarkjsProofFormat, proof: Proof, publicInputs: [BN254.Fr]?) {
        self.format = format
        self.proof = proof
        self.publicInputs = publicInputs
    }
}

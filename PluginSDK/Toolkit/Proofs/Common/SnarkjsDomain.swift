/// The evaluation domain {ωⁱ} of size n = 2^power of a snarkjs circuit, with the Lagrange
/// values Lᵢ(ξ) that carry the public inputs.
struct SnarkjsDomain: Sendable {
    let power: Int
    let size: BN254.Fr
    let omega: BN254.Fr

    /// `omega` is the key's `w`; it must be the root snarkjs uses for this size (ffjavascript's
    /// `Fr.w[power]`), which its JavaScript verifier takes in place of the key's value.
    init(power: Int, omega: BN254.Fr, field: String) throws(ProofFormatError) {
        guard power >= 1, let root = BN254.Fr.rootOfUnity(log2Order: power) else {
            throw .malformed("power", "the domain size 2^power needs 1 <= power <= \(BN254.Fr.twoAdicity); got \(power)")
        }
        guard omega == root else {
            throw .malformed(field, "w is not the primitive 2^\(power)-th root of unity snarkjs uses (\(root)); the key does not match its power")
        }
        self.power = power
        size = BN254.Fr(UInt64(1) << UInt64(power))
        self.omega = root
    }

    /// ξⁿ by `power` squarings.
    func power(of xi: BN254.Fr) -> BN254.Fr {
        var x = xi
        for _ in 0..<power { x = x.squared() }
        return x
    }

    /// n·(ξ − ωⁱ) for i = 0..<count: the denominators of L₁…L_count, to be inverted in a batch.
    func lagrangeDenominators(at xi: BN254.Fr, count: Int) -> [BN254.Fr] {
        var w = BN254.Fr.one
        var result = [BN254.Fr]()
        result.reserveCapacity(count)
        for _ in 0..<count {
            result.append(size * (xi - w))
            w *= omega
        }
        return result
    }

    /// Lᵢ(ξ) = ωⁱ·Z_H(ξ) / (n·(ξ − ωⁱ)) from the inverted denominators.
    func lagrange(vanishing zh: BN254.Fr, inverseDenominators: ArraySlice<BN254.Fr>) -> [BN254.Fr] {
        var w = zh
        return inverseDenominators.map { inverse in
            defer { w *= omega }
            return w * inverse
        }
    }

    /// PI(ξ) = −Σ xᵢ·Lᵢ(ξ).
    static func publicInputPolynomial(_ inputs: [BN254.Fr], lagrange: [BN254.Fr]) -> BN254.Fr {
        var pi = BN254.Fr.zero
        for (x, l) in zip(inputs, lagrange) { pi -= x * l }
        return pi
    }
}

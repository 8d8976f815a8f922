/// The outcome of verifying several proofs under one key in one combined check.
public struct ProofBatchResult: Sendable, Equatable {
    /// The indices of the proofs that do not verify, ascending; empty when all do.
    public var invalid: [Int]
    public var count: Int
    public var allValid: Bool { invalid.isEmpty }

    public init(invalid: [Int], count: Int) {
        self.invalid = invalid
        self.count = count
    }
}

/// Batch verification by random linear combination (Bellare–Garay–Rabin small exponents): each
/// proof's check is weighted by an independent random 128-bit scalar drawn after all proofs are
/// fixed, so that an invalid member leaves the combined check unbalanced except with
/// probability about 2⁻¹²⁸.
enum ProofBatch {
    /// A nonzero 128-bit weight.
    static func weight(using rng: inout some RandomNumberGenerator) -> BN254.Fr {
        var rho: BN254.Fr
        repeat { rho = BN254.Fr(reducing: UInt256(limbs: (rng.next(), rng.next(), 0, 0))) } while rho.isZero
        return rho
    }

    /// The members of `0..<count` that fail, given a combined check over any sub-range and a
    /// check of one member alone. A failing batch is split in halves until each invalid member
    /// is named; a single member is always checked alone, so none is named wrongly.
    static func invalidMembers(count: Int, holds: (Range<Int>) -> Bool, single: (Int) -> Bool) -> [Int] {
        var invalid: [Int] = []
        bisect(0..<count, failing: false, holds: holds, single: single, invalid: &invalid)
        return invalid
    }

    /// `failing`: the caller already knows this part does not verify (its sibling did, and their
    /// union did not), so it is split without a check of its own.
    private static func bisect(_ indices: Range<Int>, failing: Bool, holds: (Range<Int>) -> Bool, single: (Int) -> Bool,
                               invalid: inout [Int]) {
        guard !indices.isEmpty else { return }
        if indices.count == 1 {
            if !single(indices.lowerBound) { invalid.append(indices.lowerBound) }
            return
        }
        if !failing && holds(indices) { return }
        let middle = indices.lowerBound + indices.count / 2
        let before = invalid.count
        bisect(indices.lowerBound..<middle, failing: false, holds: holds, single: single, invalid: &invalid)
        bisect(middle..<indices.upperBound, failing: invalid.count == before, holds: holds, single: single, invalid: &invalid)
    }
}

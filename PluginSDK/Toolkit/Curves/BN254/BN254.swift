/// BN254 (alt_bn128): the pairing-friendly curve of Ethereum's precompiles 0x06–0x08 (EIP-196,
/// EIP-197) and of the Groth16, PLONK and FFLONK verifiers that rollups post to L1.
///
/// - Base field p and scalar field r are 254-bit primes; `Fp` and `Fr` hold Montgomery forms.
/// - G1: y² = x³ + 3 over Fp, cofactor 1. G2: the sextic D-type twist y² = x³ + 3/ξ over
///   Fp2 = Fp[u]/(u² + 1), ξ = 9 + u, restricted to its order-r subgroup.
/// - GT ⊂ Fp12 = Fp6[w]/(w² − v), Fp6 = Fp2[v]/(v³ − ξ).
/// - The pairing is the optimal ate pairing, reduced with the exact exponent (p¹² − 1)/r.
///
/// Everything is variable-time: the toolkit verifies public data and holds no secrets here.
public enum BN254 {}

extension BN254 {
    /// The curve seed x: p = 36x⁴ + 36x³ + 24x² + 6x + 1, r = 36x⁴ + 36x³ + 18x² + 6x + 1.
    public static let seed: UInt64 = 0x44E9_92B4_4A69_09F1

    /// The base-field modulus p.
    public static let baseFieldModulus = UInt256(limbs: (0x3c20_8c16_d87c_fd47, 0x9781_6a91_6871_ca8d, 0xb850_45b6_8181_585d, 0x3064_4e72_e131_a029))

    /// The group order r (the scalar-field modulus).
    public static let groupOrder = UInt256(limbs: (0x43e1_f593_f000_0001, 0x2833_e848_79b9_7091, 0xb850_45b6_8181_585d, 0x3064_4e72_e131_a029))

    /// Why a point encoding was refused, and where.
    public struct EncodingError: Error, Sendable, Equatable, CustomStringConvertible {
        public enum Reason: Sendable, Equatable {
            /// The encoding has the wrong number of bytes.
            case wrongLength(expected: Int, actual: Int)
            /// A coordinate is not a canonical field element (it is ≥ p).
            case coordinateNotBelowModulus
            /// A G1 point does not satisfy y² = x³ + 3.
            case notOnCurve
            /// A G2 point does not satisfy y² = x³ + 3/(9 + u).
            case notOnTwist
            /// A G2 point is on the twist but not of order r.
            case notInSubgroup
        }

        public var reason: Reason
        /// The coordinate concerned: "x", "y", "x.c0" (real part), "x.c1" (imaginary part)…; empty for
        /// the point or the whole encoding.
        public var field: String
        /// The byte offset of that coordinate in the encoding, when the point was decoded from bytes.
        public var offset: Int?

        public init(_ reason: Reason, field: String = "", offset: Int? = nil) {
            self.reason = reason
            self.field = field
            self.offset = offset
        }

        public var description: String {
            let place = offset.map { " at byte offset \($0)" } ?? ""
            switch reason {
            case .wrongLength(let expected, let actual):
                return "expected \(expected) bytes, got \(actual)"
            case .coordinateNotBelowModulus:
                return "coordinate \(field)\(place) is not below the field modulus p (give the canonical value, reduced mod p)"
            case .notOnCurve:
                return "point\(place) is not on the curve y^2 = x^3 + 3"
            case .notOnTwist:
                return "G2 point\(place) is not on the twist y^2 = x^3 + 3/(9+u) (EVM order is x.im, x.re, y.im, y.re)"
            case .notInSubgroup:
                return "G2 point\(place) is on the twist but not in the order-r subgroup"
            }
        }
    }
}

extension UInt256 {
    /// Bit `index` (0 = least significant); false beyond bit 255.
    @inlinable
    public func bit(_ index: Int) -> Bool {
        guard index >= 0, index < 256 else { return false }
        let word: UInt64
        switch index >> 6 {
        case 0: word = limbs.0
        case 1: word = limbs.1
        case 2: word = limbs.2
        default: word = limbs.3
        }
        return (word >> UInt64(index & 63)) & 1 == 1
    }
}

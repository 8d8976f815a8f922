// The extension tower Fp2 = Fp[u]/(u² + 1), Fp6 = Fp2[v]/(v³ − ξ) with ξ = 9 + u,
// Fp12 = Fp6[w]/(w² − v). Multiplications use Karatsuba (Devegili–Ó hÉigeartaigh–Scott–Dahab).

extension BN254 {
    /// a = c0 + c1·u with u² = −1 (c0 the real part, c1 the imaginary part).
    public struct Fp2: Sendable, Hashable, CustomStringConvertible {
        public var c0: Fp
        public var c1: Fp

        @inlinable @inline(__always)
        public init(_ c0: Fp, _ c1: Fp) { self.c0 = c0; self.c1 = c1 }

        /// The element with these canonical parts; nil when either is ≥ p.
        @inlinable
        public init?(c0: UInt256, c1: UInt256) {
            guard let a = Fp(canonical: c0), let b = Fp(canonical: c1) else { return nil }
            self.init(a, b)
        }

        public static let zero = Fp2(.zero, .zero)
        public static let one = Fp2(.one, .zero)

        public var description: String { "(\(c0) + \(c1)·u)" }

        @inlinable public var isZero: Bool { c0.isZero && c1.isZero }

        @inlinable @inline(__always)
        public static func + (a: Fp2, b: Fp2) -> Fp2 { Fp2(a.c0 + b.c0, a.c1 + b.c1) }
        @inlinable @inline(__always)
        public static func - (a: Fp2, b: Fp2) -> Fp2 { Fp2(a.c0 - b.c0, a.c1 - b.c1) }
        @inlinable @inline(__always)
        public static prefix func - (a: Fp2) -> Fp2 { Fp2(a.c0.negated(), a.c1.negated()) }

        /// Karatsuba with lazy reduction: three 512-bit products, two Montgomery reductions.
        /// c1 = (a0 + a1)(b0 + b1) − a0b0 − a1b1 < 2p² and c0 = a0b0 − a1b1 (+ p·2²⁵⁶ when
        /// negative) both stay below p·2²⁵⁶, the bound of one reduction.
        @inlinable @inline(__always)
        public static func * (a: Fp2, b: Fp2) -> Fp2 {
            let m = Fp.modulus
            let v0 = wideMultiply(a.c0.limbs, b.c0.limbs)
            let v1 = wideMultiply(a.c1.limbs, b.c1.limbs)
            let s = wideMultiply(plainAdd(a.c0.limbs, a.c1.limbs), plainAdd(b.c0.limbs, b.c1.limbs))
            let c1 = wideSubtract(wideSubtract(s, v0).0, v1).0
            let c0 = wideSubtractModular(v0, v1, m)
            return Fp2(Fp(montgomery: montgomeryReduce(c0, m, Fp.inverseModulus)),
                       Fp(montgomery: montgomeryReduce(c1, m, Fp.inverseModulus)))
        }

        @inlinable @inline(__always)
        public static func * (a: Fp2, b: Fp) -> Fp2 { Fp2(a.c0 * b, a.c1 * b) }

        @inlinable @inline(__always) public static func += (a: inout Fp2, b: Fp2) { a = a + b }
        @inlinable @inline(__always) public static func -= (a: inout Fp2, b: Fp2) { a = a - b }
        @inlinable @inline(__always) public static func *= (a: inout Fp2, b: Fp2) { a = a * b }

        /// (a0 + a1)(a0 − a1) + 2a0a1·u with lazy reduction: the factors a0 + a1 and
        /// a0 + p − a1 stay below 2p, so the products stay below 4p² < p·2²⁵⁶.
        @inlinable @inline(__always)
        public func squared() -> Fp2 {
            let m = Fp.modulus
            let sum = plainAdd(c0.limbs, c1.limbs)
            let difference = plainAdd(c0.limbs, modularSubtract(m, c1.limbs, (0, 0, 0, 0)))
            let real = wideMultiply(sum, difference)
            let doubled = plainAdd(c0.limbs, c0.limbs)
            let imaginary = wideMultiply(doubled, c1.limbs)
            return Fp2(Fp(montgomery: montgomeryReduce(real, m, Fp.inverseModulus)),
                       Fp(montgomery: montgomeryReduce(imaginary, m, Fp.inverseModulus)))
        }

        @inlinable @inline(__always) public func doubled() -> Fp2 { Fp2(c0.doubled(), c1.doubled()) }
        @inlinable @inline(__always) public func halved() -> Fp2 { Fp2(c0.halved(), c1.halved()) }
        @inlinable @inline(__always) public func negated() -> Fp2 { -self }

        /// c0 − c1·u: the Frobenius map a ↦ aᵖ.
        @inlinable @inline(__always)
        public func conjugated() -> Fp2 { Fp2(c0, c1.negated()) }

        /// self·ξ = self·(9 + u) = (9c0 − c1) + (c0 + 9c1)·u.
        @inlinable @inline(__always)
        public func mulByNonResidue() -> Fp2 {
            let a8 = c0.doubled().doubled().doubled()
            let b8 = c1.doubled().doubled().doubled()
            return Fp2(a8 + c0 - c1, b8 + c1 + c0)
        }

        /// The norm c0² + c1² (in Fp).
        @inlinable public var norm: Fp { c0.squared() + c1.squared() }

        /// The multiplicative inverse; nil for zero.
        public func inverse() -> Fp2? {
            guard let n = norm.inverse() else { return nil }
            return Fp2(c0 * n, (c1 * n).negated())
        }

        /// self raised to a 256-bit exponent.
        public func pow(_ exponent: UInt256) -> Fp2 {
            raised(self, to: exponent)
        }

        /// A square root; nil when self is not a square
        /// (Adj–Rodríguez-Henríquez 2012, Algorithm 9, for p ≡ 3 mod 4).
        public func sqrt() -> Fp2? {
            if isZero { return self }
            // (p − 3) / 4
            let e1 = UInt256(limbs: (0x4f08_2305_b61f_3f51, 0x65e0_5aa4_5a1c_72a3, 0x6e14_116d_a060_5617, 0x0c19_139c_b84c_680a))
            let a1 = pow(e1)
            let alpha = a1.squared() * self
            let a0 = alpha.conjugated() * alpha
            let minusOne = Fp2(Fp.one.negated(), .zero)
            guard a0 != minusOne else { return nil }
            let x0 = a1 * self
            let root: Fp2
            if alpha == minusOne {
                root = Fp2(x0.c1.negated(), x0.c0)  // u·x0
            } else {
                // (p − 1) / 2
                let e2 = UInt256(limbs: (0x9e10_460b_6c3e_7ea3, 0xcbc0_b548_b438_e546, 0xdc28_22db_40c0_ac2e, 0x1832_2739_7098_d014))
                root = (Fp2.one + alpha).pow(e2) * x0
            }
            return root.squared() == self ? root : nil
        }
    }

    /// a = c0 + c1·v + c2·v² with v³ = ξ.
    public struct Fp6: Sendable, Hashable {
        public var c0, c1, c2: Fp2

        @inlinable @inline(__always)
        public init(_ c0: Fp2, _ c1: Fp2, _ c2: Fp2) { self.c0 = c0; self.c1 = c1; self.c2 = c2 }

        public static let zero = Fp6(.zero, .zero, .zero)
        public static let one = Fp6(.one, .zero, .zero)

        @inlinable public var isZero: Bool { c0.isZero && c1.isZero && c2.isZero }

        @inlinable @inline(__always)
        public static func + (a: Fp6, b: Fp6) -> Fp6 { Fp6(a.c0 + b.c0, a.c1 + b.c1, a.c2 + b.c2) }
        @inlinable @inline(__always)
        public static func - (a: Fp6, b: Fp6) -> Fp6 { Fp6(a.c0 - b.c0, a.c1 - b.c1, a.c2 - b.c2) }
        @inlinable @inline(__always)
        public static prefix func - (a: Fp6) -> Fp6 { Fp6(-a.c0, -a.c1, -a.c2) }

        @inlinable @inline(__always)
        public static func * (a: Fp6, b: Fp6) -> Fp6 {
            let v0 = a.c0 * b.c0
            let v1 = a.c1 * b.c1
            let v2 = a.c2 * b.c2
            let t0 = ((a.c1 + a.c2) * (b.c1 + b.c2) - v1 - v2).mulByNonResidue() + v0
            let t1 = (a.c0 + a.c1) * (b.c0 + b.c1) - v0 - v1 + v2.mulByNonResidue()
            let t2 = (a.c0 + a.c2) * (b.c0 + b.c2) - v0 - v2 + v1
            return Fp6(t0, t1, t2)
        }

        /// Squaring (Chung–Hasan SQR2): 2 multiplications and 3 squarings in Fp2.
        @inlinable @inline(__always)
        public func squared() -> Fp6 {
            let s0 = c0.squared()
            let ab = c0 * c1
            let s1 = ab + ab
            let s2 = (c0 - c1 + c2).squared()
            let bc = c1 * c2
            let s3 = bc + bc
            let s4 = c2.squared()
            return Fp6(s3.mulByNonResidue() + s0, s4.mulByNonResidue() + s1, s1 + s2 + s3 - s0 - s4)
        }

        /// self·v: (c0, c1, c2) ↦ (ξ·c2, c0, c1).
        @inlinable @inline(__always)
        public func mulByNonResidue() -> Fp6 { Fp6(c2.mulByNonResidue(), c0, c1) }

        @inlinable @inline(__always)
        func mulByFp2(_ b: Fp2) -> Fp6 { Fp6(c0 * b, c1 * b, c2 * b) }

        /// self·(b0 + b1·v).
        @inlinable @inline(__always)
        func mulBy01(_ b0: Fp2, _ b1: Fp2) -> Fp6 {
            let a = c0 * b0
            let b = c1 * b1
            let t0 = ((c1 + c2) * b1 - b).mulByNonResidue() + a
            let t1 = (b0 + b1) * (c0 + c1) - a - b
            let t2 = (c0 + c2) * b0 - a + b
            return Fp6(t0, t1, t2)
        }

        /// self·(b1·v).
        @inlinable @inline(__always)
        func mulBy1(_ b1: Fp2) -> Fp6 { Fp6((c2 * b1).mulByNonResidue(), c0 * b1, c1 * b1) }

        /// The multiplicative inverse; nil for zero.
        public func inverse() -> Fp6? {
            let t0 = c0.squared() - (c1 * c2).mulByNonResidue()
            let t1 = c2.squared().mulByNonResidue() - c0 * c1
            let t2 = c1.squared() - c0 * c2
            let n = c0 * t0 + (c2 * t1 + c1 * t2).mulByNonResidue()
            guard let ni = n.inverse() else { return nil }
            return Fp6(t0 * ni, t1 * ni, t2 * ni)
        }
    }

    /// a = c0 + c1·w with w² = v. As a vector over Fp2 the coefficients of w⁰…w⁵ are
    /// c0.c0, c1.c0, c0.c1, c1.c1, c0.c2, c1.c2 (the layout of snarkjs's GT values).
    public struct Fp12: Sendable, Hashable {
        public var c0, c1: Fp6

        @inlinable @inline(__always)
        public init(_ c0: Fp6, _ c1: Fp6) { self.c0 = c0; self.c1 = c1 }

        public static let one = Fp12(.one, .zero)

        @inlinable public var isOne: Bool { self == .one }

        @inlinable @inline(__always)
        public static func * (a: Fp12, b: Fp12) -> Fp12 {
            let t0 = a.c0 * b.c0
            let t1 = a.c1 * b.c1
            return Fp12(t0 + t1.mulByNonResidue(), (a.c0 + a.c1) * (b.c0 + b.c1) - t0 - t1)
        }

        @inlinable @inline(__always) public static func *= (a: inout Fp12, b: Fp12) { a = a * b }

        /// Complex squaring: 2 multiplications in Fp6.
        @inlinable @inline(__always)
        public func squared() -> Fp12 {
            let t = c0 * c1
            let s = (c0 + c1) * (c0 + c1.mulByNonResidue())
            return Fp12(s - t - t.mulByNonResidue(), t + t)
        }

        /// c0 − c1·w = self^(p⁶); the inverse of a unitary element (after the easy part of the
        /// final exponentiation).
        @inlinable @inline(__always)
        public func conjugated() -> Fp12 { Fp12(c0, -c1) }

        @inlinable public mutating func square() { self = squared() }
        @inlinable public mutating func conjugate() { self = conjugated() }

        /// The multiplicative inverse; nil for zero.
        public func inverse() -> Fp12? {
            guard let t = (c0.squared() - c1.squared().mulByNonResidue()).inverse() else { return nil }
            return Fp12(c0 * t, -(c1 * t))
        }

        /// self raised to a 256-bit exponent.
        public func pow(_ exponent: UInt256) -> Fp12 {
            raised(self, to: exponent)
        }

        /// self·ℓ for a line ℓ = a + b·w + c·w³ (coefficients at w⁰, w¹, w³ only).
        @inlinable @inline(__always)
        func mulBy034(_ a: Fp2, _ b: Fp2, _ c: Fp2) -> Fp12 {
            let x = c0.mulByFp2(a)
            let y = c1.mulBy01(b, c)
            let z = (c0 + c1).mulBy01(a + b, c)
            return Fp12(y.mulByNonResidue() + x, z - x - y)
        }

        /// self·ℓ for a line ℓ = 1 + b·w + c·w³.
        @inlinable @inline(__always)
        func mulBy34(_ b: Fp2, _ c: Fp2) -> Fp12 {
            let y = c1.mulBy01(b, c)
            let z = (c0 + c1).mulBy01(Fp2.one + b, c)
            return Fp12(y.mulByNonResidue() + c0, z - c0 - y)
        }

        /// self^p: the coefficient at wᵏ becomes its conjugate times γ₁,ₖ.
        @inlinable
        public func frobenius() -> Fp12 {
            let g = Frobenius.gamma1
            return Fp12(
                Fp6(c0.c0.conjugated(), c0.c1.conjugated() * g.1, c0.c2.conjugated() * g.3),
                Fp6(c1.c0.conjugated() * g.0, c1.c1.conjugated() * g.2, c1.c2.conjugated() * g.4))
        }

        /// self^(p²): the coefficient at wᵏ times γ₂,ₖ ∈ Fp.
        @inlinable
        public func frobeniusSquared() -> Fp12 {
            let g = Frobenius.gamma2
            return Fp12(
                Fp6(c0.c0, c0.c1 * g.1, c0.c2 * g.3),
                Fp6(c1.c0 * g.0, c1.c1 * g.2, c1.c2 * g.4))
        }

        /// self^(p³): the coefficient at wᵏ becomes its conjugate times γ₃,ₖ.
        @inlinable
        public func frobeniusCubed() -> Fp12 {
            let g = Frobenius.gamma3
            return Fp12(
                Fp6(c0.c0.conjugated(), c0.c1.conjugated() * g.1, c0.c2.conjugated() * g.3),
                Fp6(c1.c0.conjugated() * g.0, c1.c1.conjugated() * g.2, c1.c2.conjugated() * g.4))
        }

        /// Squaring in the cyclotomic subgroup (Granger–Scott 2010); valid only for elements
        /// f with f^(p⁶+1)… = 1, i.e. after the easy part of the final exponentiation.
        @inlinable
        public func cyclotomicSquared() -> Fp12 {
            let x0 = c0.c0, x1 = c0.c1, x2 = c0.c2, x3 = c1.c0, x4 = c1.c1, x5 = c1.c2
            let t0 = x4.squared(), t1 = x0.squared()
            let t6 = (x4 + x0).squared() - t0 - t1  // 2·x4·x0
            let t2 = x2.squared(), t3 = x3.squared()
            let t7 = (x2 + x3).squared() - t2 - t3  // 2·x2·x3
            let t4 = x5.squared(), t5 = x1.squared()
            let t8 = ((x5 + x1).squared() - t4 - t5).mulByNonResidue()  // 2·x5·x1·ξ
            let u0 = t0.mulByNonResidue() + t1  // x4²ξ + x0²
            let u2 = t2.mulByNonResidue() + t3  // x2²ξ + x3²
            let u4 = t4.mulByNonResidue() + t5  // x5²ξ + x1²
            return Fp12(
                Fp6((u0 - x0).doubled() + u0, (u2 - x1).doubled() + u2, (u4 - x2).doubled() + u4),
                Fp6((t8 + x3).doubled() + t8, (t6 + x4).doubled() + t6, (t7 + x5).doubled() + t7))
        }
    }

    /// Frobenius constants γⱼ,ₖ = ξ^(k(pʲ − 1)/6), k = 1…5.
    @usableFromInline
    enum Frobenius {
        static func fp2(_ c0: String, _ c1: String) -> Fp2 {
            // Literal constants below p: a failure here is a typo in this file.
            guard let a = UInt256(c0), let b = UInt256(c1), let value = Fp2(c0: a, c1: b) else {
                fatalError("BN254: bad Frobenius constant")
            }
            return value
        }

        static func fp(_ c: String) -> Fp {
            guard let a = UInt256(c), let value = Fp(canonical: a) else { fatalError("BN254: bad Frobenius constant") }
            return value
        }

        @usableFromInline
        static let gamma1: (Fp2, Fp2, Fp2, Fp2, Fp2) = (
            fp2("0x1284b71c2865a7dfe8b99fdd76e68b605c521e08292f2176d60b35dadcc9e470", "0x246996f3b4fae7e6a6327cfe12150b8e747992778eeec7e5ca5cf05f80f362ac"),
            fp2("0x2fb347984f7911f74c0bec3cf559b143b78cc310c2c3330c99e39557176f553d", "0x16c9e55061ebae204ba4cc8bd75a079432ae2a1d0b7c9dce1665d51c640fcba2"),
            fp2("0x063cf305489af5dcdc5ec698b6e2f9b9dbaae0eda9c95998dc54014671a0135a", "0x07c03cbcac41049a0704b5a7ec796f2b21807dc98fa25bd282d37f632623b0e3"),
            fp2("0x05b54f5e64eea80180f3c0b75a181e84d33365f7be94ec72848a1f55921ea762", "0x2c145edbe7fd8aee9f3a80b03b0b1c923685d2ea1bdec763c13b4711cd2b8126"),
            fp2("0x0183c1e74f798649e93a3661a4353ff4425c459b55aa1bd32ea2c810eab7692f", "0x12acf2ca76fd0675a27fb246c7729f7db080cb99678e2ac024c6b8ee6e0c2c4b"))

        @usableFromInline
        static let gamma2: (Fp, Fp, Fp, Fp, Fp) = (
            fp("0x30644e72e131a0295e6dd9e7e0acccb0c28f069fbb966e3de4bd44e5607cfd49"),
            fp("0x30644e72e131a0295e6dd9e7e0acccb0c28f069fbb966e3de4bd44e5607cfd48"),
            Fp.one.negated(),
            fp("0x59e26bcea0d48bacd4f263f1acdb5c4f5763473177fffffe"),
            fp("0x59e26bcea0d48bacd4f263f1acdb5c4f5763473177ffffff"))

        /// γ₃,ₖ = γ₁,ₖ·γ₂,ₖ.
        @usableFromInline
        static let gamma3: (Fp2, Fp2, Fp2, Fp2, Fp2) = (
            gamma1.0 * gamma2.0, gamma1.1 * gamma2.1, gamma1.2 * gamma2.2, gamma1.3 * gamma2.3, gamma1.4 * gamma2.4)
    }
}

// Montgomery arithmetic on four 64-bit limbs, shared by Fp (mod p) and Fr (mod r).
//
// Both moduli have a top limb below 2⁶³ − 1, so the "no-carry" form of CIOS multiplication
// applies: the running sum never needs a fifth word, and one conditional subtraction reduces
// the result. Limbs are stored properties, never arrays, so values live in registers.

@usableFromInline typealias Limbs = (UInt64, UInt64, UInt64, UInt64)

/// (hi, lo) of a·b + c + d; cannot overflow 128 bits.
@inlinable @inline(__always)
func mulAdd(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: UInt64) -> (UInt64, UInt64) {
    let (h, l) = a.multipliedFullWidth(by: b)
    let (l1, o1) = l.addingReportingOverflow(c)
    let (l2, o2) = l1.addingReportingOverflow(d)
    return (h &+ (o1 ? 1 : 0) &+ (o2 ? 1 : 0), l2)
}

/// (sum, carry) of a + b + carry.
@inlinable @inline(__always)
func addCarry(_ a: UInt64, _ b: UInt64, _ carry: UInt64) -> (UInt64, UInt64) {
    let (s1, o1) = a.addingReportingOverflow(b)
    let (s2, o2) = s1.addingReportingOverflow(carry)
    return (s2, UInt64(o1 ? 1 : 0) | UInt64(o2 ? 1 : 0))
}

/// (difference, borrow) of a − b − borrow.
@inlinable @inline(__always)
func subtractBorrow(_ a: UInt64, _ b: UInt64, _ borrow: UInt64) -> (UInt64, UInt64) {
    let (d1, o1) = a.subtractingReportingOverflow(b)
    let (d2, o2) = d1.subtractingReportingOverflow(borrow)
    return (d2, UInt64(o1 ? 1 : 0) | UInt64(o2 ? 1 : 0))
}

/// a − m if a ≥ m, else a (for a < 2m). Branch-free: which case applies is data-dependent and
/// unpredictable, and a mispredicted branch costs more than the selection.
@inlinable @inline(__always)
func reduceOnce(_ a: Limbs, _ m: Limbs) -> Limbs {
    let (r0, b0) = subtractBorrow(a.0, m.0, 0)
    let (r1, b1) = subtractBorrow(a.1, m.1, b0)
    let (r2, b2) = subtractBorrow(a.2, m.2, b1)
    let (r3, b3) = subtractBorrow(a.3, m.3, b2)
    let keep = 0 &- b3  // all ones when a < m
    return ((a.0 & keep) | (r0 & ~keep), (a.1 & keep) | (r1 & ~keep), (a.2 & keep) | (r2 & ~keep), (a.3 & keep) | (r3 & ~keep))
}

/// a·b·2⁻²⁵⁶ mod m for a, b < m (CIOS, no-carry variant).
@inlinable @inline(__always)
func montgomeryMultiply(_ a: Limbs, _ b: Limbs, _ m: Limbs, _ mInv: UInt64) -> Limbs {
    var t0: UInt64 = 0, t1: UInt64 = 0, t2: UInt64 = 0, t3: UInt64 = 0
    @inline(__always) func row(_ y: UInt64) {
        var A: UInt64, C: UInt64, u: UInt64
        (A, t0) = mulAdd(a.0, y, t0, 0)
        let k = t0 &* mInv
        (C, _) = mulAdd(k, m.0, t0, 0)
        (A, u) = mulAdd(a.1, y, t1, A)
        (C, t0) = mulAdd(k, m.1, u, C)
        (A, u) = mulAdd(a.2, y, t2, A)
        (C, t1) = mulAdd(k, m.2, u, C)
        (A, u) = mulAdd(a.3, y, t3, A)
        (C, t2) = mulAdd(k, m.3, u, C)
        t3 = C &+ A
    }
    row(b.0); row(b.1); row(b.2); row(b.3)
    return reduceOnce((t0, t1, t2, t3), m)
}

/// a + b mod m for a, b < m < 2²⁵⁵.
@inlinable @inline(__always)
func modularAdd(_ a: Limbs, _ b: Limbs, _ m: Limbs) -> Limbs {
    let (r0, c0) = addCarry(a.0, b.0, 0)
    let (r1, c1) = addCarry(a.1, b.1, c0)
    let (r2, c2) = addCarry(a.2, b.2, c1)
    let r3 = a.3 &+ b.3 &+ c2
    return reduceOnce((r0, r1, r2, r3), m)
}

/// a − b mod m for a, b < m (branch-free: m is added back under a mask).
@inlinable @inline(__always)
func modularSubtract(_ a: Limbs, _ b: Limbs, _ m: Limbs) -> Limbs {
    let (r0, b0) = subtractBorrow(a.0, b.0, 0)
    let (r1, b1) = subtractBorrow(a.1, b.1, b0)
    let (r2, b2) = subtractBorrow(a.2, b.2, b1)
    let (r3, b3) = subtractBorrow(a.3, b.3, b2)
    let mask = 0 &- b3
    let (q0, c0) = addCarry(r0, m.0 & mask, 0)
    let (q1, c1) = addCarry(r1, m.1 & mask, c0)
    let (q2, c2) = addCarry(r2, m.2 & mask, c1)
    let q3 = r3 &+ (m.3 & mask) &+ c2
    return (q0, q1, q2, q3)
}

@inlinable @inline(__always)
func limbsAreZero(_ a: Limbs) -> Bool { (a.0 | a.1 | a.2 | a.3) == 0 }

@inlinable @inline(__always)
func limbsLess(_ a: Limbs, _ b: Limbs) -> Bool {
    (a.3, a.2, a.1, a.0) < (b.3, b.2, b.1, b.0)
}

extension BN254 {
    /// An element of the base field Fp, kept in Montgomery form (a·2²⁵⁶ mod p), always reduced.
    public struct Fp: Sendable, Hashable, CustomStringConvertible {
        @usableFromInline var l0, l1, l2, l3: UInt64

        @inlinable @inline(__always)
        init(montgomery l: Limbs) { (l0, l1, l2, l3) = l }

        @inlinable @inline(__always)
        var limbs: Limbs { (l0, l1, l2, l3) }

        @usableFromInline static var modulus: Limbs {
            @inline(__always) get { (0x3c20_8c16_d87c_fd47, 0x9781_6a91_6871_ca8d, 0xb850_45b6_8181_585d, 0x3064_4e72_e131_a029) }
        }
        @usableFromInline static var inverseModulus: UInt64 { @inline(__always) get { 0x87d2_0782_e486_6389 } }
        @usableFromInline static var rSquared: Limbs {
            @inline(__always) get { (0xf32c_fc5b_538a_fa89, 0xb5e7_1911_d445_01fb, 0x47ab_1eff_0a41_7ff6, 0x06d8_9f71_cab8_351f) }
        }

        public static let zero = Fp(montgomery: (0, 0, 0, 0))
        public static let one = Fp(montgomery: (0xd35d_438d_c58f_0d9d, 0x0a78_eb28_f5c7_0b3d, 0x666e_a36f_7879_462c, 0x0e0a_77c1_9a07_df2f))

        /// The field element with this value; nil when the value is ≥ p.
        @inlinable
        public init?(canonical value: UInt256) {
            guard limbsLess(value.limbs, Fp.modulus) else { return nil }
            self.init(montgomery: montgomeryMultiply(value.limbs, Fp.rSquared, Fp.modulus, Fp.inverseModulus))
        }

        /// A small constant.
        @inlinable
        public init(_ value: UInt64) {
            self.init(montgomery: montgomeryMultiply((value, 0, 0, 0), Fp.rSquared, Fp.modulus, Fp.inverseModulus))
        }

        /// The value in [0, p).
        @inlinable
        public var canonical: UInt256 {
            UInt256(limbs: montgomeryMultiply(limbs, (1, 0, 0, 0), Fp.modulus, Fp.inverseModulus))
        }

        public var description: String { canonical.hexQuantity }

        @inlinable public var isZero: Bool { limbsAreZero(limbs) }

        @inlinable @inline(__always)
        public static func + (a: Fp, b: Fp) -> Fp { Fp(montgomery: modularAdd(a.limbs, b.limbs, modulus)) }

        @inlinable @inline(__always)
        public static func - (a: Fp, b: Fp) -> Fp { Fp(montgomery: modularSubtract(a.limbs, b.limbs, modulus)) }

        @inlinable @inline(__always)
        public static func * (a: Fp, b: Fp) -> Fp {
            Fp(montgomery: montgomeryMultiply(a.limbs, b.limbs, modulus, inverseModulus))
        }

        @inlinable @inline(__always)
        public static prefix func - (a: Fp) -> Fp { a.negated() }

        @inlinable @inline(__always) public static func += (a: inout Fp, b: Fp) { a = a + b }
        @inlinable @inline(__always) public static func -= (a: inout Fp, b: Fp) { a = a - b }
        @inlinable @inline(__always) public static func *= (a: inout Fp, b: Fp) { a = a * b }

        @inlinable @inline(__always)
        public func negated() -> Fp { isZero ? self : Fp(montgomery: modularSubtract(Fp.modulus, limbs, Fp.modulus)) }

        @inlinable @inline(__always)
        public mutating func negate() { self = negated() }

        @inlinable @inline(__always)
        public func squared() -> Fp { self * self }

        @inlinable @inline(__always)
        public mutating func square() { self = self * self }

        @inlinable @inline(__always)
        public func doubled() -> Fp { self + self }

        /// self / 2.
        @inlinable
        public func halved() -> Fp {
            var a = limbs
            var top: UInt64 = 0
            if a.0 & 1 == 1 {
                let m = Fp.modulus
                let (r0, c0) = a.0.addingReportingOverflow(m.0)
                let (s1, c1a) = a.1.addingReportingOverflow(m.1)
                let (r1, c1b) = s1.addingReportingOverflow(c0 ? 1 : 0)
                let (s2, c2a) = a.2.addingReportingOverflow(m.2)
                let (r2, c2b) = s2.addingReportingOverflow(c1a || c1b ? 1 : 0)
                let (s3, c3a) = a.3.addingReportingOverflow(m.3)
                let (r3, c3b) = s3.addingReportingOverflow(c2a || c2b ? 1 : 0)
                a = (r0, r1, r2, r3)
                top = c3a || c3b ? 1 : 0
            }
            return Fp(montgomery: (a.0 >> 1 | a.1 << 63, a.1 >> 1 | a.2 << 63, a.2 >> 1 | a.3 << 63, a.3 >> 1 | top << 63))
        }

        /// self raised to a 256-bit exponent.
        @inlinable
        public func pow(_ exponent: UInt256) -> Fp {
            raised(self, to: exponent)
        }

        /// The multiplicative inverse; nil for zero.
        public func inverse() -> Fp? {
            guard !isZero else { return nil }
            return Fp(montgomery: binaryInverse(limbs, Fp.modulus, Fp.rSquared, Fp.inverseModulus))
        }

        /// A square root (the one that is itself a square, since p ≡ 3 mod 4); nil when self is not a square.
        public func sqrt() -> Fp? {
            // (p + 1) / 4
            let root = pow(UInt256(limbs: (0x4f08_2305_b61f_3f52, 0x65e0_5aa4_5a1c_72a3, 0x6e14_116d_a060_5617, 0x0c19_139c_b84c_680a)))
            return root.squared() == self ? root : nil
        }

        /// Whether self is a square in Fp (zero counts as one).
        public var isSquare: Bool {
            // (p − 1) / 2
            let e = UInt256(limbs: (0x9e10_460b_6c3e_7ea3, 0xcbc0_b548_b438_e546, 0xdc28_22db_40c0_ac2e, 0x1832_2739_7098_d014))
            let l = pow(e)
            return l.isZero || l == .one
        }
    }

    /// An element of the scalar field Fr (integers mod the group order r), in Montgomery form.
    public struct Fr: Sendable, Hashable, CustomStringConvertible {
        @usableFromInline var l0, l1, l2, l3: UInt64

        @inlinable @inline(__always)
        init(montgomery l: Limbs) { (l0, l1, l2, l3) = l }

        @inlinable @inline(__always)
        var limbs: Limbs { (l0, l1, l2, l3) }

        @usableFromInline static var modulus: Limbs {
            @inline(__always) get { (0x43e1_f593_f000_0001, 0x2833_e848_79b9_7091, 0xb850_45b6_8181_585d, 0x3064_4e72_e131_a029) }
        }
        @usableFromInline static var inverseModulus: UInt64 { @inline(__always) get { 0xc2e1_f593_efff_ffff } }
        @usableFromInline static var rSquared: Limbs {
            @inline(__always) get { (0x1bb8_e645_ae21_6da7, 0x53fe_3ab1_e35c_59e3, 0x8c49_833d_53bb_8085, 0x0216_d0b1_7f4e_44a5) }
        }

        public static let zero = Fr(montgomery: (0, 0, 0, 0))
        public static let one = Fr(montgomery: (0xac96_341c_4fff_fffb, 0x36fc_7695_9f60_cd29, 0x666e_a36f_7879_462e, 0x0e0a_77c1_9a07_df2f))

        /// The scalar with this value; nil when the value is ≥ r.
        @inlinable
        public init?(canonical value: UInt256) {
            guard limbsLess(value.limbs, Fr.modulus) else { return nil }
            self.init(montgomery: montgomeryMultiply(value.limbs, Fr.rSquared, Fr.modulus, Fr.inverseModulus))
        }

        /// The value mod r (any 256-bit value; 2²⁵⁶ < 6r, so at most five subtractions).
        @inlinable
        public init(reducing value: UInt256) {
            var v = value.limbs
            while !limbsLess(v, Fr.modulus) {
                v = modularSubtract(v, Fr.modulus, (0, 0, 0, 0))
            }
            self.init(montgomery: montgomeryMultiply(v, Fr.rSquared, Fr.modulus, Fr.inverseModulus))
        }

        @inlinable
        public init(_ value: UInt64) { self.init(reducing: UInt256(value)) }

        /// The value in [0, r).
        @inlinable
        public var canonical: UInt256 {
            UInt256(limbs: montgomeryMultiply(limbs, (1, 0, 0, 0), Fr.modulus, Fr.inverseModulus))
        }

        public var description: String { canonical.description }

        @inlinable public var isZero: Bool { limbsAreZero(limbs) }

        /// A uniformly random scalar (rejection sampling on 254-bit values).
        public static func random(using generator: inout some RandomNumberGenerator) -> Fr {
            while true {
                let candidate = UInt256(limbs: (generator.next(), generator.next(), generator.next(), generator.next() >> 2))
                if let value = Fr(canonical: candidate) { return value }
            }
        }

        @inlinable @inline(__always)
        public static func + (a: Fr, b: Fr) -> Fr { Fr(montgomery: modularAdd(a.limbs, b.limbs, modulus)) }

        @inlinable @inline(__always)
        public static func - (a: Fr, b: Fr) -> Fr { Fr(montgomery: modularSubtract(a.limbs, b.limbs, modulus)) }

        @inlinable @inline(__always)
        public static func * (a: Fr, b: Fr) -> Fr {
            Fr(montgomery: montgomeryMultiply(a.limbs, b.limbs, modulus, inverseModulus))
        }

        @inlinable @inline(__always)
        public static prefix func - (a: Fr) -> Fr { a.negated() }

        @inlinable @inline(__always) public static func += (a: inout Fr, b: Fr) { a = a + b }
        @inlinable @inline(__always) public static func -= (a: inout Fr, b: Fr) { a = a - b }
        @inlinable @inline(__always) public static func *= (a: inout Fr, b: Fr) { a = a * b }

        @inlinable @inline(__always)
        public func negated() -> Fr { isZero ? self : Fr(montgomery: modularSubtract(Fr.modulus, limbs, Fr.modulus)) }

        @inlinable @inline(__always)
        public func squared() -> Fr { self * self }

        /// self raised to a 256-bit exponent.
        @inlinable
        public func pow(_ exponent: UInt256) -> Fr {
            raised(self, to: exponent)
        }

        /// The multiplicative inverse; nil for zero.
        public func inverse() -> Fr? {
            guard !isZero else { return nil }
            return Fr(montgomery: binaryInverse(limbs, Fr.modulus, Fr.rSquared, Fr.inverseModulus))
        }

        /// Replaces every element by its inverse at the cost of one inversion and 3(n − 1)
        /// products (Montgomery's trick). Returns false, changing nothing, when an element is zero.
        public static func invertAll(_ values: inout [Fr]) -> Bool {
            guard !values.isEmpty else { return true }
            var prefix = [Fr]()
            prefix.reserveCapacity(values.count)
            var running = Fr.one
            for value in values {
                prefix.append(running)
                running *= value
            }
            guard var inverse = running.inverse() else { return false }
            for i in stride(from: values.count - 1, through: 0, by: -1) {
                let value = values[i]
                values[i] = inverse * prefix[i]
                inverse *= value
            }
            return true
        }

        /// r − 1 = 2²⁸·t with t odd: Fr has roots of unity of every order 2ᵏ, k ≤ 28.
        public static let twoAdicity = 28

        /// The primitive 2ᵏ-th root of unity 5^((r − 1)/2ᵏ) (5 is the least quadratic non-residue
        /// mod r), the one snarkjs (ffjavascript's `Fr.w[k]`) uses for evaluation domains; nil
        /// for k outside 0...28.
        public static func rootOfUnity(log2Order k: Int) -> Fr? {
            guard k >= 0, k <= twoAdicity else { return nil }
            // 5^t, of order exactly 2²⁸.
            guard var root = Fr(canonical: UInt256(limbs: (0x9bd6_1b6e_725b_19f0, 0x402d_111e_4111_2ed4, 0x00e0_a7eb_8ef6_2abc, 0x2a3c_09f0_a58a_7e85)))
            else { return nil }
            for _ in k..<twoAdicity { root = root.squared() }
            return root
        }
    }
}

// MARK: - inversion

/// The Montgomery form of a⁻¹ given the Montgomery form of a ≠ 0 (binary extended Euclid on the
/// Montgomery value, then two multiplications by R² to restore the form).
///
/// With u = aR: the algorithm yields u⁻¹ = a⁻¹R⁻¹; multiplying by R² twice in Montgomery form
/// (each multiplication divides by R) gives a⁻¹R⁻¹·R²·R²/R² = a⁻¹R.
@usableFromInline
func binaryInverse(_ a: Limbs, _ m: Limbs, _ rSquared: Limbs, _ mInv: UInt64) -> Limbs {
    var u = a, v = m
    var x1: Limbs = (1, 0, 0, 0), x2: Limbs = (0, 0, 0, 0)
    @inline(__always) func isOne(_ t: Limbs) -> Bool { t.0 == 1 && (t.1 | t.2 | t.3) == 0 }
    @inline(__always) func shiftRight(_ t: Limbs) -> Limbs {
        (t.0 >> 1 | t.1 << 63, t.1 >> 1 | t.2 << 63, t.2 >> 1 | t.3 << 63, t.3 >> 1)
    }
    /// t / 2 mod m for t < m.
    @inline(__always) func half(_ t: Limbs) -> Limbs {
        guard t.0 & 1 == 1 else { return shiftRight(t) }
        let (r0, c0) = t.0.addingReportingOverflow(m.0)
        let (s1, c1a) = t.1.addingReportingOverflow(m.1)
        let (r1, c1b) = s1.addingReportingOverflow(c0 ? 1 : 0)
        let (s2, c2a) = t.2.addingReportingOverflow(m.2)
        let (r2, c2b) = s2.addingReportingOverflow(c1a || c1b ? 1 : 0)
        let r3 = t.3 &+ m.3 &+ (c2a || c2b ? 1 : 0)  // m < 2²⁵⁵, so no carry out
        return shiftRight((r0, r1, r2, r3))
    }
    while !isOne(u) && !isOne(v) {
        while u.0 & 1 == 0 { u = shiftRight(u); x1 = half(x1) }
        while v.0 & 1 == 0 { v = shiftRight(v); x2 = half(x2) }
        if !limbsLess(u, v) {
            u = modularSubtract(u, v, (0, 0, 0, 0))
            x1 = modularSubtract(x1, x2, m)
        } else {
            v = modularSubtract(v, u, (0, 0, 0, 0))
            x2 = modularSubtract(x2, x1, m)
        }
    }
    let inverse = isOne(u) ? x1 : x2
    return montgomeryMultiply(montgomeryMultiply(inverse, rSquared, m, mInv), rSquared, m, mInv)
}

// MARK: - double-width products (lazy reduction in Fp2)
//
// These are @_transparent rather than @inline(__always): the optimizer otherwise keeps the
// reduction as a call taking thirteen words, which cost about 8 % of a pairing check.

@usableFromInline typealias WideLimbs = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

/// The full 512-bit product a·b.
@inlinable @_transparent
func wideMultiply(_ a: Limbs, _ b: Limbs) -> WideLimbs {
    var r0: UInt64, r1: UInt64, r2: UInt64, r3: UInt64, r4: UInt64, r5: UInt64, r6: UInt64, r7: UInt64
    var c: UInt64
    (c, r0) = mulAdd(a.0, b.0, 0, 0)
    (c, r1) = mulAdd(a.1, b.0, 0, c)
    (c, r2) = mulAdd(a.2, b.0, 0, c)
    (r4, r3) = mulAdd(a.3, b.0, 0, c)
    (c, r1) = mulAdd(a.0, b.1, r1, 0)
    (c, r2) = mulAdd(a.1, b.1, r2, c)
    (c, r3) = mulAdd(a.2, b.1, r3, c)
    (r5, r4) = mulAdd(a.3, b.1, r4, c)
    (c, r2) = mulAdd(a.0, b.2, r2, 0)
    (c, r3) = mulAdd(a.1, b.2, r3, c)
    (c, r4) = mulAdd(a.2, b.2, r4, c)
    (r6, r5) = mulAdd(a.3, b.2, r5, c)
    (c, r3) = mulAdd(a.0, b.3, r3, 0)
    (c, r4) = mulAdd(a.1, b.3, r4, c)
    (c, r5) = mulAdd(a.2, b.3, r5, c)
    (r7, r6) = mulAdd(a.3, b.3, r6, c)
    return (r0, r1, r2, r3, r4, r5, r6, r7)
}

@inlinable @inline(__always)
func wideAdd(_ a: WideLimbs, _ b: WideLimbs) -> WideLimbs {
    let (r0, c0) = addCarry(a.0, b.0, 0)
    let (r1, c1) = addCarry(a.1, b.1, c0)
    let (r2, c2) = addCarry(a.2, b.2, c1)
    let (r3, c3) = addCarry(a.3, b.3, c2)
    let (r4, c4) = addCarry(a.4, b.4, c3)
    let (r5, c5) = addCarry(a.5, b.5, c4)
    let (r6, c6) = addCarry(a.6, b.6, c5)
    let r7 = a.7 &+ b.7 &+ c6
    return (r0, r1, r2, r3, r4, r5, r6, r7)
}

/// a − b and whether it borrowed (wrapped modulo 2⁵¹²).
@inlinable @_transparent
func wideSubtract(_ a: WideLimbs, _ b: WideLimbs) -> (WideLimbs, UInt64) {
    let (r0, b0) = subtractBorrow(a.0, b.0, 0)
    let (r1, b1) = subtractBorrow(a.1, b.1, b0)
    let (r2, b2) = subtractBorrow(a.2, b.2, b1)
    let (r3, b3) = subtractBorrow(a.3, b.3, b2)
    let (r4, b4) = subtractBorrow(a.4, b.4, b3)
    let (r5, b5) = subtractBorrow(a.5, b.5, b4)
    let (r6, b6) = subtractBorrow(a.6, b.6, b5)
    let (r7, b7) = subtractBorrow(a.7, b.7, b6)
    return ((r0, r1, r2, r3, r4, r5, r6, r7), b7)
}

/// a − b for a ≥ b − m·2²⁵⁶: adds m·2²⁵⁶ when the difference is negative.
@inlinable @_transparent
func wideSubtractModular(_ a: WideLimbs, _ b: WideLimbs, _ m: Limbs) -> WideLimbs {
    let (d, borrow) = wideSubtract(a, b)
    let mask = 0 &- borrow
    let (h0, c0) = addCarry(d.4, m.0 & mask, 0)
    let (h1, c1) = addCarry(d.5, m.1 & mask, c0)
    let (h2, c2) = addCarry(d.6, m.2 & mask, c1)
    let h3 = d.7 &+ (m.3 & mask) &+ c2
    return (d.0, d.1, d.2, d.3, h0, h1, h2, h3)
}

/// t·2⁻²⁵⁶ mod m for t < m·2²⁵⁶ (Montgomery reduction; m < 2²⁵⁴ keeps the result below 2m
/// before the final subtraction, and the last carry zero).
@inlinable @_transparent
func montgomeryReduce(_ t: WideLimbs, _ m: Limbs, _ mInv: UInt64) -> Limbs {
    var (t0, t1, t2, t3, t4, t5, t6, t7) = t
    var c: UInt64, carry: UInt64
    var k = t0 &* mInv
    (c, _) = mulAdd(k, m.0, t0, 0)
    (c, t1) = mulAdd(k, m.1, t1, c)
    (c, t2) = mulAdd(k, m.2, t2, c)
    (c, t3) = mulAdd(k, m.3, t3, c)
    (t4, carry) = addCarry(t4, c, 0)
    k = t1 &* mInv
    (c, _) = mulAdd(k, m.0, t1, 0)
    (c, t2) = mulAdd(k, m.1, t2, c)
    (c, t3) = mulAdd(k, m.2, t3, c)
    (c, t4) = mulAdd(k, m.3, t4, c)
    (t5, carry) = addCarry(t5, c, carry)
    k = t2 &* mInv
    (c, _) = mulAdd(k, m.0, t2, 0)
    (c, t3) = mulAdd(k, m.1, t3, c)
    (c, t4) = mulAdd(k, m.2, t4, c)
    (c, t5) = mulAdd(k, m.3, t5, c)
    (t6, carry) = addCarry(t6, c, carry)
    k = t3 &* mInv
    (c, _) = mulAdd(k, m.0, t3, 0)
    (c, t4) = mulAdd(k, m.1, t4, c)
    (c, t5) = mulAdd(k, m.2, t5, c)
    (c, t6) = mulAdd(k, m.3, t6, c)
    (t7, _) = addCarry(t7, c, carry)
    return reduceOnce((t4, t5, t6, t7), m)
}

/// a + b without reduction (for a, b < m < 2²⁵⁴ the sum fits in four words).
@inlinable @_transparent
func plainAdd(_ a: Limbs, _ b: Limbs) -> Limbs {
    let (r0, c0) = addCarry(a.0, b.0, 0)
    let (r1, c1) = addCarry(a.1, b.1, c0)
    let (r2, c2) = addCarry(a.2, b.2, c1)
    return (r0, r1, r2, a.3 &+ b.3 &+ c2)
}

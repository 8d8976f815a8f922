extension BN254 {
    /// A point of G1 (y² = x³ + 3 over Fp), in affine coordinates; the point at infinity has
    /// x = y = 0, which is also its EVM encoding.
    public struct G1Point: Sendable, Hashable, CustomStringConvertible {
        @usableFromInline var px: Fp
        @usableFromInline var py: Fp
        public let isInfinity: Bool

        @inlinable
        init(unchecked x: Fp, _ y: Fp) { px = x; py = y; isInfinity = false }

        @inlinable
        init(_ point: Jacobian<Fp>) {
            if let (x, y) = point.affine { self.init(unchecked: x, y) } else { self = .infinity }
        }

        public static let infinity = G1Point(infinityMarker: ())
        public static let generator = G1Point(unchecked: .one, Fp(2))

        private init(infinityMarker: Void) { px = .zero; py = .zero; isInfinity = true }

        /// The point (x, y); (0, 0) is the point at infinity. Refuses coordinates ≥ p and points
        /// off the curve.
        public init(x: UInt256, y: UInt256) throws(EncodingError) {
            guard let fx = Fp(canonical: x) else { throw EncodingError(.coordinateNotBelowModulus, field: "x") }
            guard let fy = Fp(canonical: y) else { throw EncodingError(.coordinateNotBelowModulus, field: "y") }
            try self.init(x: fx, y: fy)
        }

        /// The point (x, y); (0, 0) is the point at infinity. Refuses points off the curve.
        public init(x: Fp, y: Fp) throws(EncodingError) {
            if x.isZero && y.isZero { self = .infinity; return }
            guard y.squared() == x.squared() * x + Fp(3) else { throw EncodingError(.notOnCurve) }
            self.init(unchecked: x, y)
        }

        /// The 64-byte EVM encoding x ‖ y (big-endian words; all zero for infinity).
        public init(evm bytes: some Collection<UInt8>) throws(EncodingError) {
            let data = Array(bytes)
            guard data.count == 64 else { throw EncodingError(.wrongLength(expected: 64, actual: data.count)) }
            try self.init(evmWords: data, at: 0)
        }

        /// Decodes 64 bytes at `offset`; errors carry their offset in `data`.
        init(evmWords data: [UInt8], at offset: Int) throws(EncodingError) {
            let x = UInt256.word(data, at: offset), y = UInt256.word(data, at: offset + 32)
            guard let fx = Fp(canonical: x) else { throw EncodingError(.coordinateNotBelowModulus, field: "x", offset: offset) }
            guard let fy = Fp(canonical: y) else { throw EncodingError(.coordinateNotBelowModulus, field: "y", offset: offset + 32) }
            do { try self.init(x: fx, y: fy) } catch { throw EncodingError(error.reason, field: error.field, offset: offset) }
        }

        public var x: UInt256 { px.canonical }
        public var y: UInt256 { py.canonical }
        /// The coordinates as field elements (zero for infinity).
        public var fieldX: Fp { px }
        public var fieldY: Fp { py }

        public var evmEncoding: [UInt8] { x.bigEndianBytes + y.bigEndianBytes }

        public var description: String { isInfinity ? "G1(infinity)" : "G1(\(px), \(py))" }

        @inlinable
        var jacobian: Jacobian<Fp> { isInfinity ? .infinity : Jacobian(affineX: px, y: py) }

        public static func + (a: G1Point, b: G1Point) -> G1Point {
            if a.isInfinity { return b }
            if b.isInfinity { return a }
            return G1Point(a.jacobian.adding(affineX: b.px, y: b.py))
        }

        public static prefix func - (a: G1Point) -> G1Point {
            a.isInfinity ? a : G1Point(unchecked: a.px, a.py.negated())
        }

        public static func - (a: G1Point, b: G1Point) -> G1Point { a + (-b) }

        /// scalar·self for any 256-bit scalar (G1 has prime order r, so the scalar acts mod r).
        public func multiplied(by scalar: UInt256) -> G1Point {
            multiplied(by: Fr(reducing: scalar))
        }

        public func multiplied(by scalar: Fr) -> G1Point {
            if isInfinity { return self }
            let (points, scalars) = GLV.split([jacobian], [scalar])
            return G1Point(Jacobian.linearCombination(points, scalars))
        }

        /// Σ scalarsᵢ·pointsᵢ: each scalar split in two halves by the GLV endomorphism, then one
        /// pass of shared doublings over all of them (Straus, 4-bit windows). The arrays should
        /// have equal lengths; extra elements of the longer one are ignored.
        public static func linearCombination(_ points: [G1Point], _ scalars: [Fr]) -> G1Point {
            let (split, halves) = GLV.split(points.map(\.jacobian), scalars)
            return G1Point(Jacobian.linearCombination(split, halves))
        }
    }
}

extension UInt256 {
    /// The 32-byte big-endian word at `offset` of `data` (bytes past the end read as zero).
    static func word(_ data: [UInt8], at offset: Int) -> UInt256 {
        var limbs: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        @inline(__always) func limb(_ start: Int) -> UInt64 {
            var value: UInt64 = 0
            for i in start..<start + 8 {
                value = value << 8 | UInt64(i < data.count ? data[i] : 0)
            }
            return value
        }
        limbs.3 = limb(offset)
        limbs.2 = limb(offset + 8)
        limbs.1 = limb(offset + 16)
        limbs.0 = limb(offset + 24)
        return UInt256(limbs: limbs)
    }
}

extension BN254 {
    /// The GLV endomorphism of G1: φ(x, y) = (βx, y) = [λ]P with β³ = 1 in Fp and λ³ = 1 mod r,
    /// which splits a 254-bit scalar into two of at most 128 bits (Gallant–Lambert–Vanstone
    /// 2001), halving the doublings of a scalar multiplication.
    @usableFromInline
    enum GLV {
        /// β = 0x59e26bcea0d48bacd4f263f1acdb5c4f5763473177fffffe, matching
        /// λ = 0xb3c4d79d41a917585bfc41088d8daaa78b17ea66b99c90dd.
        static let beta: Fp = {
            guard let value = Fp(canonical: UInt256(limbs: (0x5763_4731_77ff_fffe, 0xd4f2_63f1_acdb_5c4f, 0x59e2_6bce_a0d4_8bac, 0))) else {
                fatalError("BN254: bad GLV constant")
            }
            return value
        }()

        /// A short basis of {(a, b) : a + bλ ≡ 0 mod r}: v1 = (a1, −b1'), v2 = (a2, b2), and
        /// g1 = ⌊2²⁵⁶·b2/r⌋, g2 = ⌊2²⁵⁶·b1'/r⌋ for the rounding of k·v/r.
        static let a1: Limbs = (0x89d3_2568_94d2_13e3, 0, 0, 0)
        static let a2: Limbs = (0x0be4_e154_1221_250b, 0x6f4d_8248_eeb8_59fd, 0, 0)
        static let b1: Limbs = (0x8211_bbeb_7d4f_1128, 0x6f4d_8248_eeb8_59fc, 0, 0)
        static let b2: Limbs = (0x89d3_2568_94d2_13e3, 0, 0, 0)
        static let g1: Limbs = (0xd91d_232e_c7e0_b3d7, 0x2, 0, 0)
        static let g2: Limbs = (0x7a7b_d9d4_391e_b18d, 0x4cce_f014_a773_d2cf, 0x2, 0)

        /// k ≡ k1 + k2·λ (mod r) with |k1|, |k2| < 2¹²⁹, as magnitudes and signs.
        static func decompose(_ k: UInt256) -> (k1: UInt256, negative1: Bool, k2: UInt256, negative2: Bool) {
            let zero: Limbs = (0, 0, 0, 0)
            @inline(__always) func high(_ w: WideLimbs) -> Limbs { (w.4, w.5, w.6, w.7) }
            @inline(__always) func low(_ w: WideLimbs) -> Limbs { (w.0, w.1, w.2, w.3) }
            // Arithmetic modulo 2²⁵⁶: the true values are small, so their two's complement is exact.
            @inline(__always) func sub(_ a: Limbs, _ b: Limbs) -> Limbs { modularSubtract(a, b, zero) }
            let c1 = high(wideMultiply(k.limbs, g1))
            let c2 = high(wideMultiply(k.limbs, g2))
            let k1 = sub(sub(k.limbs, low(wideMultiply(c1, a1))), low(wideMultiply(c2, a2)))
            let k2 = sub(low(wideMultiply(c1, b1)), low(wideMultiply(c2, b2)))
            @inline(__always) func magnitude(_ v: Limbs) -> (UInt256, Bool) {
                v.3 >> 63 == 1 ? (UInt256(limbs: sub(zero, v)), true) : (UInt256(limbs: v), false)
            }
            let (m1, n1) = magnitude(k1), (m2, n2) = magnitude(k2)
            return (m1, n1, m2, n2)
        }

        /// The Straus inputs for Σ kᵢPᵢ: each point and its image under φ with half-size scalars.
        static func split(_ points: [Jacobian<Fp>], _ scalars: [Fr]) -> ([Jacobian<Fp>], [UInt256]) {
            var splitPoints = [Jacobian<Fp>](), splitScalars = [UInt256]()
            let count = min(points.count, scalars.count)
            splitPoints.reserveCapacity(2 * count)
            splitScalars.reserveCapacity(2 * count)
            for i in 0..<count {
                let p = points[i]
                let (k1, n1, k2, n2) = decompose(scalars[i].canonical)
                let phi = Jacobian(x: p.x * beta, y: p.y, z: p.z)
                splitPoints.append(n1 ? p.negated() : p)
                splitScalars.append(k1)
                splitPoints.append(n2 ? phi.negated() : phi)
                splitScalars.append(k2)
            }
            return (splitPoints, splitScalars)
        }
    }
}

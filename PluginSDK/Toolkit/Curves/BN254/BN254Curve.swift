// Curve arithmetic shared by G1 (over Fp) and G2 (over Fp2): Jacobian coordinates
// (x = X/Z², y = Y/Z³) on a short Weierstrass curve with a = 0.

/// What the point formulas need from a coordinate field.
@usableFromInline
protocol BN254CoordinateField: Hashable, Sendable {
    static var zero: Self { get }
    static var one: Self { get }
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static func * (a: Self, b: Self) -> Self
    func squared() -> Self
    func doubled() -> Self
    func negated() -> Self
    var isZero: Bool { get }
    func inverse() -> Self?
}

extension BN254.Fp: BN254CoordinateField {}
extension BN254.Fp2: BN254CoordinateField {}

/// What square-and-multiply needs: every field of the tower, and the scalars.
@usableFromInline
protocol BN254MultiplicativeField {
    static var one: Self { get }
    static func * (a: Self, b: Self) -> Self
    func squared() -> Self
}

extension BN254.Fp: BN254MultiplicativeField {}
extension BN254.Fr: BN254MultiplicativeField {}
extension BN254.Fp2: BN254MultiplicativeField {}
extension BN254.Fp12: BN254MultiplicativeField {}

/// base^exponent by square-and-multiply from the top bit. Not constant-time: exponents here
/// are public (field constants, test scalars).
@inlinable
func raised<F: BN254MultiplicativeField>(_ base: F, to exponent: UInt256) -> F {
    var result = F.one
    var i = exponent.bitWidth - 1
    while i >= 0 {
        result = result.squared()
        if exponent.bit(i) { result = result * base }
        i -= 1
    }
    return result
}

extension BN254 {
    /// A point in Jacobian coordinates; Z = 0 is the point at infinity.
    @usableFromInline
    struct Jacobian<F: BN254CoordinateField>: Sendable {
        @usableFromInline var x, y, z: F

        @inlinable @inline(__always)
        init(x: F, y: F, z: F) { self.x = x; self.y = y; self.z = z }

        @inlinable
        init(affineX: F, y: F) { self.init(x: affineX, y: y, z: .one) }

        @inlinable static var infinity: Jacobian { Jacobian(x: .one, y: .one, z: .zero) }

        @inlinable var isInfinity: Bool { z.isZero }

        @inlinable @inline(__always)
        func negated() -> Jacobian { Jacobian(x: x, y: y.negated(), z: z) }

        /// 2·self (dbl-2009-l).
        @inlinable
        func doubled() -> Jacobian {
            if isInfinity || y.isZero { return .infinity }
            let a = x.squared()
            let b = y.squared()
            let c = b.squared()
            let d = ((x + b).squared() - a - c).doubled()
            let e = a.doubled() + a
            let f = e.squared()
            let x3 = f - d.doubled()
            let c8 = c.doubled().doubled().doubled()
            return Jacobian(x: x3, y: e * (d - x3) - c8, z: (y * z).doubled())
        }

        /// self + other (add-2007-bl), handling equal and opposite points.
        @inlinable
        func adding(_ other: Jacobian) -> Jacobian {
            if isInfinity { return other }
            if other.isInfinity { return self }
            let z1z1 = z.squared()
            let z2z2 = other.z.squared()
            let u1 = x * z2z2
            let u2 = other.x * z1z1
            let s1 = y * other.z * z2z2
            let s2 = other.y * z * z1z1
            let h = u2 - u1
            let r = (s2 - s1).doubled()
            if h.isZero { return r.isZero ? doubled() : .infinity }
            let i = h.doubled().squared()
            let j = h * i
            let v = u1 * i
            let x3 = r.squared() - j - v.doubled()
            let y3 = r * (v - x3) - (s1 * j).doubled()
            let z3 = ((z + other.z).squared() - z1z1 - z2z2) * h
            return Jacobian(x: x3, y: y3, z: z3)
        }

        /// self + (x2, y2) for an affine point (madd-2007-bl).
        @inlinable
        func adding(affineX x2: F, y y2: F) -> Jacobian {
            if isInfinity { return Jacobian(affineX: x2, y: y2) }
            let z1z1 = z.squared()
            let u2 = x2 * z1z1
            let s2 = y2 * z * z1z1
            let h = u2 - x
            let r = (s2 - y).doubled()
            if h.isZero { return r.isZero ? doubled() : .infinity }
            let hh = h.squared()
            let i = hh.doubled().doubled()
            let j = h * i
            let v = x * i
            let x3 = r.squared() - j - v.doubled()
            let y3 = r * (v - x3) - (y * j).doubled()
            let z3 = (z + h).squared() - z1z1 - hh
            return Jacobian(x: x3, y: y3, z: z3)
        }

        /// The affine coordinates; nil at infinity.
        @inlinable
        var affine: (x: F, y: F)? {
            guard let zInverse = z.inverse() else { return nil }
            let z2 = zInverse.squared()
            return (x * z2, y * z2 * zInverse)
        }

        /// The same point (projectively equal).
        @inlinable
        func isEqual(to other: Jacobian) -> Bool {
            if isInfinity || other.isInfinity { return isInfinity == other.isInfinity }
            let z1z1 = z.squared(), z2z2 = other.z.squared()
            return x * z2z2 == other.x * z1z1 && y * z2z2 * other.z == other.y * z1z1 * z
        }

        /// scalar·self, with a 4-bit fixed window over the scalar's bits.
        @inlinable
        func multiplied(by scalar: UInt256) -> Jacobian {
            let width = scalar.bitWidth
            if width == 0 || isInfinity { return .infinity }
            var table = [Jacobian](repeating: self, count: 16)
            table[0] = .infinity
            for i in 2..<16 { table[i] = table[i - 1].adding(self) }
            var result = Jacobian.infinity
            var window = (width + 3) / 4 - 1
            while window >= 0 {
                result = result.doubled().doubled().doubled().doubled()
                let digit = Jacobian.nibble(scalar, window)
                if digit != 0 { result = result.adding(table[digit]) }
                window -= 1
            }
            return result
        }

        @inlinable @inline(__always)
        static func nibble(_ scalar: UInt256, _ window: Int) -> Int {
            let bit = window * 4
            let word: UInt64
            switch bit >> 6 {
            case 0: word = scalar.limbs.0
            case 1: word = scalar.limbs.1
            case 2: word = scalar.limbs.2
            default: word = scalar.limbs.3
            }
            return Int((word >> UInt64(bit & 63)) & 0xf)
        }

        /// Σ scalarsᵢ·pointsᵢ (Straus: the doublings are shared, 4-bit windows per point).
        @inlinable
        static func linearCombination(_ points: [Jacobian], _ scalars: [UInt256]) -> Jacobian {
            let count = Swift.min(points.count, scalars.count)
            var tables = [Jacobian]()
            tables.reserveCapacity(count * 16)
            var width = 0
            for k in 0..<count {
                let p = points[k]
                tables.append(.infinity)
                tables.append(p)
                for i in 2..<16 { tables.append(tables[k * 16 + i - 1].adding(p)) }
                width = Swift.max(width, scalars[k].bitWidth)
            }
            var result = Jacobian.infinity
            var window = (width + 3) / 4 - 1
            while window >= 0 {
                result = result.doubled().doubled().doubled().doubled()
                for k in 0..<count {
                    let digit = nibble(scalars[k], window)
                    if digit != 0 { result = result.adding(tables[k * 16 + digit]) }
                }
                window -= 1
            }
            return result
        }
    }
}

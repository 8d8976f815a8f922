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

        /// Σ scalarsᵢ·pointsᵢ (Straus: the doublings are shared; each scalar in width-5 NAF, so
        /// about one addition per six bits from a table of the odd multiples P, 3P, …, 15P,
        /// against one per four bits from fifteen multiples with plain 4-bit windows).
        @inlinable
        static func linearCombination(_ points: [Jacobian], _ scalars: [UInt256]) -> Jacobian {
            let count = Swift.min(points.count, scalars.count)
            var tables = [Jacobian]()
            tables.reserveCapacity(count * 8)
            var digits = [[Int8]]()
            digits.reserveCapacity(count)
            var length = 0
            for k in 0..<count {
                let p = points[k]
                let twice = p.doubled()
                tables.append(p)
                for i in 1..<8 { tables.append(tables[k * 8 + i - 1].adding(twice)) }
                let naf = Jacobian.nonAdjacentForm(scalars[k])
                length = Swift.max(length, naf.count)
                digits.append(naf)
            }
            var result = Jacobian.infinity
            var i = length - 1
            while i >= 0 {
                result = result.doubled()
                for k in 0..<count where i < digits[k].count {
                    let digit = Int(digits[k][i])
                    if digit > 0 {
                        result = result.adding(tables[k * 8 + (digit - 1) / 2])
                    } else if digit < 0 {
                        result = result.adding(tables[k * 8 + (-digit - 1) / 2].negated())
                    }
                }
                i -= 1
            }
            return result
        }

        /// The width-5 non-adjacent form of `scalar`, least significant digit first: digits are
        /// 0 or odd in −15…15, and any five consecutive ones hold at most one non-zero digit.
        @inlinable
        static func nonAdjacentForm(_ scalar: UInt256) -> [Int8] {
            // Five limbs: adding back a negative digit can carry past bit 255.
            var k: (UInt64, UInt64, UInt64, UInt64, UInt64) = (scalar.limbs.0, scalar.limbs.1, scalar.limbs.2, scalar.limbs.3, 0)
            var digits = [Int8]()
            digits.reserveCapacity(scalar.bitWidth + 1)
            while (k.0 | k.1 | k.2 | k.3 | k.4) != 0 {
                var digit: Int64 = 0
                if k.0 & 1 == 1 {
                    digit = Int64(k.0 & 31)
                    if digit >= 16 { digit -= 32 }
                    if digit > 0 {
                        k.0 -= UInt64(digit)  // clears the low bits: no borrow
                    } else {
                        var carry: Bool
                        (k.0, carry) = k.0.addingReportingOverflow(UInt64(-digit))
                        if carry { (k.1, carry) = k.1.addingReportingOverflow(1) }
                        if carry { (k.2, carry) = k.2.addingReportingOverflow(1) }
                        if carry { (k.3, carry) = k.3.addingReportingOverflow(1) }
                        if carry { k.4 &+= 1 }
                    }
                }
                digits.append(Int8(digit))
                k = (k.0 >> 1 | k.1 << 63, k.1 >> 1 | k.2 << 63, k.2 >> 1 | k.3 << 63, k.3 >> 1 | k.4 << 63, k.4 >> 1)
            }
            return digits
        }
    }
}

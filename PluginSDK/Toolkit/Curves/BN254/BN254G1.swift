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
            G1Point(jacobian.multiplied(by: scalar.canonical))
        }

        /// Σ scalarsᵢ·pointsᵢ with shared doublings; the arrays must have equal lengths (extra
        /// elements of the longer one are ignored).
        public static func linearCombination(_ points: [G1Point], _ scalars: [Fr]) -> G1Point {
            G1Point(Jacobian.linearCombination(points.map(\.jacobian), scalars.map(\.canonical)))
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

extension BN254 {
    /// A point of G2 (the order-r subgroup of the twist y² = x³ + 3/(9 + u) over Fp2), in affine
    /// coordinates; the point at infinity has x = y = 0.
    public struct G2Point: Sendable, Hashable, CustomStringConvertible {
        @usableFromInline var px: Fp2
        @usableFromInline var py: Fp2
        public let isInfinity: Bool

        @inlinable
        init(unchecked x: Fp2, _ y: Fp2) { px = x; py = y; isInfinity = false }

        @inlinable
        init(_ point: Jacobian<Fp2>) {
            if let (x, y) = point.affine { self.init(unchecked: x, y) } else { self = .infinity }
        }

        public static let infinity = G2Point(infinityMarker: ())

        private init(infinityMarker: Void) { px = .zero; py = .zero; isInfinity = true }

        /// The generator of EIP-197.
        public static let generator: G2Point = {
            let value = try? G2Point(
                x: (c0: UInt256("10857046999023057135944570762232829481370756359578518086990519993285655852781") ?? .zero,
                    c1: UInt256("11559732032986387107991004021392285783925812861821192530917403151452391805634") ?? .zero),
                y: (c0: UInt256("8495653923123431417604973247489272438418190587263600148770280649306958101930") ?? .zero,
                    c1: UInt256("4082367875863433681332203403145435568316851327593401208105741076214120093531") ?? .zero),
                subgroupCheck: false)
            guard let value else { fatalError("BN254: the G2 generator constant is wrong") }
            return value
        }()

        /// b′ = 3/ξ, the twist's constant.
        @usableFromInline
        static let twistB: Fp2 = {
            guard let b = Fp2(
                c0: UInt256("19485874751759354771024239261021720505790618469301721065564631296452457478373") ?? .zero,
                c1: UInt256("266929791119991161246907387137283842545076965332900288569378510910307636690") ?? .zero)
            else { fatalError("BN254: the twist constant is wrong") }
            return b
        }()

        /// The point with these coordinates (c0 real, c1 imaginary); (0, 0) is the point at
        /// infinity. Refuses coordinates ≥ p, points off the twist and, when `subgroupCheck`,
        /// points outside the order-r subgroup.
        public init(x: (c0: UInt256, c1: UInt256), y: (c0: UInt256, c1: UInt256), subgroupCheck: Bool = true) throws(EncodingError) {
            guard let x0 = Fp(canonical: x.c0) else { throw EncodingError(.coordinateNotBelowModulus, field: "x.c0") }
            guard let x1 = Fp(canonical: x.c1) else { throw EncodingError(.coordinateNotBelowModulus, field: "x.c1") }
            guard let y0 = Fp(canonical: y.c0) else { throw EncodingError(.coordinateNotBelowModulus, field: "y.c0") }
            guard let y1 = Fp(canonical: y.c1) else { throw EncodingError(.coordinateNotBelowModulus, field: "y.c1") }
            try self.init(x: Fp2(x0, x1), y: Fp2(y0, y1), subgroupCheck: subgroupCheck)
        }

        /// The point (x, y); (0, 0) is the point at infinity.
        public init(x: Fp2, y: Fp2, subgroupCheck: Bool = true) throws(EncodingError) {
            if x.isZero && y.isZero { self = .infinity; return }
            guard y.squared() == x.squared() * x + G2Point.twistB else { throw EncodingError(.notOnTwist) }
            self.init(unchecked: x, y)
            if subgroupCheck && !isInSubgroup { throw EncodingError(.notInSubgroup) }
        }

        /// The 128-byte EIP-197 encoding x.c1 ‖ x.c0 ‖ y.c1 ‖ y.c0 (imaginary parts first);
        /// the subgroup is checked.
        public init(evm bytes: some Collection<UInt8>) throws(EncodingError) {
            let data = Array(bytes)
            guard data.count == 128 else { throw EncodingError(.wrongLength(expected: 128, actual: data.count)) }
            try self.init(evmWords: data, at: 0)
        }

        init(evmWords data: [UInt8], at offset: Int) throws(EncodingError) {
            let fields = ["x.c1", "x.c0", "y.c1", "y.c0"]
            var parts = [Fp]()
            for k in 0..<4 {
                guard let value = Fp(canonical: UInt256.word(data, at: offset + 32 * k)) else {
                    throw EncodingError(.coordinateNotBelowModulus, field: fields[k], offset: offset + 32 * k)
                }
                parts.append(value)
            }
            do { try self.init(x: Fp2(parts[1], parts[0]), y: Fp2(parts[3], parts[2])) } catch {
                throw EncodingError(error.reason, field: error.field, offset: offset)
            }
        }

        public var x: Fp2 { px }
        public var y: Fp2 { py }

        /// The EIP-197 encoding (imaginary parts first).
        public var evmEncoding: [UInt8] {
            px.c1.canonical.bigEndianBytes + px.c0.canonical.bigEndianBytes
                + py.c1.canonical.bigEndianBytes + py.c0.canonical.bigEndianBytes
        }

        public var description: String { isInfinity ? "G2(infinity)" : "G2(\(px), \(py))" }

        @inlinable
        var jacobian: Jacobian<Fp2> { isInfinity ? .infinity : Jacobian(affineX: px, y: py) }

        /// Whether the point has order r: [x + 1]Q + ψ([x]Q) + ψ²([x]Q) = ψ³([2x]Q), which holds
        /// exactly on G2 (Scott 2021, "A note on group membership tests"; El Housni–Guillevic–
        /// Piellard 2022): one 63-bit multiplication instead of a 254-bit one.
        public var isInSubgroup: Bool {
            if isInfinity { return true }
            let q = jacobian
            let xq = q.multiplied(by: UInt256(BN254.seed))
            let psiXQ = G2Point.psi(xq)
            let left = xq.adding(q).adding(psiXQ).adding(G2Point.psi(psiXQ))
            let right = G2Point.psi(G2Point.psi(G2Point.psi(xq.doubled())))
            return left.isEqual(to: right)
        }

        /// The untwist–Frobenius–twist endomorphism ψ(x, y) = (x̄·γ₁,₂, ȳ·γ₁,₃); ψ = [p] on G2.
        @inlinable
        static func psi(_ q: Jacobian<Fp2>) -> Jacobian<Fp2> {
            Jacobian(x: q.x.conjugated() * Frobenius.gamma1.1, y: q.y.conjugated() * Frobenius.gamma1.2, z: q.z.conjugated())
        }

        public static func + (a: G2Point, b: G2Point) -> G2Point {
            if a.isInfinity { return b }
            if b.isInfinity { return a }
            return G2Point(a.jacobian.adding(affineX: b.px, y: b.py))
        }

        public static prefix func - (a: G2Point) -> G2Point {
            a.isInfinity ? a : G2Point(unchecked: a.px, -a.py)
        }

        public static func - (a: G2Point, b: G2Point) -> G2Point { a + (-b) }

        /// scalar·self for any 256-bit scalar (not reduced: on a point outside G2 the full
        /// scalar matters).
        public func multiplied(by scalar: UInt256) -> G2Point {
            G2Point(jacobian.multiplied(by: scalar))
        }

        public func multiplied(by scalar: Fr) -> G2Point { multiplied(by: scalar.canonical) }
    }
}

/// Groth16 over BN254: the verifying key, the proof, and the check
///
///     e(A, B) = e(α, β) · e(vk_x, γ) · e(C, δ),   vk_x = IC[0] + Σ xᵢ·IC[i + 1]
///
/// that every Groth16 verifier contract on Ethereum performs. Keys and proofs come from
/// snarkjs, gnark, SP1, RISC Zero or EVM calldata (see `Groth16.Format`); public inputs are
/// scalars below r, and an input ≥ r is refused when it is read (r + x would otherwise verify
/// as x).
public enum Groth16 {}

extension Groth16 {
    public struct VerifyingKey: Sendable {
        public var alpha: BN254.G1Point
        public var beta: BN254.G2Point
        public var gamma: BN254.G2Point
        public var delta: BN254.G2Point
        /// IC[0] and one point per public input.
        public var ic: [BN254.G1Point]

        public init(alpha: BN254.G1Point, beta: BN254.G2Point, gamma: BN254.G2Point, delta: BN254.G2Point,
                    ic: [BN254.G1Point]) {
            self.alpha = alpha
            self.beta = beta
            self.gamma = gamma
            self.delta = delta
            self.ic = ic
        }

        /// The number of public inputs a proof under this key has.
        public var publicInputCount: Int { Swift.max(ic.count - 1, 0) }
    }

    public struct Proof: Sendable {
        public var a: BN254.G1Point
        public var b: BN254.G2Point
        public var c: BN254.G1Point

        public init(a: BN254.G1Point, b: BN254.G2Point, c: BN254.G1Point) {
            self.a = a
            self.b = b
            self.c = c
        }
    }

    /// A proof with the public inputs it claims.
    public struct Statement: Sendable {
        public var proof: Proof
        public var publicInputs: [BN254.Fr]

        public init(proof: Proof, publicInputs: [BN254.Fr]) {
            self.proof = proof
            self.publicInputs = publicInputs
        }
    }

    /// Why a key, proof or public input was refused, and where: `field` is the path inside the
    /// document (`vk_delta_2[1][0]`, `publicSignals[3]`, `seal`), `offset` the byte offset for
    /// binary encodings.
    public struct FormatError: Error, Sendable, Equatable, CustomStringConvertible {
        public enum Reason: Sendable, Equatable {
            /// The document does not have the expected shape (missing member, wrong type, bad number).
            case malformed
            /// A point's coordinates are not canonical, off the curve or outside the subgroup.
            case point(BN254.EncodingError.Reason)
            /// Public input `index` is ≥ r.
            case publicInputNotBelowModulus(index: Int)
            /// The key expects `expected` public inputs.
            case publicInputCount(expected: Int, actual: Int)
            /// A well-formed document of a kind this verifier does not handle.
            case unsupported
        }

        public var reason: Reason
        public var field: String
        public var offset: Int?
        public var message: String

        public init(_ reason: Reason, field: String, offset: Int? = nil, _ message: String) {
            self.reason = reason
            self.field = field
            self.offset = offset
            self.message = message
        }

        public var description: String {
            var place = field
            if let offset { place += place.isEmpty ? "byte offset \(offset)" : " (byte offset \(offset))" }
            return place.isEmpty ? message : "\(place): \(message)"
        }

        static func malformed(_ field: String, _ message: String) -> FormatError {
            FormatError(.malformed, field: field, message)
        }
    }
}

extension Groth16 {
    /// A public input: refused, not reduced, when it is ≥ r.
    static func publicInput(_ value: UInt256, index: Int, field: String, offset: Int? = nil) throws(FormatError) -> BN254.Fr {
        guard let scalar = BN254.Fr(canonical: value) else {
            throw FormatError(.publicInputNotBelowModulus(index: index), field: field, offset: offset,
                              "public input \(index) is not below the scalar field modulus r; inputs >= r are refused, not reduced")
        }
        return scalar
    }

    /// A G1 point from affine coordinates; (0, 0) is the point at infinity, as on the EVM.
    static func g1(x: UInt256, y: UInt256, field: String, offset: Int? = nil) throws(FormatError) -> BN254.G1Point {
        if x.isZero && y.isZero { return .infinity }
        do {
            return try BN254.G1Point(x: x, y: y)
        } catch {
            throw FormatError(.point(error.reason), field: field, offset: offset.map { $0 + (error.offset ?? 0) },
                              "G1 " + pointProblem(error))
        }
    }

    /// A G2 point from affine coordinates given real part first; all zero is the point at
    /// infinity. Checked to lie in the order-r subgroup.
    static func g2(x: (UInt256, UInt256), y: (UInt256, UInt256), field: String, offset: Int? = nil) throws(FormatError) -> BN254.G2Point {
        if x.0.isZero && x.1.isZero && y.0.isZero && y.1.isZero { return .infinity }
        do {
            return try BN254.G2Point(x: x, y: y)
        } catch {
            throw FormatError(.point(error.reason), field: field, offset: offset.map { $0 + (error.offset ?? 0) },
                              pointProblem(error))
        }
    }

    private static func pointProblem(_ error: BN254.EncodingError) -> String {
        switch error.reason {
        case .coordinateNotBelowModulus:
            return "coordinate \(error.field) is not below the field modulus p (give the canonical value)"
        case .notOnCurve:
            return "point is not on the curve y^2 = x^3 + 3"
        case .notOnTwist:
            return "G2 point is not on the twist y^2 = x^3 + 3/(9+u); check the order of the real and imaginary parts"
        case .notInSubgroup:
            return "G2 point is on the twist but not in the order-r subgroup"
        case .wrongLength:
            return error.description
        }
    }
}

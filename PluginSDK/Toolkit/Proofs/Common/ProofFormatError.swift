/// Why a verifying key, proof or public input was refused, and where: `field` is the path inside
/// the document (`vk_delta_2[1][0]`, `publicSignals[3]`, `evaluations.qc`, `seal`), `offset` the
/// byte offset for binary encodings. Shared by Groth16, PLONK and FFLONK.
public struct ProofFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// The document does not have the expected shape (missing member, wrong type, bad number).
        case malformed
        /// A point's coordinates are not canonical, off the curve or outside the subgroup.
        case point(BN254.EncodingError.Reason)
        /// Public input `index` is ≥ r.
        case publicInputNotBelowModulus(index: Int)
        /// A proof's evaluation (a scalar the prover sends) is ≥ r.
        case scalarNotBelowModulus
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

    static func malformed(_ field: String, _ message: String) -> ProofFormatError {
        ProofFormatError(.malformed, field: field, message)
    }

    /// The same error for a document found at `prefix` inside a larger one.
    func nested(under prefix: String) -> ProofFormatError {
        guard !prefix.isEmpty, !field.hasPrefix(prefix) else { return self }
        var copy = self
        copy.field = field.isEmpty ? prefix : prefix + "." + field
        return copy
    }
}

// MARK: - Values shared by every proof format

extension ProofFormatError {
    /// A public input: refused, not reduced, when it is ≥ r (r + x would otherwise verify as x).
    static func publicInput(_ value: UInt256, index: Int, field: String, offset: Int? = nil) throws(ProofFormatError) -> BN254.Fr {
        guard let scalar = BN254.Fr(canonical: value) else {
            throw ProofFormatError(.publicInputNotBelowModulus(index: index), field: field, offset: offset,
                                   "public input \(index) is not below the scalar field modulus r; inputs >= r are refused, not reduced")
        }
        return scalar
    }

    /// A scalar a proof carries (an evaluation): refused when it is ≥ r, as snarkjs and its
    /// Solidity verifiers refuse it.
    static func proofScalar(_ value: UInt256, field: String, offset: Int? = nil) throws(ProofFormatError) -> BN254.Fr {
        guard let scalar = BN254.Fr(canonical: value) else {
            throw ProofFormatError(.scalarNotBelowModulus, field: field, offset: offset,
                                   "not below the scalar field modulus r (the verifier contract rejects such a proof)")
        }
        return scalar
    }

    /// A G1 point from affine coordinates; (0, 0) is the point at infinity, as on the EVM.
    static func g1(x: UInt256, y: UInt256, field: String, offset: Int? = nil) throws(ProofFormatError) -> BN254.G1Point {
        if x.isZero && y.isZero { return .infinity }
        do {
            return try BN254.G1Point(x: x, y: y)
        } catch {
            throw ProofFormatError(.point(error.reason), field: field, offset: offset.map { $0 + (error.offset ?? 0) },
                                   "G1 " + pointProblem(error))
        }
    }

    /// A G2 point from affine coordinates given real part first; all zero is the point at
    /// infinity. Checked to lie in the order-r subgroup.
    static func g2(x: (UInt256, UInt256), y: (UInt256, UInt256), field: String, offset: Int? = nil) throws(ProofFormatError) -> BN254.G2Point {
        if x.0.isZero && x.1.isZero && y.0.isZero && y.1.isZero { return .infinity }
        do {
            return try BN254.G2Point(x: x, y: y)
        } catch {
            throw ProofFormatError(.point(error.reason), field: field, offset: offset.map { $0 + (error.offset ?? 0) },
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

/// The Fiat–Shamir transcript of snarkjs's PLONK and FFLONK (`Keccak256Transcript`, snarkjs ≥ 0.7):
/// a challenge is Keccak-256 over the concatenated items, read big-endian and reduced mod r.
/// Scalars are 32-byte big-endian words; G1 points are x ‖ y in affine form, and the point at
/// infinity is 64 zero bytes (a key with a zero selector polynomial, such as Qc = ∞, depends on
/// it). Each round starts from an empty transcript that re-absorbs the previous challenge; it is
/// not a running sponge.
struct SnarkjsTranscript {
    private var bytes: [UInt8] = []

    init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    /// An item already encoded (key points hashed by every proof are encoded once).
    mutating func append(encoded: [UInt8]) { bytes += encoded }

    mutating func append(_ point: BN254.G1Point) { bytes += SnarkjsTranscript.encode(point) }

    mutating func append(_ scalar: BN254.Fr) { bytes += scalar.canonical.bigEndianBytes }

    var challenge: BN254.Fr {
        let h = Keccak256.hash(bytes)
        return BN254.Fr(reducing: UInt256(limbs: (h.w3, h.w2, h.w1, h.w0)))
    }

    /// x ‖ y; 64 zero bytes for the point at infinity (whose coordinates are stored as zero).
    static func encode(_ point: BN254.G1Point) -> [UInt8] { point.evmEncoding }

    /// The challenge of a round that absorbs these items.
    static func challenge(_ items: [SnarkjsTranscriptItem]) -> BN254.Fr {
        var transcript = SnarkjsTranscript(capacity: 64 * items.count)
        for item in items {
            switch item {
            case .scalar(let s): transcript.append(s)
            case .point(let p): transcript.append(p)
            }
        }
        return transcript.challenge
    }
}

enum SnarkjsTranscriptItem {
    case scalar(BN254.Fr)
    case point(BN254.G1Point)
}

import CSecp256k1

/// ECDSA over secp256k1 as Ethereum uses it, through libsecp256k1 (with its recovery module).
///
/// Two sets of rules apply to the same arithmetic: a transaction or an EIP-7702 authorization
/// must carry a low `s` (EIP-2), while the ecrecover precompile accepts any `s` below the order.
/// `recover` takes the rule as a parameter so that each caller states which one it follows.
public enum Secp256k1 {
    /// The group order n.
    public static let order = UInt256(limbs: (0xBFD2_5E8C_D036_4141, 0xBAAE_DCE6_AF48_A03B, 0xFFFF_FFFF_FFFF_FFFE, 0xFFFF_FFFF_FFFF_FFFF))
    /// ⌊n / 2⌋: the largest `s` EIP-2 allows.
    public static let halfOrder = UInt256(limbs: (0xDFE9_2F46_681B_20A0, 0x5D57_6E73_57A4_501D, 0xFFFF_FFFF_FFFF_FFFF, 0x7FFF_FFFF_FFFF_FFFF))

    /// Which values of `s` a signature may carry.
    public enum SRule: Sendable {
        /// EIP-2: 0 < s ≤ n/2 (transactions, EIP-7702 authorizations).
        case lowS
        /// 0 < s < n (the ecrecover precompile, plain ECDSA).
        case anyS
    }

    /// A signature with the recovery id that picks one of the candidate public keys.
    public struct RecoverableSignature: Sendable, Equatable {
        public var r: UInt256
        public var s: UInt256
        /// 0 or 1 in practice (the parity of the nonce point's y); 2 and 3 mean r ≥ n - p and
        /// never occur for keys found in the wild, but libsecp256k1 accepts them.
        public var recoveryID: UInt8

        public init(r: UInt256, s: UInt256, recoveryID: UInt8) {
            self.r = r; self.s = s; self.recoveryID = recoveryID
        }

        /// `r ‖ s ‖ recoveryID`, 65 bytes, as eth_sign and coincurve write it.
        public var bytes: [UInt8] { r.bigEndianBytes + s.bigEndianBytes + [recoveryID] }
    }

    public enum Error: Swift.Error, Equatable, Sendable, CustomStringConvertible {
        case rOutOfRange
        case sOutOfRange
        /// s > n/2 where EIP-2 applies.
        case highS
        case invalidRecoveryID(UInt8)
        /// No point has x = r (or the recovered point is at infinity).
        case unrecoverable
        case invalidPrivateKey
        case signingFailed

        public var description: String {
            switch self {
            case .rOutOfRange: return "r must be in 1...n-1 (n is the secp256k1 group order)"
            case .sOutOfRange: return "s must be in 1...n-1 (n is the secp256k1 group order)"
            case .highS: return "s > secp256k1n/2, which EIP-2 forbids for transaction signatures; the low-s twin is n - s with the other y parity"
            case .invalidRecoveryID(let id): return "recovery id \(id); expected 0 or 1"
            case .unrecoverable: return "no public key matches this signature (r is not the x coordinate of a curve point)"
            case .invalidPrivateKey: return "a private key must be 32 bytes in 1...n-1"
            case .signingFailed: return "libsecp256k1 could not sign"
            }
        }
    }

    /// An uncompressed public key: 0x04 ‖ x ‖ y.
    public struct PublicKey: Sendable, Equatable {
        public let uncompressed: [UInt8]

        init(uncompressed: [UInt8]) { self.uncompressed = uncompressed }

        /// The last 20 bytes of keccak256(x ‖ y).
        public var address: Address {
            let hash = uncompressed.withUnsafeBytes { Keccak256.hash(UnsafeRawBufferPointer(rebasing: $0.dropFirst())) }
            return Address(bytes: hash.bytes.suffix(20)) ?? .zero
        }
    }

    /// A 32-byte secret in 1...n-1.
    public struct PrivateKey: Sendable, Equatable {
        public let bytes: [UInt8]

        public init(bytes: [UInt8]) throws(Error) {
            guard bytes.count == 32,
                  secp256k1_ec_seckey_verify(Context.shared.pointer, bytes) == 1
            else { throw .invalidPrivateKey }
            self.bytes = bytes
        }

        public init(hex: String) throws(Error) {
            guard let bytes = try? Hex.decode(hex) else { throw .invalidPrivateKey }
            try self.init(bytes: bytes)
        }

        public var publicKey: PublicKey {
            var key = secp256k1_pubkey()
            // A verified secret key always has a public key.
            _ = secp256k1_ec_pubkey_create(Context.shared.pointer, &key, bytes)
            return Secp256k1.serialize(key)
        }

        public var address: Address { publicKey.address }
    }

    // MARK: operations

    /// Checks the ranges of r, s and the recovery id that hold before any curve arithmetic.
    public static func check(_ signature: RecoverableSignature, rule: SRule) throws(Error) {
        guard !signature.r.isZero, signature.r < order else { throw .rOutOfRange }
        guard !signature.s.isZero, signature.s < order else { throw .sOutOfRange }
        if rule == .lowS, signature.s > halfOrder { throw .highS }
        guard signature.recoveryID <= 1 else { throw .invalidRecoveryID(signature.recoveryID) }
    }

    /// The public key that produced `signature` over the 32-byte `hash`.
    public static func recover(hash: Hash32, signature: RecoverableSignature, rule: SRule) throws(Error) -> PublicKey {
        try check(signature, rule: rule)
        let context = Context.shared.pointer
        var parsed = secp256k1_ecdsa_recoverable_signature()
        let compact = signature.r.bigEndianBytes + signature.s.bigEndianBytes
        guard secp256k1_ecdsa_recoverable_signature_parse_compact(context, &parsed, compact, Int32(signature.recoveryID)) == 1 else {
            throw .unrecoverable
        }
        var key = secp256k1_pubkey()
        guard secp256k1_ecdsa_recover(context, &key, &parsed, hash.bytes) == 1 else { throw .unrecoverable }
        return serialize(key)
    }

    /// The signer's address: the last 20 bytes of keccak256 of the recovered public key.
    public static func recoverAddress(hash: Hash32, signature: RecoverableSignature, rule: SRule) throws(Error) -> Address {
        try recover(hash: hash, signature: signature, rule: rule).address
    }

    /// A deterministic (RFC 6979) signature with a low `s`, as libsecp256k1 always produces.
    public static func sign(hash: Hash32, privateKey: PrivateKey) throws(Error) -> RecoverableSignature {
        let context = Context.shared.pointer
        var signature = secp256k1_ecdsa_recoverable_signature()
        guard secp256k1_ecdsa_sign_recoverable(context, &signature, hash.bytes, privateKey.bytes, nil, nil) == 1 else {
            throw .signingFailed
        }
        var compact = [UInt8](repeating: 0, count: 64)
        var recoveryID: Int32 = 0
        _ = secp256k1_ecdsa_recoverable_signature_serialize_compact(context, &compact, &recoveryID, &signature)
        guard let r = UInt256(bigEndian: compact[0..<32]), let s = UInt256(bigEndian: compact[32..<64]),
              let id = UInt8(exactly: recoveryID)
        else { throw .signingFailed }
        return RecoverableSignature(r: r, s: s, recoveryID: id)
    }

    /// The ecrecover precompile (address 0x01): `hash ‖ v ‖ r ‖ s`, each a 32-byte word, the
    /// input right-padded with zeros to 128 bytes. v must be the word 27 or 28, and any s below
    /// the order is accepted. Returns the signer's address left-padded to 32 bytes, or no bytes
    /// when the signature is invalid (the precompile does not fail the call).
    public static func ecrecoverPrecompile(input: [UInt8]) -> [UInt8] {
        var padded = Array(input.prefix(128))
        if padded.count < 128 { padded += [UInt8](repeating: 0, count: 128 - padded.count) }
        guard padded[32..<63].allSatisfy({ $0 == 0 }), padded[63] == 27 || padded[63] == 28,
              let hash = Hash32(bytes: padded[0..<32]),
              let r = UInt256(bigEndian: padded[64..<96]), let s = UInt256(bigEndian: padded[96..<128])
        else { return [] }
        let signature = RecoverableSignature(r: r, s: s, recoveryID: padded[63] - 27)
        guard let address = try? recoverAddress(hash: hash, signature: signature, rule: .anyS) else { return [] }
        return [UInt8](repeating: 0, count: 12) + address.bytes
    }

    static func serialize(_ key: secp256k1_pubkey) -> PublicKey {
        var key = key
        var out = [UInt8](repeating: 0, count: 65)
        var length = 65
        _ = secp256k1_ec_pubkey_serialize(Context.shared.pointer, &out, &length, &key, UInt32(SECP256K1_EC_UNCOMPRESSED))
        return PublicKey(uncompressed: out)
    }

    /// One context for the process. libsecp256k1 lets any number of threads verify, recover and
    /// sign through the same context as long as none of them changes it, so it is randomized
    /// once (blinding for signing) before it is shared and never touched again.
    final class Context: @unchecked Sendable {
        let pointer: OpaquePointer

        static let shared = Context()

        private init() {
            guard let context = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE)) else {
                fatalError("libsecp256k1: cannot create a context (out of memory)")
            }
            var generator = SystemRandomNumberGenerator()
            let seed = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            _ = secp256k1_context_randomize(context, seed)
            pointer = context
        }
    }
}

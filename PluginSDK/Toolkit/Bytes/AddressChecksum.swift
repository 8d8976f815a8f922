/// EIP-55 mixed-case checksummed address text.
///
/// The case of each hex letter carries one bit of the Keccak-256 hash of the lower-case hex, so a
/// typo in a mixed-case address is caught. All-lower-case and all-upper-case text carries no
/// checksum and is accepted as it is, as every Ethereum tool does.
extension Address {
    public struct ChecksumError: Error, Equatable, Sendable, CustomStringConvertible {
        public enum Reason: Equatable, Sendable {
            /// The text is not `0x` and 40 hex digits.
            case notAddressHex(Hex.DecodingError)
            /// The text is missing its `0x` prefix.
            case missingPrefix
            /// Mixed case whose letters do not follow the checksum; `expected` is the correct text.
            case wrongChecksum(expected: String)
        }
        public let text: String
        public let reason: Reason

        public var description: String {
            switch reason {
            case .notAddressHex(let error):
                return "'\(text)' is not an address: \(error); an address is 0x and 40 hex digits"
            case .missingPrefix:
                return "'\(text)' is not an address: it must start with 0x"
            case .wrongChecksum(let expected):
                return "'\(text)' has mixed case but its EIP-55 checksum is wrong (a typo?); the checksummed form of these digits is \(expected), or write it all lower-case to skip the check"
            }
        }
    }

    /// The EIP-55 form: `0x` and 40 hex digits whose letters are upper-case where the checksum says so.
    public var checksummed: String {
        let lower = Array(Hex.encode(bytes, prefix: false).utf8)
        return "0x" + String(decoding: Self.applyChecksum(to: lower), as: UTF8.self)
    }

    /// Parses `0x` and 40 hex digits, refusing mixed-case text whose checksum is wrong.
    public init(checksummedHex text: some StringProtocol) throws(ChecksumError) {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 2, utf8[0] == UInt8(ascii: "0"), utf8[1] | 0x20 == UInt8(ascii: "x") else {
            throw ChecksumError(text: String(text), reason: .missingPrefix)
        }
        let digits = utf8[2...]
        let bytes: [UInt8]
        do { bytes = try Hex.decode(text, count: 20) } catch {
            throw ChecksumError(text: String(text), reason: .notAddressHex(error))
        }
        // Only letters have a case: text with no letters is trivially valid.
        let hasLower = digits.contains { (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }
        let hasUpper = digits.contains { (UInt8(ascii: "A")...UInt8(ascii: "F")).contains($0) }
        let address = Address(first20: bytes)
        if hasLower && hasUpper {
            let expected = address.checksummed
            guard Array(expected.utf8.dropFirst(2)) == Array(digits) else {
                throw ChecksumError(text: String(text), reason: .wrongChecksum(expected: expected))
            }
        }
        self = address
    }

    /// Upper-cases the letters of lower-case hex digits whose hash nibble is 8 or more.
    private static func applyChecksum(to lower: [UInt8]) -> [UInt8] {
        let hash = Keccak256.hash(lower).bytes
        var out = lower
        for i in out.indices where out[i] >= UInt8(ascii: "a") {
            let nibble = i % 2 == 0 ? hash[i / 2] >> 4 : hash[i / 2] & 0x0f
            if nibble >= 8 { out[i] -= 0x20 }
        }
        return out
    }

    /// From a collection the caller knows holds 20 bytes (a decoded hex address, the low part of an
    /// ABI word); it spares them the failable initialiser's optional.
    init(first20 bytes: some Collection<UInt8>) {
        var h: UInt64 = 0, m: UInt64 = 0, l: UInt32 = 0
        var i = 0
        for b in bytes.prefix(20) {
            switch i {
            case 0..<8: h = h << 8 | UInt64(b)
            case 8..<16: m = m << 8 | UInt64(b)
            default: l = l << 8 | UInt32(b)
            }
            i += 1
        }
        self.init(high: h, middle: m, low: l)
    }
}

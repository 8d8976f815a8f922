/// Hex text as Ethereum tools write it: optional `0x`, two digits per byte, either case.
public enum Hex {
    public struct DecodingError: Error, Equatable, CustomStringConvertible, Sendable {
        public enum Reason: Equatable, Sendable {
            case oddLength(Int)
            case invalidDigit(Character, offset: Int)
            case wrongLength(expected: Int, actual: Int)
        }
        public let reason: Reason
        public var description: String {
            switch reason {
            case .oddLength(let n):
                return "hex has an odd number of digits (\(n)); every byte needs two digits"
            case .invalidDigit(let c, let offset):
                return "'\(c)' at character \(offset) is not a hex digit"
            case .wrongLength(let expected, let actual):
                return "expected \(expected) bytes of hex, found \(actual)"
            }
        }
    }

    /// Decodes `0x`-prefixed or bare hex. An empty string (or `0x`) is zero bytes.
    public static func decode(_ text: some StringProtocol) throws(DecodingError) -> [UInt8] {
        var utf8 = Array(text.utf8)
        var skip = 0
        if utf8.count >= 2, utf8[0] == UInt8(ascii: "0"), utf8[1] | 0x20 == UInt8(ascii: "x") { skip = 2 }
        let digits = utf8.count - skip
        guard digits % 2 == 0 else { throw DecodingError(reason: .oddLength(digits)) }
        var out = [UInt8](repeating: 0, count: digits / 2)
        var i = skip
        var o = 0
        while i < utf8.count {
            guard let hi = nibble(utf8[i]) else { throw invalidDigit(utf8, at: i) }
            guard let lo = nibble(utf8[i + 1]) else { throw invalidDigit(utf8, at: i + 1) }
            out[o] = hi << 4 | lo
            o += 1
            i += 2
        }
        utf8.removeAll()
        return out
    }

    /// Decodes hex that must hold exactly `count` bytes.
    public static func decode(_ text: some StringProtocol, count: Int) throws(DecodingError) -> [UInt8] {
        let bytes = try decode(text)
        guard bytes.count == count else { throw DecodingError(reason: .wrongLength(expected: count, actual: bytes.count)) }
        return bytes
    }

    /// Lower-case hex with a `0x` prefix.
    public static func encode(_ bytes: some Sequence<UInt8>, prefix: Bool = true) -> String {
        var out = [UInt8]()
        out.reserveCapacity(bytes.underestimatedCount * 2 + 2)
        if prefix { out.append(UInt8(ascii: "0")); out.append(UInt8(ascii: "x")) }
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A 4-byte function selector as written in ABIs: `0x` and eight digits.
    public static func selector(_ value: UInt32) -> String {
        encode([UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)])
    }

    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// The offending character may span several UTF-8 bytes, so it is decoded from the text rather
    /// than taken from its first byte. Everything before it is ASCII, so the byte offset is also
    /// the character offset.
    private static func invalidDigit(_ utf8: [UInt8], at offset: Int) -> DecodingError {
        let character = String(decoding: utf8[offset...], as: UTF8.self).first ?? "\u{FFFD}"
        return DecodingError(reason: .invalidDigit(character, offset: offset))
    }

    @inline(__always)
    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c &- UInt8(ascii: "A") &+ 10
        default: return nil
        }
    }
}

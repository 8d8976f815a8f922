import Testing
import RollportToolkit

/// Why `text` was rejected, or nil when it was not.
private func failure(_ text: String, count: Int? = nil) -> Hex.DecodingError.Reason? {
    do {
        if let count { _ = try Hex.decode(text, count: count) } else { _ = try Hex.decode(text) }
        return nil
    } catch {
        return error.reason
    }
}

@Suite("Hex")
struct HexTests {
    @Test("decode accepts 0x, 0X and bare hex, in either case")
    func prefixesAndCase() throws {
        let expected: [UInt8] = [0xde, 0xad, 0xbe, 0xef]
        for text in ["0xdeadbeef", "0XDEADBEEF", "deadbeef", "DeAdBeEf", "0xDEADbeef"] {
            #expect(try Hex.decode(text) == expected, "\(text)")
        }
        #expect(try Hex.decode("0x00ff10") == [0x00, 0xff, 0x10])
    }

    @Test("empty text and a bare prefix are zero bytes")
    func empty() throws {
        #expect(try Hex.decode("") == [])
        #expect(try Hex.decode("0x") == [])
        #expect(try Hex.decode("0X") == [])
    }

    @Test("decode works on substrings, not only String")
    func substring() throws {
        let line = "hash=0xcafe;"
        let start = line.firstIndex(of: "=").map(line.index(after:))!
        let end = line.firstIndex(of: ";")!
        #expect(try Hex.decode(line[start..<end]) == [0xca, 0xfe])
    }

    @Test("encode is lower case with an optional 0x prefix")
    func encode() {
        #expect(Hex.encode([0xde, 0xad, 0xBE, 0xEF]) == "0xdeadbeef")
        #expect(Hex.encode([0x00, 0x0a], prefix: false) == "000a")
        #expect(Hex.encode([UInt8]()) == "0x")
        #expect(Hex.encode([UInt8](), prefix: false) == "")
        #expect(Hex.encode([0x01, 0x02][...]) == "0x0102")
    }

    @Test("every byte value round-trips through encode and decode")
    func roundTripAllBytes() throws {
        let all = (0...255).map { UInt8($0) }
        let text = Hex.encode(all)
        #expect(text.count == 2 + 512)
        #expect(text == text.lowercased())
        #expect(try Hex.decode(text) == all)
        #expect(try Hex.decode(text.uppercased()) == all)
        #expect(try Hex.decode(Hex.encode(all, prefix: false)) == all)
    }

    @Test("random byte strings round-trip")
    func roundTripRandom() throws {
        var rng = SplitMix64(seed: 0x4845_5800)
        for length in 0..<200 {
            let bytes = rng.bytes(length)
            #expect(try Hex.decode(Hex.encode(bytes)) == bytes)
            #expect(try Hex.decode(Hex.encode(bytes, prefix: false)) == bytes)
        }
    }

    @Test("an odd number of digits is rejected, counting digits after the prefix")
    func oddLength() {
        let cases: [(String, Int)] = [("0x1", 1), ("abc", 3), ("0xabcde", 5), ("0", 1), ("0X123", 3)]
        for (text, digits) in cases {
            #expect(failure(text) == .oddLength(digits), "\(text)")
        }
        let error = #expect(throws: Hex.DecodingError.self) { try Hex.decode("0x123") }
        #expect(error?.description.contains("odd number of digits (3)") == true)
    }

    @Test("an invalid digit is reported with its character offset in the text, prefix included")
    func invalidDigit() {
        let cases: [(String, Character, Int)] = [
            ("0xzz", "z", 2),
            ("0x0g", "g", 3),
            ("12345g", "g", 5),
            ("g1", "g", 0),
            ("0x00 1", " ", 4),
            ("0xabcdex", "x", 7),
            // A second prefix is not a prefix.
            ("0x0x12", "x", 3),
            ("--", "-", 0),
        ]
        for (text, character, offset) in cases {
            #expect(failure(text) == .invalidDigit(character, offset: offset), "\(text)")
        }
        let error = #expect(throws: Hex.DecodingError.self) { try Hex.decode("0x12zz") }
        #expect(error?.description == "'z' at character 4 is not a hex digit")
    }

    @Test("a non-ASCII character is reported as itself, not as one of its UTF-8 bytes")
    func invalidNonASCII() {
        // Both texts have an even number of UTF-8 bytes after the prefix, so the odd-length
        // check (which counts bytes) does not fire first.
        #expect(failure("0xé") == .invalidDigit("é", offset: 2))
        #expect(failure("0x12€0") == .invalidDigit("€", offset: 4))
    }

    @Test("decode(_:count:) requires exactly that many bytes")
    func exactCount() throws {
        #expect(try Hex.decode("0x0102", count: 2) == [1, 2])
        #expect(try Hex.decode("", count: 0) == [])
        #expect(failure("0x010203", count: 2) == .wrongLength(expected: 2, actual: 3))
        #expect(failure("0x", count: 20) == .wrongLength(expected: 20, actual: 0))
        let error = #expect(throws: Hex.DecodingError.self) { try Hex.decode("0x01", count: 32) }
        #expect(error?.description == "expected 32 bytes of hex, found 1")
        // Malformed text is reported as such, not as a length mismatch.
        #expect(failure("0x123", count: 2) == .oddLength(3))
        #expect(failure("0xq1", count: 1) == .invalidDigit("q", offset: 2))
    }
}

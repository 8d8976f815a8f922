import Testing
import RollportToolkit

@Suite("Address")
struct AddressTests {
    @Test("bytes round-trip and land in the right words")
    func bytesRoundTrip() throws {
        let bytes = (1...20).map { UInt8($0) }
        let address = try #require(Address(bytes: bytes))
        #expect(address.bytes == bytes)
        #expect(address.high == 0x0102_0304_0506_0708)
        #expect(address.middle == 0x090a_0b0c_0d0e_0f10)
        #expect(address.low == 0x1112_1314)
        #expect(Address(high: address.high, middle: address.middle, low: address.low) == address)
    }

    @Test("any collection of 20 bytes works, including slices")
    func fromSlice() throws {
        let padded: [UInt8] = [0xaa] + (0..<20).map { UInt8(0xe0 + $0 % 16) } + [0xbb]
        let address = try #require(Address(bytes: padded[1...20]))
        #expect(address.bytes == Array(padded[1...20]))
    }

    @Test("random addresses round-trip through bytes and hex")
    func randomRoundTrip() throws {
        var rng = SplitMix64(seed: 20)
        for _ in 0..<200 {
            let bytes = rng.bytes(20)
            let address = try #require(Address(bytes: bytes))
            #expect(address.bytes == bytes)
            #expect(try Address(hex: address.description) == address)
            #expect(try Address(hex: Hex.encode(bytes, prefix: false).uppercased()) == address)
        }
    }

    @Test("hex init accepts the usual spellings; description is lower-case 0x")
    func hex() throws {
        let inbox = try Address(hex: "0xFF00000000000000000000000000000000000010")
        #expect(inbox.description == "0xff00000000000000000000000000000000000010")
        #expect("\(inbox)" == "0xff00000000000000000000000000000000000010")
        #expect(try Address(hex: "ff00000000000000000000000000000000000010") == inbox)
        #expect(inbox.high == 0xff00_0000_0000_0000)
        #expect(inbox.middle == 0)
        #expect(inbox.low == 0x10)
        // EIP-55 checksummed input is accepted; the checksum is not verified, only the digits.
        let checksummed = try Address(hex: "0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F")
        #expect(checksummed.description == "0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f")
    }

    @Test("zero is twenty zero bytes")
    func zero() {
        #expect(Address.zero.bytes == [UInt8](repeating: 0, count: 20))
        #expect(Address.zero.description == "0x" + String(repeating: "0", count: 40))
        #expect(Address(bytes: [UInt8](repeating: 0, count: 20)) == .zero)
    }

    @Test("anything but 20 bytes is rejected", arguments: [0, 1, 19, 21, 32])
    func wrongLength(count: Int) throws {
        #expect(Address(bytes: [UInt8](repeating: 0xab, count: count)) == nil)
        do {
            _ = try Address(hex: Hex.encode([UInt8](repeating: 0xab, count: count)))
            Issue.record("accepted \(count) bytes of hex")
        } catch {
            #expect(error.reason == .wrongLength(expected: 20, actual: count))
        }
    }

    @Test("malformed hex is reported by the hex decoder")
    func malformedHex() {
        do {
            _ = try Address(hex: "0x" + String(repeating: "0", count: 39) + "g")
            Issue.record("accepted a non-hex digit")
        } catch {
            #expect(error.reason == .invalidDigit("g", offset: 41))
        }
    }

    @Test("ordering is the lexicographic order of the bytes")
    func ordering() throws {
        func address(_ set: [(Int, UInt8)]) -> Address {
            var bytes = [UInt8](repeating: 0, count: 20)
            for (i, b) in set { bytes[i] = b }
            return Address(bytes: bytes)!
        }
        // A difference in each word, and a later word never outweighing an earlier one.
        #expect(address([(19, 1)]) < address([(19, 2)]))
        #expect(address([(15, 1)]) > address([(19, 0xff), (16, 0xff)]))
        #expect(address([(0, 1)]) > address([(1, 0xff), (10, 0xff), (19, 0xff)]))
        #expect(address([(7, 1)]) > address([(8, 0xff)]))
        #expect(!(Address.zero < Address.zero))
        #expect(Address.zero < address([(19, 1)]))

        var rng = SplitMix64(seed: 0x0bde)
        for _ in 0..<500 {
            var a = rng.bytes(20), b = rng.bytes(20)
            // Share a random-length prefix so that later words get compared too.
            let shared = Int.random(in: 0...20, using: &rng)
            b.replaceSubrange(0..<shared, with: a[0..<shared])
            if shared < 20, Bool.random(using: &rng) { a[shared] = b[shared] }
            let x = try #require(Address(bytes: a)), y = try #require(Address(bytes: b))
            #expect((x < y) == a.lexicographicallyPrecedes(b), "\(x) vs \(y)")
            #expect((x == y) == (a == b))
        }

        let sorted = (0..<50).map { _ in Address(bytes: rng.bytes(20))! }.sorted()
        #expect(sorted.map(\.bytes) == sorted.map(\.bytes).sorted { $0.lexicographicallyPrecedes($1) })
    }

    @Test("equal addresses hash equally")
    func hashing() throws {
        let a = try Address(hex: "0x3535353535353535353535353535353535353535")
        let b = try #require(Address(bytes: [UInt8](repeating: 0x35, count: 20)))
        #expect(Set([a, b, .zero]).count == 2)
        #expect([a: 1][b] == 1)
    }
}

@Suite("Hash32")
struct Hash32Tests {
    @Test("bytes round-trip and land in the right words")
    func bytesRoundTrip() throws {
        let bytes = (1...32).map { UInt8($0) }
        let hash = try #require(Hash32(bytes: bytes))
        #expect(hash.bytes == bytes)
        #expect(hash.w0 == 0x0102_0304_0506_0708)
        #expect(hash.w1 == 0x090a_0b0c_0d0e_0f10)
        #expect(hash.w2 == 0x1112_1314_1516_1718)
        #expect(hash.w3 == 0x191a_1b1c_1d1e_1f20)
        #expect(Hash32(w0: hash.w0, w1: hash.w1, w2: hash.w2, w3: hash.w3) == hash)
    }

    @Test("random hashes round-trip through bytes and hex")
    func randomRoundTrip() throws {
        var rng = SplitMix64(seed: 32)
        for _ in 0..<200 {
            let bytes = rng.bytes(32)
            let hash = try #require(Hash32(bytes: bytes))
            #expect(hash.bytes == bytes)
            #expect(try Hash32(hex: hash.description) == hash)
            #expect(try #require(Hash32(bytes: bytes[...])) == hash)
        }
    }

    @Test("hex init and lower-case 0x description")
    func hex() throws {
        let text = "0xE69D94330FAAFB4F716F7AD9B3B50EA8FF5CE57AEA6D2F8BE07AFB7FE49CD6CF"
        let hash = try Hash32(hex: text)
        #expect(hash.description == "0xe69d94330faafb4f716f7ad9b3b50ea8ff5ce57aea6d2f8be07afb7fe49cd6cf")
        #expect(try Hash32(hex: String(text.dropFirst(2))) == hash)
        #expect(Hash32.zero.description == "0x" + String(repeating: "0", count: 64))
        #expect(Hash32.zero.bytes == [UInt8](repeating: 0, count: 32))
    }

    @Test("anything but 32 bytes is rejected", arguments: [0, 20, 31, 33, 64])
    func wrongLength(count: Int) {
        #expect(Hash32(bytes: [UInt8](repeating: 1, count: count)) == nil)
        do {
            _ = try Hash32(hex: Hex.encode([UInt8](repeating: 1, count: count)))
            Issue.record("accepted \(count) bytes of hex")
        } catch {
            #expect(error.reason == .wrongLength(expected: 32, actual: count))
        }
    }

    @Test("hashes that differ in any word are different and hash apart")
    func equality() {
        var seen = Set<Hash32>()
        for i in 0..<32 {
            var bytes = [UInt8](repeating: 0, count: 32)
            bytes[i] = 1
            seen.insert(Hash32(bytes: bytes)!)
        }
        seen.insert(.zero)
        #expect(seen.count == 33)
    }
}

@Suite("UInt64.minimalBigEndianBytes")
struct MinimalBytesTests {
    @Test func values() {
        #expect(UInt64(0).minimalBigEndianBytes == [])
        #expect(UInt64(1).minimalBigEndianBytes == [1])
        #expect(UInt64(0x7f).minimalBigEndianBytes == [0x7f])
        #expect(UInt64(0x100).minimalBigEndianBytes == [1, 0])
        #expect(UInt64(1024).minimalBigEndianBytes == [0x04, 0x00])
        #expect(UInt64(0x0100_0000_0000_0000).minimalBigEndianBytes == [1, 0, 0, 0, 0, 0, 0, 0])
        #expect(UInt64.max.minimalBigEndianBytes == [UInt8](repeating: 0xff, count: 8))
    }

    @Test func neverALeadingZero() {
        var rng = SplitMix64(seed: 64)
        for _ in 0..<500 {
            let value = rng.next() >> UInt64.random(in: 0...63, using: &rng)
            let bytes = value.minimalBigEndianBytes
            #expect(bytes.first != 0)
            #expect(bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) } == value)
        }
    }
}

import Testing
import RollportToolkit

struct CanonicalVector: Sendable, CustomTestStringConvertible {
    let name: String
    let encoding: [UInt8]
    let value: RLP
    var testDescription: String { name }
}

private let lorem = Array("Lorem ipsum dolor sit amet, consectetur adipisicing elit".utf8)

/// Encodings with exactly one accepted form, mostly from the Ethereum RLP test suite and the
/// Yellow Paper's examples.
let canonicalVectors: [CanonicalVector] = [
    .init(name: "empty string", encoding: hex("0x80"), value: .bytes([])),
    .init(name: "integer 0 (empty string)", encoding: hex("0x80"), value: rlpInt(0)),
    .init(name: "byte 0x00", encoding: hex("0x00"), value: .bytes([0x00])),
    .init(name: "integer 15", encoding: hex("0x0f"), value: rlpInt(15)),
    .init(name: "byte 0x7f", encoding: hex("0x7f"), value: .bytes([0x7f])),
    .init(name: "byte 0x80", encoding: hex("0x8180"), value: .bytes([0x80])),
    .init(name: "integer 1024", encoding: hex("0x820400"), value: rlpInt(1024)),
    .init(name: "UInt64.max", encoding: hex("0x88ffffffffffffffff"), value: rlpInt(.max)),
    .init(name: "dog", encoding: hex("0x83646f67"), value: .bytes(Array("dog".utf8))),
    .init(name: "55-byte string (longest short form)", encoding: [0xb7] + [UInt8](repeating: 0x61, count: 55),
          value: .bytes([UInt8](repeating: 0x61, count: 55))),
    .init(name: "56-byte string (shortest long form)",
          encoding: hex("0xb8384c6f72656d20697073756d20646f6c6f722073697420616d65742c20636f6e7365637465747572206164697069736963696e6720656c6974"),
          value: .bytes(lorem)),
    .init(name: "1024-byte string", encoding: [0xb9, 0x04, 0x00] + [UInt8](repeating: 0xee, count: 1024),
          value: .bytes([UInt8](repeating: 0xee, count: 1024))),
    .init(name: "empty list", encoding: hex("0xc0"), value: .list([])),
    .init(name: "[\"cat\", \"dog\"]", encoding: hex("0xc88363617483646f67"),
          value: .list([.bytes(Array("cat".utf8)), .bytes(Array("dog".utf8))])),
    .init(name: "[[]]", encoding: hex("0xc1c0"), value: .list([.list([])])),
    .init(name: "[\"zw\", [4], 1]", encoding: hex("0xc6827a77c10401"),
          value: .list([.bytes(Array("zw".utf8)), .list([rlpInt(4)]), rlpInt(1)])),
    .init(name: "set-theoretical three [[], [[]], [[], [[]]]]", encoding: hex("0xc7c0c1c0c3c0c1c0"),
          value: .list([.list([]), .list([.list([])]), .list([.list([]), .list([.list([])])])])),
    .init(name: "list with a 64-byte body (long form)",
          encoding: hex("0xf840cf84617364668471776572847a786376cf84617364668471776572847a786376cf84617364668471776572847a786376cf84617364668471776572847a786376"),
          value: .list(Array(repeating: .list(["asdf", "qwer", "zxcv"].map { .bytes(Array($0.utf8)) }), count: 4))),
    .init(name: "list holding a 56-byte string", encoding: [0xf8, 0x3a] + hex("0xb838") + lorem, value: .list([.bytes(lorem)])),
]

/// `count` lists, each the only item of the one around it, built iteratively so that huge depths
/// are cheap; also returns the offset of each list's header, outermost first.
func nestedLists(_ count: Int) -> (bytes: [UInt8], headerOffsets: [Int]) {
    precondition(count >= 1)
    var headers = [[UInt8]]()
    var size = 1  // the innermost `0xc0`
    for _ in 1..<count {
        let header = listHeader(bodyLength: size)
        headers.append(header)
        size += header.count
    }
    var bytes = [UInt8]()
    bytes.reserveCapacity(size)
    var offsets = [Int]()
    for header in headers.reversed() {
        offsets.append(bytes.count)
        bytes += header
    }
    offsets.append(bytes.count)
    bytes.append(0xc0)
    return (bytes, offsets)
}

/// A list header written out by hand, so that the builder does not lean on the encoder it checks.
func listHeader(bodyLength length: Int) -> [UInt8] {
    if length < 56 { return [0xc0 + UInt8(length)] }
    let lengthBytes = UInt64(length).minimalBigEndianBytes
    return [0xf7 + UInt8(lengthBytes.count)] + lengthBytes
}

@Suite("RLP")
struct RLPTests {
    @Test("canonical vectors decode, encode and round-trip", arguments: canonicalVectors)
    func canonical(_ vector: CanonicalVector) throws {
        #expect(try RLP.decode(vector.encoding) == vector.value)
        #expect(vector.value.encoded() == vector.encoding)
        #expect(try RLP.decode(vector.encoding).encoded() == vector.encoding)
        var appended: [UInt8] = [0xfe]
        vector.value.append(to: &appended)
        #expect(appended == [0xfe] + vector.encoding)
    }

    @Test("the long form starts at exactly 56 bytes, for strings and lists")
    func lengthBoundaries() throws {
        for length in [0, 1, 2, 54, 55, 56, 57, 255, 256, 65535, 65536] {
            let payload = [UInt8](repeating: 0x99, count: length)
            let string = RLP.bytes(payload).encoded()
            let expectedHeader: [UInt8] =
                length < 56 ? [0x80 + UInt8(length)]
                : [0xb7 + UInt8(UInt64(length).minimalBigEndianBytes.count)] + UInt64(length).minimalBigEndianBytes
            #expect(Array(string.prefix(expectedHeader.count)) == expectedHeader, "string of \(length)")
            #expect(string.count == expectedHeader.count + length)
            #expect(try RLP.decode(string) == .bytes(payload))

            // A list whose body is `length` bytes of single-byte items.
            let list = RLP.list(Array(repeating: .bytes([0x01]), count: length)).encoded()
            #expect(list.first == (length < 56 ? 0xc0 + UInt8(length) : 0xf7 + UInt8(UInt64(length).minimalBigEndianBytes.count)))
            #expect(list.count == expectedHeader.count + length)
            #expect(try RLP.decode(list).encoded() == list)
        }
    }

    @Test("decode reads any collection and reports offsets from its start")
    func collections() throws {
        let framed: [UInt8] = [0xff, 0xff] + hex("0x83646f67") + [0xff]
        #expect(try RLP.decode(framed[2..<6]) == .bytes(Array("dog".utf8)))
        do {
            _ = try RLP.decode(framed[2...])
            Issue.record("accepted a trailing byte")
        } catch {
            #expect(error.offset == 4)
            #expect(error.reason == .trailingBytes(count: 1))
        }
        #expect(try RLP.decode(hex("0xc0").reversed()) == .list([]))
    }

    // MARK: Strictness: each reason, at the offset of the header at fault

    @Test("empty input")
    func empty() {
        expectRLPError([], offset: 0, reason: .empty)
        do {
            _ = try RLP.decode(hex("0x8001")[2...])
            Issue.record("accepted an empty slice")
        } catch {
            #expect(error.reason == .empty)
            #expect(error.description == "RLP: input is empty")
        }
    }

    @Test("truncated strings")
    func truncatedStrings() {
        // "dog" without its last byte.
        expectRLPError(hex("0x83646f"), offset: 0, reason: .truncated(needed: 4, available: 3))
        expectRLPError(hex("0x81"), offset: 0, reason: .truncated(needed: 2, available: 1))
        expectRLPError(hex("0xb7"), offset: 0, reason: .truncated(needed: 56, available: 1))
        // Long form: the length says 56 bytes but only 10 follow.
        expectRLPError([0xb8, 0x38] + [UInt8](repeating: 0x61, count: 10), offset: 0, reason: .truncated(needed: 58, available: 12))
        // Long form: the length-of-length itself runs past the end.
        expectRLPError(hex("0xb8"), offset: 0, reason: .truncated(needed: 2, available: 1))
        expectRLPError(hex("0xb90100"), offset: 0, reason: .truncated(needed: 3 + 256, available: 3))
        expectRLPError(hex("0xba0100"), offset: 0, reason: .truncated(needed: 4, available: 3))
        // A 7-byte length near the largest representable must not overflow.
        expectRLPError(hex("0xbeffffffffffffff"), offset: 0,
                       reason: .truncated(needed: 8 + 0xff_ffff_ffff_ffff, available: 8))
    }

    @Test("truncated lists")
    func truncatedLists() {
        // ["cat", "dog"] missing its last byte.
        expectRLPError(hex("0xc88363617483646f"), offset: 0, reason: .truncated(needed: 9, available: 8))
        expectRLPError(hex("0xc1"), offset: 0, reason: .truncated(needed: 2, available: 1))
        expectRLPError(hex("0xf8"), offset: 0, reason: .truncated(needed: 2, available: 1))
        expectRLPError([0xf8, 0x40] + [UInt8](repeating: 0x01, count: 63), offset: 0, reason: .truncated(needed: 66, available: 65))
        expectRLPError(hex("0xf9ffff00"), offset: 0, reason: .truncated(needed: 3 + 0xffff, available: 4))
        // The list fits, but its last item is cut off by the end of the input.
        expectRLPError(hex("0xc181"), offset: 1, reason: .truncated(needed: 2, available: 1))
        expectRLPError(hex("0xc28081"), offset: 2, reason: .truncated(needed: 2, available: 1))
    }

    @Test("an item that runs past the end of its list")
    func itemOverrunsList() {
        // The list claims 2 body bytes; its first item "abc" needs 4.
        expectRLPError(hex("0xc2836162638080"), offset: 0, reason: .truncated(needed: 4, available: 2))
        // Nested: the inner list claims 1 byte, its item is 2 bytes long.
        expectRLPError(hex("0xc4c181808080"), offset: 1, reason: .truncated(needed: 2, available: 1))
    }

    @Test("trailing bytes after the item")
    func trailingBytes() {
        expectRLPError(hex("0x83646f6700"), offset: 4, reason: .trailingBytes(count: 1))
        expectRLPError(hex("0x8080"), offset: 1, reason: .trailingBytes(count: 1))
        expectRLPError(hex("0xc0c0c0"), offset: 1, reason: .trailingBytes(count: 2))
        expectRLPError(hex("0x0102"), offset: 1, reason: .trailingBytes(count: 1))
        // Two valid lists back to back are not one item.
        expectRLPError(hex("0xc88363617483646f67c0"), offset: 9, reason: .trailingBytes(count: 1))
    }

    @Test("a single byte below 0x80 must be encoded as itself")
    func singleByteWrapped() throws {
        expectRLPError(hex("0x8100"), offset: 0, reason: .singleByteWrapped(0x00))
        expectRLPError(hex("0x810f"), offset: 0, reason: .singleByteWrapped(0x0f))
        expectRLPError(hex("0x817f"), offset: 0, reason: .singleByteWrapped(0x7f))
        // Inside a list, at the offset of the offending item.
        expectRLPError(hex("0xc6836361748100"), offset: 5, reason: .singleByteWrapped(0x00))
        // 0x80 itself needs the one-byte string form, so 0x8180 is fine.
        #expect(try RLP.decode(hex("0x8180")) == .bytes([0x80]))
        #expect(try RLP.decode(hex("0x81ff")) == .bytes([0xff]))
    }

    @Test("the long form is only for lengths of 56 or more")
    func longFormForShortLength() {
        expectRLPError([0xb8, 0x37] + [UInt8](repeating: 0x61, count: 55), offset: 0, reason: .longFormForShortLength(55))
        expectRLPError(hex("0xb80161"), offset: 0, reason: .longFormForShortLength(1))
        expectRLPError(hex("0xb80180"), offset: 0, reason: .longFormForShortLength(1))
        expectRLPError(hex("0xf803808080"), offset: 0, reason: .longFormForShortLength(3))
        expectRLPError(hex("0xc4b8026162"), offset: 1, reason: .longFormForShortLength(2))
        // Checked before the body is looked at, so a short input still reports non-canonical form.
        expectRLPError(hex("0xb837"), offset: 0, reason: .longFormForShortLength(55))
    }

    @Test("no leading zero in the length of a long-form item")
    func leadingZeroInLength() {
        expectRLPError([0xb9, 0x00, 0x38] + [UInt8](repeating: 0x61, count: 56), offset: 0, reason: .leadingZeroInLength)
        expectRLPError(hex("0xb800"), offset: 0, reason: .leadingZeroInLength)
        expectRLPError([0xf9, 0x00, 0x40] + [UInt8](repeating: 0x01, count: 64), offset: 0, reason: .leadingZeroInLength)
        expectRLPError(hex("0xc3b80000"), offset: 1, reason: .leadingZeroInLength)
    }

    @Test("an eight-byte length field is larger than any input")
    func lengthTooLarge() {
        expectRLPError(hex("0xbf0100000000000000"), offset: 0, reason: .lengthTooLarge)
        expectRLPError(hex("0xff0100000000000000"), offset: 0, reason: .lengthTooLarge)
        expectRLPError(hex("0xffffffffffffffffff"), offset: 0, reason: .lengthTooLarge)
    }

    @Test("error descriptions name the byte offset")
    func descriptions() {
        let cases: [([UInt8], String)] = [
            (hex("0xc88363617483646f"), "at byte 0 needs 9 bytes but only 8 remain"),
            (hex("0x83646f6700"), "1 unexpected bytes after the item, starting at byte 4"),
            (hex("0xc6836361748100"), "at byte 5: single byte 0x00 must be encoded as itself"),
            (hex("0xb80161"), "at byte 0: length 1 uses the long form"),
            (hex("0xc3b80000"), "at byte 1: the length field has a leading zero byte"),
            (hex("0xbf0100000000000000"), "length field at byte 0 is larger than any input can be"),
        ]
        for (input, fragment) in cases {
            do {
                _ = try RLP.decode(input)
                Issue.record("accepted \(Hex.encode(input))")
            } catch {
                #expect(error.description.hasPrefix("RLP: "))
                #expect(error.description.contains(fragment), "\(error.description)")
            }
        }
    }

    // MARK: Nesting depth

    @Test("the nested-list builder agrees with the encoder")
    func nestedBuilder() {
        for count in [1, 2, 30, 56, 57, 300] {
            var item = RLP.list([])
            for _ in 1..<count { item = .list([item]) }
            #expect(nestedLists(count).bytes == item.encoded(), "\(count) lists")
        }
    }

    @Test("lists nested exactly maxDepth deep decode")
    func atDepthLimit() throws {
        let (bytes, _) = nestedLists(RLP.maxDepth)
        let item = try RLP.decode(bytes)
        #expect(item.encoded() == bytes)
        var depth = 1
        var current = item
        while case .list(let items) = current, let only = items.first {
            #expect(items.count == 1)
            depth += 1
            current = only
        }
        #expect(depth == RLP.maxDepth)
    }

    @Test("one level more is tooDeep, at the header of the list past the limit")
    func pastDepthLimit() {
        let (bytes, offsets) = nestedLists(RLP.maxDepth + 1)
        expectRLPError(bytes, offset: offsets[RLP.maxDepth], reason: .tooDeep(limit: RLP.maxDepth))
        #expect(offsets[RLP.maxDepth] == bytes.count - 1)
        // Strings inside the deepest allowed list are fine; only lists count.
        var item = RLP.list([.bytes([1, 2, 3]), rlpInt(7)])
        for _ in 1..<RLP.maxDepth { item = .list([item]) }
        #expect(throws: Never.self) { try RLP.decode(item.encoded()) }
    }

    @Test("very deep nesting is rejected without exhausting the stack")
    func hugeDepth() {
        // Well-formed lengths all the way down.
        let (bytes, offsets) = nestedLists(200_000)
        expectRLPError(bytes, offset: offsets[RLP.maxDepth], reason: .tooDeep(limit: RLP.maxDepth))
        // Headers that claim one body byte each: only the depth check can stop them.
        expectRLPError([UInt8](repeating: 0xc1, count: 1_000_000), offset: RLP.maxDepth, reason: .tooDeep(limit: RLP.maxDepth))
        // Long-form headers (0xf8 0xf8: a list of 248 bytes), two bytes per level.
        expectRLPError([UInt8](repeating: 0xf8, count: 100_000), offset: 2 * RLP.maxDepth, reason: .tooDeep(limit: RLP.maxDepth))
    }

    // MARK: Round trips of generated trees

    @Test("random trees encode, decode and re-encode identically")
    func randomTrees() throws {
        var rng = SplitMix64(seed: 0x524c_5000)
        for i in 0..<400 {
            let item = randomItem(&rng, depth: 5)
            let bytes = item.encoded()
            let decoded = try RLP.decode(bytes)
            #expect(decoded == item, "tree \(i)")
            #expect(decoded.encoded() == bytes, "tree \(i)")
        }
    }
}

/// A random tree whose string lengths cluster around the encoder's boundaries (1, 55/56, 255/256).
func randomItem(_ rng: inout SplitMix64, depth: Int) -> RLP {
    if depth > 0, rng.next() % 3 == 0 {
        let count = Int(rng.next() % 6)
        return .list((0..<count).map { _ in randomItem(&rng, depth: depth - 1) })
    }
    let length: Int
    switch rng.next() % 8 {
    case 0: length = 0
    case 1, 2: length = 1
    case 3: length = Int(rng.next() % 54) + 2
    case 4: length = Int(rng.next() % 4) + 54
    case 5: length = Int(rng.next() % 4) + 254
    default: length = Int(rng.next() % 12)
    }
    return .bytes(rng.bytes(length))
}

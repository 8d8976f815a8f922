import Testing
import RollportToolkit

/// One rule per test: what the strict decoder refuses, where, and how it says so.
@Suite("ABI strict decoding")
struct ABIDecodingTests {
    static let zeros31 = [UInt8](repeating: 0, count: 31)

    // MARK: stray bits in words

    @Test("uintN below 256 with a non-zero high byte")
    func dirtyUint() throws {
        let data = word(0x100)
        expectABIError(["uint8"], data, reason: .dirtyHighBytes(word: data), offset: 0, path: "arg 0",
                       "arg 0 (uint8): the 31 high-order bytes of the word at byte 0 must be zero")
        let high = [0x01] + Self.zeros31
        expectABIError(["uint64"], high, reason: .dirtyHighBytes(word: high), offset: 0, path: "arg 0", "24 high-order bytes")
        #expect(try ABICodec.decode([.uint256], from: high) == [.uint(UInt256(limbs: (0, 0, 0, 1 << 56)), bits: 256)])
    }

    @Test("address with a non-zero high byte")
    func dirtyAddress() {
        let data = [UInt8](repeating: 0, count: 11) + [1] + [UInt8](repeating: 0xaa, count: 20)
        expectABIError(["address"], data, reason: .dirtyHighBytes(word: data), offset: 0, path: "arg 0", "(address)", "12 high-order bytes")
    }

    @Test("bool other than 0 or 1")
    func dirtyBool() {
        for bad in [word(2), word(0xff), [0x01] + Self.zeros31, word(0x101)] {
            expectABIError(["bool"], bad, reason: .invalidBool(word: bad), offset: 0, path: "arg 0", "a bool word must be 0 or 1")
        }
    }

    @Test("intN below 256 that is not sign-extended")
    func badSignExtension() throws {
        // 0xff in the low byte with zero above: 255, not -1.
        let positive = word(0xff)
        expectABIError(["int8"], positive, reason: .badSignExtension(word: positive), offset: 0, path: "arg 0", "not a sign-extended int8")
        // Negative, but one upper byte is not 0xff.
        var negative = [UInt8](repeating: 0xff, count: 32)
        negative[5] = 0xfe
        expectABIError(["int16"], negative, reason: .badSignExtension(word: negative), offset: 0, path: "arg 0")
        // The sign bit of int16 clear while the upper bytes are 0xff.
        var flipped = [UInt8](repeating: 0xff, count: 32)
        flipped[30] = 0x7f
        expectABIError(["int16"], flipped, reason: .badSignExtension(word: flipped), offset: 0, path: "arg 0")
        #expect(try ABICodec.decode([.int(bits: 8)], from: [UInt8](repeating: 0xff, count: 32)) == [.int(-1, bits: 8)])
        #expect(try ABICodec.decode([.int(bits: 8)], from: [UInt8](repeating: 0xff, count: 31) + [0x80]) == [.int(-128, bits: 8)])
    }

    @Test("bytesN with non-zero padding")
    func dirtyFixedBytes() {
        let data = [0xa9, 0x05, 0x9c, 0xbb] + [UInt8](repeating: 0, count: 27) + [1]
        expectABIError(["bytes4"], data, reason: .dirtyFixedBytesPadding(word: data), offset: 0, path: "arg 0",
                       "the 28 padding bytes after a bytes4 value must be zero")
    }

    @Test("bytes and string payloads with non-zero padding")
    func dirtyPayloadPadding() {
        let data = word(32) + word(1) + [0x01] + [UInt8](repeating: 0, count: 30) + [0x01]
        expectABIError(["bytes"], data, reason: .dirtyPadding(length: 1), offset: 65, path: "arg 0",
                       "the padding after the 1-byte payload at byte 65 must be zero bytes")
        expectABIError(["string"], data, reason: .dirtyPadding(length: 1), offset: 65, path: "arg 0")
    }

    @Test("strings must be UTF-8")
    func invalidUTF8() throws {
        let data = word(32) + word(2) + [0xff, 0xfe] + [UInt8](repeating: 0, count: 30)
        expectABIError(["string"], data, reason: .invalidUTF8, offset: 64, path: "arg 0", "decode it as bytes instead")
        #expect(try ABICodec.decode([.bytes], from: data) == [.bytes([0xff, 0xfe])])
    }

    // MARK: offsets and lengths

    @Test("an offset past the end of the input")
    func offsetPastEnd() {
        let data = word(0x1000) + word(0)
        expectABIError(["bytes"], data, reason: .offsetPastEnd(UInt256(0x1000)), offset: 0, path: "arg 0",
                       "arg 0 (bytes): offset 0x1000 at byte 0 points past the end of the 64-byte input")
        let huge = [UInt8](repeating: 0xff, count: 32)
        expectABIError(["bytes"], huge, reason: .offsetPastEnd(.max), offset: 0, path: "arg 0")
        // Pointing exactly at the end leaves no room for the length word.
        expectABIError(["bytes"], word(32), reason: .offsetPastEnd(UInt256(32)), offset: 0, path: "arg 0")
    }

    @Test("calldata errors count the selector and name the argument")
    func calldataOffsets() throws {
        let function = try ABIFunction("f(uint256,bytes)")
        let selector = try function.encodeCall([.uint(5), .bytes([])]).prefix(4)
        let calldata = Array(selector) + word(5) + word(0x100)
        do {
            _ = try function.decodeCall(calldata)
            Issue.record("accepted")
        } catch {
            #expect(error.description == "arg 1 (bytes): offset 0x100 at byte 36 points past the end of the 68-byte input")
            #expect(error.offset == 36)
        }
        do {
            _ = try function.decodeCall(hex("0xa9059cbb") + word(1) + word(64) + word(0))
            Issue.record("accepted")
        } catch {
            #expect(error.reason == .selectorMismatch(expected: function.selector, found: 0xa905_9cbb, signature: "f(uint256,bytes)"))
            #expect(error.description.contains("the selector 0xa9059cbb at byte 0 is not 0x"))
        }
        #expect(throws: ABIDecodingError.self) { try function.decodeCall([0xa9, 0x05]) }
        do { _ = try function.decodeCall([0xa9, 0x05]) } catch { #expect(error.reason == .missingSelector(count: 2)) }
    }

    @Test("offsets must be where the canonical encoder puts the tail")
    func nonCanonicalOffsets() {
        // A gap: the tail starts one word later than it should.
        let gap = word(64) + word(0) + word(1) + [0x01] + Self.zeros31
        expectABIError(["bytes"], gap, reason: .nonCanonicalOffset(UInt256(64), expected: 32), offset: 0, path: "arg 0",
                       "offset 0x40 at byte 0 is not where the canonical encoding puts this value (0x20")
        // Two values sharing one tail.
        let shared = word(64) + word(64) + word(1) + [0x01] + Self.zeros31
        expectABIError(["bytes", "bytes"], shared, reason: .nonCanonicalOffset(UInt256(64), expected: 128), offset: 32, path: "arg 1")
        // Tails swapped: each points at the other's data.
        let a = word(1) + [0xaa] + Self.zeros31, b = word(1) + [0xbb] + Self.zeros31
        let swapped = word(128) + word(64) + a + b
        expectABIError(["bytes", "bytes"], swapped, reason: .nonCanonicalOffset(UInt256(128), expected: 64), offset: 0, path: "arg 0")
        // An offset pointing back into the heads.
        expectABIError(["uint256", "bytes"], word(1) + word(0) + word(0), reason: .nonCanonicalOffset(.zero, expected: 64), offset: 32, path: "arg 1")
    }

    @Test("lengths past the end of the input")
    func lengthsPastEnd() {
        let data = word(32) + word(64) + [UInt8](repeating: 0, count: 32)
        expectABIError(["bytes"], data, reason: .lengthPastEnd(UInt256(64), available: 32), offset: 32, path: "arg 0",
                       "length 0x40 at byte 32 exceeds the 32 bytes left in the 96-byte input")
        let huge = word(32) + [UInt8](repeating: 0xff, count: 32)
        expectABIError(["string"], huge, reason: .lengthPastEnd(.max, available: 0), offset: 32, path: "arg 0")
        let array = word(32) + [0x7f] + [UInt8](repeating: 0xff, count: 31)
        let length = UInt256(bigEndian: [0x7f] + [UInt8](repeating: 0xff, count: 31))!
        expectABIError(["uint256[]"], array, reason: .arrayLengthPastEnd(length, elementSize: 32, available: 0), offset: 32, path: "arg 0",
                       "needs at least 32 bytes per element")
        // Enough bytes for the heads of two dynamic elements, but not for the three the length claims.
        let dynamic = word(32) + word(3) + word(64) + word(96)
        expectABIError(["bytes[]"], dynamic, reason: .arrayLengthPastEnd(UInt256(3), elementSize: 32, available: 64), offset: 32, path: "arg 0")
    }

    @Test("truncated input")
    func truncated() {
        expectABIError(["uint256"], [UInt8](repeating: 0, count: 31), reason: .truncated(needed: 32), offset: 0, path: "arg 0",
                       "needs 32 bytes at byte 0 but only 31 are left in the 31-byte input")
        expectABIError(["uint256"], [], reason: .truncated(needed: 32), offset: 0, path: "arg 0")
        expectABIError(["uint256", "bool"], word(1), reason: .truncated(needed: 32), offset: 32, path: "arg 1")
        expectABIError(["(uint256,bool)"], word(1), reason: .truncated(needed: 64), offset: 0, path: "arg 0")
        // The length fits, the padded payload does not.
        let payload = word(32) + word(5) + [1, 2, 3, 4, 5]
        expectABIError(["bytes"], payload, reason: .truncated(needed: 64), offset: 32, path: "arg 0")
    }

    @Test("huge fixed arrays fail on the input size, without allocating or looping")
    func hugeFixedArrays() throws {
        let types = try [ABIType("bytes[1000000000000000000]"), ABIType("uint256[1000000000000]"), ABIType("(uint256,bytes)[4000000000000000]")]
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for t in types {
                #expect(throws: ABIDecodingError.self) { try ABICodec.decode([t], from: word(32) + word(0)) }
            }
        }
        #expect(elapsed < .seconds(1))
    }

    @Test("trailing bytes are refused unless asked to ignore them")
    func trailingBytes() throws {
        let data = word(1) + [0]
        expectABIError(["uint256"], data, reason: .trailingBytes(count: 1), offset: 32, path: "",
                       "1 byte follow the end of the encoding at byte 32; the input must end there")
        #expect(try ABICodec.decode([.uint256], from: data, trailingBytes: .ignore) == [.uint(1)])
        let function = try ABIFunction("transfer(address,uint256)")
        var calldata = try function.encodeCall([.address(.zero), .uint(7)])
        calldata += [0xde, 0xad]
        #expect(throws: ABIDecodingError.self) { try function.decodeCall(calldata) }
        #expect(try function.decodeCall(calldata, trailingBytes: .ignore) == [.address(.zero), .uint(7)])
    }

    @Test("errors deep inside name the path")
    func nestedPaths() throws {
        let type = try ABIType("(uint256,bytes)[]")
        let values: [ABIValue] = [.array([.tuple([.uint(1), .bytes([1])]), .tuple([.uint(2), .bytes([2])])])]
        var data = try ABICodec.encode(values, as: [type])
        // Dirty the padding of the second element's bytes: the last byte of the input.
        data[data.count - 1] = 1
        let message = expectABIError(["(uint256,bytes)[]"], data, reason: .dirtyPadding(length: 1), offset: data.count - 31, path: "arg 0[1].1")
        #expect(message?.hasPrefix("arg 0[1].1 (bytes): ") == true)

        let nested = try ABIType("uint8[2][]")
        var bytes = try ABICodec.encode([.array([.array([.uint(1, bits: 8), .uint(2, bits: 8)])])], as: [nested])
        bytes[64 + 32 + 30] = 1  // element [0][1], a high byte
        expectABIError(["uint8[2][]"], bytes, reason: .dirtyHighBytes(word: Array(bytes[96..<128])), offset: 96, path: "arg 0[0][1]")
    }

    @Test("types nested too deeply are refused")
    func depthLimit() {
        var type = ABIType.uint256
        for _ in 0..<40 { type = .array(type) }
        #expect(throws: ABIDecodingError.self) { try ABICodec.decode([type], from: word(32) + word(0)) }
        #expect(throws: ABIEncodingError.self) { try ABICodec.encode([.array([])], as: [type]) }
    }

    // MARK: events

    @Test("event logs: indexed values from topics, the rest from data")
    func eventLogs() throws {
        let event = try ABIEvent("Transfer(address indexed from, address indexed to, uint256 value)")
        let from = try Address(hex: "0x00000000000000000000000000000000000000aa")
        let to = try Address(hex: "0x00000000000000000000000000000000000000bb")
        let topics = [event.topic0, Hash32(bytes: [UInt8](repeating: 0, count: 12) + from.bytes)!, Hash32(bytes: [UInt8](repeating: 0, count: 12) + to.bytes)!]
        #expect(try event.decodeLog(topics: topics, data: word(1000)) == [.address(from), .address(to), .uint(1000)])

        do { _ = try event.decodeLog(topics: Array(topics.prefix(2)), data: word(1000)); Issue.record("accepted") } catch {
            #expect(error.reason == .topicCount(expected: 3, found: 2, signature: "Transfer(address,address,uint256)"))
        }
        do { _ = try event.decodeLog(topics: [.zero] + topics.dropFirst(), data: word(1000)); Issue.record("accepted") } catch {
            #expect(error.description.contains("is not \(event.topic0), the topic of Transfer(address,address,uint256)"))
        }
        var dirty = topics
        dirty[2] = Hash32(bytes: [1] + [UInt8](repeating: 0, count: 11) + to.bytes)!
        do { _ = try event.decodeLog(topics: dirty, data: word(1000)); Issue.record("accepted") } catch {
            #expect(error.path == "arg 1")
            #expect(error.topic == 2)
            #expect(error.description.hasPrefix("arg 1 (address): the 12 high-order bytes of the word in topic 2 must be zero"))
        }
        do { _ = try event.decodeLog(topics: topics, data: word(1000) + [0]); Issue.record("accepted") } catch {
            #expect(error.reason == .trailingBytes(count: 1))
        }

        // Indexed reference types come back as the hash in their topic; data paths use the
        // parameter's index in the whole signature.
        let message = try ABIEvent("Message(string indexed tag, uint256 id, bytes payload)")
        let tag = Keccak256.hash("tag")
        let data = try ABICodec.encode([.uint(7), .bytes([1, 2])], as: [.uint256, .bytes])
        #expect(try message.decodeLog(topics: [message.topic0, tag], data: data) == [.fixedBytes(tag.bytes), .uint(7), .bytes([1, 2])])
        var broken = data
        broken[63] = 0x60
        do { _ = try message.decodeLog(topics: [message.topic0, tag], data: broken); Issue.record("accepted") } catch {
            #expect(error.path == "arg 2")
        }

        let anonymous = try ABIEvent("Ping(uint64 indexed n) anonymous")
        #expect(try anonymous.decodeLog(topics: [Hash32(bytes: word(9))!], data: []) == [.uint(9, bits: 64)])
    }
}

@Suite("ABI encoding")
struct ABIEncodingTests {
    @Test("values are checked against their types, with the path")
    func typeChecks() {
        let cases: [([ABIValue], String, String)] = [
            ([.uint(300, bits: 8)], "uint8", "arg 0 (uint8): 300 does not fit in 8 bits"),
            ([.int(-129, bits: 8)], "int8", "arg 0 (int8): -129 is out of range for int8"),
            ([.int(128, bits: 8)], "int8", "arg 0 (int8): 128 is out of range"),
            ([.fixedBytes([1, 2, 3])], "bytes4", "arg 0 (bytes4): expected 4 bytes, found 3"),
            ([.string("x")], "bytes", "arg 0 (bytes): expected a value of type bytes, found a string"),
            ([.array([.uint(1), .bool(true)])], "uint256[]", "arg 0[1] (uint256): expected a value of type uint256, found a bool"),
            ([.array([.uint(1)])], "uint256[2]", "arg 0 (uint256[2]): expected 2 elements, found 1"),
            ([.tuple([.uint(1)])], "(uint256,bool)", "arg 0 ((uint256,bool)): expected 2 components, found 1"),
            ([.tuple([.uint(1), .uint(1)])], "(uint256,bool)", "arg 0.1 (bool): expected a value of type bool"),
        ]
        for (values, type, message) in cases {
            do {
                _ = try ABICodec.encode(values, as: [try ABIType(type)])
                Issue.record("encoded \(values) as \(type)")
            } catch let error as ABIEncodingError {
                #expect(error.description.hasPrefix(message), "\(error)")
            } catch {
                Issue.record("\(error)")
            }
        }
        #expect(throws: ABIEncodingError.self) { try ABICodec.encode([.uint(1)], as: [.uint256, .uint256]) }
    }

    @Test("a single dynamic value starts with its offset, as abi.encode writes it")
    func singleDynamicValue() throws {
        #expect(try ABICodec.encode([.bytes([0xab])], as: [.bytes]) == word(32) + word(1) + [0xab] + [UInt8](repeating: 0, count: 31))
        #expect(try ABICodec.encode([], as: []) == [])
        #expect(try ABICodec.decode([], from: []) == [])
    }

    @Test("packed mode refuses what Solidity refuses")
    func packedRefusals() throws {
        let cases: [(String, ABIValue, String)] = [
            ("(uint256,bool)", .tuple([.uint(1), .bool(true)]), "does not support tuples"),
            ("uint256[][]", .array([.array([])]), "arrays of value types only"),
            ("string[]", .array([.string("a")]), "arrays of value types only"),
            ("(uint8)[]", .array([]), "arrays of value types only"),
        ]
        for (type, value, fragment) in cases {
            do {
                _ = try ABICodec.encodePacked([value], as: [try ABIType(type)])
                Issue.record("packed \(type)")
            } catch let error as ABIEncodingError {
                #expect(error.description.contains(fragment), "\(error)")
            } catch {
                Issue.record("\(error)")
            }
        }
        #expect(try ABICodec.encodePacked([.int(-1, bits: 16), .string("ab")], as: [.int(bits: 16), .string]) == [0xff, 0xff, 0x61, 0x62])
    }
}

@Suite("ABI argument text")
struct ABIValueTextTests {
    static func parse(_ text: String, _ type: String) throws -> ABIValue {
        try ABIValue(parsing: text, as: try ABIType(type))
    }

    @Test("cast's argument forms")
    func forms() throws {
        #expect(try Self.parse("1000", "uint256") == .uint(1000))
        #expect(try Self.parse("0xff", "uint8") == .uint(255, bits: 8))
        #expect(try Self.parse("-128", "int8") == .int(-128, bits: 8))
        #expect(try Self.parse("-0x10", "int256") == .int(-16))
        #expect(try Self.parse("127", "int8") == .int(127, bits: 8))
        #expect(try Self.parse("-5", "int24").int64 == -5)
        #expect(try Self.parse("-9223372036854775808", "int64").int64 == Int64.min)
        #expect(try Self.parse("9223372036854775808", "int72").int64 == nil)
        #expect(try Self.parse("-57896044618658097711785492504343953926634992332820282019728792003956564819968", "int256")
                == .int(UInt256(limbs: (0, 0, 0, 1 << 63)), bits: 256))
        #expect(try Self.parse("true", "bool") == .bool(true))
        #expect(try Self.parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "address")
                == .address(try Address(hex: "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")))
        #expect(try Self.parse("0xa9059cbb", "bytes4") == .fixedBytes([0xa9, 0x05, 0x9c, 0xbb]))
        #expect(try Self.parse("0x", "bytes") == .bytes([]))
        #expect(try Self.parse("hello, [world]", "string") == .string("hello, [world]"))
        #expect(try Self.parse("[1, 2,3 ]", "uint8[]") == .array([.uint(1, bits: 8), .uint(2, bits: 8), .uint(3, bits: 8)]))
        #expect(try Self.parse("[]", "uint8[]") == .array([]))
        #expect(try Self.parse(#"["a,b", c , "q\"x\\"]"#, "string[]") == .array([.string("a,b"), .string("c"), .string("q\"x\\")]))
        #expect(try Self.parse("(1,(true,0x01),[0x02])", "(uint256,(bool,bytes),bytes1[])")
                == .tuple([.uint(1), .tuple([.bool(true), .bytes([1])]), .array([.fixedBytes([2])])]))
        #expect(try Self.parse("[[1],[2,3]]", "uint256[][2]") == .array([.array([.uint(1)]), .array([.uint(2), .uint(3)])]))
    }

    @Test("decoded values print back as arguments that parse to the same values")
    func printsBack() throws {
        let type = try ABIType("(int8,string[],(bool,address),bytes)")
        let value = ABIValue.tuple([.int(-5, bits: 8), .array([.string("a,b"), .string("q\"")]),
                                    .tuple([.bool(false), .address(try Address(hex: "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"))]),
                                    .bytes([1, 2])])
        #expect(value.description == #"(-5, ["a,b", "q\""], (false, 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed), 0x0102)"#)
        #expect(try ABIValue(parsing: value.description, as: type) == value)
        #expect(ABIValue.string("plain").plainText == "plain")
    }

    @Test("bad arguments say where and why", arguments: [
        ("256", "uint8", 0, "256 does not fit in uint8"),
        ("-1", "uint256", 0, "cannot be negative"),
        ("12a", "uint256", 0, "'12a' is not an unsigned integer"),
        ("-129", "int8", 0, "out of range for int8"),
        ("128", "int8", 0, "out of range for int8"),
        ("yes", "bool", 0, "write true or false"),
        ("0x1234", "bytes4", 0, "bytes4 needs exactly 4 bytes"),
        ("0x123", "bytes", 0, "odd number of digits"),
        ("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", "address", 0, "checksum is wrong"),
        ("[1,2", "uint256[]", 4, "expected ',' or ']' after element 1"),
        ("[1,2]", "uint256[3]", 0, "needs exactly 3 elements, found 2"),
        ("(1,2)", "(uint256,uint256,uint256)", 4, "expected ',' and 1 more component"),
        ("(1,2,3)", "(uint256,uint256)", 4, "expected ')' after the last of 2 components"),
        ("1 2", "uint256", 0, "'1 2' is not an unsigned integer"),
        ("1]", "uint256", 1, "unexpected ']' after the value"),
        (#"["abc]"#, "string[]", 1, "is not closed"),
        ("[1,,2]", "uint256[]", 3, "expected a value, found nothing"),
        ("[1,[2]]", "uint256[]", 3, "'[2' is not an unsigned integer"),
    ])
    func badArguments(text: String, type: String, offset: Int, fragment: String) throws {
        do {
            let value = try Self.parse(text, type)
            Issue.record("parsed \(text) as \(value)")
        } catch let error as ABIValueParseError {
            #expect(error.offset == offset, "\(error)")
            #expect(error.description.contains(fragment), "\(error)")
        }
    }
}

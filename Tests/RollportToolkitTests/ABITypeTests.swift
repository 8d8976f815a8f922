import Testing
import RollportToolkit

@Suite("ABI types and signatures")
struct ABITypeTests {
    @Test("types parse to their canonical form", arguments: [
        ("uint", "uint256"), ("int", "int256"), ("uint8", "uint8"), ("int256", "int256"), ("byte", "bytes1"),
        ("address", "address"), ("bool", "bool"), ("bytes1", "bytes1"), ("bytes32", "bytes32"), ("bytes", "bytes"),
        ("string", "string"), ("uint[]", "uint256[]"), ("uint8[3]", "uint8[3]"), ("bytes[][2]", "bytes[][2]"),
        ("(uint,bool)", "(uint256,bool)"), (" ( uint a , ( bytes , string ) [ ] b ) [ 2 ] ", "(uint256,(bytes,string)[])[2]"),
        ("(address,uint96)[2]", "(address,uint96)[2]"),
    ])
    func canonicalTypes(text: String, canonical: String) throws {
        #expect(try ABIType(text).canonical == canonical)
    }

    @Test("type structure")
    func structure() throws {
        #expect(try ABIType("uint8[3][]") == .array(.fixedArray(.uint(bits: 8), count: 3)))
        #expect(try ABIType("(uint256,bytes)") == .tuple([.uint256, .bytes]))
        #expect(try ABIType("uint256[2]").isDynamic == false)
        #expect(try ABIType("uint256[2]").headSize == 64)
        #expect(try ABIType("(uint256,(bool,address))").headSize == 96)
        #expect(try ABIType("string[2]").isDynamic)
        #expect(try ABIType("(uint256,bytes)").isDynamic)
        #expect(try ABIType("(uint256,bytes)").headSize == 32)
    }

    @Test("bad types name the character and what was expected", arguments: [
        ("uint7", 0, "bit width of uintN must be a multiple of 8"),
        ("int264", 0, "from 8 to 256"),
        ("uint08", 0, "bit width"),
        ("bytes0", 0, "bytesN takes N from 1 to 32"),
        ("bytes33", 0, "bytesN takes N from 1 to 32"),
        ("ufixed128x18", 0, "fixed-point types are not supported"),
        ("uint256[", 8, "expected an array length or ']'"),
        ("uint256[0]", 8, "at least one element"),
        ("uint256[01]", 8, "leading zero"),
        ("uint256[2", 9, "expected ']' to close the '[' at character 7"),
        ("uint256[99999999999999999999]", 8, "too large"),
        ("(uint256", 8, "expected ',' or ')' after the type uint256, found the end of the text"),
        ("()", 0, "empty tuple"),
        ("(uint256,)", 9, "expected a type"),
        ("Foo", 0, "unknown type 'Foo'"),
        ("uint256 x", 8, "expected the end of the text after the type, found 'x'"),
        ("uint256 é", 8, "found 'é'"),
        ("", 0, "expected a type"),
        ("uint256)", 7, "expected the end of the text after the type"),
    ])
    func badTypes(text: String, offset: Int, fragment: String) {
        do {
            let type = try ABIType(text)
            Issue.record("'\(text)' parsed as \(type)")
        } catch {
            #expect(error.offset == offset, "\(error)")
            #expect(error.description.contains(fragment), "\(error)")
            #expect(error.description.hasPrefix("at character \(offset): "))
        }
    }

    @Test("nesting is limited, not a stack overflow")
    func nestingLimit() throws {
        let deep = String(repeating: "(", count: 10_000) + "uint256" + String(repeating: ")", count: 10_000)
        #expect(throws: ABIParseError.self) { try ABIType(deep) }
        let arrays = "uint256" + String(repeating: "[]", count: 10_000)
        #expect(throws: ABIParseError.self) { try ABIType(arrays) }
        #expect(throws: ABIParseError.self) { try ABIFunction("f" + deep) }
        let ok = String(repeating: "(", count: 20) + "uint256" + String(repeating: ")", count: 20)
        #expect(try ABIType(ok).canonical == ok)
    }

    @Test("function signatures in every accepted spelling")
    func functionSignatures() throws {
        let spellings = [
            "transfer(address,uint256)", "transfer(address to, uint amount)", " transfer ( address , uint256 ) ",
            "function transfer(address to, uint256 amount)", "transfer(address,uint256)(bool)",
            "transfer(address to, uint256 amount) returns (bool success)",
        ]
        for text in spellings {
            let f = try ABIFunction(text)
            #expect(f.signature == "transfer(address,uint256)", "\(text)")
            #expect(f.selector == 0xa905_9cbb)
        }
        let withOutputs = try ABIFunction("balanceOf(address)(uint256)")
        #expect(withOutputs.outputTypes == [.uint256])
        #expect(withOutputs.description == "balanceOf(address)(uint256)")
        #expect(try ABIFunction("balanceOf(address)").outputs == nil)
        #expect(try ABIFunction("f(bytes memory data, string calldata s)").signature == "f(bytes,string)")
        #expect(try ABIFunction("f((uint256 a, bytes b)[] items)").signature == "f((uint256,bytes)[])")
        #expect(try ABIFunction("totalSupply()").signature == "totalSupply()")

        let bare = try ABIFunction("(uint256,bytes)")
        #expect(bare.name.isEmpty)
        #expect(bare.inputTypes == [.uint256, .bytes])

        let named = try ABIFunction("transfer(address to, uint256 amount)")
        #expect(named.inputs.map(\.name) == ["to", "amount"])
    }

    @Test("bad function signatures", arguments: [
        ("transfer", 8, "expected '(' after the name transfer"),
        ("transfer(address,uint256", 24, "expected ',' or ')'"),
        ("transfer(address,uint256) x", 26, "expected the end of the text after the parameter list, found 'x'"),
        ("transfer(address,uint256) returnsx(bool)", 26, "'returns', '(' or the end"),
        ("f(uint256 x y)", 12, "',' or ')' after the parameter name x"),
        ("transfer(address indexed to)", 17, "'indexed' is only allowed on the parameters of an event"),
        ("f(uint256)(bool) extra", 17, "expected the end of the text"),
        ("f(uint256) returns bool", 19, "expected '(' after 'returns'"),
        ("event Transfer(address)", 0, "expected a function signature"),
        ("1f(uint256)", 0, "expected a name or '('"),
    ])
    func badFunctions(text: String, offset: Int, fragment: String) {
        do {
            let f = try ABIFunction(text)
            Issue.record("'\(text)' parsed as \(f)")
        } catch {
            #expect(error.offset == offset, "\(error)")
            #expect(error.description.contains(fragment), "\(error)")
        }
    }

    @Test("event signatures: indexed marks, names, anonymous")
    func eventSignatures() throws {
        let event = try ABIEvent("event Transfer(address indexed from, address indexed to, uint256 value)")
        #expect(event.signature == "Transfer(address,address,uint256)")
        #expect(event.inputs.map(\.indexed) == [true, true, false])
        #expect(event.topic0.description == "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef")
        #expect(try ABIEvent("Foo(uint256) anonymous").anonymous)
        #expect(throws: ABIParseError.self) { try ABIEvent("(uint256)") }
        #expect(throws: ABIParseError.self) { try ABIEvent("Foo((uint256 indexed a))") }
        #expect(throws: ABIParseError.self) { try ABIEvent("Foo(uint256)(bool)") }
    }

    @Test("types built in code are validated before use")
    func invalidTypesInCode() {
        #expect(ABIType.uint(bits: 7).problem != nil)
        #expect(ABIType.int(bits: 264).problem != nil)
        #expect(ABIType.fixedBytes(0).problem != nil)
        #expect(ABIType.fixedArray(.bool, count: 0).problem != nil)
        #expect(ABIType.tuple([]).problem != nil)
        #expect(ABIType.fixedArray(.uint256, count: Int.max / 2).problem != nil)
        #expect(ABIType.array(.tuple([.uint256, .bytes])).problem == nil)
        #expect(throws: ABIDecodingError.self) { try ABICodec.decode([.int(bits: 7)], from: [UInt8](repeating: 0, count: 32)) }
        #expect(throws: ABIEncodingError.self) { try ABICodec.encode([.int(1, bits: 7)], as: [.int(bits: 7)]) }
        #expect(throws: ABIDecodingError.self) {
            try ABIEvent(name: "E", inputs: [ABIParameter(.int(bits: 12), indexed: true)]).decodeLog(topics: [.zero, .zero], data: [])
        }
    }
}

@Suite("EIP-55 addresses")
struct AddressChecksumTests {
    @Test("checksummed text and strict parsing")
    func checksums() throws {
        let address = try Address(hex: "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")
        #expect(address.checksummed == "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")
        #expect(try Address(checksummedHex: "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed") == address)
        #expect(Address.zero.checksummed == "0x0000000000000000000000000000000000000000")
    }

    @Test("wrong checksums, short text and missing prefixes are refused")
    func refusals() {
        do {
            _ = try Address(checksummedHex: "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD")
            Issue.record("accepted a wrong checksum")
        } catch {
            #expect(error.reason == .wrongChecksum(expected: "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"))
            #expect(error.description.contains("checksum is wrong"))
        }
        #expect(throws: Address.ChecksumError.self) { try Address(checksummedHex: "0x5aaeb6053f3e94c9b9a09f33669435e7ef1bea") }
        #expect(throws: Address.ChecksumError.self) { try Address(checksummedHex: "5aaeb6053f3e94c9b9a09f33669435e7ef1beaed") }
        #expect(throws: Address.ChecksumError.self) { try Address(checksummedHex: "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaeg") }
    }

    @Test("a single flipped letter case is caught for every letter position")
    func everyCaseFlip() throws {
        let text = try Address(hex: "0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359").checksummed
        var utf8 = Array(text.utf8)
        var caught = 0
        for i in 2..<utf8.count where utf8[i] >= UInt8(ascii: "A") {
            utf8[i] ^= 0x20
            let flipped = String(decoding: utf8, as: UTF8.self)
            // A flip that makes the text all one case carries no checksum; every other one is caught.
            let letters = flipped.dropFirst(2).filter(\.isLetter)
            if letters.allSatisfy(\.isLowercase) || letters.allSatisfy(\.isUppercase) {
                #expect(throws: Never.self) { try Address(checksummedHex: flipped) }
            } else {
                #expect(throws: Address.ChecksumError.self) { try Address(checksummedHex: flipped) }
                caught += 1
            }
            utf8[i] ^= 0x20
        }
        #expect(caught > 10)
    }
}

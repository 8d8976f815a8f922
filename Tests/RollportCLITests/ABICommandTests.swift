import Foundation
import RollportTestSupport
import Testing

@Suite("rollport abi")
struct ABICommandTests {
    @Test("selector and topic, text and JSON")
    func selectorAndTopic() throws {
        let selector = try CLI.run(["abi", "selector", "transfer(address to, uint amount)"])
        #expect(selector.status == 0, "\(selector)")
        #expect(selector.stdout == "0xa9059cbb\n")

        let json = try CLI.run(["abi", "selector", "--json", "transfer(address,uint256)"]).json()
        #expect(json["signature"] as? String == "transfer(address,uint256)")
        #expect(json["selector"] as? String == "0xa9059cbb")

        let topic = try CLI.run(["abi", "topic", "Transfer(address indexed from, address indexed to, uint256 value)", "--json"])
        #expect(topic.status == 0, "\(topic)")
        let topicJSON = try topic.json()
        #expect(topicJSON["signature"] as? String == "Transfer(address,address,uint256)")
        #expect(topicJSON["topic0"] as? String == "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef")
    }

    @Test("malformed signatures exit 2 and say where")
    func badSignatures() throws {
        let run = try CLI.run(["abi", "selector", "f(uint7)"])
        #expect(run.status == 2, "\(run)")
        #expect(run.stderr.contains("at character 2: unknown type 'uint7'"), "\(run)")

        let unnamed = try CLI.run(["abi", "selector", "(uint256)"])
        #expect(unnamed.status == 2)
        #expect(unnamed.stderr.contains("needs a function name"))

        let json = try CLI.run(["abi", "topic", "--json", "Transfer(address"])
        #expect(json.status == 2)
        #expect((try json.json()["error"] as? String)?.contains("at character 16") == true, "\(json)")
    }

    @Test("encode: calldata, bare parameters, packed")
    func encode() throws {
        let call = try CLI.run(["abi", "encode", "--sig", "transfer(address,uint256)", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "1000"])
        #expect(call.status == 0, "\(call)")
        #expect(call.stdout == "0xa9059cbb0000000000000000000000005aaeb6053f3e94c9b9a09f33669435e7ef1beaed00000000000000000000000000000000000000000000000000000000000003e8\n")

        let bare = try CLI.run(["abi", "encode", "--sig", "(int8,bytes)", "-1", "0x0102", "--json"])
        #expect(bare.status == 0, "\(bare)")
        let json = try bare.json()
        #expect(json["signature"] as? String == "(int8,bytes)")
        #expect(json["selector"] == nil)
        #expect(json["data"] as? String == "0x" + String(repeating: "f", count: 64)
                + String(repeating: "0", count: 62) + "40" + String(repeating: "0", count: 63) + "2" + "0102" + String(repeating: "0", count: 60))

        let packed = try CLI.run(["abi", "encode", "--packed", "--sig", "f(uint16,string,bool)", "258", "ab", "true"])
        #expect(packed.stdout == "0x0102616201\n", "\(packed)")

        let nested = try CLI.run(["abi", "encode", "--sig", "(string[],(uint8,bool)[])", #"["a,b", c]"#, "[(1,true),(2,false)]"])
        #expect(nested.status == 0, "\(nested)")
        // `--` ends the options: a string argument may then look like one.
        let dashed = try CLI.run(["abi", "encode", "--sig", "(string)", "--json", "--", "--json"])
        #expect(try dashed.json()["data"] as? String == "0x" + String(repeating: "0", count: 62) + "20" + String(repeating: "0", count: 63) + "6" + "2d2d6a736f6e" + String(repeating: "0", count: 52))
    }

    @Test("encode refuses bad arguments with exit 2")
    func encodeErrors() throws {
        let count = try CLI.run(["abi", "encode", "--sig", "f(uint256,bytes)", "1"])
        #expect(count.status == 2)
        #expect(count.stderr.contains("f(uint256,bytes) takes 2 arguments, found 1"))

        let range = try CLI.run(["abi", "encode", "--sig", "f(uint8)", "300"])
        #expect(range.status == 2)
        #expect(range.stderr.contains("arg 0 '300'"), "\(range)")
        #expect(range.stderr.contains("300 does not fit in uint8"))

        let checksum = try CLI.run(["abi", "encode", "--sig", "f(address)", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", "--json"])
        #expect(checksum.status == 2)
        #expect((try checksum.json()["error"] as? String)?.contains("checksum is wrong") == true)

        let packedTuple = try CLI.run(["abi", "encode", "--packed", "--sig", "f((uint8,bool))", "(1,true)"])
        #expect(packedTuple.status == 2)
        #expect(packedTuple.stderr.contains("does not support tuples"))
    }

    @Test("decode: calldata, bare parameters, outputs, files and standard input")
    func decode() throws {
        let encoded = try CLI.run(["abi", "encode", "--sig", "f(int8,string[],(bool,address),bytes)",
                                   "-5", #"["a,b",c]"#, "(true,0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed)", "0xdead"])
        let calldata = encoded.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(encoded.status == 0, "\(encoded)")

        let human = try CLI.run(["abi", "decode", "--sig", "f(int8,string[],(bool,address),bytes)", calldata])
        #expect(human.status == 0, "\(human)")
        #expect(human.stdout == "-5\n[\"a,b\", \"c\"]\n(true, 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed)\n0xdead\n")

        let json = try CLI.run(["abi", "decode", "--json", "--sig", "f(int8,string[],(bool,address),bytes)", calldata]).json()
        #expect(json["signature"] as? String == "f(int8,string[],(bool,address),bytes)")
        let values = try #require(json["values"] as? [Any])
        #expect(values[0] as? String == "-5")
        #expect(values[1] as? [String] == ["a,b", "c"])
        let tuple = try #require(values[2] as? [Any])
        #expect(tuple[0] as? Bool == true)
        #expect(tuple[1] as? String == "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")
        #expect(values[3] as? String == "0xdead")

        let output = try CLI.run(["abi", "decode", "--output", "--json", "--sig", "balanceOf(address)(uint256)",
                                  "0x" + String(repeating: "f", count: 64)])
        #expect(output.status == 0, "\(output)")
        #expect(try output.json()["values"] as? [String] == ["115792089237316195423570985008687907853269984665640564039457584007913129639935"])

        let dir = TestPaths.temporaryDirectory("abi-decode")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/data.bin"
        // Raw binary in a file: (uint256) = 7.
        try Data([UInt8](repeating: 0, count: 31) + [7]).write(to: URL(fileURLWithPath: file))
        let fromFile = try CLI.run(["abi", "decode", "--sig", "(uint256)", "@" + file])
        #expect(fromFile.stdout == "7\n", "\(fromFile)")
    }

    @Test("decode refuses malformed data with exit 2, naming the argument and byte")
    func decodeErrors() throws {
        let selector = try CLI.run(["abi", "selector", "f(uint256,bytes)"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let pastEnd = selector + String(repeating: "0", count: 63) + "5" + String(repeating: "0", count: 61) + "100"
        let run = try CLI.run(["abi", "decode", "--sig", "f(uint256,bytes)", pastEnd])
        #expect(run.status == 2, "\(run)")
        #expect(run.stderr.contains("arg 1 (bytes): offset 0x100 at byte 36 points past the end of the 68-byte input"), "\(run)")

        let wrongSelector = try CLI.run(["abi", "decode", "--sig", "g(uint256)", selector + String(repeating: "0", count: 64), "--json"])
        #expect(wrongSelector.status == 2)
        #expect((try wrongSelector.json()["error"] as? String)?.contains("is not 0x") == true)

        let trailing = String(repeating: "0", count: 63) + "1" + "00"
        let strict = try CLI.run(["abi", "decode", "--sig", "(uint256)", trailing])
        #expect(strict.status == 2)
        #expect(strict.stderr.contains("1 byte follow the end of the encoding at byte 32"), "\(strict)")
        #expect(strict.stderr.contains("--allow-trailing"))
        let lenient = try CLI.run(["abi", "decode", "--allow-trailing", "--sig", "(uint256)", trailing])
        #expect(lenient.status == 0, "\(lenient)")
        #expect(lenient.stdout == "1\n")

        let dirty = try CLI.run(["abi", "decode", "--sig", "(bool)", String(repeating: "0", count: 63) + "2"])
        #expect(dirty.status == 2)
        #expect(dirty.stderr.contains("arg 0 (bool): a bool word must be 0 or 1"))

        let notHex = try CLI.run(["abi", "decode", "--sig", "(bool)", "0xzz"])
        #expect(notHex.status == 2)
        #expect(notHex.stderr.contains("not hex"))

        let noOutputs = try CLI.run(["abi", "decode", "--output", "--sig", "f(uint256)", "0x"])
        #expect(noOutputs.status == 2)
        #expect(noOutputs.stderr.contains("name(inputs)(outputs)"))
    }
}

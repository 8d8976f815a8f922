import Foundation
import RollportTestSupport
import RollportToolkit
import Testing

/// `rollport tx decode` and `rollport tx sign`, and the sender that `route` now recovers.
@Suite struct TxCommandTests {
    /// The EIP-155 example transaction, signed by key 0x46…46.
    static let eip155 = "0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83"
    static let key = "0x" + String(repeating: "46", count: 32)
    static let keyAddress = "0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f"
    static let to = "0x" + String(repeating: "35", count: 20)

    @Test func decodeTheEIP155Example() throws {
        let run = try CLI.run(["tx", "decode", Self.eip155, "--json"])
        #expect(run.status == 0, "\(run)")
        let json = try run.json()
        #expect(json["type"] as? Int == 0)
        #expect(json["hash"] as? String == "0x33469b22e9f636356c4160a87eb19df52b7412e8eac32a4a55ffe88ea8350788")
        #expect(json["from"] as? String == Self.keyAddress)
        #expect(json["nonce"] as? Int == 9 && json["chainId"] as? Int == 1 && json["gas"] as? Int == 21000)
        #expect(json["gasPrice"] as? String == "20000000000")
        #expect(json["value"] as? String == "1000000000000000000")
        #expect(json["to"] as? String == Self.to && json["data"] as? String == "0x")
        #expect(json["v"] as? String == "37" && json["yParity"] as? Int == 0)
        #expect(json["r"] as? String == "0x28ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276")
        #expect(json["signingHash"] as? String == "0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53")
        #expect(json["accessList"] == nil && json["maxFeePerGas"] == nil)

        let human = try CLI.run(["tx", "decode", Self.eip155])
        #expect(human.status == 0, "\(human)")
        #expect(human.stdout.contains("type 0 (legacy)") && human.stdout.contains("from: \(Self.keyAddress)"))
    }

    @Test func decodeReadsFilesAndStandardInputForms() throws {
        let dir = TestPaths.temporaryDirectory("tx-decode")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = FileManager.default.createFile(atPath: dir + "/tx.hex", contents: Data((Self.eip155 + "\n").utf8))
        _ = FileManager.default.createFile(atPath: dir + "/tx.bin", contents: Data(try Hex.decode(Self.eip155)))
        for argument in ["@" + dir + "/tx.hex", "@" + dir + "/tx.bin", String(Self.eip155.dropFirst(2))] {
            let run = try CLI.run(["tx", "decode", argument, "--json"])
            #expect(run.status == 0, "\(argument): \(run)")
            #expect(try run.json()["from"] as? String == Self.keyAddress)
        }
    }

    @Test func highSDecodesButIsInvalid() throws {
        // The EIP-155 example with s' = n - s and the other parity: same signer, but EIP-2 forbids it.
        let sign = try CLI.run(["tx", "sign", "--key", Self.key, "--type", "2", "--to", Self.to, "--json"])
        #expect(sign.status == 0, "\(sign)")
        let raw = try Hex.decode(try #require(try sign.json()["raw"] as? String))
        var tx = try SignedTransaction(encoded: raw)
        tx.s = Secp256k1.order.subtractingReportingOverflow(tx.s).partialValue
        tx.yParity ^= 1
        let run = try CLI.run(["tx", "decode", Hex.encode(tx.encoded()), "--json"])
        #expect(run.status == 1, "\(run)")
        let json = try run.json()
        #expect(json["from"] is NSNull)
        #expect((json["fromError"] as? String)?.contains("field `s`: s > secp256k1n/2") == true)
        #expect(json["hash"] as? String == tx.hash.description && json["type"] as? Int == 2)
        let human = try CLI.run(["tx", "decode", Hex.encode(tx.encoded())])
        #expect(human.status == 1 && human.stdout.contains("from: none") && human.stderr.contains("EIP-2"), "\(human)")
    }

    @Test func malformedExits2NamingTheFieldAndOffset() throws {
        // The nonce written as 0x0009.
        var fields: [RLP] = [.bytes([0, 9]), .bytes([4, 0xa8, 0x17, 0xc8, 0]), .bytes([0x52, 0x08]), .bytes(try Hex.decode(Self.to)),
                             .bytes([1]), .bytes([]), .bytes([37]), .bytes([UInt8](repeating: 1, count: 32)), .bytes([UInt8](repeating: 2, count: 32))]
        let run = try CLI.run(["tx", "decode", Hex.encode(RLP.list(fields).encoded()), "--json"])
        #expect(run.status == 2, "\(run)")
        let json = try run.json()
        #expect(json["field"] as? String == "nonce" && json["offset"] as? Int == 2)
        #expect((json["error"] as? String)?.contains("leading zero") == true)

        fields[0] = .bytes([9])
        let truncated = Array(RLP.list(fields).encoded().dropLast(3))
        let human = try CLI.run(["tx", "decode", Hex.encode(truncated)])
        #expect(human.status == 2 && human.stderr.contains("truncated") && human.stderr.contains("byte"), "\(human)")
        for bad in ["0xzz", "0x05c0", "0x", "@/no/such/file"] {
            let r = try CLI.run(["tx", "decode", bad])
            #expect(r.status == 2 && r.stderr.hasPrefix("error: "), "\(bad): \(r)")
        }
    }

    @Test("sign then decode every type; signing is deterministic", arguments: ["0", "1", "2", "3", "4"])
    func signRoundTrip(type: String) throws {
        var arguments = ["tx", "sign", "--key", Self.key, "--type", type, "--chain-id", "10", "--nonce", "4", "--to", Self.to,
                         "--value", "0xde0b6b3a7640000", "--data", "0x1234", "--gas", "90000", "--access", Self.to + ":1,0x02"]
        if type == "3" { arguments += ["--blob-hash", "0x01" + String(repeating: "ab", count: 31)] }
        if type == "4" { arguments += ["--authorize", "0,\(Self.to),7,\(Self.key)"] }
        if type == "0" { arguments.removeLast(2) }
        let sign = try CLI.run(arguments + ["--json"])
        #expect(sign.status == 0, "\(sign)")
        let signed = try sign.json()
        #expect(signed["from"] as? String == Self.keyAddress)
        let raw = try #require(signed["raw"] as? String)
        #expect(try CLI.run(arguments).stdout == raw + "\n")

        let decode = try CLI.run(["tx", "decode", raw, "--json"])
        #expect(decode.status == 0, "\(decode)")
        let json = try decode.json()
        #expect(json["type"] as? Int == Int(type))
        #expect(json["hash"] as? String == signed["hash"] as? String)
        #expect(json["from"] as? String == Self.keyAddress)
        #expect(json["chainId"] as? Int == 10 && json["nonce"] as? Int == 4 && json["gas"] as? Int == 90000)
        #expect(json["value"] as? String == "1000000000000000000" && json["data"] as? String == "0x1234")
        if type != "0" {
            let access = try #require(json["accessList"] as? [[String: Any]])
            #expect(access.first?["address"] as? String == Self.to)
            #expect((access.first?["storageKeys"] as? [String])?.last == "0x" + String(repeating: "0", count: 63) + "2")
        }
        #expect((type == "0" || type == "1") == (json["gasPrice"] as? String == "1000000000"))
        if type == "3" { #expect((json["blobVersionedHashes"] as? [String])?.count == 1) }
        if type == "4" {
            let authorization = try #require((json["authorizationList"] as? [[String: Any]])?.first)
            #expect(authorization["authority"] as? String == Self.keyAddress)
            #expect(authorization["nonce"] as? Int == 7 && authorization["chainId"] as? String == "0")
        }
    }

    @Test func signReproducesTheEIP155Example() throws {
        let run = try CLI.run(["tx", "sign", "--key", Self.key, "--type", "0", "--chain-id", "1", "--nonce", "9", "--to", Self.to,
                               "--value", "1000000000000000000", "--gas-price", "20000000000"])
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout == Self.eip155 + "\n")
        let dir = TestPaths.temporaryDirectory("tx-key")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = FileManager.default.createFile(atPath: dir + "/key", contents: Data((Self.key + "\n").utf8))
        let fromFile = try CLI.run(["tx", "sign", "--key", "@" + dir + "/key", "--type", "0", "--chain-id", "1", "--nonce", "9",
                                    "--to", Self.to, "--value", "1000000000000000000", "--gas-price", "20000000000"])
        #expect(fromFile.stdout == run.stdout, "\(fromFile)")
    }

    @Test func signRefusesBadInput() throws {
        let cases: [([String], String)] = [
            (["--key", "0x00"], "--key"),
            (["--key", "0x" + String(repeating: "00", count: 32)], "private key"),
            (["--key", Self.key, "--type", "5"], "--type 5"),
            (["--key", Self.key, "--type", "3"], "--to is required"),
            (["--key", Self.key, "--type", "4"], "--to is required"),
            (["--key", Self.key, "--to", "0x12"], "--to"),
            (["--key", Self.key, "--value", "-1"], "--value"),
            (["--key", Self.key, "--value", "0x1" + String(repeating: "0", count: 64)], "--value"),
            (["--key", Self.key, "--blob-hash", "0x01"], "type 3 only"),
            (["--key", Self.key, "--type", "2", "--pre-eip155"], "type 0 only"),
            (["--key", Self.key, "--type", "4", "--to", Self.to, "--authorize", "1,2"], "CHAIN_ID,ADDRESS,NONCE,KEY"),
            (["--key", Self.key, "--type", "0", "--access", Self.to], "types 1-4"),
        ]
        for (arguments, fragment) in cases {
            let run = try CLI.run(["tx", "sign"] + arguments)
            #expect(run.status == 2 && run.stderr.contains(fragment), "\(arguments): \(run)")
        }
        let help = try CLI.run(["tx", "sign", "--help"])
        #expect(help.stdout.contains("test and devnet keys"))
    }

    @Test func routeShowsTheRecoveredSender() throws {
        let inbox = CLITests.inbox
        let sign = try CLI.run(["tx", "sign", "--key", Self.key, "--to", inbox, "--data", "0xe0000000000000002a", "--gas", "50000", "--json"])
        #expect(sign.status == 0, "\(sign)")
        let signed = try sign.json()
        let raw = try #require(signed["raw"] as? String)
        let run = try CLI.run(["route", raw, "--json", "--manifests", CLI.swiftExampleManifests])
        #expect(run.status == 0, "\(run)")
        let json = try run.json()
        #expect(json["claimed"] as? Bool == true)
        #expect(json["from"] as? String == Self.keyAddress)
        #expect(json["hash"] as? String == signed["hash"] as? String)
        let explained = try CLI.run(["route", raw, "--explain", "--manifests", CLI.swiftExampleManifests])
        #expect(explained.stdout.contains("sender \(Self.keyAddress) (recovered from the signature)"), "\(explained)")

        // With a high s the transaction is invalid, so the item is malformed and the field is named.
        var tx = try SignedTransaction(encoded: try Hex.decode(raw))
        tx.s = Secp256k1.order.subtractingReportingOverflow(tx.s).partialValue
        tx.yParity ^= 1
        let invalid = try CLI.run(["route", Hex.encode(tx.encoded()), "--json", "--manifests", CLI.swiftExampleManifests])
        #expect(invalid.status == 2, "\(invalid)")
        #expect((try invalid.json()["error"] as? String)?.contains("item.s: invalid transaction signature") == true, "\(invalid)")
    }
}

import Foundation
import Testing
import RollportToolkit

/// The encoder and decoder against eth-abi (Tests/Fixtures/Reference/abi.json), and against real
/// calldata, logs, selectors and topics from the shared vectors.
@Suite("ABI reference vectors")
struct ABIReferenceTests {
    @Test("standard encodings: decode to the reference values, re-encode to the same bytes")
    func standardEncodings() throws {
        let cases = try ABIReference.cases("encode")
        #expect(cases.count >= 30)
        for c in cases {
            let name = c["name"] as? String ?? "?"
            let types = try (c["types"] as? [String] ?? []).map(ABIType.init)
            let jsonValues = try #require(c["values"] as? [Any], "\(name)")
            let expected = try zip(jsonValues, types).map { try abiValue(json: $0, type: $1) }
            let encoded = hex(try #require(c["encoded"] as? String))

            #expect(try ABICodec.encode(expected, as: types) == encoded, "\(name)")
            let decoded = try ABICodec.decode(types, from: encoded)
            #expect(decoded == expected, "\(name)")
            #expect(decoded.map(\.json) == zip(jsonValues, types).map { jsonValue($0, type: $1) }, "\(name): JSON form")
            // The same list as one tuple value: abi.encode of a struct with these fields.
            if !types.isEmpty {
                let tuple = ABIType.tuple(types)
                let asTuple = try ABICodec.encode([.tuple(expected)], as: [tuple])
                #expect(try ABICodec.decode([tuple], from: asTuple) == [.tuple(expected)], "\(name) as a tuple")
            }
        }
    }

    @Test("calldata: selector and arguments")
    func calldata() throws {
        for c in try ABIReference.cases("calldata") {
            let name = c["name"] as? String ?? "?"
            let function = try ABIFunction(try #require(c["signature"] as? String))
            let calldata = hex(try #require(c["calldata"] as? String))
            let jsonValues = try #require(c["values"] as? [Any])
            let expected = try zip(jsonValues, function.inputTypes).map { try abiValue(json: $0, type: $1) }
            #expect(try function.encodeCall(expected) == calldata, "\(name)")
            #expect(try function.decodeCall(calldata) == expected, "\(name)")
        }
    }

    @Test("packed encodings, with Solidity's 32-byte array elements")
    func packed() throws {
        let cases = try ABIReference.cases("packed")
        #expect(cases.count >= 10)
        var differsFromEthABI = 0
        for c in cases {
            let name = c["name"] as? String ?? "?"
            let types = try (c["types"] as? [String] ?? []).map(ABIType.init)
            let jsonValues = try #require(c["values"] as? [Any])
            let values = try zip(jsonValues, types).map { try abiValue(json: $0, type: $1) }
            #expect(try ABICodec.encodePacked(values, as: types) == hex(try #require(c["encoded"] as? String)), "\(name)")
            if c["packed_eth_abi"] != nil { differsFromEthABI += 1 }
        }
        // eth-abi packs array elements unpadded; the vectors record where that differs.
        #expect(differsFromEthABI == 5)
    }

    @Test("selectors and topics of well-known signatures")
    func selectorsAndTopics() throws {
        for c in try ABIReference.cases("selectors") {
            let signature = try #require(c["signature"] as? String)
            let function = try ABIFunction(signature)
            #expect(function.signature == signature)
            #expect(Hex.selector(function.selector) == c["selector"] as? String, "\(signature)")
        }
        for c in try ABIReference.cases("topics") {
            let signature = try #require(c["signature"] as? String)
            let event = try ABIEvent(signature)
            #expect(event.signature == signature)
            #expect(event.topic0.description == c["topic0"] as? String, "\(signature)")
        }
        #expect(Hex.selector(try ABIFunction("transfer(address,uint256)").selector) == "0xa9059cbb")
        #expect(try ABIEvent("Transfer(address,address,uint256)").topic0
                == Hash32(hex: "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"))
    }

    @Test("EIP-55 checksums")
    func checksums() throws {
        let cases = try ABIReference.cases("checksums")
        #expect(cases.count >= 10)
        for c in cases {
            let lower = try #require(c["address"] as? String)
            let checksummed = try #require(c["checksummed"] as? String)
            let address = try Address(hex: lower)
            #expect(address.checksummed == checksummed)
            #expect(try Address(checksummedHex: checksummed) == address)
            #expect(try Address(checksummedHex: lower) == address)
            #expect(try Address(checksummedHex: "0x" + lower.dropFirst(2).uppercased()) == address)
        }
    }

    @Test("inputs eth-abi refuses are refused too")
    func rejected() throws {
        let cases = try ABIReference.cases("rejected")
        #expect(cases.count >= 15)
        for c in cases {
            let name = c["name"] as? String ?? "?"
            let types = try (c["types"] as? [String] ?? []).map(ABIType.init)
            let data = hex(try #require(c["data"] as? String))
            #expect(throws: ABIDecodingError.self, "\(name)") { try ABICodec.decode(types, from: data) }
        }
    }

    @Test("inputs eth-abi accepts but the strict decoder refuses by policy")
    func policy() throws {
        for c in try ABIReference.cases("policy") {
            let name = c["name"] as? String ?? "?"
            let types = try (c["types"] as? [String] ?? []).map(ABIType.init)
            let data = hex(try #require(c["data"] as? String))
            #expect(throws: ABIDecodingError.self, "\(name)") { try ABICodec.decode(types, from: data) }
        }
    }

    // MARK: shared vectors

    @Test("selectors and topics listed for Arbitrum and ZKsync contracts")
    func sharedSelectorsAndTopics() throws {
        guard let dir = SharedVectors.locate() else { return }
        var checked = 0
        let arbitrum = try SharedVectors.json("arbitrum/abi-selectors-topics.json", in: dir)
        let zksync = try SharedVectors.json("zksync/abi/selectors_and_topics.json", in: dir)
        var functions = try #require(arbitrum["functions"] as? [String: String])
        var events = try #require(arbitrum["events"] as? [String: String])
        // ZKsync groups its functions by contract generation.
        for (_, group) in try #require(zksync["functions"] as? [String: Any]) {
            if let group = group as? [String: String] { functions.merge(group) { a, _ in a } }
        }
        events.merge(try #require(zksync["events"] as? [String: String])) { a, _ in a }
        for (signature, selector) in functions {
            let function = try ABIFunction(signature)
            #expect(Hex.selector(function.selector) == selector.lowercased(), "\(signature)")
            #expect(function.signature == signature.replacingOccurrences(of: " ", with: ""), "\(signature) is canonical")
            checked += 1
        }
        for (signature, topic) in events {
            #expect(try ABIEvent(signature).topic0.description == topic.lowercased(), "\(signature)")
            checked += 1
        }
        #expect(checked > 80)
    }

    @Test("Scroll commit calldata decodes strictly and re-encodes to itself")
    func scrollCalldata() throws {
        guard let dir = SharedVectors.locate() else { return }
        let vectors = try SharedVectors.jsonArray("scroll/calldata/commit-calldata-vectors.json", in: dir)
        #expect(vectors.count == 4)
        for v in vectors {
            let function = try ABIFunction(try #require(v["function"] as? String))
            let calldata = hex(try #require(v["calldata"] as? String))
            #expect(Hex.selector(function.selector) == v["selector"] as? String)
            let values = try function.decodeCall(calldata)
            #expect(try function.encodeCall(values) == calldata, "\(function.signature)")
            if let version = v["decodedVersion"] as? String {
                #expect(values[0] == .uint(UInt256(version)!, bits: 8))
                guard case .bytes(let parent) = values[1], case .array(let chunks) = values[2] else {
                    Issue.record("unexpected shapes: \(values)")
                    continue
                }
                #expect(String(parent.count) == v["decodedParentHeaderLen"] as? String)
                #expect(String(chunks.count) == v["decodedNumChunks"] as? String)
                if let proofLength = v["decodedBlobDataProofLen"] as? String, case .bytes(let proof) = values[4] {
                    #expect(String(proof.count) == proofLength)
                }
            }
        }
    }

    /// A real NewPriorityRequest log: the event data decodes, and keccak256(abi.encode(transaction))
    /// is the txHash the event carries.
    @Test("ZKsync NewPriorityRequest log: decode, re-encode the transaction, hash it")
    func zksyncPriorityRequest() throws {
        guard let dir = SharedVectors.locate() else { return }
        let vector = try SharedVectors.json("zksync/l1_to_l2/new_priority_request_event.json", in: dir)
        // L2CanonicalTransaction spelled out as a tuple.
        let transaction = "(uint256 txType, uint256 from, uint256 to, uint256 gasLimit, uint256 gasPerPubdataByteLimit, uint256 maxFeePerGas, uint256 maxPriorityFeePerGas, uint256 paymaster, uint256 nonce, uint256 value, uint256[4] reserved, bytes data, bytes signature, uint256[] factoryDeps, bytes paymasterInput, bytes reservedDynamic)"
        let event = try ABIEvent("NewPriorityRequest(uint256 txId, bytes32 txHash, uint64 expirationTimestamp, \(transaction) transaction, bytes[] factoryDeps)")
        #expect(event.topic0.description == vector["topic0"] as? String)

        let data = hex(try #require(vector["data"] as? String))
        let values = try event.decodeLog(topics: [event.topic0], data: data)
        #expect(values[0] == .uint(32))
        #expect(values[2] == .uint(1_734_998_623, bits: 64))
        let txHash = try Hash32(hex: try #require((vector["decoded"] as? [String: Any])?["txHash"] as? String))
        #expect(values[1] == .fixedBytes(txHash.bytes))

        let encoded = try ABICodec.encode([values[3]], as: [event.inputs[3].type])
        let expected = try #require(vector["expected"] as? [String: Any])
        #expect(encoded.count == expected["abi.encode(transaction) length"] as? Int)
        #expect(Keccak256.hash(encoded) == txHash)
        #expect(try ABICodec.encode(values, as: event.inputs.map(\.type)) == data)
    }
}

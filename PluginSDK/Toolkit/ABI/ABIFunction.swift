/// A function signature: `transfer(address,uint256)`, optionally with outputs as `cast` writes them,
/// `balanceOf(address)(uint256)`, or with `returns`. Parameter names, `memory`/`calldata` and
/// spaces are accepted and dropped from the canonical form. Without a name, `(uint256,bytes)`, it
/// describes a bare parameter list.
public struct ABIFunction: Hashable, Sendable, CustomStringConvertible {
    public var name: String
    public var inputs: [ABIParameter]
    /// The return types, when the signature gives them.
    public var outputs: [ABIParameter]?

    public init(name: String, inputs: [ABIParameter], outputs: [ABIParameter]? = nil) {
        self.name = name; self.inputs = inputs; self.outputs = outputs
    }

    public init(_ signature: String) throws(ABIParseError) {
        let parsed = try ABISignatureParser.parseSignature(signature, isEvent: false)
        self.init(name: parsed.name, inputs: parsed.inputs, outputs: parsed.outputs)
    }

    public var inputTypes: [ABIType] { inputs.map(\.type) }
    public var outputTypes: [ABIType]? { outputs?.map(\.type) }

    /// `name(T1,T2)`: what the selector hashes.
    public var signature: String { name + ABIType.canonicalList(inputTypes) }

    /// The signature with the outputs, `name(T1)(T2,T3)`, as `cast` writes it.
    public var description: String { signature + (outputTypes.map(ABIType.canonicalList) ?? "") }

    /// The first four bytes of keccak256(signature).
    public var selector: UInt32 { Keccak256.selector(signature) }

    /// Calldata: the selector, then the arguments. Meant for named signatures; a bare parameter
    /// list is encoded with `ABICodec.encode`.
    public func encodeCall(_ arguments: [ABIValue]) throws(ABIEncodingError) -> [UInt8] {
        let s = selector
        return [UInt8(s >> 24), UInt8(truncatingIfNeeded: s >> 16), UInt8(truncatingIfNeeded: s >> 8), UInt8(truncatingIfNeeded: s)]
            + (try ABICodec.encode(arguments, as: inputTypes))
    }

    /// The arguments of calldata, after checking its selector. Offsets in errors count the
    /// selector, so they point into the calldata as given.
    ///
    /// Trailing bytes are refused unless `trailingBytes` is `.ignore`: the EVM lets a contract
    /// ignore them, but decoding is meant to account for every byte.
    public func decodeCall(_ calldata: [UInt8], trailingBytes: ABITrailingBytes = .reject) throws(ABIDecodingError) -> [ABIValue] {
        guard calldata.count >= 4 else {
            throw ABIDecodingError(.missingSelector(count: calldata.count), at: 0, inputSize: calldata.count)
        }
        let found = calldata[0..<4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard found == selector else {
            throw ABIDecodingError(.selectorMismatch(expected: selector, found: found, signature: signature), at: 0, inputSize: calldata.count)
        }
        return try ABICodec.decode(inputTypes, from: calldata, base: 4, component: { "arg \($0)" }, trailingBytes: trailingBytes)
    }

    /// Return data, decoded with the output types (none when the signature gives no outputs).
    public func decodeOutput(_ data: [UInt8]) throws(ABIDecodingError) -> [ABIValue] {
        try ABICodec.decode(outputTypes ?? [], from: data, base: 0, component: { "output \($0)" }, trailingBytes: .reject)
    }
}

/// An event signature: `Transfer(address,address,uint256)`, or with `indexed` marks and names,
/// `Transfer(address indexed from, address indexed to, uint256 value)`; `anonymous` after the list
/// for events without topic0.
public struct ABIEvent: Hashable, Sendable, CustomStringConvertible {
    public var name: String
    public var inputs: [ABIParameter]
    public var anonymous: Bool

    public init(name: String, inputs: [ABIParameter], anonymous: Bool = false) {
        self.name = name; self.inputs = inputs; self.anonymous = anonymous
    }

    public init(_ signature: String) throws(ABIParseError) {
        let parsed = try ABISignatureParser.parseSignature(signature, isEvent: true)
        guard !parsed.name.isEmpty else {
            throw ABIParseError(offset: 0, message: "an event signature needs a name, e.g. Transfer(address,address,uint256)")
        }
        self.init(name: parsed.name, inputs: parsed.inputs, anonymous: parsed.anonymous)
    }

    /// `Name(T1,T2)`, which topic0 hashes; `indexed` is not part of it.
    public var signature: String { name + ABIType.canonicalList(inputs.map(\.type)) }

    public var description: String { signature }

    /// keccak256(signature).
    public var topic0: Hash32 { Keccak256.hash(signature) }

    /// The values of a log's parameters, in signature order. Indexed value types come from their
    /// topics (with the same strictness as data words); indexed strings, bytes, arrays and tuples
    /// are stored by Solidity as the keccak256 of their encoding and come back as that hash, a
    /// `bytes32` value. The rest is decoded from `data`.
    public func decodeLog(topics: [Hash32], data: [UInt8]) throws(ABIDecodingError) -> [ABIValue] {
        if let problem = ABIType.problem(in: inputs.map(\.type), label: "arg") {
            throw ABIDecodingError(.invalidType(problem), at: 0, inputSize: data.count)
        }
        let indexed = inputs.filter(\.indexed)
        let expectedTopics = indexed.count + (anonymous ? 0 : 1)
        guard topics.count == expectedTopics else {
            throw ABIDecodingError(.topicCount(expected: expectedTopics, found: topics.count, signature: signature), at: 0, inputSize: data.count)
        }
        if !anonymous, let first = topics.first, first != topic0 {
            throw ABIDecodingError(.topic0Mismatch(expected: topic0, found: first, signature: signature), at: 0, inputSize: data.count, topic: 0)
        }
        let dataIndices = inputs.indices.filter { !inputs[$0].indexed }
        let dataValues = try ABICodec.decode(dataIndices.map { inputs[$0].type }, from: data, base: 0,
                                             component: { "arg \(dataIndices[$0])" }, trailingBytes: .reject)

        var values: [ABIValue] = []
        var nextTopic = anonymous ? 0 : 1
        var nextData = 0
        for (i, parameter) in inputs.enumerated() {
            if parameter.indexed {
                let topic = topics[nextTopic]
                if parameter.type.isElementary {
                    do throws(ABIDecodingError) {
                        values.append(try ABIDecoder.decodeWord(topic.bytes[...], as: parameter.type, at: 0, inputSize: 32, topic: nextTopic))
                    } catch {
                        throw error.within("arg \(i)")
                    }
                } else {
                    values.append(.fixedBytes(topic.bytes))
                }
                nextTopic += 1
            } else {
                values.append(dataValues[nextData])
                nextData += 1
            }
        }
        return values
    }
}

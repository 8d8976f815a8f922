/// Why an encoding was refused: the byte offset, the value's path and type, and the rule broken.
public struct ABIDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Reason: Equatable, Sendable {
        /// A word or payload needs `needed` bytes from `offset`, past the end of the input.
        case truncated(needed: Int)
        /// A dynamic value's offset word points at or past the end of the input.
        case offsetPastEnd(UInt256)
        /// A dynamic value's offset is inside the input but not where the canonical encoding puts
        /// the value (`expected`, relative to the same base): a gap, an overlap or a reordering.
        case nonCanonicalOffset(UInt256, expected: Int)
        /// A `bytes`/`string` length larger than what is left of the input.
        case lengthPastEnd(UInt256, available: Int)
        /// An array length whose elements (each at least `elementSize` bytes) cannot fit.
        case arrayLengthPastEnd(UInt256, elementSize: Int, available: Int)
        /// Non-zero bytes above a `uintN` (N < 256) or an address.
        case dirtyHighBytes(word: [UInt8])
        /// An `intN` (N < 256) whose upper bytes are not copies of its sign bit.
        case badSignExtension(word: [UInt8])
        /// A bool word other than 0 or 1.
        case invalidBool(word: [UInt8])
        /// Non-zero bytes after a `bytesN` value in its word.
        case dirtyFixedBytesPadding(word: [UInt8])
        /// Non-zero bytes in the padding after a `bytes`/`string` payload of `length` bytes.
        case dirtyPadding(length: Int)
        case invalidUTF8
        /// Bytes left over after the canonical end of the encoding.
        case trailingBytes(count: Int)
        /// Calldata of `count` bytes cannot hold a 4-byte selector.
        case missingSelector(count: Int)
        case selectorMismatch(expected: UInt32, found: UInt32, signature: String)
        /// The types themselves cannot be decoded (built in code, not parsed).
        case invalidType(String)
        case topicCount(expected: Int, found: Int, signature: String)
        case topic0Mismatch(expected: Hash32, found: Hash32, signature: String)
    }

    /// Byte offset in the input (calldata offsets count the selector); for a topic, the offset
    /// within it (always 0).
    public let offset: Int
    /// When the value came from a log topic, its index.
    public let topic: Int?
    /// Where the value sits, e.g. `arg 2[3].1`; empty for problems with the whole input.
    public internal(set) var path: String
    /// The type of the value at `path`.
    public let type: ABIType?
    public let reason: Reason
    /// The size of the whole input, for messages.
    public let inputSize: Int

    init(_ reason: Reason, at offset: Int, type: ABIType? = nil, inputSize: Int, topic: Int? = nil) {
        self.reason = reason; self.offset = offset; self.type = type; self.inputSize = inputSize
        self.topic = topic; self.path = ""
    }

    /// The same error, one level further out.
    func within(_ component: String) -> ABIDecodingError {
        var copy = self
        copy.path = component + copy.path
        return copy
    }

    public var description: String {
        let place = [path, type.map { "(\($0.canonical))" } ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
        return place.isEmpty ? message : "\(place): \(message)"
    }

    /// The rule broken and how to fix it, without the path.
    public var message: String {
        let at = topic.map { "in topic \($0)" } ?? "at byte \(offset)"
        switch reason {
        case .truncated(let needed):
            let left = max(inputSize - offset, 0)
            return "needs \(needed) bytes \(at) but only \(left) are left in the \(inputSize)-byte input; the input is cut short"
        case .offsetPastEnd(let value):
            return "offset \(value.hexQuantity) \(at) points past the end of the \(inputSize)-byte input"
        case .nonCanonicalOffset(let value, let expected):
            return "offset \(value.hexQuantity) \(at) is not where the canonical encoding puts this value (\(UInt256(UInt64(expected)).hexQuantity), right after the previous one); gaps, overlaps and reordered tails are refused, re-encode with a standard ABI encoder"
        case .lengthPastEnd(let value, let available):
            return "length \(value.hexQuantity) \(at) exceeds the \(available) bytes left in the \(inputSize)-byte input"
        case .arrayLengthPastEnd(let value, let size, let available):
            return "array length \(value.hexQuantity) \(at) needs at least \(size) bytes per element, but only \(available) bytes are left in the \(inputSize)-byte input"
        case .dirtyHighBytes(let word):
            let clean = cleanHighBytes
            return "the \(clean) high-order bytes of the word \(at) must be zero, found \(Hex.encode(word)); the value does not fit its type"
        case .badSignExtension(let word):
            let bits: Int
            if case .int(let b)? = type { bits = b } else { bits = 256 }
            return "the word \(at) is not a sign-extended int\(bits): its \(32 - bits / 8) high-order bytes must all be 0x00 or all 0xff, copying the sign bit; found \(Hex.encode(word))"
        case .invalidBool(let word):
            return "a bool word must be 0 or 1, found \(Hex.encode(word)) \(at)"
        case .dirtyFixedBytesPadding(let word):
            let n: Int
            if case .fixedBytes(let size)? = type { n = size } else { n = 32 }
            return "the \(32 - n) padding bytes after a bytes\(n) value must be zero, found \(Hex.encode(word)) \(at)"
        case .dirtyPadding(let length):
            return "the padding after the \(length)-byte payload \(at) must be zero bytes"
        case .invalidUTF8:
            return "the string \(at) is not valid UTF-8; decode it as bytes instead"
        case .trailingBytes(let count):
            return "\(count) byte\(count == 1 ? "" : "s") follow the end of the encoding \(at); the input must end there"
        case .missingSelector(let count):
            return "calldata is \(count) byte\(count == 1 ? "" : "s"), too short for the 4-byte selector"
        case .selectorMismatch(let expected, let found, let signature):
            return "the selector \(Hex.selector(found)) \(at) is not \(Hex.selector(expected)), the selector of \(signature)"
        case .invalidType(let problem):
            return "cannot decode: \(problem)"
        case .topicCount(let expected, let found, let signature):
            return "\(signature) has \(expected) topic\(expected == 1 ? "" : "s") (topic0 and one per indexed parameter), the log has \(found)"
        case .topic0Mismatch(let expected, let found, let signature):
            return "topic0 \(found) is not \(expected), the topic of \(signature)"
        }
    }

    private var cleanHighBytes: Int {
        switch type {
        case .address?: return 12
        case .uint(let bits)?: return 32 - bits / 8
        default: return 0
        }
    }
}

/// What to do with bytes after the canonical end of an encoding.
public enum ABITrailingBytes: Sendable {
    /// Refuse them: every byte of the input is accounted for, and re-encoding the values gives
    /// the input back exactly.
    case reject
    /// Ignore them, as the EVM does with extra calldata (relayers append data there).
    case ignore
}

extension ABICodec {
    /// Decodes a parameter list (`abi.decode(data, (T1,T2,…))`, return data, event data).
    ///
    /// The decoder is strict: offsets and lengths must lie inside the input, every value must sit
    /// exactly where a canonical encoder puts it (so an accepted input re-encodes to itself), words
    /// must carry no stray bits (clean high bytes, proper sign extension, bool 0 or 1, zero padding),
    /// strings must be UTF-8, and by default nothing may follow the encoding.
    public static func decode(_ types: [ABIType], from data: [UInt8], trailingBytes: ABITrailingBytes = .reject) throws(ABIDecodingError) -> [ABIValue] {
        try decode(types, from: data, base: 0, component: { "arg \($0)" }, trailingBytes: trailingBytes)
    }

    /// Decodes the parameter list that starts at `base` (4 for calldata); offsets in errors count
    /// from the start of `data`, and `component` names each parameter in error paths.
    static func decode(_ types: [ABIType], from data: [UInt8], base: Int, component: (Int) -> String, trailingBytes: ABITrailingBytes) throws(ABIDecodingError) -> [ABIValue] {
        if let problem = ABIType.problem(in: types, label: "arg") {
            throw ABIDecodingError(.invalidType(problem), at: base, inputSize: data.count)
        }
        let decoder = ABIDecoder(data: data)
        let (values, end) = try decoder.sequence(count: types.count, type: { types[$0] }, base: base, component: component)
        if trailingBytes == .reject, end < data.count {
            throw ABIDecodingError(.trailingBytes(count: data.count - end), at: end, inputSize: data.count)
        }
        return values
    }
}

/// Reads values out of one input. Positions are absolute byte indices into `data`; every read is
/// bounds-checked before it happens and every length is compared with what is left before anything
/// is allocated for it.
struct ABIDecoder {
    let data: [UInt8]

    private func fail(_ reason: ABIDecodingError.Reason, at offset: Int, _ type: ABIType?) -> ABIDecodingError {
        ABIDecodingError(reason, at: offset, type: type, inputSize: data.count)
    }

    private func word(at p: Int, _ type: ABIType) throws(ABIDecodingError) -> ArraySlice<UInt8> {
        guard p <= data.count - 32 else { throw fail(.truncated(needed: 32), at: p, type) }
        return data[p..<(p + 32)]
    }

    /// The elements of a tuple, array body or parameter list whose heads start at `base`; returns
    /// them and the end of the last tail (or of the heads when nothing is dynamic).
    func sequence(count: Int, type: (Int) -> ABIType, base: Int, component: (Int) -> String) throws(ABIDecodingError) -> ([ABIValue], Int) {
        // All heads must be present before anything is decoded or allocated. Every head is at
        // least 32 bytes, so a huge count stops this loop after at most a word per input word.
        var headsSize = 0
        for i in 0..<count {
            let size = type(i).headSize
            let (sum, overflow) = headsSize.addingReportingOverflow(size)
            guard !overflow, sum <= data.count - base else {
                throw fail(.truncated(needed: size), at: base + headsSize, type(i)).within(component(i))
            }
            headsSize = sum
        }
        var values: [ABIValue] = []
        values.reserveCapacity(count)
        var head = base
        var tail = base + headsSize
        for i in 0..<count {
            let t = type(i)
            do throws(ABIDecodingError) {
                if t.isDynamic {
                    let offsetWord = try word(at: head, t)
                    let offset = UInt256(bigEndian: offsetWord) ?? .max
                    guard let relative = offset.uint64, relative < UInt64(data.count - base) else {
                        throw fail(.offsetPastEnd(offset), at: head, t)
                    }
                    guard base + Int(relative) == tail else {
                        throw fail(.nonCanonicalOffset(offset, expected: tail - base), at: head, t)
                    }
                    let (value, end) = try decodeValue(t, at: tail)
                    values.append(value)
                    tail = end
                } else {
                    values.append(try decodeValue(t, at: head).0)
                }
            } catch {
                throw error.within(component(i))
            }
            head += t.headSize
        }
        return (values, tail)
    }

    /// One value whose encoding starts at `p`; returns it and the end of its encoding.
    private func decodeValue(_ type: ABIType, at p: Int) throws(ABIDecodingError) -> (ABIValue, Int) {
        switch type {
        case .uint, .int, .address, .bool, .fixedBytes:
            let w = try word(at: p, type)
            return (try Self.decodeWord(w, as: type, at: p, inputSize: data.count), p + 32)

        case .bytes, .string:
            let lengthWord = try word(at: p, type)
            let length = UInt256(bigEndian: lengthWord) ?? .max
            let start = p + 32
            let available = data.count - start
            guard let n64 = length.uint64, n64 <= UInt64(available) else {
                throw fail(.lengthPastEnd(length, available: available), at: p, type)
            }
            let n = Int(n64)
            let padded = (n + 31) / 32 * 32
            guard padded <= available else { throw fail(.truncated(needed: 32 + padded), at: p, type) }
            guard data[(start + n)..<(start + padded)].allSatisfy({ $0 == 0 }) else {
                throw fail(.dirtyPadding(length: n), at: start + n, type)
            }
            let payload = Array(data[start..<(start + n)])
            if case .bytes = type { return (.bytes(payload), start + padded) }
            guard let text = String(validating: payload, as: UTF8.self) else {
                throw fail(.invalidUTF8, at: start, type)
            }
            return (.string(text), start + padded)

        case .fixedArray(let element, let count):
            let (items, end) = try sequence(count: count, type: { _ in element }, base: p) { "[\($0)]" }
            return (.array(items), end)

        case .array(let element):
            let lengthWord = try word(at: p, type)
            let length = UInt256(bigEndian: lengthWord) ?? .max
            let available = data.count - (p + 32)
            let size = element.headSize
            guard let n64 = length.uint64, n64 <= UInt64(available / size) else {
                throw fail(.arrayLengthPastEnd(length, elementSize: size, available: available), at: p, type)
            }
            let (items, end) = try sequence(count: Int(n64), type: { _ in element }, base: p + 32) { "[\($0)]" }
            return (.array(items), end)

        case .tuple(let components):
            let (items, end) = try sequence(count: components.count, type: { components[$0] }, base: p) { ".\($0)" }
            return (.tuple(items), end)
        }
    }

    /// A value type from its word, refusing stray bits.
    static func decodeWord(_ w: ArraySlice<UInt8>, as type: ABIType, at p: Int, inputSize: Int, topic: Int? = nil) throws(ABIDecodingError) -> ABIValue {
        let bytes = Array(w)
        func fail(_ reason: ABIDecodingError.Reason) -> ABIDecodingError {
            ABIDecodingError(reason, at: p, type: type, inputSize: inputSize, topic: topic)
        }
        let value = UInt256(bigEndian: bytes) ?? .zero
        switch type {
        case .uint(let bits):
            guard bytes[..<(32 - bits / 8)].allSatisfy({ $0 == 0 }) else { throw fail(.dirtyHighBytes(word: bytes)) }
            return .uint(value, bits: bits)
        case .int(let bits):
            guard value.isSignExtended(fromBits: bits) else { throw fail(.badSignExtension(word: bytes)) }
            return .int(value, bits: bits)
        case .address:
            guard bytes[..<12].allSatisfy({ $0 == 0 }) else { throw fail(.dirtyHighBytes(word: bytes)) }
            return .address(Address(first20: bytes[12...]))
        case .bool:
            guard bytes[..<31].allSatisfy({ $0 == 0 }), bytes[31] <= 1 else { throw fail(.invalidBool(word: bytes)) }
            return .bool(bytes[31] == 1)
        case .fixedBytes(let n):
            guard bytes[n...].allSatisfy({ $0 == 0 }) else { throw fail(.dirtyFixedBytesPadding(word: bytes)) }
            return .fixedBytes(Array(bytes[..<n]))
        default:
            throw fail(.invalidType("\(type.canonical) is not a value type"))
        }
    }
}

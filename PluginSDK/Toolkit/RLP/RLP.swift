/// Recursive Length Prefix, decoded strictly: every value has exactly one accepted encoding.
public enum RLP: Equatable, Sendable {
    case bytes([UInt8])
    case list([RLP])

    public struct DecodingError: Error, Equatable, CustomStringConvertible, Sendable {
        public enum Reason: Equatable, Sendable {
            case empty
            case truncated(needed: Int, available: Int)
            case trailingBytes(count: Int)
            case singleByteWrapped(UInt8)
            case longFormForShortLength(Int)
            case leadingZeroInLength
            case lengthTooLarge
            case tooDeep(limit: Int)
        }
        /// Byte offset of the item header at fault, from the start of the input.
        public let offset: Int
        public let reason: Reason

        public init(offset: Int, reason: Reason) {
            self.offset = offset; self.reason = reason
        }

        /// The same error for an item that starts `base` bytes into a larger input.
        public func shifted(by base: Int) -> DecodingError { DecodingError(offset: offset + base, reason: reason) }

        public var description: String {
            switch reason {
            case .empty:
                return "RLP: input is empty"
            case .truncated(let needed, let available):
                return "RLP: item at byte \(offset) needs \(needed) bytes but only \(available) remain (truncated input)"
            case .trailingBytes(let count):
                return "RLP: \(count) unexpected bytes after the item, starting at byte \(offset)"
            case .singleByteWrapped(let b):
                return "RLP: non-canonical at byte \(offset): single byte 0x\(Hex.encode([b], prefix: false)) must be encoded as itself, not as a one-byte string"
            case .longFormForShortLength(let n):
                return "RLP: non-canonical at byte \(offset): length \(n) uses the long form, which is only for 56 bytes or more"
            case .leadingZeroInLength:
                return "RLP: non-canonical at byte \(offset): the length field has a leading zero byte"
            case .lengthTooLarge:
                return "RLP: length field at byte \(offset) is larger than any input can be"
            case .tooDeep(let limit):
                return "RLP: lists nested deeper than \(limit) levels at byte \(offset)"
            }
        }
    }

    public static let maxDepth = 256

    /// Decodes exactly one item spanning all of `input`.
    public static func decode(_ input: [UInt8]) throws(DecodingError) -> RLP {
        try input.withUnsafeBufferPointer { buffer throws(DecodingError) in try decode(buffer) }
    }

    public static func decode(_ input: ArraySlice<UInt8>) throws(DecodingError) -> RLP {
        try input.withUnsafeBufferPointer { buffer throws(DecodingError) in try decode(buffer) }
    }

    public static func decode(_ input: some Collection<UInt8>) throws(DecodingError) -> RLP {
        try decode(Array(input))
    }

    public static func decode(_ buffer: UnsafeBufferPointer<UInt8>) throws(DecodingError) -> RLP {
        guard !buffer.isEmpty else { throw DecodingError(offset: 0, reason: .empty) }
        var reader = Reader(buffer: buffer, position: 0)
        let item = try reader.item(depth: 0)
        if reader.position != buffer.count {
            throw DecodingError(offset: reader.position, reason: .trailingBytes(count: buffer.count - reader.position))
        }
        return item
    }

    public func encoded() -> [UInt8] {
        var out = [UInt8]()
        append(to: &out)
        return out
    }

    public func append(to out: inout [UInt8]) {
        switch self {
        case .bytes(let b):
            if b.count == 1, b[0] < 0x80 { out.append(b[0]); return }
            RLP.appendHeader(length: b.count, shortBase: 0x80, to: &out)
            out.append(contentsOf: b)
        case .list(let items):
            var body = [UInt8]()
            for item in items { item.append(to: &body) }
            RLP.appendHeader(length: body.count, shortBase: 0xc0, to: &out)
            out.append(contentsOf: body)
        }
    }

    static func appendHeader(length: Int, shortBase: UInt8, to out: inout [UInt8]) {
        if length < 56 {
            out.append(shortBase + UInt8(length))
        } else {
            let lengthBytes = UInt64(length).minimalBigEndianBytes
            out.append(shortBase + 55 + UInt8(lengthBytes.count))
            out.append(contentsOf: lengthBytes)
        }
    }

    /// Reads from borrowed memory; every index is checked against the count before use.
    private struct Reader {
        let buffer: UnsafeBufferPointer<UInt8>
        var position: Int

        mutating func item(depth: Int) throws(DecodingError) -> RLP {
            let start = position
            guard start < buffer.count else { throw DecodingError(offset: start, reason: .truncated(needed: 1, available: 0)) }
            let prefix = buffer[start]
            switch prefix {
            case 0x00...0x7f:
                position += 1
                return .bytes([prefix])
            case 0x80...0xbf:
                let (bodyStart, length) = try header(prefix: prefix, shortBase: 0x80, at: start)
                if length == 1, buffer[bodyStart] < 0x80 {
                    throw DecodingError(offset: start, reason: .singleByteWrapped(buffer[bodyStart]))
                }
                position = bodyStart + length
                return .bytes(Array(UnsafeBufferPointer(rebasing: buffer[bodyStart..<position])))
            default:
                guard depth < RLP.maxDepth else { throw DecodingError(offset: start, reason: .tooDeep(limit: RLP.maxDepth)) }
                let (bodyStart, length) = try header(prefix: prefix, shortBase: 0xc0, at: start)
                let end = bodyStart + length
                position = bodyStart
                var items = [RLP]()
                items.reserveCapacity(childCount(from: bodyStart, to: end))
                while position < end {
                    let child = try item(depth: depth + 1)
                    if position > end {
                        throw DecodingError(offset: start, reason: .truncated(needed: position - bodyStart, available: length))
                    }
                    items.append(child)
                }
                return .list(items)
            }
        }

        /// How many items start between `start` and `end`, reading headers only, so that a list's
        /// array is allocated once. Malformed headers stop the count; decoding reports them.
        func childCount(from start: Int, to end: Int) -> Int {
            var count = 0
            var p = start
            while p < end {
                let prefix = buffer[p]
                switch prefix {
                case 0x00...0x7f: p += 1
                case 0x80...0xb7: p += 1 + Int(prefix - 0x80)
                case 0xc0...0xf7: p += 1 + Int(prefix - 0xc0)
                default:
                    let lengthOfLength = Int(prefix >= 0xf8 ? prefix - 0xf7 : prefix - 0xb7)
                    guard lengthOfLength <= 7, p + lengthOfLength < end else { return count + 1 }
                    var length = 0
                    for i in 1...lengthOfLength { length = length << 8 | Int(buffer[p + i]) }
                    p += 1 + lengthOfLength + length
                }
                count += 1
            }
            return count
        }

        /// Returns where the body starts and how long it is, checked against the input.
        func header(prefix: UInt8, shortBase: UInt8, at start: Int) throws(DecodingError) -> (Int, Int) {
            let remaining = buffer.count - start
            if prefix <= shortBase + 55 {
                let length = Int(prefix - shortBase)
                guard 1 + length <= remaining else {
                    throw DecodingError(offset: start, reason: .truncated(needed: 1 + length, available: remaining))
                }
                return (start + 1, length)
            }
            let lengthOfLength = Int(prefix - shortBase - 55)
            guard 1 + lengthOfLength <= remaining else {
                throw DecodingError(offset: start, reason: .truncated(needed: 1 + lengthOfLength, available: remaining))
            }
            guard buffer[start + 1] != 0 else { throw DecodingError(offset: start, reason: .leadingZeroInLength) }
            guard lengthOfLength <= 7 else { throw DecodingError(offset: start, reason: .lengthTooLarge) }
            var length = 0
            for i in 0..<lengthOfLength { length = length << 8 | Int(buffer[start + 1 + i]) }
            guard length >= 56 else { throw DecodingError(offset: start, reason: .longFormForShortLength(length)) }
            let headerLength = 1 + lengthOfLength
            guard length <= remaining - headerLength else {
                throw DecodingError(offset: start, reason: .truncated(needed: headerLength + length, available: remaining))
            }
            return (start + headerLength, length)
        }
    }
}

extension UInt64 {
    /// Big-endian bytes without leading zeros; zero is no bytes (RLP's and Ethereum's quantity form).
    public var minimalBigEndianBytes: [UInt8] {
        var out = [UInt8]()
        var started = false
        for shift in stride(from: 56, through: 0, by: -8) {
            let b = UInt8(truncatingIfNeeded: self >> UInt64(shift))
            if b != 0 || started { out.append(b); started = true }
        }
        return out
    }
}

// Reading typed values out of decoded items, with Ethereum's integer rule: big-endian, minimal
// (no leading zero byte), zero as the empty string.
extension RLP {
    public enum ValueError: Error, Equatable, Sendable, CustomStringConvertible {
        case expectedBytes
        case expectedList
        case integerTooLong(bytes: Int, limit: Int)
        case leadingZero
        case wrongSize(bytes: Int, expected: Int)

        public var description: String {
            switch self {
            case .expectedBytes: return "is a list; expected bytes"
            case .expectedList: return "is a byte string; expected a list"
            case .integerTooLong(let bytes, let limit): return "has \(bytes) bytes; at most \(limit) fit"
            case .leadingZero: return "has a leading zero byte (non-canonical integer)"
            case .wrongSize(let bytes, let expected): return "has \(bytes) bytes; expected \(expected)"
            }
        }
    }

    /// An integer in its canonical encoding.
    public init(_ value: UInt64) { self = .bytes(value.minimalBigEndianBytes) }
    public init(_ value: UInt256) { self = .bytes(value.minimalBigEndianBytes) }

    public func bytesValue() throws(ValueError) -> [UInt8] {
        guard case .bytes(let b) = self else { throw .expectedBytes }
        return b
    }

    public func listValue() throws(ValueError) -> [RLP] {
        guard case .list(let items) = self else { throw .expectedList }
        return items
    }

    /// Big-endian bytes of a canonical integer of at most `limit` bytes.
    public func integerBytes(limit: Int) throws(ValueError) -> [UInt8] {
        let b = try bytesValue()
        guard b.count <= limit else { throw .integerTooLong(bytes: b.count, limit: limit) }
        if b.first == 0 { throw .leadingZero }
        return b
    }

    public func uint64Value() throws(ValueError) -> UInt64 {
        try integerBytes(limit: 8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    public func uint256Value() throws(ValueError) -> UInt256 {
        UInt256(bigEndian: try integerBytes(limit: 32)) ?? .zero
    }

    public func hash32Value() throws(ValueError) -> Hash32 {
        let b = try bytesValue()
        guard let hash = Hash32(bytes: b) else { throw .wrongSize(bytes: b.count, expected: 32) }
        return hash
    }

    public func addressValue() throws(ValueError) -> Address {
        let b = try bytesValue()
        guard let address = Address(bytes: b) else { throw .wrongSize(bytes: b.count, expected: 20) }
        return address
    }
}

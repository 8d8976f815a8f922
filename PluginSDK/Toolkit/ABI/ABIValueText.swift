/// A textual argument that is not a value of its type.
public struct ABIValueParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Character offset in the argument text, from 0.
    public let offset: Int
    /// Where inside an array or tuple, e.g. `[2].1`; empty at the top.
    public let path: String
    /// The type expected there.
    public let type: ABIType
    public let message: String

    public var description: String {
        let place = path.isEmpty ? "" : " in element \(path)"
        return "at character \(offset)\(place) (\(type.canonical)): \(message)"
    }
}

extension ABIValue {
    /// Parses a value written as `cast` takes arguments: decimal or `0x` integers (a leading `-`
    /// for intN), `0x` addresses (mixed case must carry a valid EIP-55 checksum), `true`/`false`,
    /// `0x` hex for bytes and bytesN, plain text for a string, `[a,b]` for arrays and `(a,b)` for
    /// tuples. Inside brackets, strings may be quoted (`"a,b"`, with `\"` and `\\` escapes) so
    /// that they can hold commas and brackets; unquoted ones are trimmed. A string at the top is
    /// taken as it is.
    public init(parsing text: String, as type: ABIType) throws(ABIValueParseError) {
        if let problem = type.problem {
            throw ABIValueParseError(offset: 0, path: "", type: type, message: "cannot parse a value of an invalid type: \(problem)")
        }
        if case .string = type {
            self = .string(text)
            return
        }
        var parser = ABIValueTextParser(text)
        self = try parser.parseValue(type, path: "")
        parser.skipSpace()
        guard parser.atEnd else {
            throw parser.error("unexpected '\(parser.current)' after the value; an argument holds one value (arrays are written [a,b])", type: type, path: "")
        }
    }
}

private struct ABIValueTextParser {
    private let characters: [Character]
    private var position = 0

    init(_ text: String) { characters = Array(text) }

    var atEnd: Bool { position >= characters.count }
    var current: Character { atEnd ? " " : characters[position] }
    private var peek: Character? { atEnd ? nil : characters[position] }

    mutating func skipSpace() {
        while let c = peek, c.isWhitespace { position += 1 }
    }

    func error(_ message: String, type: ABIType, path: String, at offset: Int? = nil) -> ABIValueParseError {
        ABIValueParseError(offset: offset ?? position, path: path, type: type, message: message)
    }

    private var found: String { peek.map { "'\($0)'" } ?? "the end of the argument" }

    mutating func parseValue(_ type: ABIType, path: String) throws(ABIValueParseError) -> ABIValue {
        skipSpace()
        switch type {
        case .array(let element), .fixedArray(let element, _):
            guard peek == "[" else { throw error("expected '[' to start an array, found \(found)", type: type, path: path) }
            let open = position
            position += 1
            var items: [ABIValue] = []
            skipSpace()
            if peek == "]" {
                position += 1
            } else {
                while true {
                    items.append(try parseValue(element, path: "\(path)[\(items.count)]"))
                    skipSpace()
                    if peek == "," { position += 1; continue }
                    if peek == "]" { position += 1; break }
                    throw error("expected ',' or ']' after element \(items.count - 1), found \(found)", type: type, path: path)
                }
            }
            if case .fixedArray(_, let count) = type, items.count != count {
                throw error("\(type.canonical) needs exactly \(count) elements, found \(items.count)", type: type, path: path, at: open)
            }
            return .array(items)

        case .tuple(let components):
            guard peek == "(" else { throw error("expected '(' to start a tuple, found \(found)", type: type, path: path) }
            position += 1
            var items: [ABIValue] = []
            for (i, component) in components.enumerated() {
                items.append(try parseValue(component, path: "\(path).\(i)"))
                skipSpace()
                let last = i == components.count - 1
                if !last, peek == "," { position += 1; continue }
                if last, peek == ")" { position += 1; break }
                let wanted = last ? "')' after the last of \(components.count) components" : "',' and \(components.count - i - 1) more component\(components.count - i - 1 == 1 ? "" : "s")"
                throw error("expected \(wanted) of \(type.canonical), found \(found)", type: type, path: path)
            }
            return .tuple(items)

        case .string:
            if peek == "\"" { return .string(try quoted(type: type, path: path)) }
            return .string(token())

        default:
            let start = position
            let text = token()
            do {
                return try Self.scalar(text, as: type)
            } catch {
                throw ABIValueParseError(offset: start, path: path, type: type, message: error.message)
            }
        }
    }

    /// Characters up to the next `,`, `]` or `)`, trimmed.
    private mutating func token() -> String {
        let start = position
        while let c = peek, c != ",", c != "]", c != ")" { position += 1 }
        var text = String(characters[start..<position])
        while text.last?.isWhitespace == true { text.removeLast() }
        return text
    }

    private mutating func quoted(type: ABIType, path: String) throws(ABIValueParseError) -> String {
        let open = position
        position += 1
        var out = ""
        while let c = peek {
            position += 1
            switch c {
            case "\"": return out
            case "\\":
                guard let next = peek else { break }
                position += 1
                switch next {
                case "n": out.append("\n")
                case "t": out.append("\t")
                default: out.append(next)
                }
            default: out.append(c)
            }
        }
        throw error("the string opened with '\"' at character \(open) is not closed", type: type, path: path, at: open)
    }

    struct ScalarError: Error { let message: String }

    static func scalar(_ text: String, as type: ABIType) throws(ScalarError) -> ABIValue {
        guard !text.isEmpty else { throw ScalarError(message: "expected a value, found nothing") }
        switch type {
        case .uint(let bits):
            guard let value = UInt256(text) else {
                throw ScalarError(message: "'\(text)' is not an unsigned integer; write decimal digits or 0x hex\(text.hasPrefix("-") ? " (uint\(bits) cannot be negative)" : "")")
            }
            guard value.bitWidth <= bits else { throw ScalarError(message: "\(value) does not fit in uint\(bits)") }
            return .uint(value, bits: bits)

        case .int(let bits):
            let negative = text.hasPrefix("-")
            let digits = negative ? String(text.dropFirst()) : text
            guard let magnitude = UInt256(digits) else {
                throw ScalarError(message: "'\(text)' is not an integer; write decimal digits or 0x hex, with a leading '-' for negative values")
            }
            // The largest magnitude is 2^(bits-1) for a negative value, 2^(bits-1) - 1 otherwise.
            let limitBits = bits - 1
            let tooLarge = negative
                ? magnitude.bitWidth > limitBits + 1 || (magnitude.bitWidth == limitBits + 1 && magnitude.trailingZeroBits != limitBits)
                : magnitude.bitWidth > limitBits
            guard !tooLarge else { throw ScalarError(message: "\(text) is out of range for int\(bits) (-2^\(limitBits) to 2^\(limitBits)-1)") }
            return .int(negative ? magnitude.twosComplementNegated : magnitude, bits: bits)

        case .address:
            do { return .address(try Address(checksummedHex: text)) } catch { throw ScalarError(message: error.description) }

        case .bool:
            switch text {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: throw ScalarError(message: "'\(text)' is not a bool; write true or false")
            }

        case .fixedBytes(let n):
            let bytes: [UInt8]
            do { bytes = try Hex.decode(text) } catch { throw ScalarError(message: "bytes\(n) is 0x and \(2 * n) hex digits: \(error)") }
            guard bytes.count == n else { throw ScalarError(message: "bytes\(n) needs exactly \(n) bytes (\(2 * n) hex digits), found \(bytes.count)") }
            return .fixedBytes(bytes)

        case .bytes:
            do { return .bytes(try Hex.decode(text)) } catch { throw ScalarError(message: "bytes are written as 0x hex: \(error)") }

        default:
            throw ScalarError(message: "\(type.canonical) is not a value type")
        }
    }
}

extension UInt256 {
    /// Number of zero bits below the lowest set bit (256 for zero).
    var trailingZeroBits: Int {
        for (k, w) in [limbs.0, limbs.1, limbs.2, limbs.3].enumerated() where w != 0 {
            return 64 * k + w.trailingZeroBitCount
        }
        return 256
    }
}

/// A signature or type that does not parse: where, and what was expected there.
public struct ABIParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Character offset in the text, from 0.
    public let offset: Int
    public let message: String

    public var description: String { "at character \(offset): \(message)" }
}

/// What a signature parses into, before it becomes a function or an event.
struct ParsedSignature {
    var name: String
    var inputs: [ABIParameter]
    var outputs: [ABIParameter]?
    var anonymous: Bool
}

/// Recursive descent over the UTF-8 of a signature:
///
///     signature := [`function` | `event`] [name] `(` params `)` [[`returns`] `(` params `)`] [`anonymous`]
///     params    := ε | param (`,` param)*
///     param     := type [`indexed`] [`memory` | `calldata` | `storage`] [name]
///     type      := (elementary | `(` params `)`) (`[` [digits] `]`)*
///
/// Whitespace may separate tokens. Everything the parser accepts before an error is ASCII, so the
/// byte offset it reports is also the character offset.
struct ABISignatureParser {
    private let text: [UInt8]
    private var position = 0
    private let isEvent: Bool

    private init(_ text: String, isEvent: Bool) {
        self.text = Array(text.utf8)
        self.isEvent = isEvent
    }

    static func parseType(_ text: String) throws(ABIParseError) -> ABIType {
        var parser = ABISignatureParser(text, isEvent: false)
        parser.skipSpace()
        let type = try parser.parseType(depth: 0)
        parser.skipSpace()
        try parser.expectEnd("after the type")
        return type
    }

    static func parseSignature(_ text: String, isEvent: Bool) throws(ABIParseError) -> ParsedSignature {
        var parser = ABISignatureParser(text, isEvent: isEvent)
        return try parser.parseSignature()
    }

    // MARK: grammar

    private mutating func parseSignature() throws(ABIParseError) -> ParsedSignature {
        skipSpace()
        var name = ""
        if let first = peek, Self.isIdentifierStart(first) {
            let start = position
            name = identifier()
            if name == (isEvent ? "event" : "function") {
                skipSpace()
                guard let next = peek, Self.isIdentifierStart(next) else {
                    throw error(at: position, expected: "a name after '\(name)'")
                }
                name = identifier()
            } else if name == "function" || name == "event" {
                throw ABIParseError(offset: start, message: "this is \(name == "event" ? "an event" : "a function") signature; expected \(isEvent ? "an event" : "a function") signature")
            }
            skipSpace()
        }
        guard peek == UInt8(ascii: "(") else {
            throw error(at: position, expected: name.isEmpty ? "a name or '(' to start the signature, e.g. transfer(address,uint256)" : "'(' after the name \(name)")
        }
        let inputs = try parseList(depth: 0, topLevel: true)
        skipSpace()
        var outputs: [ABIParameter]?
        var anonymous = false
        if !isEvent {
            if peek == UInt8(ascii: "r") {
                let start = position
                guard identifier() == "returns" else { throw error(at: start, expected: "'returns', '(' or the end of the signature") }
                skipSpace()
                guard peek == UInt8(ascii: "(") else { throw error(at: position, expected: "'(' after 'returns'") }
            }
            if peek == UInt8(ascii: "(") {
                outputs = try parseList(depth: 0, topLevel: false)
                skipSpace()
            }
        } else if peek == UInt8(ascii: "a") {
            let start = position
            guard identifier() == "anonymous" else { throw error(at: start, expected: "'anonymous' or the end of the signature") }
            anonymous = true
            skipSpace()
        }
        try expectEnd(isEvent ? "after the event's parameter list" : "after the parameter list")
        return ParsedSignature(name: name, inputs: inputs, outputs: outputs, anonymous: anonymous)
    }

    /// `(` params `)`; `topLevel` allows `indexed` in events.
    private mutating func parseList(depth: Int, topLevel: Bool) throws(ABIParseError) -> [ABIParameter] {
        guard depth < ABIType.maxDepth else {
            throw ABIParseError(offset: position, message: "the type nests more than \(ABIType.maxDepth) levels of tuples and arrays")
        }
        position += 1  // "("
        skipSpace()
        var parameters: [ABIParameter] = []
        if peek == UInt8(ascii: ")") {
            position += 1
            return parameters
        }
        while true {
            skipSpace()
            let type = try parseType(depth: depth + 1)
            var parameter = ABIParameter(type)
            skipSpace()
            // Words after the type: `indexed`, a data location, then the name.
            while let c = peek, Self.isIdentifierStart(c) {
                let start = position
                let word = identifier()
                switch word {
                case "indexed":
                    guard isEvent, topLevel else {
                        throw ABIParseError(offset: start, message: "'indexed' is only allowed on the parameters of an event signature")
                    }
                    parameter.indexed = true
                case "memory", "calldata", "storage":
                    break
                default:
                    guard parameter.name == nil else { throw error(at: start, expected: "',' or ')' after the parameter name \(parameter.name ?? "")") }
                    parameter.name = word
                }
                skipSpace()
            }
            parameters.append(parameter)
            switch peek {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: ")"): position += 1; return parameters
            default: throw error(at: position, expected: "',' or ')' after the type \(type.canonical)")
            }
        }
    }

    private mutating func parseType(depth: Int) throws(ABIParseError) -> ABIType {
        guard depth < ABIType.maxDepth else {
            throw ABIParseError(offset: position, message: "the type nests more than \(ABIType.maxDepth) levels of tuples and arrays")
        }
        let start = position
        var type: ABIType
        if peek == UInt8(ascii: "(") {
            let components = try parseList(depth: depth, topLevel: false)
            guard !components.isEmpty else {
                throw ABIParseError(offset: start, message: "an empty tuple '()' is only allowed as a whole parameter list")
            }
            type = .tuple(components.map(\.type))
        } else if let c = peek, Self.isIdentifierStart(c) {
            type = try elementary(identifier(), at: start)
        } else {
            throw error(at: position, expected: "a type (uintN, intN, address, bool, bytesN, bytes, string, or a tuple '(…)')")
        }
        var level = depth
        while true {
            skipSpace()
            guard peek == UInt8(ascii: "[") else { return type }
            level += 1
            guard level < ABIType.maxDepth else {
                throw ABIParseError(offset: position, message: "the type nests more than \(ABIType.maxDepth) levels of tuples and arrays")
            }
            let bracket = position
            position += 1
            skipSpace()
            if peek == UInt8(ascii: "]") {
                position += 1
                type = .array(type)
                continue
            }
            let digitsStart = position
            var count = 0
            while let c = peek, c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") {
                let (times10, o1) = count.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(Int(c - UInt8(ascii: "0")))
                guard !o1, !o2 else { throw ABIParseError(offset: digitsStart, message: "the array length is too large") }
                count = sum
                position += 1
            }
            guard position > digitsStart else { throw error(at: position, expected: "an array length or ']' after '['") }
            guard text[digitsStart] != UInt8(ascii: "0") || position - digitsStart == 1 else {
                throw ABIParseError(offset: digitsStart, message: "the array length has a leading zero; write it without")
            }
            guard count >= 1 else { throw ABIParseError(offset: digitsStart, message: "a fixed-size array holds at least one element; use T[] for a dynamic array") }
            skipSpace()
            guard peek == UInt8(ascii: "]") else { throw error(at: position, expected: "']' to close the '[' at character \(bracket)") }
            position += 1
            type = .fixedArray(type, count: count)
            if !type.isDynamic, type.staticSize == nil {
                throw ABIParseError(offset: digitsStart, message: "\(type.canonical): the encoding would be too large")
            }
        }
    }

    private func elementary(_ word: String, at start: Int) throws(ABIParseError) -> ABIType {
        switch word {
        case "address": return .address
        case "bool": return .bool
        case "bytes": return .bytes
        case "string": return .string
        case "uint": return .uint(bits: 256)
        case "int": return .int(bits: 256)
        case "byte": return .fixedBytes(1)
        default: break
        }
        let isDigits = { (s: Substring) in !s.isEmpty && s.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } }
        for (prefix, make) in [("uint", ABIType.uint(bits:)), ("int", ABIType.int(bits:))] where word.hasPrefix(prefix) && isDigits(word.dropFirst(prefix.count)) {
            let digits = word.dropFirst(prefix.count)
            guard let bits = Int(digits), !digits.hasPrefix("0"), bits >= 8, bits <= 256, bits % 8 == 0 else {
                throw ABIParseError(offset: start, message: "unknown type '\(word)': the bit width of \(prefix)N must be a multiple of 8 from 8 to 256")
            }
            return make(bits)
        }
        if word.hasPrefix("bytes"), isDigits(word.dropFirst(5)) {
            let digits = word.dropFirst(5)
            guard let n = Int(digits), !digits.hasPrefix("0"), n >= 1, n <= 32 else {
                throw ABIParseError(offset: start, message: "unknown type '\(word)': bytesN takes N from 1 to 32 (or 'bytes' for a dynamic byte string)")
            }
            return .fixedBytes(n)
        }
        if word.hasPrefix("fixed") || word.hasPrefix("ufixed") {
            throw ABIParseError(offset: start, message: "'\(word)': fixed-point types are not supported")
        }
        if word == "function" {
            throw ABIParseError(offset: start, message: "'function' values are not supported; pass them as bytes24")
        }
        throw ABIParseError(offset: start, message: "unknown type '\(word)'; expected uintN, intN, address, bool, bytesN, bytes, string or a tuple '(…)' (structs are written as tuples)")
    }

    // MARK: lexing

    private var peek: UInt8? { position < text.count ? text[position] : nil }

    private mutating func skipSpace() {
        while let c = peek, c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") {
            position += 1
        }
    }

    private mutating func identifier() -> String {
        let start = position
        while let c = peek, Self.isIdentifierStart(c) || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) {
            position += 1
        }
        return String(decoding: text[start..<position], as: UTF8.self)
    }

    private static func isIdentifierStart(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
            || c == UInt8(ascii: "_") || c == UInt8(ascii: "$")
    }

    private func expectEnd(_ context: String) throws(ABIParseError) {
        guard position == text.count else { throw error(at: position, expected: "the end of the text \(context)") }
    }

    /// "expected X, found Y", where Y is the character at `offset` or the end of the text.
    private func error(at offset: Int, expected: String) -> ABIParseError {
        let found: String
        if offset >= text.count {
            found = "the end of the text"
        } else {
            let character = String(decoding: text[offset...], as: UTF8.self).first ?? "\u{FFFD}"
            found = "'\(character)'"
        }
        return ABIParseError(offset: offset, message: "expected \(expected), found \(found)")
    }
}

import Foundation
import RollportToolkit

/// What a verb reads from its arguments, in one place.
///
/// - `read`: bytes given as `HEX`, `@FILE` or `-` (standard input), as `cast` takes them. A file
///   or standard input may hold hex text (with or without 0x, surrounding whitespace ignored) or
///   raw binary; contents that are not entirely hex are taken as binary.
/// - `contents`: an argument that may name its content — `-`, `@FILE`, the path of an existing
///   file — or be the content itself (JSON, hex text). Returns the bytes as they are.
enum ByteInput {
    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    static let help = "HEX, @FILE (hex text or binary) or - (standard input)"

    static func read(_ argument: String) throws(Problem) -> [UInt8] {
        if let named = try named(argument, bareFilePaths: false) { return fromContents(named) }
        do {
            return try Hex.decode(argument.trimmingCharacters(in: .whitespacesAndNewlines))
        } catch {
            throw Problem(description: "the argument is not hex (\(error)); give \(help)")
        }
    }

    static func contents(_ argument: String) throws(Problem) -> [UInt8] {
        try named(argument, bareFilePaths: true) ?? Array(argument.utf8)
    }

    static func text(_ argument: String) throws(Problem) -> String {
        String(decoding: try contents(argument), as: UTF8.self)
    }

    /// The bytes of standard input or of a named file; nil when the argument names neither.
    private static func named(_ argument: String, bareFilePaths: Bool) throws(Problem) -> [UInt8]? {
        if argument == "-" { return [UInt8](FileHandle.standardInput.readDataToEndOfFile()) }
        guard argument.hasPrefix("@") || (bareFilePaths && looksLikePath(argument)) else { return nil }
        let path = argument.hasPrefix("@") ? String(argument.dropFirst()) : argument
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Problem(description: "cannot read \(path): no such file or not readable")
        }
        return [UInt8](data)
    }

    /// An existing file, or text that can only be meant as one (JSON and hex never hold a `/`
    /// outside a string), so that a mistyped path is reported as a missing file.
    private static func looksLikePath(_ argument: String) -> Bool {
        if FileManager.default.fileExists(atPath: argument) { return true }
        guard let first = argument.first, first != "{", first != "[" else { return false }
        return argument.contains("/") && !argument.contains(where: \.isWhitespace)
    }

    /// Hex text if the contents are entirely hex digits (after an optional 0x and whitespace).
    static func fromContents(_ bytes: [UInt8]) -> [UInt8] {
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if !text.isEmpty, let decoded = try? Hex.decode(text) {
            return decoded
        }
        return bytes
    }
}

extension ByteInput {
    /// `contents` for a verb: a problem is printed and the verb exits 2.
    static func contentsOrExit(_ argument: String) throws -> [UInt8] {
        do { return try contents(argument) } catch {
            printError(error.description)
            throw Exit.badInput
        }
    }

    /// The JSON text an argument holds or names, checked to parse and to have the shape the
    /// verb takes (`accepts`); otherwise `label: problem` or `shape` is printed and the verb exits 2.
    static func jsonTextOrExit(_ argument: String, label: String, shape: String, accepts: (JSONValue) -> Bool) throws -> String {
        let text = String(decoding: try contentsOrExit(argument), as: UTF8.self)
        let parsed: JSONValue
        do { parsed = try JSONValue.parse(text) } catch {
            printError("\(label): \(error)")
            throw Exit.badInput
        }
        guard accepts(parsed) else {
            printError(shape)
            throw Exit.badInput
        }
        return text
    }
}

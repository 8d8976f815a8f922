import Foundation
import RollportToolkit

/// The bytes a verb works on, given as `HEX`, `@FILE` or `-` (standard input), as `cast` takes
/// them. A file or standard input may hold hex text (with or without 0x, surrounding whitespace
/// ignored) or raw binary; text that is not entirely hex is taken as binary.
enum ByteInput {
    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    static let help = "HEX, @FILE (hex text or binary) or - (standard input)"

    static func read(_ argument: String) throws(Problem) -> [UInt8] {
        if argument == "-" {
            return fromContents([UInt8](FileHandle.standardInput.readDataToEndOfFile()))
        }
        if argument.hasPrefix("@") {
            let path = String(argument.dropFirst())
            guard let data = FileManager.default.contents(atPath: path) else {
                throw Problem(description: "cannot read \(path): no such file or not readable")
            }
            return fromContents([UInt8](data))
        }
        do {
            return try Hex.decode(argument.trimmingCharacters(in: .whitespacesAndNewlines))
        } catch {
            throw Problem(description: "the argument is not hex (\(error)); give \(help)")
        }
    }

    /// Text given as itself, @FILE or - (standard input).
    static func text(_ argument: String) throws(Problem) -> String {
        if argument == "-" {
            return String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
        if argument.hasPrefix("@") {
            let path = String(argument.dropFirst())
            guard let data = FileManager.default.contents(atPath: path) else {
                throw Problem(description: "cannot read \(path): no such file or not readable")
            }
            return String(decoding: data, as: UTF8.self)
        }
        return argument
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

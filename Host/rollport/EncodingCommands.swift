import ArgumentParser
import RollportToolkit

/// `rollport keccak`: Ethereum's Keccak-256 of bytes or text.
struct KeccakCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keccak",
        abstract: "Keccak-256 (Ethereum's, not FIPS SHA3-256) of bytes or text.",
        discussion: "Exit 0 with the hash; 2 when the input is not \(ByteInput.help).")

    @Argument(help: "The data: \(ByteInput.help); with --text, the text itself.") var data: String
    @Flag(help: "Hash the argument as UTF-8 text instead of reading it as hex.") var text = false
    @OptionGroup var output: OutputOptions

    func run() throws {
        let bytes: [UInt8]
        if text {
            bytes = Array(data.utf8)
        } else {
            do { bytes = try ByteInput.read(data) } catch {
                printError("\(error)")
                throw Exit.badInput
            }
        }
        let hash = Keccak256.hash(bytes)
        if output.json {
            printJSON(.object([("hash", .string(hash.description)), ("length", .number(bytes.count))]))
        } else {
            print(hash)
        }
    }
}

/// `rollport rlp decode|encode`.
struct RLPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rlp",
        abstract: "Decode or encode Recursive Length Prefix data, strictly.",
        subcommands: [Decode.self, Encode.self])

    struct Decode: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Decode RLP into nested JSON arrays of 0x strings.",
            discussion: """
            Only canonical encodings are accepted: a length in the long form below 56, a length with a leading \
            zero, a single byte below 0x80 wrapped as a string, truncated input and trailing bytes are errors \
            naming the byte offset. Exit 0 when decoded, 2 when the input is malformed.
            """)

        @Argument(help: "The encoding: \(ByteInput.help).") var data: String
        @OptionGroup var output: OutputOptions

        func run() throws {
            let bytes: [UInt8]
            let item: RLP
            do {
                bytes = try ByteInput.read(data)
                item = try RLP.decode(bytes)
            } catch {
                printError("\(error)")
                throw Exit.badInput
            }
            if output.json {
                printJSON(.object([("decoded", item.json), ("length", .number(bytes.count))]))
            } else {
                print(item.json.pretty)
            }
        }
    }

    struct Encode: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Encode nested JSON arrays of 0x strings as RLP.",
            discussion: #"Example: rollport rlp encode '["0x01", ["0x", "0xc0ffee"]]'. Exit 0 with the hex, 2 when the JSON is not arrays of hex strings."#)

        @Argument(help: "Nested JSON arrays of 0x hex strings, @FILE or - (standard input).") var value: String
        @OptionGroup var output: OutputOptions

        func run() throws {
            let item: RLP
            do {
                let text = try ByteInput.text(value)
                item = try RLP(json: try JSONValue.parse(text), path: "$")
            } catch {
                printError("\(error)")
                throw Exit.badInput
            }
            let encoded = item.encoded()
            if output.json {
                printJSON(.object([("encoded", .string(Hex.encode(encoded))), ("length", .number(encoded.count))]))
            } else {
                print(Hex.encode(encoded))
            }
        }
    }
}

extension RLP {
    /// Lists as JSON arrays, strings as 0x hex.
    var json: JSONValue {
        switch self {
        case .bytes(let b): return .string(Hex.encode(b))
        case .list(let items): return .array(items.map(\.json))
        }
    }

    struct JSONShapeError: Error, CustomStringConvertible {
        var description: String
    }

    init(json: JSONValue, path: String) throws(JSONShapeError) {
        switch json {
        case .string(let text):
            do { self = .bytes(try Hex.decode(text)) } catch {
                throw JSONShapeError(description: "\(path): \(error)")
            }
        case .array(let items):
            var out = [RLP]()
            for (i, item) in items.enumerated() { out.append(try RLP(json: item, path: "\(path)[\(i)]")) }
            self = .list(out)
        default:
            throw JSONShapeError(description: "\(path): expected a 0x hex string or an array, found \(json.compact)")
        }
    }
}

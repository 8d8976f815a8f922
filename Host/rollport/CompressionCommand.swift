import ArgumentParser
import Foundation
import RollportToolkit

extension CompressionCodec: ExpressibleByArgument {}

/// Writes `bytes` to --out, or prints them as hex; the JSON form carries the sizes.
private func emit(_ bytes: [UInt8], input: Int, codec: CompressionCodec, level: Int?, out: String?, json: Bool) throws {
    if let out {
        guard FileManager.default.createFile(atPath: out, contents: Data(bytes)) else {
            printError("cannot write \(out)")
            throw Exit.badInput
        }
    }
    if json {
        var members: [(String, JSONValue)] = [("codec", .string(codec.rawValue))]
        if let level { members.append(("level", .number(level))) }
        members += [("inputBytes", .number(input)), ("outputBytes", .number(bytes.count))]
        members.append(out.map { ("out", .string($0)) } ?? ("output", .string(Hex.encode(bytes))))
        printJSON(.object(members))
    } else if let out {
        print("wrote \(bytes.count) bytes to \(out) (from \(input) bytes)")
    } else {
        print(Hex.encode(bytes))
    }
}

private func readInput(_ argument: String) throws -> [UInt8] {
    do { return try ByteInput.read(argument) } catch {
        printError(error.description)
        throw Exit.badInput
    }
}

struct Decompress: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decompress zlib, raw deflate, brotli or zstd data, with a cap on the output size.",
        discussion: """
        Prints the output as hex, or writes it raw to --out. The input must be exactly one stream \
        (zstd: one or more frames). Exit 2 when the data is corrupt, truncated, followed by extra bytes, \
        or decompresses to more than --max-bytes.
        """)

    @Option(help: "zlib (RFC 1950, as OP Stack channels), deflate (raw), brotli or zstd.") var codec: CompressionCodec
    @Option(help: "Refuse output larger than this many bytes.") var maxBytes: Int = 128 << 20
    @Option(help: "Write the output bytes to this file instead of printing hex.") var out: String?
    @Argument(help: ArgumentHelp(stringLiteral: ByteInput.help)) var input: String
    @OptionGroup var output: OutputOptions

    func run() throws {
        guard maxBytes >= 0 else {
            printError("--max-bytes must not be negative")
            throw Exit.badInput
        }
        let bytes = try readInput(input)
        let result: [UInt8]
        do { result = try codec.decompress(bytes, maxOutputBytes: maxBytes) } catch {
            let message: String
            if case .outputCapReached(let cap) = error.reason {
                message = "\(codec): output cap of \(cap) bytes reached (after \(error.inputConsumed) of \(bytes.count) input bytes); raise --max-bytes if the data is trusted"
            } else {
                message = error.description
            }
            if output.json {
                printJSON(.object([("codec", .string(codec.rawValue)), ("inputBytes", .number(bytes.count)),
                                   ("inputConsumed", .number(error.inputConsumed)), ("error", .string(message))]))
            } else {
                printError(message)
            }
            throw Exit.badInput
        }
        try emit(result, input: bytes.count, codec: codec, level: nil, out: out, json: output.json)
    }
}

struct Compress: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compress data as zlib, raw deflate, brotli or zstd.",
        discussion: "Prints the compressed bytes as hex, or writes them raw to --out.")

    @Option(help: "zlib, deflate, brotli or zstd.") var codec: CompressionCodec
    @Option(help: "The level (zlib/deflate 0-9, brotli 0-11, zstd up to 22; default: the library's).") var level: Int?
    @Option(help: "Write the compressed bytes to this file instead of printing hex.") var out: String?
    @Argument(help: ArgumentHelp(stringLiteral: ByteInput.help)) var input: String
    @OptionGroup var output: OutputOptions

    func run() throws {
        let bytes = try readInput(input)
        let result: [UInt8]
        do { result = try codec.compress(bytes, level: level) } catch {
            printError(error.description)
            throw Exit.badInput
        }
        try emit(result, input: bytes.count, codec: codec, level: level ?? codec.defaultLevel, out: out, json: output.json)
    }
}

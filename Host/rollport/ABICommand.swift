import ArgumentParser
import RollportToolkit

struct ABICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "abi",
        abstract: "Solidity ABI: selectors, event topics, encoding and strict decoding.",
        discussion: "Exit 0 ok, 2 for a malformed signature, argument or encoding.",
        subcommands: [Selector.self, Topic.self, Encode.self, Decode.self])

    struct Selector: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The 4-byte selector of a function signature.",
            discussion: "SIGNATURE as in Solidity or cast: transfer(address,uint256); names, spaces and outputs are allowed and dropped.")
        @Argument(help: "The function signature, e.g. 'transfer(address,uint256)'.") var signature: String
        @OptionGroup var output: OutputOptions

        func run() throws {
            let function = try parseFunction(signature, json: output.json)
            guard !function.name.isEmpty else {
                fail("--sig '\(signature)': a selector needs a function name, e.g. transfer(address,uint256)", json: output.json)
            }
            let selector = Hex.selector(function.selector)
            if output.json {
                printJSON(.object([("signature", .string(function.signature)), ("selector", .string(selector))]))
            } else {
                print(selector)
            }
        }
    }

    struct Topic: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The topic0 of an event signature: keccak256 of its canonical form.",
            discussion: "SIGNATURE such as Transfer(address,address,uint256) or Transfer(address indexed from, address indexed to, uint256 value).")
        @Argument(help: "The event signature.") var signature: String
        @OptionGroup var output: OutputOptions

        func run() throws {
            let event: ABIEvent
            do { event = try ABIEvent(signature) } catch {
                fail("signature '\(signature)' \(error)", json: output.json)
            }
            if output.json {
                printJSON(.object([("signature", .string(event.signature)), ("topic0", .string(event.topic0.description))]))
            } else {
                print(event.topic0.description)
            }
        }
    }

    struct Encode: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "ABI-encode arguments: calldata for a named signature, bare parameters for '(T1,T2)'.",
            discussion: """
            Arguments as cast takes them: decimal or 0x integers (negative for intN), 0x addresses (mixed case \
            must carry a valid EIP-55 checksum), true/false, 0x hex for bytes and bytesN, plain text for a string, \
            [a,b] for arrays and (a,b) for tuples; inside brackets quote strings that hold commas: '["a,b",c]'. \
            --packed gives abi.encodePacked of the arguments (no selector).
            """)
        @Option(name: .customLong("sig"), help: "The signature, e.g. 'f(uint256,bytes)' or '(uint256,bytes)'.") var signature: String
        @Flag(help: "abi.encodePacked instead of the standard encoding.") var packed = false
        @OptionGroup var output: OutputOptions
        @Argument(parsing: .allUnrecognized, help: "One argument per parameter.") var arguments: [String] = []

        func run() throws {
            let function = try parseFunction(signature, json: output.json)
            let types = function.inputTypes
            // `--` ends the options (everything after it is an argument, even `--json`); the parser
            // hands it over with the arguments.
            var arguments = self.arguments
            if let end = arguments.firstIndex(of: "--") { arguments.remove(at: end) }
            guard arguments.count == types.count else {
                fail("\(function.signature) takes \(types.count) argument\(types.count == 1 ? "" : "s"), found \(arguments.count)", json: output.json)
            }
            var values: [ABIValue] = []
            for (i, (text, type)) in zip(arguments, types).enumerated() {
                do { values.append(try ABIValue(parsing: text, as: type)) } catch {
                    fail("arg \(i) '\(text)' \(error)", json: output.json)
                }
            }
            let data: [UInt8]
            do {
                if packed {
                    data = try ABICodec.encodePacked(values, as: types)
                } else if function.name.isEmpty {
                    data = try ABICodec.encode(values, as: types)
                } else {
                    data = try function.encodeCall(values)
                }
            } catch {
                fail(error.description, json: output.json)
            }
            if output.json {
                var members: [(String, JSONValue)] = [("signature", .string(function.signature))]
                if !packed, !function.name.isEmpty { members.append(("selector", .string(Hex.selector(function.selector)))) }
                members.append(("packed", .bool(packed)))
                members.append(("data", .string(Hex.encode(data))))
                printJSON(.object(members))
            } else {
                print(Hex.encode(data))
            }
        }
    }

    struct Decode: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Strictly decode ABI data: calldata for a named signature, bare parameters for '(T1,T2)'.",
            discussion: """
            With a named signature the input is calldata and its selector must match; --output decodes return data \
            with the signature's outputs, written name(inputs)(outputs). Decoding is strict: offsets and lengths \
            inside the input and where a canonical encoder puts them, no stray bits in words or padding, UTF-8 \
            strings, and nothing after the encoding (--allow-trailing ignores extra calldata, as the EVM does). \
            JSON values: integers as decimal strings, checksummed addresses, 0x hex bytes, arrays and tuples as arrays.
            """)
        @Option(name: .customLong("sig"), help: "The signature, e.g. 'f(uint256,bytes)', '(uint256,bytes)' or 'f(address)(uint256)'.") var signature: String
        @Flag(name: .customLong("output"), help: "Decode return data with the signature's output types.") var decodeOutput = false
        @Flag(help: "Ignore bytes after the encoding of calldata instead of refusing them.") var allowTrailing = false
        @Argument(help: "The data: \(ByteInput.help).") var input: String
        @OptionGroup var output: OutputOptions

        func run() throws {
            let function = try parseFunction(signature, json: output.json)
            let bytes: [UInt8]
            do { bytes = try ByteInput.read(input) } catch { fail("input: \(error)", json: output.json) }
            let values: [ABIValue]
            do {
                if decodeOutput {
                    guard function.outputs != nil else {
                        fail("--output needs the output types in the signature, written name(inputs)(outputs), e.g. balanceOf(address)(uint256)", json: output.json)
                    }
                    values = try function.decodeOutput(bytes)
                } else if function.name.isEmpty {
                    values = try ABICodec.decode(function.inputTypes, from: bytes, trailingBytes: allowTrailing ? .ignore : .reject)
                } else {
                    values = try function.decodeCall(bytes, trailingBytes: allowTrailing ? .ignore : .reject)
                }
            } catch {
                var message = error.description
                if case .trailingBytes = error.reason, !decodeOutput { message += " (pass --allow-trailing to ignore them, as the EVM does)" }
                if case .missingSelector = error.reason { message += "; for bare parameters, give the signature without a name, e.g. '(uint256,bytes)'" }
                fail("input: \(message)", json: output.json)
            }
            if output.json {
                printJSON(.object([("signature", .string(decodeOutput ? function.description : function.signature)),
                                   ("values", .array(values.map(\.json)))]))
            } else {
                for value in values { print(value.plainText) }
            }
        }
    }
}

/// The function signature of --sig or an argument; exits 2 with the position of the problem.
private func parseFunction(_ signature: String, json: Bool) throws -> ABIFunction {
    do { return try ABIFunction(signature) } catch {
        fail("signature '\(signature)' \(error)", json: json)
    }
}

/// Reports bad input (as JSON `{"error": …}` on standard output with --json, on standard error
/// otherwise) and exits 2.
private func fail(_ message: String, json: Bool) -> Never {
    if json { printJSON(.object([("error", .string(message))])) } else { printError(message) }
    ABICommand.exit(withError: Exit.badInput)
}

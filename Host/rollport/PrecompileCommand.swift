import ArgumentParser
import Dispatch
import Foundation
import RollportToolkit

struct PrecompileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "precompile",
        abstract: "Run Ethereum's BN254 precompiles: ecAdd (0x06), ecMul (0x07), ecPairing (0x08).",
        discussion: """
        Input rules are EIP-196/197 exactly: ecadd and ecmul right-pad short input with zeros and \
        ignore bytes past 128 and 96; ecpairing takes a multiple of 192 bytes (G1 x ‖ y, then G2 \
        x.im ‖ x.re ‖ y.im ‖ y.re) and answers 32 bytes, 1 when the product of pairings is 1. \
        Prints the output as hex (--json adds the gas of EIP-1108). Exit 0 when the call succeeds, \
        1 when the EVM call would fail (the reason is printed), 2 when the argument is not hex.
        """,
        subcommands: [EcAdd.self, EcMul.self, EcPairing.self, BenchPairing.self])

    enum Kind: String {
        case ecadd, ecmul, ecpairing

        var address: String {
            switch self {
            case .ecadd: "0x06"
            case .ecmul: "0x07"
            case .ecpairing: "0x08"
            }
        }

        func gas(inputLength: Int) -> Int {
            switch self {
            case .ecadd: BN254.Precompile.ecAddGas
            case .ecmul: BN254.Precompile.ecMulGas
            case .ecpairing: BN254.Precompile.ecPairingGas(pairs: inputLength / 192)
            }
        }

        func call(_ input: [UInt8]) -> Result<[UInt8], BN254.PrecompileFailure> {
            switch self {
            case .ecadd: BN254.Precompile.ecAdd(input)
            case .ecmul: BN254.Precompile.ecMul(input)
            case .ecpairing: BN254.Precompile.ecPairing(input)
            }
        }
    }

    struct EcAdd: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ecadd", abstract: "P + Q on G1 (input: x1 ‖ y1 ‖ x2 ‖ y2).")
        @Argument(help: "The call data: \(ByteInput.help).") var input: String
        @OptionGroup var output: OutputOptions
        func run() throws { try PrecompileCommand.run(.ecadd, input, output) }
    }

    struct EcMul: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ecmul", abstract: "s·P on G1 (input: x ‖ y ‖ s).")
        @Argument(help: "The call data: \(ByteInput.help).") var input: String
        @OptionGroup var output: OutputOptions
        func run() throws { try PrecompileCommand.run(.ecmul, input, output) }
    }

    struct EcPairing: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ecpairing", abstract: "Whether Π e(Pᵢ, Qᵢ) = 1 (input: k pairs of G1 ‖ G2, 192 bytes each).")
        @Argument(help: "The call data: \(ByteInput.help).") var input: String
        @OptionGroup var output: OutputOptions
        func run() throws { try PrecompileCommand.run(.ecpairing, input, output) }
    }

    static func run(_ kind: Kind, _ argument: String, _ output: OutputOptions) throws {
        let input: [UInt8]
        do { input = try ByteInput.read(argument) } catch {
            if output.json { printJSON(.object([("error", .string("input: \(error)"))])) } else { printError("input: \(error)") }
            throw Exit.badInput
        }
        let head: [(String, JSONValue)] = [("precompile", .string(kind.rawValue)), ("address", .string(kind.address))]
        switch kind.call(input) {
        case .success(let bytes):
            if output.json {
                printJSON(.object(head + [("success", .bool(true)), ("output", .string(Hex.encode(bytes))),
                                          ("gas", .number(kind.gas(inputLength: input.count)))]))
            } else {
                print(Hex.encode(bytes))
            }
        case .failure(let failure):
            if output.json {
                printJSON(.object(head + [("success", .bool(false)), ("error", .string(failure.description))]))
            } else {
                printError("\(kind.rawValue) (\(kind.address)) fails: \(failure)")
            }
            throw Exit.negative
        }
    }

    /// Times ecPairing for the side-by-side comparison in Benchmarks/pairing-vs-garaga.py: the
    /// whole precompile (decoding, subgroup checks, pairing check) and the pairing check alone on
    /// the decoded points (what the other libraries are timed on). Best of `rounds`.
    struct BenchPairing: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "bench-pairing", shouldDisplay: false)
        @Argument var input: String
        @Option(name: .customLong("repeat")) var repetitions = 200
        @Option var rounds = 5

        func run() throws {
            guard let bytes = try? ByteInput.read(input), case .success(let expected) = BN254.Precompile.ecPairing(bytes) else {
                printError("expected valid ecPairing input")
                throw Exit.badInput
            }
            var pairs = [(BN254.G1Point, BN254.G2Point)]()
            for base in stride(from: 0, to: bytes.count, by: 192) {
                guard let p = try? BN254.G1Point(evm: bytes[base..<base + 64]),
                      let q = try? BN254.G2Point(evm: bytes[base + 64..<base + 192]) else { throw Exit.badInput }
                pairs.append((p, q))
            }
            let holds = expected.last == 1
            let count = max(1, repetitions)
            func best(_ body: () -> Bool) throws -> Double {
                var best = Double.infinity
                for _ in 0..<max(1, rounds) {
                    let start = DispatchTime.now().uptimeNanoseconds
                    for _ in 0..<count where !body() {
                        printError("ecPairing gave a different answer on repetition")
                        throw Exit.negative
                    }
                    best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / Double(count) / 1_000)
                }
                return best
            }
            let call = try best { (try? BN254.Precompile.ecPairing(bytes).get()) == expected }
            let check = try best { BN254.Pairing.check(pairs) == holds }
            printJSON(.object([("output", .string(Hex.encode(expected))), ("pairs", .number(pairs.count)),
                               ("microsecondsPerCall", .number(call)), ("microsecondsPerCheck", .number(check))]))
        }
    }
}

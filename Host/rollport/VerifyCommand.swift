import ArgumentParser
import Foundation
import RollportToolkit

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify validity proofs (Groth16, PLONK, FFLONK over BN254) as the L1 verifier contracts do.",
        subcommands: [Groth16Single.self, Groth16Batch.self, PlonkSingle.self, PlonkBatch.self, FflonkSingle.self, FflonkBatch.self])

    static let formatHelp = """
    Proof formats (--format; recognised from the file's members when omitted): snarkjs (proof.json \
    with pi_a/pi_b/pi_c, public.json), gnark (Ar/Bs/Krs; public as an array or an object of named \
    values), garaga (proof.{a,b,c} and public_inputs), sp1 (SP1 v5 {vkey, publicValues, proof}: \
    public inputs [vkey, sha256(publicValues) mod 2^253] come from the file), risc0 (RISC Zero v2 \
    {seal, image_id, journal}: the five public inputs come from the file), evm (Solidity calldata \
    {pA, pB, pC, pubSignals} with pB imaginary part first, or the raw 256-byte A || B || C as hex). \
    The key is recognised by its shape: snarkjs verification_key.json (vk_alphabeta_12 is ignored; \
    e(alpha, beta) is computed), gnark (G1/G2), garaga (verifying_key; SP1 and RISC Zero keys), or \
    hex bytes in the EVM layout alpha || beta || gamma || delta || IC[0..n]. --public may be \
    omitted when the proof file carries or determines the public inputs (sp1, risc0, garaga, evm \
    calldata); when given it takes precedence.
    """

    struct Groth16Single: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "groth16",
            abstract: "Verify one Groth16 proof.",
            discussion: formatHelp + " Exit 0 valid, 1 invalid, 2 malformed input (the message names the file, field and offset).")

        @Option(help: "The verifying key file.") var vk: String
        @Option(help: "The proof file.") var proof: String
        @Option(help: "The public inputs file (JSON array, named object, or 32-byte words as hex).") var `public`: String?
        @Option(help: "The proof format: \(Groth16.Format.allCases.map(\.rawValue).joined(separator: ", ")).")
        var format: Groth16.Format?
        @Option(name: .customLong("repeat"), help: "Verify N times and report the median and 99th percentile of the verification alone.")
        var repetitions: Int = 1
        @OptionGroup var output: OutputOptions

        func run() throws {
            let loaded: (key: Groth16.VerifyingKey, keyFormat: String, file: Groth16.ProofFile, inputs: [BN254.Fr])
            let prepared: Groth16.PreparedVerifyingKey
            do {
                let (key, keyFormat) = try readKey(vk)
                let file = try readProof(proof, format: format)
                let inputs = try publicInputs(self.public, carried: file.publicInputs, format: file.format.rawValue)
                loaded = (key, keyFormat, file, inputs)
                prepared = try Groth16.PreparedVerifyingKey(key)
                _ = try prepared.verify(file.proof, publicInputs: inputs) // count check before timing
            } catch {
                reportMalformed(error, json: output.json)
                throw Exit.badInput
            }
            guard repetitions >= 1 else {
                reportMalformed(InputProblem(file: "--repeat", "must be at least 1"), json: output.json)
                throw Exit.badInput
            }
            let (valid, samples) = timedVerification(repetitions: repetitions) {
                (try? prepared.verify(loaded.file.proof, publicInputs: loaded.inputs)) ?? false
            }
            var members: [(String, JSONValue)] = [
                ("format", .string(loaded.file.format.rawValue)), ("keyFormat", .string(loaded.keyFormat)),
                ("publicInputs", .number(loaded.inputs.count)),
            ]
            if let selector = loaded.file.selector { members.append(("selector", .string(Hex.encode(selector)))) }
            try printVerdict(
                valid: valid, samples: samples, json: output.json, members: members,
                subject: "Groth16 proof (\(loaded.file.format.rawValue), key \(loaded.keyFormat), \(loaded.inputs.count) public inputs)",
                failure: "e(A, B) != e(alpha, beta) e(vk_x, gamma) e(C, delta); the proof does not match this key and these public inputs")
        }
    }

    struct Groth16Batch: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "groth16-batch",
            abstract: "Verify many Groth16 proofs under one key in one multi-pairing, naming the bad ones.",
            discussion: """
            --proofs is a JSON file {vk, proofs: [{proof, publicSignals}]} (vk optional when --vk is \
            given; --vk wins), or a directory: every file whose name contains "proof" is a proof, its \
            public inputs in the file of the same name with "proof" replaced by "public" (or carried by \
            the proof itself). The proofs are combined with random 128-bit weights from the system's \
            cryptographic generator; a failing batch is split until each invalid proof is named. \
            Exit 0 all valid, 1 any invalid, 2 malformed input.
            """ + " " + formatHelp)

        @Option(help: "The verifying key file (optional when the batch file holds one).") var vk: String?
        @Option(help: "A batch JSON file or a directory of proof/public pairs.") var proofs: String
        @Option(help: "The proof format: \(Groth16.Format.allCases.map(\.rawValue).joined(separator: ", ")).")
        var format: Groth16.Format?
        @OptionGroup var output: OutputOptions

        func run() throws {
            let key: Groth16.PreparedVerifyingKey
            var statements: [Groth16.Statement] = []
            var names: [String] = []
            do {
                var fileKey: Groth16.VerifyingKey?
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: proofs, isDirectory: &isDirectory) else {
                    throw InputProblem(file: proofs, "no such file or directory")
                }
                if isDirectory.boolValue {
                    let pairs = try readProofDirectory(proofs) { path throws(InputProblem) in
                        let file = try readProof(path, format: format)
                        return (file.proof, file.publicInputs)
                    }
                    statements = pairs.map { Groth16.Statement(proof: $0.proof, publicInputs: $0.inputs) }
                    names = pairs.map(\.name)
                } else {
                    let json = try readJSON(proofs)
                    do { (fileKey, statements) = try Groth16.batch(json: json) } catch {
                        throw InputProblem(file: proofs, error)
                    }
                    names = statements.indices.map { "proofs[\($0)]" }
                }
                guard let chosen = try vk.map({ try readKey($0).key }) ?? fileKey else {
                    throw InputProblem(file: "--vk", "the batch file holds no key; give --vk FILE")
                }
                key = try Groth16.PreparedVerifyingKey(chosen)
                guard !statements.isEmpty else { throw InputProblem(file: proofs, "no proofs found") }
                for (i, s) in statements.enumerated() where s.publicInputs.count != key.publicInputCount {
                    throw InputProblem(file: names[i], "the key takes \(key.publicInputCount) public inputs; got \(s.publicInputs.count)")
                }
            } catch {
                reportMalformed(error, json: output.json)
                throw Exit.badInput
            }
            let start = DispatchTime.now().uptimeNanoseconds
            let result = (try? Groth16.verifyBatch(key, statements)) ?? Groth16.BatchResult(invalid: Array(statements.indices), count: statements.count)
            try printBatchVerdict(result, names: names, ms: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6,
                                  check: "one multi-pairing", json: output.json)
        }
    }
}

extension Groth16.Format: ExpressibleByArgument {}

/// A refused input, named by its file.
struct InputProblem: Error, CustomStringConvertible {
    var file: String
    var message: String
    var field: String?
    var offset: Int?

    init(file: String, _ message: String) {
        self.file = file
        self.message = message
    }

    init(file: String, _ error: Groth16.FormatError) {
        self.file = file
        message = error.description
        field = error.field.isEmpty ? nil : error.field
        offset = error.offset
    }

    var description: String { "\(file): \(message)" }
}

func reportMalformed(_ error: Error, json: Bool) {
    let problem = error as? InputProblem ?? InputProblem(file: "input", "\(error)")
    if json {
        var members: [(String, JSONValue)] = [("valid", .bool(false)), ("error", .string(problem.description))]
        if let field = problem.field { members.append(("field", .string(field))) }
        if let offset = problem.offset { members.append(("offset", .number(offset))) }
        printJSON(.object(members))
    } else {
        printError(problem.description)
    }
}

enum Content {
    case json(JSONValue)
    case bytes([UInt8])
}

/// JSON when the file looks like JSON, else hex text or binary bytes.
func readContent(_ path: String) throws(InputProblem) -> Content {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw InputProblem(file: path, "cannot read: no such file or not readable")
    }
    let bytes = [UInt8](data)
    let first = bytes.first { !($0 == 0x20 || $0 == 0x0a || $0 == 0x0d || $0 == 0x09) }
    if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
        do { return .json(try JSONValue.parse(bytes)) } catch { throw InputProblem(file: path, "\(error)") }
    }
    return .bytes(ByteInput.fromContents(bytes))
}

func readJSON(_ path: String) throws(InputProblem) -> JSONValue {
    guard case .json(let json) = try readContent(path) else { throw InputProblem(file: path, "expected a JSON document") }
    return json
}

private func readKey(_ path: String) throws(InputProblem) -> (key: Groth16.VerifyingKey, format: String) {
    do {
        switch try readContent(path) {
        case .json(let json): let (key, format) = try Groth16.verifyingKey(json: json); return (key, format.rawValue)
        case .bytes(let bytes): return (try Groth16.verifyingKey(evm: bytes), "evm")
        }
    } catch let error as Groth16.FormatError {
        throw InputProblem(file: path, error)
    } catch {
        throw error as? InputProblem ?? InputProblem(file: path, "\(error)")
    }
}

private func readProof(_ path: String, format: Groth16.Format?) throws(InputProblem) -> Groth16.ProofFile {
    do {
        switch try readContent(path) {
        case .json(let json):
            return try Groth16.proof(json: json, format: format)
        case .bytes(let bytes):
            guard format == nil || format == .evm else {
                throw InputProblem(file: path, "a \(format?.rawValue ?? "") proof is a JSON document; raw bytes are read as --format evm (A || B || C)")
            }
            return Groth16.ProofFile(format: .evm, proof: try Groth16.proof(evm: bytes), publicInputs: nil, selector: nil)
        }
    } catch let error as Groth16.FormatError {
        throw InputProblem(file: path, error)
    } catch {
        throw error as? InputProblem ?? InputProblem(file: path, "\(error)")
    }
}

func readPublicInputs(_ path: String) throws(InputProblem) -> [BN254.Fr] {
    do {
        switch try readContent(path) {
        case .json(let json): return try PublicInputs.read(json: json)
        case .bytes(let bytes): return try PublicInputs.read(evm: bytes)
        }
    } catch let error as Groth16.FormatError {
        throw InputProblem(file: path, error)
    } catch {
        throw error as? InputProblem ?? InputProblem(file: path, "\(error)")
    }
}

/// The inputs of `--public FILE`, else those the proof file carries.
func publicInputs(_ path: String?, carried: [BN254.Fr]?, format: String) throws(InputProblem) -> [BN254.Fr] {
    if let path { return try readPublicInputs(path) }
    guard let carried else {
        throw InputProblem(file: "--public", "the \(format) proof does not carry its public inputs; give --public FILE")
    }
    return carried
}

/// Proof files (names containing "proof") with their public inputs — the file of the same name
/// with "proof" replaced by "public", else those the proof carries — in name order.
func readProofDirectory<Proof>(_ directory: String, _ readProof: (String) throws(InputProblem) -> (Proof, [BN254.Fr]?))
    throws(InputProblem) -> [(proof: Proof, inputs: [BN254.Fr], name: String)] {
    let entries: [String]
    do { entries = try FileManager.default.contentsOfDirectory(atPath: directory).sorted() } catch {
        throw InputProblem(file: directory, "cannot list: \(error.localizedDescription)")
    }
    var result: [(proof: Proof, inputs: [BN254.Fr], name: String)] = []
    for name in entries where name.contains("proof") {
        let path = directory + "/" + name
        let (proof, carried) = try readProof(path)
        let publicPath = directory + "/" + name.replacingOccurrences(of: "proof", with: "public")
        let inputs: [BN254.Fr]
        if FileManager.default.fileExists(atPath: publicPath) {
            inputs = try readPublicInputs(publicPath)
        } else if let carried {
            inputs = carried
        } else {
            throw InputProblem(file: path, "no public inputs: expected \(publicPath)")
        }
        result.append((proof, inputs, name))
    }
    return result
}

/// Prints the verdict of a batch — JSON `{valid, count, invalid, invalidNames, ms}` or text
/// naming the invalid proofs — and exits 1 when any is invalid.
func printBatchVerdict(_ result: ProofBatchResult, names: [String], ms: Double, check: String, json: Bool) throws {
    if json {
        printJSON(.object([
            ("valid", .bool(result.allValid)), ("count", .number(result.count)),
            ("invalid", .array(result.invalid.map { JSONValue.number($0) })),
            ("invalidNames", .array(result.invalid.map { JSONValue.string(names[$0]) })),
            ("ms", .number(ms)),
        ]))
    } else if result.allValid {
        print("valid: all \(result.count) proofs (\(check), \(String(format: "%.2f", ms)) ms)")
    } else {
        print("invalid: \(result.invalid.count) of \(result.count) proofs do not verify:")
        for i in result.invalid { print("  \(i): \(names[i])") }
    }
    if !result.allValid { throw Exit.negative }
}

/// Runs `verify` `repetitions` times (the last verdict counts) and times each run.
func timedVerification(repetitions: Int, _ verify: () -> Bool) -> (valid: Bool, samples: [Double]) {
    var valid = false
    var samples: [Double] = []
    for _ in 0..<repetitions {
        let start = DispatchTime.now().uptimeNanoseconds
        valid = verify()
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    return (valid, samples)
}

/// Prints the verdict of `verify <system>` — JSON `{valid, <members>, [repeat, medianMs, p99Ms]}`
/// or a `valid:`/`invalid:` line — and exits 1 when the proof is invalid.
func printVerdict(valid: Bool, samples: [Double], json: Bool, members: [(String, JSONValue)],
                  subject: String, failure: String) throws {
    if json {
        var all: [(String, JSONValue)] = [("valid", .bool(valid))] + members
        if samples.count > 1 {
            all.append(("repeat", .number(samples.count)))
            all.append(("medianMs", .number(percentile(samples, 0.5))))
            all.append(("p99Ms", .number(percentile(samples, 0.99))))
        }
        printJSON(.object(all))
    } else {
        print(valid ? "valid: \(subject)" : "invalid: \(subject): \(failure)")
        if samples.count > 1 {
            print(String(format: "verify: median %.3f ms, p99 %.3f ms over %d runs", percentile(samples, 0.5), percentile(samples, 0.99), samples.count))
        }
    }
    if !valid { throw Exit.negative }
}

func percentile(_ samples: [Double], _ q: Double) -> Double {
    let sorted = samples.sorted()
    let index = min(sorted.count - 1, max(0, Int((Double(sorted.count) * q).rounded(.up)) - 1))
    return (sorted[index] * 1000).rounded() / 1000
}

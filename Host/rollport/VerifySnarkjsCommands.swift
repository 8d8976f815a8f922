import ArgumentParser
import Foundation
import RollportToolkit

extension Verify {
    static let snarkjsFormatHelp = """
    The key is snarkjs's verification_key.json. Proof formats (--format; recognised when omitted): \
    snarkjs (proof.json with public.json), evm (the Solidity verifier's 24 proof words as JSON \
    {proof_words_24, pubSignals}, or as hex bytes: optional 4-byte verifyProof selector, the 24 words, \
    then the public inputs). --public may be omitted when the calldata carries the public inputs; \
    when given it takes precedence. Public inputs and evaluations >= r are refused (exit 2). \
    Exit 0 valid, 1 invalid, 2 malformed input (the message names the file, field and offset).
    """

    struct PlonkSingle: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plonk",
            abstract: "Verify one snarkjs PLONK proof (snarkjs >= 0.7.0).",
            discussion: snarkjsFormatHelp + " Proofs of snarkjs 0.4-0.6 (with eval_r) use another transcript and are refused.")

        @Option(help: "The verifying key file (snarkjs verification_key.json).") var vk: String
        @Option(help: "The proof file.") var proof: String
        @Option(help: "The public inputs file (JSON array, or 32-byte words as hex).") var `public`: String?
        @Option(help: "The proof format: \(Plonk.Format.allCases.map(\.rawValue).joined(separator: ", ")).")
        var format: Plonk.Format?
        @Option(name: .customLong("repeat"), help: "Verify N times and report the median and 99th percentile of the verification alone.")
        var repetitions: Int = 1
        @OptionGroup var output: OutputOptions

        func run() throws {
            let key: Plonk.PreparedVerifyingKey, file: Plonk.ProofFile, inputs: [BN254.Fr]
            do {
                key = try readPlonkKey(vk)
                file = try readPlonkProof(proof, format: format)
                inputs = try publicInputs(self.public, carried: file.publicInputs, format: file.format.rawValue)
                _ = try key.verify(file.proof, publicInputs: inputs) // count check before timing
            } catch {
                reportMalformed(error, json: output.json)
                throw Exit.badInput
            }
            try checkRepetitions(repetitions, json: output.json)
            let (valid, samples) = timedVerification(repetitions: repetitions) {
                (try? key.verify(file.proof, publicInputs: inputs)) ?? false
            }
            try printVerdict(
                valid: valid, samples: samples, json: output.json,
                members: [("format", .string(file.format.rawValue)), ("keyFormat", .string("snarkjs")),
                          ("publicInputs", .number(inputs.count))],
                subject: "PLONK proof (\(file.format.rawValue), key snarkjs, \(inputs.count) public inputs)",
                failure: "the opening at xi and xi*omega does not hold (e(-(Wxi + u Wxiw), X_2) e(xi Wxi + u xi w Wxiw + F - E, G2) != 1); the proof does not match this key and these public inputs")
        }
    }

    struct FflonkSingle: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fflonk",
            abstract: "Verify one snarkjs FFLONK proof.",
            discussion: snarkjsFormatHelp + """
             --semantics snarkjs follows snarkjs's JavaScript verifier (the proof's inv is not read); \
            --semantics solidity follows its Solidity verifier, which also requires inv to invert the \
            product of the values it would otherwise invert and refuses commitments (0, 0). Default: \
            solidity for evm input, snarkjs otherwise. The output names the semantics that ran.
            """)

        @Option(help: "The verifying key file (snarkjs verification_key.json).") var vk: String
        @Option(help: "The proof file.") var proof: String
        @Option(help: "The public inputs file (JSON array, or 32-byte words as hex).") var `public`: String?
        @Option(help: "The proof format: \(Fflonk.Format.allCases.map(\.rawValue).joined(separator: ", ")).")
        var format: Fflonk.Format?
        @Option(help: "Whose rules decide: \(Fflonk.Semantics.allCases.map(\.rawValue).joined(separator: ", ")).")
        var semantics: Fflonk.Semantics?
        @Option(name: .customLong("repeat"), help: "Verify N times and report the median and 99th percentile of the verification alone.")
        var repetitions: Int = 1
        @OptionGroup var output: OutputOptions

        func run() throws {
            let key: Fflonk.PreparedVerifyingKey, file: Fflonk.ProofFile, inputs: [BN254.Fr]
            do {
                key = try readFflonkKey(vk)
                file = try readFflonkProof(proof, format: format)
                inputs = try publicInputs(self.public, carried: file.publicInputs, format: file.format.rawValue)
                _ = try key.check(file.proof, publicInputs: inputs) // count check before timing
            } catch {
                reportMalformed(error, json: output.json)
                throw Exit.badInput
            }
            try checkRepetitions(repetitions, json: output.json)
            let rules = semantics ?? (file.format == .evm ? .solidity : .snarkjs)
            var outcome = Fflonk.Outcome.pairingFailed
            let (valid, samples) = timedVerification(repetitions: repetitions) {
                outcome = (try? key.check(file.proof, publicInputs: inputs, semantics: rules)) ?? .pairingFailed
                return outcome.isValid
            }
            try printVerdict(
                valid: valid, samples: samples, json: output.json,
                members: [("format", .string(file.format.rawValue)), ("keyFormat", .string("snarkjs")),
                          ("publicInputs", .number(inputs.count)), ("semantics", .string(rules.rawValue)),
                          ("outcome", .string(outcome.rawValue))],
                subject: "FFLONK proof (\(file.format.rawValue), key snarkjs, \(inputs.count) public inputs, \(rules.rawValue) semantics)",
                failure: Self.explanation(outcome))
        }

        static func explanation(_ outcome: Fflonk.Outcome) -> String {
            switch outcome {
            case .valid: return "valid"
            case .pairingFailed:
                return "e(-(F - E - J + y W2), G2) e(W2, X_2) != 1; the proof does not match this key and these public inputs"
            case .inverseMismatch:
                return "the proof's inv is not the inverse of the verifier's batch of denominators (the Solidity verifier rejects it before the pairing)"
            case .commitmentAtInfinity:
                return "a commitment is (0, 0), which the Solidity verifier's on-curve check rejects"
            case .degenerateChallenge:
                return "a denominator of the evaluation is zero (the challenge hits a root set or the domain)"
            }
        }
    }

    static let snarkjsBatchHelp = """
    --proofs is a directory: every file whose name contains "proof" is a proof, its public inputs \
    in the file of the same name with "proof" replaced by "public" (or carried by Solidity \
    calldata). Each proof's final pairing equation is weighted by a random 128-bit scalar from the \
    system's cryptographic generator and all are checked as one 2-pair pairing check; a failing \
    batch is split until each invalid proof is named. Exit 0 all valid, 1 any invalid, 2 malformed input.
    """

    struct PlonkBatch: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plonk-batch",
            abstract: "Verify many snarkjs PLONK proofs under one key in one pairing check, naming the bad ones.",
            discussion: snarkjsBatchHelp + " " + snarkjsFormatHelp)

        @Option(help: "The verifying key file (snarkjs verification_key.json).") var vk: String
        @Option(help: "A directory of proof/public pairs.") var proofs: String
        @Option(help: "The proof format: \(Plonk.Format.allCases.map(\.rawValue).joined(separator: ", ")).")
        var format: Plonk.Format?
        @OptionGroup var output: OutputOptions

        func run() throws {
            let key: Plonk.PreparedVerifyingKey, statements: [Plonk.Statement], names: [String]
            do {
                key = try readPlonkKey(vk)
                let pairs = try readBatchDirectory(proofs) { path throws(InputProblem) in
                    let file = try readPlonkProof(path, format: format)
                    return (file.proof, file.publicInputs)
                }
                try checkCounts(pairs.map(\.inputs.count), names: pairs.map(\.name), expected: key.publicInputCount)
                statements = pairs.map { Plonk.Statement(proof: $0.proof, publicInputs: $0.inputs) }
                names = pairs.map(\.name)
            } catch {
                reportMalformed(error, json: output.json)
                throw Exit.badInput
            }
            let start = DispatchTime.now().uptimeNanoseconds
            let result = (try? Plonk.verifyBatch(key, statements)) ?? Plonk.BatchResult(invalid: Array(statements.indices), count: statements.count)
            try printBatchVerdict(result, names: names, ms: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6,
                                  check: "one pairing check", json: output.json)
        }
    }

    struct FflonkBatch: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fflonk-batch",
            abstract: "Verify many snarkjs FFLONK proofs under one key in one pairing check, naming the bad ones.",
            discussion: snarkjsBatchHelp + " " + snarkjsFormatHelp + " --semantics as for fflonk (default snarkjs).")

        @Option(help: "The verifying key file (snarkjs verification_key.json).") var vk: String
        @Option(help: "A directory of proof/public pairs.") var proofs: String
        @Option(help: "The proof format: \(Fflonk.Format.allCases.map(\.rawValue).joined(separator: ", ")).")
        var format: Fflonk.Format?
        @Option(help: "Whose rules decide: \(Fflonk.Semantics.allCases.map(\.rawValue).joined(separator: ", ")).")
        var semantics: Fflonk.Semantics = .snarkjs
        @OptionGroup var output: OutputOptions

        func run() throws {
            let key: Fflonk.PreparedVerifyingKey, statements: [Fflonk.Statement], names: [String]
            do {
                key = try readFflonkKey(vk)
                let pairs = try readBatchDirectory(proofs) { path throws(InputProblem) in
                    let file = try readFflonkProof(path, format: format)
                    return (file.proof, file.publicInputs)
                }
                try checkCounts(pairs.map(\.inputs.count), names: pairs.map(\.name), expected: key.publicInputCount)
                statements = pairs.map { Fflonk.Statement(proof: $0.proof, publicInputs: $0.inputs) }
                names = pairs.map(\.name)
            } catch {
                reportMalformed(error, json: output.json)
                throw Exit.badInput
            }
            let start = DispatchTime.now().uptimeNanoseconds
            let result = (try? Fflonk.verifyBatch(key, statements, semantics: semantics))
                ?? Fflonk.BatchResult(invalid: Array(statements.indices), count: statements.count)
            try printBatchVerdict(result, names: names, ms: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6,
                                  check: "one pairing check, \(semantics.rawValue) semantics", json: output.json)
        }
    }
}

extension SnarkjsProofFormat: ExpressibleByArgument {}
extension Fflonk.Semantics: ExpressibleByArgument {}

private func readPlonkKey(_ path: String) throws(InputProblem) -> Plonk.PreparedVerifyingKey {
    try readSnarkjs(path) { content throws(ProofFormatError) in
        try Plonk.PreparedVerifyingKey(Plonk.verifyingKey(json: snarkjsKeyJSON(content, "PLONK")))
    }
}

private func readPlonkProof(_ path: String, format: Plonk.Format?) throws(InputProblem) -> Plonk.ProofFile {
    try readSnarkjs(path) { content throws(ProofFormatError) in
        switch content {
        case .json(let json): return try Plonk.proof(json: json, format: format)
        case .bytes(let bytes): try requireEVM(format?.rawValue); return try Plonk.proof(evm: bytes)
        }
    }
}

private func readFflonkKey(_ path: String) throws(InputProblem) -> Fflonk.PreparedVerifyingKey {
    try readSnarkjs(path) { content throws(ProofFormatError) in
        try Fflonk.PreparedVerifyingKey(Fflonk.verifyingKey(json: snarkjsKeyJSON(content, "FFLONK")))
    }
}

private func readFflonkProof(_ path: String, format: Fflonk.Format?) throws(InputProblem) -> Fflonk.ProofFile {
    try readSnarkjs(path) { content throws(ProofFormatError) in
        switch content {
        case .json(let json): return try Fflonk.proof(json: json, format: format)
        case .bytes(let bytes): try requireEVM(format?.rawValue); return try Fflonk.proof(evm: bytes)
        }
    }
}

/// The proof/public pairs of a batch directory; at least one.
private func readBatchDirectory<Proof>(_ directory: String, _ readProof: (String) throws(InputProblem) -> (Proof, [BN254.Fr]?))
    throws(InputProblem) -> [(proof: Proof, inputs: [BN254.Fr], name: String)] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
        throw InputProblem(file: directory, "not a directory of proof/public pairs")
    }
    let pairs = try readProofDirectory(directory, readProof)
    guard !pairs.isEmpty else { throw InputProblem(file: directory, "no proofs found (file names containing \"proof\")") }
    return pairs
}

private func checkCounts(_ counts: [Int], names: [String], expected: Int) throws(InputProblem) {
    for (count, name) in zip(counts, names) where count != expected {
        throw InputProblem(file: name, "the key takes \(expected) public inputs; got \(count)")
    }
}

/// Reads a file and decodes it with `decode`, naming the file in any refusal.
private func readSnarkjs<T>(_ path: String, _ decode: (Content) throws(ProofFormatError) -> T) throws(InputProblem) -> T {
    let content = try readContent(path)
    do { return try decode(content) } catch { throw InputProblem(file: path, error) }
}

private func snarkjsKeyJSON(_ content: Content, _ system: String) throws(ProofFormatError) -> JSONValue {
    guard case .json(let json) = content else {
        throw .init(.malformed, field: "", "a \(system) verifying key is snarkjs's verification_key.json (JSON)")
    }
    return json
}

private func requireEVM(_ format: String?) throws(ProofFormatError) {
    guard format == nil || format == "evm" else {
        throw .init(.malformed, field: "", "a \(format ?? "") proof is a JSON document; raw bytes are read as --format evm (Solidity calldata)")
    }
}

private func checkRepetitions(_ repetitions: Int, json: Bool) throws {
    guard repetitions >= 1 else {
        reportMalformed(InputProblem(file: "--repeat", "must be at least 1"), json: json)
        throw Exit.badInput
    }
}

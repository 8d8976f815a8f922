import Foundation
import RollportTestSupport
import Testing

/// One finished run of the `rollport` executable.
struct CLIRun: CustomStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String

    /// The whole of standard output as a JSON object (the `--json` contract).
    func json() throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(stdout.utf8))
        return try #require(value as? [String: Any], "stdout is not a JSON object: \(stdout)")
    }

    var description: String { "exit \(status)\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)" }
}

enum CLI {
    static let executable = TestPaths.binDirectory + "/rollport"
    static let swiftExampleManifests = TestPaths.examples + "/minimal-swift"

    /// Runs `rollport` with a clean ROLLPORT_* environment. Output goes to files, not pipes, so
    /// that neither stream can fill up and stall the child while the other is being read.
    static func run(_ arguments: [String], environment: [String: String] = [:], in directory: String? = nil) throws -> CLIRun {
        let scratch = TestPaths.temporaryDirectory("cli-run")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let outPath = scratch + "/stdout", errPath = scratch + "/stderr"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory ?? scratch)
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ROLLPORT_") }
        // A crash report costs about half a second per crashed probe; the signal is what matters.
        env["SWIFT_BACKTRACE"] = "enable=no"
        env.merge(environment) { $1 }
        process.environment = env
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return CLIRun(status: status,
                      stdout: String(decoding: FileManager.default.contents(atPath: outPath) ?? Data(), as: UTF8.self),
                      stderr: String(decoding: FileManager.default.contents(atPath: errPath) ?? Data(), as: UTF8.self))
    }
}

/// The variants of Tests/Fixtures/BrokenAdapters/broken.c, one `-D` flag each.
enum BrokenVariant: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case good = "GOOD"
    case crashOnGarbage = "CRASH_ON_GARBAGE"
    case okOnGarbage = "OK_ON_GARBAGE"
    case trapInShutdown = "TRAP_IN_SHUTDOWN"
    case missingExtension = "MISSING_EXTENSION"
    case wrongMagic = "WRONG_MAGIC"
    case smallStruct = "SMALL_STRUCT"
    case abiMajor2 = "ABI_MAJOR_2"
    case noEntry = "NO_ENTRY"
    case chatty = "CHATTY"
    case hangInHandle = "HANG_IN_HANDLE"

    /// GOOD is the source's default: it has no flag of its own.
    var define: String? { self == .good ? nil : rawValue }
    var slug: String { rawValue.lowercased().replacingOccurrences(of: "_", with: "-") }
    var adapterID: String { "org.rollport.test.\(slug)" }
    var testDescription: String { rawValue }
}

/// Builds broken.c variants and writes their manifests.
enum BrokenAdapters {
    static let source = TestPaths.repository + "/Tests/Fixtures/BrokenAdapters/broken.c"
    static let depositTopic = "0x0ce5d59899998588447ea229b06cda979bc064e102442f46b83e06519fdef4ff"
    static let emitter = "0x000000000000000000000000000000000000b0b0"

    /// A log every variant's rules match and the GOOD behaviour claims and handles.
    static let depositLog = """
    {"address": "\(emitter)",
     "topics": ["\(depositTopic)",
                "0x00000000000000000000000000000000000000000000000000000000000000aa"],
     "data": "0x0000000000000000000000000000000000000000000000000de0b6b3a7640000",
     "blockNumber": "0x10", "logIndex": "0x0"}
    """

    struct Built {
        var library: String
        var manifest: String
        var adapterID: String
    }

    /// Compiles `variant` into `directory` (as lib<id>.so) and writes its manifest beside it.
    /// `id` overrides the adapter id compiled in, for several GOOD builds side by side.
    @discardableResult
    static func build(_ variant: BrokenVariant, in directory: String, id: String? = nil, chain: String? = nil) throws -> Built {
        let adapterID = id ?? variant.adapterID
        let name = adapterID.replacingOccurrences(of: "org.rollport.test.", with: "")
        let library = directory + "/libbroken-\(name).so"
        var defines = variant.define.map { [$0] } ?? []
        if let id { defines.append("ADAPTER_ID=\"\(id)\"") }
        try TestPaths.compileCAdapter(source: source, output: library, defines: defines)
        var provides = ["rollport.l1-ingest/1"]
        if variant == .missingExtension { provides.append("rollport.rpc/1") }
        let manifest = directory + "/\(name).toml"
        try manifestText(id: adapterID, library: "libbroken-\(name).so", chain: chain ?? "test-\(name)", provides: provides)
            .write(toFile: manifest, atomically: true, encoding: .utf8)
        return Built(library: library, manifest: manifest, adapterID: adapterID)
    }

    static func manifestText(id: String, library: String, chain: String, provides: [String]) -> String {
        TestManifest.text(
            id: id, name: "broken.c fixture", library: library, provides: provides, requires: ["rollport.host.kv/1"],
            probeItem: depositLog, chain: chain, chainID: 990, l1ChainID: 900, rules: """
            [[chains.claims]]
            kind = "deposit"
            address = "\(emitter)"
            topics = ["\(depositTopic)"]
            since_block = 0
            """)
    }
}

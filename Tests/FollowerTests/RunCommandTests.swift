import Foundation
import FollowerTestSupport
import RollportHost
import RollportTestSupport
import RollportToolkit
import Testing

/// `rollport run` as a child process over recorded OP chains.
@Suite(.serialized) struct RunCommandTests {
    static let executable = TestPaths.binDirectory + "/rollport"

    struct Child {
        let process: Process
        let stdout: String
        let stderr: String

        var output: String { (try? String(contentsOfFile: stdout, encoding: .utf8)) ?? "" }
        var errors: String { (try? String(contentsOfFile: stderr, encoding: .utf8)) ?? "" }
    }

    /// Starts `rollport` with a clean ROLLPORT_* environment, output to files.
    static func start(_ arguments: [String], scratch: String) throws -> Child {
        let out = scratch + "/stdout-\(UUID().uuidString.prefix(6))", err = scratch + "/stderr-\(UUID().uuidString.prefix(6))"
        FileManager.default.createFile(atPath: out, contents: nil)
        FileManager.default.createFile(atPath: err, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: scratch)
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ROLLPORT_") }
        env["SWIFT_BACKTRACE"] = "enable=no"
        // Runs go in parallel: each serves its API and metrics on a free port.
        env["ROLLPORT_RPC_PORT"] = "0"
        env["ROLLPORT_METRICS_PORT"] = "0"
        process.environment = env
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
        try process.run()
        return Child(process: process, stdout: out, stderr: err)
    }

    static func run(_ arguments: [String], scratch: String) throws -> (status: Int32, stdout: String, stderr: String) {
        let child = try start(arguments, scratch: scratch)
        child.process.waitUntilExit()
        return (child.process.terminationStatus, child.output, child.errors)
    }

    /// A recording of the test chain through `last`, on `chainID`.
    static func record(through last: UInt64, chainID: UInt64 = OPTestChain.l1ChainID, l2TransactionsPerBlock: ClosedRange<Int> = 1...3, to path: String) async throws {
        var recording = await L1Recording(chain: try OPTestChain.chain(try OPTestChain.blocks(through: last, l2TransactionsPerBlock: l2TransactionsPerBlock)), beacon: nil)
        recording.chainID = chainID
        try recording.write(to: path)
    }

    @Test func aSecondRunContinuesFromTheCursor() async throws {
        let scratch = TestPaths.temporaryDirectory("run-continue")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let manifests = try OPTestChain.manifestDirectory()
        defer { try? FileManager.default.removeItem(atPath: manifests) }
        try await Self.record(through: 24, to: scratch + "/l1.json")
        let common = ["run", "--replay", scratch + "/l1.json", "--datadir", scratch + "/data", "--manifests", manifests, "--log-level", "warning"]

        let first = try Self.run(common + ["--until-l1-block", "12", "--json"], scratch: scratch)
        #expect(first.status == 0, "\(first.stderr)")
        let json = try JSONValue.parse(first.stdout)
        #expect(json["cursor"]?["number"] == .number("12"))
        #expect(json["blocksProcessed"] == .number("12"))
        let counts = try #require(json["chains"]?[OPTestChain.name])
        // Channels of blocks 1...12; those of blocks 3, 6, 9 close a block later, 12's is open.
        #expect(counts["batches"] == .number("11"))
        #expect(counts["l2Blocks"] == .number("66"))
        #expect(counts["deposits"] == .number("0") && counts["withdrawals"] == .number("0"))

        let second = try Self.run(common, scratch: scratch)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("processed 12 L1 blocks after block 12; cursor at block 24"), "\(second.stdout)")
        #expect(second.stdout.contains("\(OPTestChain.name): 23 batches, 138 L2 blocks"), "\(second.stdout)")

        let third = try Self.run(common + ["--json"], scratch: scratch)
        #expect(try JSONValue.parse(third.stdout)["blocksProcessed"] == .number("0"))
    }

    /// The README's main job: the built-in devnet, served on loopback and followed through the
    /// JSON-RPC client; the store and the devnet's own account agree, and a second run on the
    /// same data directory processes only the new blocks.
    @Test func theDevnetRunAgreesWithWhatTheDevnetProduced() throws {
        let scratch = TestPaths.temporaryDirectory("run-devnet")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let common = ["run", "--devnet", "--datadir", scratch + "/data", "--manifests", TestPaths.repository + "/Manifests/devnet",
                      "--log-level", "warning", "--json"]
        let first = try Self.run(common + ["--until-l1-block", "6"], scratch: scratch)
        #expect(first.status == 0, "\(first.stderr)")
        let json = try JSONValue.parse(first.stdout)
        #expect(json["cursor"]?["number"] == .number("6"))
        #expect(json["devnet"]?["agrees"] == .bool(true), "\(first.stdout)")
        let stored = try #require(json["chains"]?["op-devnet"])
        #expect(stored["batches"] == .number("6") && stored["l2Blocks"] == .number("36") && stored["transactions"] == .number("600"), "\(stored)")
        #expect(stored == json["devnet"]?["chains"]?["op-devnet"])

        let second = try Self.run(common + ["--until-l1-block", "9"], scratch: scratch)
        #expect(second.status == 0, "\(second.stderr)")
        let next = try JSONValue.parse(second.stdout)
        #expect(next["blocksProcessed"] == .number("3") && next["cursor"]?["number"] == .number("9"))
        #expect(next["devnet"]?["agrees"] == .bool(true), "\(second.stdout)")
        #expect(next["chains"]?["op-devnet"]?["batches"] == .number("9"))
    }

    @Test func aSourceOnAnotherL1IsRefusedNamingBoth() async throws {
        let scratch = TestPaths.temporaryDirectory("run-chain")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let manifests = try OPTestChain.manifestDirectory()
        defer { try? FileManager.default.removeItem(atPath: manifests) }
        try await Self.record(through: 3, chainID: 1, to: scratch + "/l1.json")
        let run = try Self.run(["run", "--replay", scratch + "/l1.json", "--datadir", scratch + "/data", "--manifests", manifests], scratch: scratch)
        #expect(run.status == 2)
        #expect(run.stderr.contains("the L1 source is chain 1") && run.stderr.contains("L1 chain 900"), "\(run.stderr)")
    }

    @Test func badSettingsAreNamed() throws {
        let scratch = TestPaths.temporaryDirectory("run-settings")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        try "[l1]\nrpc = \"http://127.0.0.1:1\"\nsafe_dept = 3\n".write(toFile: scratch + "/rollport.toml", atomically: true, encoding: .utf8)
        let run = try Self.run(["run"], scratch: scratch)
        #expect(run.status == 2)
        #expect(run.stderr.contains("rollport.toml") && run.stderr.contains("l1.safe_dept") && run.stderr.contains("unknown key"), "\(run.stderr)")
        let format = try Self.run(["run", "--config", scratch + "/none.toml"], scratch: scratch)
        #expect(format.status == 2 && format.stderr.contains("none.toml"), "\(format.stderr)")
    }

    /// Twenty runs killed with SIGKILL at random blocks, each restarted on the same directory,
    /// end with the store of one uninterrupted run.
    @Test func runsKilledMidSyncEndWithTheStoreOfAnUninterruptedRun() async throws {
        let scratch = TestPaths.temporaryDirectory("run-kill")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let manifests = try OPTestChain.manifestDirectory()
        defer { try? FileManager.default.removeItem(atPath: manifests) }
        let last: UInt64 = 60
        try await Self.record(through: last, l2TransactionsPerBlock: 1...2, to: scratch + "/l1.json")
        func arguments(_ dir: String, level: String) -> [String] {
            ["run", "--replay", scratch + "/l1.json", "--datadir", dir, "--manifests", manifests, "--log-level", level, "--safe-depth", "16"]
        }

        let uninterrupted = scratch + "/whole"
        let whole = try Self.run(arguments(uninterrupted, level: "warning"), scratch: scratch)
        #expect(whole.status == 0, "\(whole.stderr)")

        var rng = SplitMix64(seed: 20)
        var targets = Set<UInt64>()
        while targets.count < 20 { targets.insert(3 + rng.next() % (last - 8)) }
        let killed = scratch + "/killed"
        var midSync = 0
        for target in targets.sorted() {
            // Paced at 15 ms a block, so that a busy machine (the whole suite runs in parallel on
            // two cores) cannot let the run finish before the kill: it lands a block or two
            // after the target (fetching, in the adapter, or writing).
            let child = try Self.start(arguments(killed, level: "debug") + ["--pace-ms", "15"], scratch: scratch)
            let log = try FileHandle(forReadingFrom: URL(fileURLWithPath: child.stderr))
            var tail = ""
            let deadline = ContinuousClock.now + .seconds(30)
            while child.process.isRunning, ContinuousClock.now < deadline {
                tail += String(decoding: log.readDataToEndOfFile(), as: UTF8.self)
                if let stored = Self.lastStored(tail), stored >= target { break }
                if let cut = tail.lastIndex(of: "\n") { tail = String(tail[tail.index(after: cut)...]) }
                try await Task.sleep(for: .milliseconds(1))
            }
            kill(child.process.processIdentifier, SIGKILL)
            child.process.waitUntilExit()
            try log.close()
            let cursor = try OPTestChain.state(killed).2 ?? 0
            if cursor > 1 && cursor < last { midSync += 1 }
        }
        #expect(midSync >= 15, "only \(midSync) of 20 kills landed between the first and the last block")
        let final = try Self.run(arguments(killed, level: "warning"), scratch: scratch)
        #expect(final.status == 0, "\(final.stderr)")
        let a = try OPTestChain.state(uninterrupted), b = try OPTestChain.state(killed)
        #expect(b.2 == last)
        #expect(b.1 == a.1)
        #expect(b.0 == a.0, "killed and restarted: \(b.0); uninterrupted: \(a.0)")
    }

    /// The newest `msg="stored block" block=N` in a logfmt log.
    static func lastStored(_ log: String) -> UInt64? {
        guard let line = log.split(separator: "\n").last(where: { $0.contains("msg=\"stored block\"") }),
              let range = line.range(of: " block=") else { return nil }
        return UInt64(line[range.upperBound...].prefix { $0.isNumber })
    }
}

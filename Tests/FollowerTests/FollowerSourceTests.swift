import Foundation
import FollowerTestSupport
import Logging
import RollportHost
import RollportTestSupport
import RollportToolkit
import Synchronization
import Testing

/// A source that fails its first `failures` block fetches with `error`, then answers as `chain`.
final class FailingSource: L1Source {
    let chain: MemoryL1Chain
    let error: L1SourceError
    let remaining: Mutex<Int>

    init(_ chain: MemoryL1Chain, failures: Int, error: L1SourceError) {
        self.chain = chain; self.error = error; remaining = Mutex(failures)
    }

    func chainID() async throws(L1SourceError) -> UInt64 { try await chain.chainID() }
    func headNumber() async throws(L1SourceError) -> UInt64 { try await chain.headNumber() }
    func headers(_ range: ClosedRange<UInt64>) async throws(L1SourceError) -> [L1Header] { try await chain.headers(range) }
    func blobs(of block: L1Header, versionedHashes: [Hash32]) async throws(L1SourceError) -> [BlobSidecar] {
        try await chain.blobs(of: block, versionedHashes: versionedHashes)
    }

    func blocks(_ range: ClosedRange<UInt64>, filter: L1Filter) async throws(L1SourceError) -> [L1Block] {
        let fail = remaining.withLock { n in
            defer { n = max(0, n - 1) }
            return n > 0
        }
        if fail { throw error }
        return try await chain.blocks(range, filter: filter)
    }
}

/// Log lines kept in memory.
final class CapturedLog: Sendable {
    let lines = Mutex<[String]>([])

    var logger: Logger {
        var logger = Logger(label: "captured") { _ in Handler(log: self) }
        logger.logLevel = .info
        return logger
    }

    struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let meta = (event.metadata ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            log.lines.withLock { $0.append("\(event.level) \(event.message) \(meta)") }
        }
    }
}

@Suite(.serialized) struct FollowerSourceTests {
    @Test func aRetryableFailureIsRetriedAndLogged() async throws {
        let manifests = try OPTestChain.manifestDirectory()
        let dir = TestPaths.temporaryDirectory("follower-retry")
        defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: manifests) }
        let blocks = try OPTestChain.blocks(through: 8)
        let source = FailingSource(try OPTestChain.chain(blocks), failures: 3,
                                   error: L1SourceError(.timeout, request: "eth_getBlockByNumber(0x1)", message: "timed out after 10 s", retryable: true))
        let log = CapturedLog()
        let summary = try await OPTestChain.follow(source, directory: dir, manifests: manifests, logger: log.logger)
        #expect(summary.retries == 3)
        #expect(summary.cursor?.number == 8)
        let warnings = log.lines.withLock { $0 }.filter { $0.contains("retrying") }
        #expect(warnings.count == 3)
        #expect(warnings.first?.contains("eth_getBlockByNumber(0x1): timed out after 10 s") == true, "\(warnings)")
    }

    @Test func aFailureThatRetryingCannotFixStopsTheFollower() async throws {
        let manifests = try OPTestChain.manifestDirectory()
        let dir = TestPaths.temporaryDirectory("follower-fatal")
        defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: manifests) }
        let source = FailingSource(try OPTestChain.chain(try OPTestChain.blocks(through: 4)), failures: 1,
                                   error: L1SourceError(.badResponse, request: "eth_getBlockByNumber(0x1)", message: "`transactions[0].hash` is not 32 bytes", retryable: false))
        do {
            try await OPTestChain.follow(source, directory: dir, manifests: manifests)
            Issue.record("the follower went on")
        } catch let error as FollowerError {
            #expect(error.reason == .source)
            #expect(error.message.contains("transactions[0].hash"), "\(error)")
        }
    }

    @Test func aSourceOnAnotherL1IsRefusedNamingBothChains() async throws {
        let manifests = try OPTestChain.manifestDirectory()
        let dir = TestPaths.temporaryDirectory("follower-chain")
        defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: manifests) }
        let sepolia = MemoryL1Chain(chainID: 11_155_111)
        for b in try OPTestChain.blocks(through: 2) { try sepolia.append(b) }
        do {
            try await OPTestChain.follow(sepolia, directory: dir, manifests: manifests)
            Issue.record("followed another L1")
        } catch let error as FollowerError {
            #expect(error.reason == .wrongChain)
            #expect(error.message.contains("chain 11155111") && error.message.contains("L1 chain 900") && error.message.contains(OPTestChain.name), "\(error)")
        }
        #expect(try OPTestChain.state(dir).2 == nil)
    }
}

import Foundation
import Logging
import RollportDevnet
import RollportHost
import RollportTestSupport
import RollportToolkit
import Testing

enum DevnetTesting {
    static let manifests = TestPaths.repository + "/Manifests/devnet"

    static var quietLogger: Logger {
        var logger = Logger(label: "rollport-devnet-tests")
        logger.logLevel = .critical
        return logger
    }

    /// The Optimism adapter built beside the tests, loaded from the devnet manifest.
    static func encoder() throws -> AdapterBatchEncoder {
        try Devnet.adapterEncoder(manifests: [manifests], options: AdapterLibrary.Options(pluginPath: [], executableDirectory: TestPaths.binDirectory),
                                  logger: quietLogger)
    }

    /// A small devnet, quick in debug builds.
    static func devnet(seed: UInt64 = DevnetSpec.defaultSeed, blocks: UInt64, encoder: AdapterBatchEncoder) throws -> Devnet {
        let devnet = Devnet(configuration: DevnetConfiguration(seed: seed, l2TransactionsPerBlock: 12, maxDepositsPerBlock: 2,
                                                               withdrawalInterval: 2, finalizationDelay: 2), encoder: encoder)
        try devnet.produce(through: blocks)
        return devnet
    }

    /// A client that gives up quickly, for tests against a node that misbehaves.
    static func source(_ server: L1NodeServer, expectedChainID: UInt64? = nil, attempts: Int = 3,
                       timeout: Duration = .seconds(10)) -> RPCL1Source {
        RPCL1Source(RPCL1Source.Configuration(rpcURL: server.rpcURL, beaconURL: server.beaconURL, expectedChainID: expectedChainID,
                                              requestTimeout: timeout, maxAttempts: attempts, initialBackoff: .milliseconds(5),
                                              maxBackoff: .milliseconds(20), blocksPerRequest: 4),
                    logger: quietLogger)
    }

    /// The optimism vectors, or nil after saying they are absent (a failure on CI).
    static func vectors(sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        if let root = TestPaths.vectors { return root + "/optimism" }
        if TestPaths.vectorsRequired {
            Issue.record(Comment(rawValue: VectorFiles.absenceMessage), sourceLocation: sourceLocation)
        } else {
            print("vectors: absent at \(TestPaths.vectorsCandidate), skipping")
        }
        return nil
    }

    static func bytes(_ relative: String, in dir: String) throws -> [UInt8] {
        try VectorFiles.bytes(relative, in: dir)
    }

    static func json(_ relative: String, in dir: String) throws -> JSONValue {
        try JSONValue.parse(try bytes(relative, in: dir))
    }
}

import Foundation
import RollportDevnet
import RollportHost
import RollportTestSupport
import RollportToolkit
import Testing

/// A node that misbehaves: the client retries what may pass and gives a clear error for the
/// rest, never a crash.
@Suite struct BadNodeTests {
    /// A served devnet chain (the traffic is not what matters here: the misbehaviour is).
    static func served(_ faults: L1NodeServer.Faults = .none) async throws -> (Devnet, L1NodeServer) {
        let devnet = try DevnetTesting.devnet(blocks: 3, encoder: try DevnetTesting.encoder())
        let server = try await devnet.serve(faults: faults, logger: DevnetTesting.quietLogger)
        return (devnet, server)
    }

    static let filter = L1Filter(transactionTargets: [DevnetSpec.OP.batchInbox], logAddresses: [DevnetSpec.OP.optimismPortal])

    /// The error `body` throws, as an `L1SourceError`.
    static func failure<T>(_ body: () async throws -> T) async -> L1SourceError? {
        do {
            _ = try await body()
            return nil
        } catch let error as L1SourceError {
            return error
        } catch {
            Issue.record("not an L1SourceError: \(error)")
            return nil
        }
    }

    @Test func invalidJSONIsRetriedThenAClearErrorNamingTheRequest() async throws {
        let (_, server) = try await Self.served(.init(invalidJSON: .max))
        defer { Task { await server.stop() } }
        let source = DevnetTesting.source(server, attempts: 3)
        let error = try #require(await Self.failure { try await source.blocks(1...3, filter: Self.filter) })
        #expect(error.reason == .badResponse)
        #expect(!error.retryable, "a node that keeps sending malformed JSON needs fixing")
        #expect(error.message.contains("invalid JSON"), "\(error)")
        #expect(error.message.contains("after 3 attempts"), "\(error)")
        #expect(error.request.contains("eth_getBlockByNumber"), "\(error)")
        #expect(server.requestsServed == 3)
    }

    @Test func transientFailuresPassAfterRetries() async throws {
        let (devnet, server) = try await Self.served(.init(invalidJSON: 1, unavailable: 2))
        defer { Task { await server.stop() } }
        let source = DevnetTesting.source(server, attempts: 4)
        #expect(try await source.blocks(1...3, filter: Self.filter) == (try await devnet.chain.blocks(1...3, filter: Self.filter)))
        // Three failed answers, then the blocks, the logs and the receipts.
        #expect(server.requestsServed == 6)
    }

    @Test func wrongChainIDIsRefusedWithoutRetry() async throws {
        let (_, server) = try await Self.served(.init(chainID: 1))
        defer { Task { await server.stop() } }
        let source = DevnetTesting.source(server, expectedChainID: DevnetSpec.l1ChainID)
        let error = try #require(await Self.failure { try await source.headNumber() })
        #expect(error.reason == .wrongChain)
        #expect(!error.retryable)
        #expect(error.message.contains("serves chain 1, not 900"), "\(error)")
        #expect(server.requestsServed == 1)
    }

    @Test func timeoutsAreRetriedAndReportedAsRetryable() async throws {
        let (_, server) = try await Self.served(.init(delay: .milliseconds(400)))
        defer { Task { await server.stop() } }
        let source = DevnetTesting.source(server, attempts: 2, timeout: .milliseconds(100))
        let error = try #require(await Self.failure { try await source.headNumber() })
        #expect(error.reason == .timeout, "\(error)")
        #expect(error.retryable)
        #expect(error.request == "eth_blockNumber")
        // The node recovers: reads pass again.
        server.setFaults(.none)
        #expect(try await DevnetTesting.source(server).headNumber() == 3)
    }

    @Test func withheldBlobsAreAClearErrorNamingTheHashes() async throws {
        let (devnet, server) = try await Self.served(.init(withholdBlobs: true))
        defer { Task { await server.stop() } }
        let source = DevnetTesting.source(server)
        let header = try #require(devnet.chain.block(2)?.header)
        let wanted = Hash32(bytes: [0x01] + [UInt8](repeating: 0xab, count: 31))!
        let error = try #require(await Self.failure { try await source.blobs(of: header, versionedHashes: [wanted]) })
        #expect(error.reason == .missingBlobs)
        #expect(error.message.contains(wanted.description), "\(error)")
        #expect(error.request.contains("/eth/v1/beacon/blob_sidecars/2"), "\(error)")
        // No beacon endpoint: said plainly.
        let noBeacon = RPCL1Source(RPCL1Source.Configuration(rpcURL: server.rpcURL), logger: DevnetTesting.quietLogger)
        let missing = try #require(await Self.failure { try await noBeacon.blobs(of: header, versionedHashes: [wanted]) })
        #expect(missing.message.contains("no beacon endpoint"))
    }

    @Test func aStoppedNodeIsUnreachableAndThatIsRetryable() async throws {
        let (_, server) = try await Self.served()
        #expect(try await DevnetTesting.source(server).headNumber() == 3)
        // A refused connection fails within the client's connect timeout, not the request's.
        let source = DevnetTesting.source(server, attempts: 2, timeout: .seconds(30))
        let clock = ContinuousClock()
        let stopping = clock.now
        await server.stop()
        #expect(clock.now - stopping < .seconds(2), "stopping waits for no idle connection")
        let asking = clock.now
        let error = try #require(await Self.failure { try await source.headers(0...1) })
        #expect(clock.now - asking < .nanoseconds(RollportHTTPClient.connectTimeout.nanoseconds * 2) + .seconds(2), "two attempts of one connect timeout each")
        #expect(error.reason == .unreachable, "\(error)")
        #expect(error.message.contains("Connection refused"), "\(error)")
        #expect(error.retryable)
    }

    /// A node whose block lacks a transaction its header commits to is caught by the root.
    @Test func transactionsThatAreNotTheHeadersAreRefused() async throws {
        let devnet = try DevnetTesting.devnet(blocks: 2, encoder: try DevnetTesting.encoder())
        let chain = MemoryL1Chain(chainID: DevnetSpec.l1ChainID)
        for n in UInt64(0)...2 {
            var block = try #require(devnet.chain.block(n))
            if n == 2 { block.transactions.removeLast() }
            try chain.append(block)
        }
        let server = try await L1NodeServer.start(chain: chain, beacon: DevnetSpec.beacon, logger: DevnetTesting.quietLogger)
        defer { Task { await server.stop() } }
        let source = DevnetTesting.source(server, attempts: 2)
        #expect(try await source.blocks(0...1, filter: Self.filter).count == 2)
        let error = try #require(await Self.failure { try await source.blocks(0...2, filter: Self.filter) })
        #expect(error.reason == .badResponse)
        #expect(error.message.contains("not the header's transactionsRoot"), "\(error)")
        #expect(error.request.contains("eth_getBlockByNumber(0x2, true)"), "\(error)")
    }

    @Test func aBusyPortIsAnErrorNotAHang() async throws {
        let (devnet, server) = try await Self.served()
        defer { Task { await server.stop() } }
        await #expect(throws: (any Error).self) {
            let second = try await devnet.serve(port: server.port, logger: DevnetTesting.quietLogger)
            await second.stop()
        }
    }

    @Test func wrongShapesNameTheMethodAndTheField() throws {
        var block = L1RPCShapes.block(L1Block(header: L1Header(number: 5, hash: .zero, parentHash: .zero, timestamp: 1), transactions: [
            L1Transaction(hash: .zero, from: .zero, to: .zero, input: []),
        ]), fullTransactions: true)
        guard case .object(var members) = block, let i = members.firstIndex(where: { $0.0 == "transactions" }) else {
            Issue.record("not an object"); return
        }
        members[i].1 = .array([.object([("hash", .string(Hash32.zero.description)), ("to", .string("0x1234"))])])
        block = .object(members)
        #expect(throws: RPCShapeError(field: "result.transactions[0].to", message: "2 bytes; an address has 20")) {
            _ = try L1RPCShapes.block(block, path: "result")
        }
    }
}

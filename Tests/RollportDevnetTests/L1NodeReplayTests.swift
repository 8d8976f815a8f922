import Foundation
import RollportDevnet
import RollportHost
import RollportTestSupport
import RollportToolkit
import Testing

/// Recorded OP Stack traffic placed in blocks, served by the loopback node and read back
/// through the HTTP client: what arrives equals what was placed.
@Suite struct L1NodeReplayTests {
    static let opInbox = try! Address(hex: "0xff00000000000000000000000000000000000010")
    static let opPortal = try! Address(hex: "0xbEb5Fc579115071764c7423A4f12eDde41f106Ed")
    static let unichainInbox = try! Address(hex: "0xFf00000000000000000000000000000000000130")
    static let unichainBatcher = try! Address(hex: "0x2F60A5184c63ca94f82a27100643DbAbe4F3f7Fd")
    static let l1Messenger = try! Address(hex: "0x25ace71c97B33Cc4729CF772ae268934F7ab5fA1")
    static let beacon = BeaconTiming(genesisTime: 1_700_000_000, secondsPerSlot: 12)
    static let filter = L1Filter(transactionTargets: [opInbox, unichainInbox], logAddresses: [opPortal])

    /// Blocks 100…102: the OP Mainnet batcher transaction beside a transfer no rule selects;
    /// the L1 messenger transaction with its 13 real deposit logs; the Unichain blob
    /// transaction with its three sidecars.
    struct Replay {
        var chain: MemoryL1Chain
        var batcher: L1Transaction
        var batcherRaw: [UInt8]
        var depositLogs: [L1Log]
        var blobHashes: [Hash32]
        var sidecars: [BlobSidecar]
    }

    static func replay(_ dir: String) throws -> Replay {
        let raw = try DevnetTesting.bytes("batches/op_mainnet_batcher_tx_0xe69d9433.bin", in: dir)
        guard case .transaction(let item) = try L1ItemParser.parse(contents: raw) else { throw VectorFiles.Missing(path: "a transaction") }
        var batcher = item.transaction
        batcher.index = 0
        let key = try Secp256k1.PrivateKey(bytes: Keccak256.hash("replay transfer").bytes)
        let transferTx = try SignedTransaction(type: 2, chainID: 1, nonce: 7, maxPriorityFeePerGas: UInt256(1), maxFeePerGas: UInt256(2_000_000_000),
                                               to: l1Messenger, value: UInt256(5)).signed(with: key)
        let transfer = L1Transaction(type: 2, hash: transferTx.hash, from: key.address, to: l1Messenger, nonce: 7, chainID: 1,
                                     value: UInt256(5).bigEndianBytes, input: [], raw: transferTx.canonicalEncoding, index: 1)

        let deposits = try DevnetTesting.json("deposits/user_deposits.json", in: dir)
        let depositTxHash = try Hash32(hex: "0xc9c0361bc3da9cd3560e48b469d0d6aac0e633e4897895edfd26a287f7c578ec")
        var logs = [L1Log]()
        for entry in deposits["computed_real_logs"]?["logs"]?.arrayValue ?? [] {
            let topics = try (entry["topics"]?.arrayValue ?? []).map { try Hash32(hex: $0.stringValue ?? "") }
            let index = UInt32(entry["logIndex"].flatMap { Int($0.compact) } ?? -1)
            logs.append(L1Log(address: opPortal, topics: topics, data: try Hex.decode(entry["data"]?.stringValue ?? ""),
                              transactionHash: depositTxHash, logIndex: index))
        }
        #expect(logs.count == 13)
        let depositTx = L1Transaction(type: 2, hash: depositTxHash, from: try Address(hex: "0x36bde71c97b33cc4729cf772ae268934f7ab70b2"),
                                      to: l1Messenger, nonce: 3, chainID: 1, input: [0x3d, 0xbb, 0x20, 0x2b], index: 0)

        let expected = try DevnetTesting.json("blobs/unichain_blobs.expected.json", in: dir)
        var hashes = [Hash32](), sidecars = [BlobSidecar]()
        for blob in expected["blobs"]?.arrayValue ?? [] {
            hashes.append(try Hash32(hex: blob["versioned_hash"]?.stringValue ?? ""))
            sidecars.append(BlobSidecar(blob: try DevnetTesting.bytes(blob["file"]?.stringValue ?? "", in: dir),
                                        kzgCommitment: try Hex.decode(blob["kzg_commitment"]?.stringValue ?? ""),
                                        kzgProof: try Hex.decode(blob["kzg_proof"]?.stringValue ?? "")))
        }
        #expect(hashes.count == 3)
        let blobTx = L1Transaction(type: 3, hash: try Hash32(hex: "0x713d467f3bdef6e2328f3daafd4f5bfbc827b3db63eec6af7c6f161663f8131e"),
                                   from: unichainBatcher, to: unichainInbox, nonce: 61_000, chainID: 1, input: [],
                                   blobVersionedHashes: hashes, index: 0)

        let chain = MemoryL1Chain(chainID: 1)
        var parent = Keccak256.hash("replay parent")
        func header(_ n: UInt64) -> L1Header {
            let h = L1Header(number: n, hash: Keccak256.hash("replay block \(n)"), parentHash: parent,
                             timestamp: beacon.genesisTime + 12 * (n + 1000), parentBeaconBlockRoot: Keccak256.hash("beacon \(n)"))
            parent = h.hash
            return h
        }
        try chain.append(L1Block(header: header(100), transactions: [batcher, transfer],
                                 receipts: [batcher.hash!: L1Receipt(status: 1, logs: [], gasUsed: 1_938_296, cumulativeGasUsed: 1_938_296),
                                            transfer.hash!: L1Receipt(status: 1, logs: [], gasUsed: 21_000, cumulativeGasUsed: 1_959_296)]))
        try chain.append(L1Block(header: header(101), transactions: [depositTx],
                                 receipts: [depositTxHash: L1Receipt(status: 1, logs: logs, gasUsed: 400_000, cumulativeGasUsed: 400_000)],
                                 logs: logs))
        try chain.append(L1Block(header: header(102), transactions: [blobTx],
                                 receipts: [blobTx.hash!: L1Receipt(status: 1, logs: [], gasUsed: 21_000, cumulativeGasUsed: 21_000)]),
                         blobs: sidecars)
        return Replay(chain: chain, batcher: batcher, batcherRaw: raw, depositLogs: logs, blobHashes: hashes, sidecars: sidecars)
    }

    @Test func recordedTrafficArrivesIntactThroughTheHTTPClient() async throws {
        guard let dir = DevnetTesting.vectors() else { return }
        let replay = try Self.replay(dir)
        let server = try await L1NodeServer.start(chain: replay.chain, beacon: Self.beacon, logger: DevnetTesting.quietLogger)
        let source = DevnetTesting.source(server, expectedChainID: 1)
        do {
            #expect(try await source.chainID() == 1)
            #expect(try await source.headNumber() == 102)
            #expect(try await source.headers(100...110) == (try await replay.chain.headers(100...102)))
            let blocks = try await source.blocks(100...102, filter: Self.filter)
            #expect(blocks == (try await replay.chain.blocks(100...102, filter: Self.filter)))
            #expect(blocks.count == 3)

            // The batcher transaction: every field, the signature re-encoded to the original bytes.
            let batcher = try #require(blocks.first?.transactions.first)
            #expect(batcher.raw == replay.batcherRaw)
            #expect(batcher.hash?.description == "0xe69d94330faafb4f716f7ad9b3b50ea8ff5ce57aea6d2f8be07afb7fe49cd6cf")
            #expect(batcher.from?.description == "0x6887246668a3b87f54deb3b94ba47a6f63f32985")
            #expect(batcher.input.count == 119_823)
            // Only selected transactions have receipts: the transfer has none.
            #expect(blocks[0].receipts.count == 1)
            #expect(blocks[0].transactions.count == 2)

            #expect(blocks[1].logs == replay.depositLogs)
            // The messenger transaction is not selected: its logs come by eth_getLogs, no receipt.
            #expect(blocks[1].receipts.isEmpty)

            let blobTx = blocks[2].transactions[0]
            #expect(blobTx.blobVersionedHashes == replay.blobHashes)
            let sidecars = try await source.blobs(of: blocks[2].header, versionedHashes: replay.blobHashes)
            #expect(sidecars == replay.sidecars)
            // In another order, the sidecars follow.
            #expect(try await source.blobs(of: blocks[2].header, versionedHashes: replay.blobHashes.reversed()) == replay.sidecars.reversed())

            // Receipts by block (eth_getBlockReceipts) give the same.
            let byBlock = RPCL1Source(RPCL1Source.Configuration(rpcURL: server.rpcURL, blockReceiptsThreshold: 1), logger: DevnetTesting.quietLogger)
            #expect(try await byBlock.blocks(100...102, filter: Self.filter) == blocks)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test func aRecordingOfTheReplayReadsBackEqual() async throws {
        guard let dir = DevnetTesting.vectors() else { return }
        let replay = try Self.replay(dir)
        let recording = await L1Recording(chain: replay.chain, beacon: Self.beacon)
        let text = recording.json.compact
        let back = try L1Recording(JSONValue.parse(text))
        #expect(back.chainID == 1)
        #expect(back.beacon == Self.beacon)
        let chain = try back.chain()
        #expect(try await chain.blocks(100...102, filter: L1Filter()) == (try await replay.chain.blocks(100...102, filter: L1Filter())))
        for n in UInt64(100)...102 {
            #expect(chain.block(n) == replay.chain.block(n))
        }
        let header = try #require(chain.block(102)?.header)
        #expect(try await chain.blobs(of: header, versionedHashes: replay.blobHashes) == replay.sidecars)
    }
}

import Foundation
import RollportDevnet
import RollportHost
import RollportTestSupport
import RollportToolkit
import Testing

@Suite struct DevnetTests {
    @Test func theSameSeedGivesTheSameChainAndAnotherSeedAnother() throws {
        let encoder = try DevnetTesting.encoder()
        let a = try DevnetTesting.devnet(seed: 7, blocks: 4, encoder: encoder)
        let b = try DevnetTesting.devnet(seed: 7, blocks: 4, encoder: encoder)
        let c = try DevnetTesting.devnet(seed: 8, blocks: 4, encoder: encoder)
        for n in UInt64(0)...4 {
            #expect(a.chain.block(n) == b.chain.block(n), "block \(n)")
        }
        #expect(a.summary == b.summary)
        #expect(a.chain.block(0)?.header == c.chain.block(0)?.header, "genesis is the same for every seed")
        #expect(a.chain.block(1)?.header.hash != c.chain.block(1)?.header.hash)
        #expect(a.head.hash != c.head.hash)
    }

    @Test func theManifestNamesTheDevnetsGenesisAndContracts() throws {
        let manifest = try ManifestParser.load(file: DevnetTesting.manifests + "/optimism.toml")
        let chain = try #require(manifest.chains.first)
        #expect(chain.name == DevnetSpec.OP.chain)
        #expect(chain.chainID == DevnetSpec.OP.chainID)
        #expect(chain.l1ChainID == DevnetSpec.l1ChainID)
        func anchor(_ key: String) -> String? { chain.anchors.first { $0.0 == key }?.1.stringValue?.lowercased() }
        #expect(anchor("genesis_l1_hash") == DevnetProducer.genesisBlock.header.hash.description)
        #expect(anchor("batcher") == DevnetSpec.OP.batcherKey.address.description)
        #expect(anchor("batch_inbox") == DevnetSpec.OP.batchInbox.description)
        #expect(anchor("optimism_portal") == DevnetSpec.OP.optimismPortal.description)
        #expect(anchor("system_config") == DevnetSpec.OP.systemConfig.description)
        #expect(anchor("genesis_l2_hash") == DevnetSpec.OP.genesisL2Hash.description)
    }

    /// Headers are real: keccak256 of their RLP, linked, with the transaction and receipt
    /// tries of their contents; every transaction is signed by its sender.
    @Test func blocksAreRealBlocks() throws {
        let devnet = try DevnetTesting.devnet(blocks: 3, encoder: try DevnetTesting.encoder())
        var parent = try #require(devnet.chain.block(0)?.header)
        for n in UInt64(1)...3 {
            let block = try #require(devnet.chain.block(n))
            let fields = try #require(block.header.fields)
            #expect(fields.hash == block.header.hash)
            #expect(block.header.parentHash == parent.hash)
            #expect(block.header.timestamp == DevnetSpec.genesisTime + 12 * n)
            let raws = block.transactions.compactMap(\.raw)
            #expect(raws.count == block.transactions.count)
            #expect(MerklePatriciaTrie(ordered: raws).root == fields.transactionsRoot)
            #expect(fields.logsBloom == LogsBloom(block.logs).bytes)
            for tx in block.transactions {
                let signed = try SignedTransaction(encoded: try #require(tx.raw))
                #expect(try signed.recoverSender() == tx.from)
                #expect(signed.hash == tx.hash)
                #expect(signed.chainID == DevnetSpec.l1ChainID)
            }
            #expect(block.receipts.count == block.transactions.count)
            #expect(fields.gasUsed == block.receipts.values.compactMap(\.cumulativeGasUsed).max())
            parent = block.header
        }
    }

    /// What the devnet says it produced is what the adapter finds in its blocks.
    @Test func theSummaryAgreesWithWhatTheBlocksCarry() throws {
        let encoder = try DevnetTesting.encoder()
        let devnet = try DevnetTesting.devnet(blocks: 6, encoder: encoder)
        let summary = devnet.summary
        let traffic = try #require(summary.chains[DevnetSpec.OP.chain])
        #expect(summary.head.number == 6)
        var batches = 0, l2Blocks = 0, transactions = 0, deposits = 0, proven = 0, finalized = 0
        for n in UInt64(1)...6 {
            let block = try #require(devnet.chain.block(n))
            for tx in block.transactions where tx.to == DevnetSpec.OP.batchInbox {
                let item = L1Item.transaction(.init(transaction: tx, block: L1BlockReference(number: n, hash: block.header.hash, timestamp: block.header.timestamp)))
                let result = encoder.adapter.decodeBatch(item, chain: DevnetSpec.OP.chain)
                #expect(result.status == .ok, "\(result.message)")
                for record in result.records where record.kind == "batch" {
                    batches += 1
                    let decoded = record.details["blocks"]?.arrayValue ?? []
                    l2Blocks += decoded.count
                    transactions += decoded.reduce(0) { $0 + (Int($1["transactionCount"]?.compact ?? "") ?? 0) }
                }
            }
            for log in block.logs where log.address == DevnetSpec.OP.optimismPortal {
                switch log.topics.first {
                case DevnetSpec.transactionDeposited: deposits += 1
                case DevnetSpec.withdrawalProven: proven += 1
                case DevnetSpec.withdrawalFinalized: finalized += 1
                default: Issue.record("unexpected portal log \(log.topics)")
                }
            }
        }
        #expect(batches == traffic.batches)
        #expect(l2Blocks == traffic.l2Blocks)
        #expect(l2Blocks == 36)
        #expect(transactions == traffic.transactions)
        #expect(transactions == 72)
        #expect(deposits == traffic.deposits)
        #expect(proven == traffic.withdrawalsProven)
        #expect(proven == 3)
        #expect(finalized == traffic.withdrawalsFinalized)
        #expect(finalized == 2)
        #expect(traffic.withdrawals == proven + finalized)
    }

    @Test func theServedDevnetReadsBackThroughTheRPCClient() async throws {
        let devnet = try DevnetTesting.devnet(blocks: 5, encoder: try DevnetTesting.encoder())
        let server = try await devnet.serve(logger: DevnetTesting.quietLogger)
        let filter = L1Filter(transactionTargets: [DevnetSpec.OP.batchInbox], logAddresses: [DevnetSpec.OP.optimismPortal])
        let source = DevnetTesting.source(server, expectedChainID: DevnetSpec.l1ChainID)
        do {
            let blocks = try await source.blocks(0...5, filter: filter)
            #expect(blocks == (try await devnet.chain.blocks(0...5, filter: filter)))
            #expect(blocks.allSatisfy { $0.header.fields != nil }, "every header field arrives and hashes to the block hash")
            // Blocks produced while serving are seen.
            try devnet.produceBlock()
            #expect(try await source.headNumber() == 6)
            #expect(try await source.blocks(6...9, filter: filter).map(\.header) == [devnet.head])
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test func aDevnetRecordingReadsBackAsTheSameChain() async throws {
        let devnet = try DevnetTesting.devnet(blocks: 4, encoder: try DevnetTesting.encoder())
        let path = TestPaths.temporaryDirectory("devnet-recording") + "/devnet.json"
        try await devnet.recording().write(to: path)
        let recording = try L1Recording.load(file: path)
        #expect(recording.chainID == DevnetSpec.l1ChainID)
        #expect(recording.beacon == DevnetSpec.beacon)
        let chain = try recording.chain()
        for n in UInt64(0)...4 {
            #expect(chain.block(n) == devnet.chain.block(n), "block \(n)")
        }
    }

    @Test func recordingErrorsNameTheField() throws {
        func error(_ text: String) -> String {
            do {
                _ = try L1Recording(JSONValue.parse(text))
                return "no error"
            } catch { return "\(error)" }
        }
        #expect(error(#"{"blocks": []}"#) == "recording chainId: missing; expected a 0x quantity")
        #expect(error(#"{"chainId": "0x1", "blocks": [{"number": "0x1", "hash": "0x12", "parentHash": "0x00", "timestamp": "0x0"}]}"#)
                == "recording blocks[0].hash: 1 bytes; expected 32")
        let h1 = "0x" + String(repeating: "11", count: 32), h2 = "0x" + String(repeating: "22", count: 32)
        let unlinked = #"{"chainId": "0x1", "blocks": [{"number": "0x1", "hash": "\#(h1)", "parentHash": "\#(h2)", "timestamp": "0x0"}, {"number": "0x2", "hash": "\#(h2)", "parentHash": "\#(h2)", "timestamp": "0xc"}]}"#
        #expect(error(unlinked).hasPrefix("recording blocks[1]: block 2 does not follow block 1"))
        let strayReceipt = #"{"chainId": "0x1", "blocks": [{"number": "0x1", "hash": "\#(h1)", "parentHash": "\#(h2)", "timestamp": "0x0", "receipts": [{"transactionHash": "\#(h2)", "status": "0x1", "logs": []}]}]}"#
        #expect(error(strayReceipt).hasPrefix("recording blocks[0].receipts[0].transactionHash: missing or not a transaction"))
        #expect(error(#"{"chainId": "0x1", "blocks": [], "blobSidecars": {"5": []}}"#).hasPrefix("recording beacon: missing"))
    }
}

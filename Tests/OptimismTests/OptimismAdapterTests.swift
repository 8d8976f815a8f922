import Foundation
import Logging
import OptimismDerivation
import OptimismTestSupport
import RollportHost
import RollportTestSupport
import RollportToolkit
import Testing

/// The Optimism adapter as the host sees it: the library built beside `rollport`, loaded from
/// the shipped manifest, reached only through the C ABI.
@Suite(.serialized) struct OptimismAdapterTests {
    static let manifestFile = TestPaths.repository + "/Manifests/optimism.toml"
    static let opInbox = "0xff00000000000000000000000000000000000010"
    static let opBatcher = "0x6887246668a3b87f54deb3b94ba47a6f63f32985"
    static let opSystemConfig = "0x229047fed2591dbec1eF1118d64F7aF3dB9EB290"

    static func load() throws -> AdapterInstance {
        let manifest = try ManifestParser.load(file: manifestFile)
        var logger = Logger(label: "optimism-adapter-tests")
        logger.logLevel = .critical
        let options = AdapterLibrary.Options(pluginPath: [], executableDirectory: TestPaths.binDirectory)
        return try AdapterInstance(library: try AdapterLibrary.open(manifest, options: options), manifest: manifest, logger: logger)
    }

    static func transaction(_ item: L1Item) throws -> L1Item.TransactionItem {
        guard case .transaction(let t) = item else { throw Unexpected(what: "a log item") }
        return t
    }

    struct Unexpected: Error { var what: String }

    /// Every L2 transaction hash of a batch record, block by block.
    static func transactionHashes(_ record: Record) -> [[String]] {
        (record.details["blocks"]?.arrayValue ?? []).map { ($0["transactions"]?.arrayValue ?? []).compactMap(\.stringValue) }
    }

    static func expectedHashes(_ expected: JSONValue) -> [[String]] {
        (expected["span_batch"]?["blocks"]?.array ?? []).map { $0["tx_hashes"]?.array.compactMap(\.string) ?? [] }
    }

    // MARK: batches of real chains

    @Test func routesTheRealOPMainnetBatcherTransaction() throws {
        guard let dir = OPVectors.locate() else { return }
        let raw = try OPVectors.bytes("batches/op_mainnet_batcher_tx_0xe69d9433.bin", in: dir)
        let expected = try OPVectors.json("batches/op_mainnet_batcher_tx_0xe69d9433.expected.json", in: dir)
        let adapter = try Self.load()
        defer { adapter.shutdown() }
        // The raw signed transaction: its sender is recovered from the signature and is the batcher.
        let item = try L1ItemParser.parse(contents: raw)
        #expect(try Self.transaction(item).transaction.from?.description == Self.opBatcher)
        let dispatch = Router(adapters: [adapter]).dispatch(item)
        guard case .claimed(let claimant) = dispatch.outcome else { Issue.record("not claimed: \(dispatch.outcome)"); return }
        #expect(claimant.chain == "op-mainnet")
        let result = try #require(dispatch.result)
        #expect(result.status == .ok, "\(result.message)")
        #expect(result.records.count == 1)
        let record = try #require(result.records.first)
        #expect(record.kind == "batch")
        let d = record.details
        #expect(d["type"] == .string("batch"))
        #expect(d["dataLocation"] == .string("calldata"))
        #expect(d["channel"]?["compression"] == .string("zlib"))
        #expect(d["channel"]?["decompressedSize"] == .number("240308"))
        #expect(d["batch"]?["type"] == .string("span"))
        let hashes = Self.transactionHashes(record)
        #expect(hashes.count == 27)
        #expect(hashes.reduce(0) { $0 + $1.count } == 209)
        #expect(hashes == Self.expectedHashes(expected))
        #expect(d["blocks"]?.arrayValue?.first?["number"] == .number("117369690"))
        // Alone, without an L2 block before it, the batch cannot be placed: undecided, and why.
        #expect(d["validity"]?["label"] == .string("undecided"))
        #expect(d["validity"]?["rule"] == .string("safe-head-unknown"))
        // A source that gives the signed transaction but no sender: the adapter recovers it.
        var anonymous = try Self.transaction(item)
        anonymous.transaction.from = nil
        guard case .claimed = Router(adapters: [adapter]).route(.transaction(anonymous)) else {
            Issue.record("a batcher transaction without `from` is not claimed"); return
        }
        anonymous.transaction.raw = nil
        let refused = adapter.decodeBatch(.transaction(anonymous), chain: "op-mainnet")
        #expect(refused.status == .decodeError && refused.message.contains("sender"), "\(refused.message)")
    }

    /// The Unichain blob transaction as a JSON item with its three sidecars.
    static func unichainItem(_ dir: String, edit: (inout [[String: String]]) -> Void = { _ in }) throws -> String {
        let expected = try OPVectors.json("blobs/unichain_blobs.expected.json", in: dir)
        let l1 = try #require(expected["l1"])
        let order = l1["blob_order_in_tx"]?.array.compactMap(\.string) ?? []
        var byHash = [String: JSONValue]()
        for b in expected["blobs"]?.array ?? [] { if let h = b["versioned_hash"]?.string { byHash[h] = b } }
        var sidecars = [[String: String]]()
        for hash in order {
            let blob = try OPVectors.bytes("blobs/unichain_blob_\(hash).bin", in: dir)
            sidecars.append(["blob": Hex.encode(blob), "kzg_commitment": byHash[hash]?["kzg_commitment"]?.string ?? "",
                             "kzg_proof": byHash[hash]?["kzg_proof"]?.string ?? ""])
        }
        edit(&sidecars)
        let item: JSONValue = .object([
            ("hash", .string(try #require(l1["l1_tx_hash"]?.string))), ("type", .string("0x3")),
            ("from", .string(try #require(l1["batcher"]?.string))), ("to", .string(try #require(l1["batch_inbox"]?.string))),
            ("input", .string("0x")), ("blobVersionedHashes", .array(order.map { .string($0) })),
            ("blockNumber", .string("0x" + String(try #require(l1["l1_block_number"]?.u64), radix: 16))),
            ("blobs", .array(sidecars.map { s in .object(s.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }) })),
        ])
        return item.compact
    }

    @Test func decodesTheUnichainBlobsWithTheirVersionedHashesChecked() throws {
        guard let dir = OPVectors.locate() else { return }
        let expected = try OPVectors.json("blobs/unichain_blobs.expected.json", in: dir)
        let adapter = try Self.load()
        defer { adapter.shutdown() }
        let item = try L1ItemParser.parse(try Self.unichainItem(dir))
        let result = adapter.decodeBatch(item, chain: "unichain")
        #expect(result.status == .ok, "\(result.message)")
        let record = try #require(result.records.first)
        let d = record.details
        #expect(d["dataLocation"] == .string("blobs"))
        #expect(d["checks"]?["versionedHash"] == .string("matched"))
        #expect(d["checks"]?["kzgProof"] == .string("not verified"))
        #expect(d["frames"]?.arrayValue?.count == 3)
        #expect(d["channel"]?["compression"] == .string("brotli"))
        #expect(d["channel"]?["decompressedSize"] == .number("962554"))
        let hashes = Self.transactionHashes(record)
        #expect(hashes.count == 540)
        #expect(hashes.reduce(0) { $0 + $1.count } == 3196)
        #expect(hashes == Self.expectedHashes(expected))
    }

    @Test func aBlobThatIsNotTheTransactionsFailsVerification() throws {
        guard let dir = OPVectors.locate() else { return }
        let adapter = try Self.load()
        defer { adapter.shutdown() }
        // Sidecars 1 and 2 swapped: each commitment hashes to the other versioned hash.
        let swapped = try L1ItemParser.parse(try Self.unichainItem(dir) { $0.swapAt(1, 2) })
        let result = adapter.decodeBatch(swapped, chain: "unichain")
        #expect(result.status == .verifyFailed)
        #expect(result.message.contains("blob 1"), "\(result.message)")
        #expect(result.records.isEmpty)
        // Without commitments the blobs are decoded all the same, and the record says so.
        // The host's JSON reader insists on commitments; the ABI lets a source leave them out.
        var sidecarsWithout = try Self.transaction(try L1ItemParser.parse(try Self.unichainItem(dir)))
        for i in sidecarsWithout.blobs.indices { sidecarsWithout.blobs[i].kzgCommitment = []; sidecarsWithout.blobs[i].kzgProof = [] }
        let bare = L1Item.transaction(sidecarsWithout)
        let unchecked = adapter.decodeBatch(bare, chain: "unichain")
        #expect(unchecked.status == .ok, "\(unchecked.message)")
        #expect(unchecked.records.first?.details["checks"]?["versionedHash"] == .string("no commitment"))
        // No sidecars at all: retry when they can be fetched.
        var noSidecars = sidecarsWithout
        noSidecars.blobs = []
        let missing = adapter.decodeBatch(.transaction(noSidecars), chain: "unichain")
        #expect(missing.status == .unavailable && missing.message.contains("sidecars"), "\(missing.message)")
    }

    @Test func malformedBatcherDataIsADecodeError() throws {
        let adapter = try Self.load()
        defer { adapter.shutdown() }
        let cases = [
            ("0x", "empty"),
            ("0x01aa", "derivation version 0x01"),
            // A frame header claiming 16 bytes of data that are not there.
            ("0x00" + String(repeating: "11", count: 16) + "0000" + "00000010" + "aa", "frame"),
        ]
        for (input, needle) in cases {
            let item = try L1ItemParser.parse(#"{"from": "\#(Self.opBatcher)", "to": "\#(Self.opInbox)", "input": "\#(input)"}"#)
            let result = adapter.decodeBatch(item, chain: "op-mainnet")
            #expect(result.status == .decodeError, "\(input): \(result.status) \(result.message)")
            #expect(result.message.contains(needle), "\(result.message)")
        }
        let notMine = try L1ItemParser.parse(#"{"from": "0x000000000000000000000000000000000000dead", "to": "\#(Self.opInbox)", "input": "0x00"}"#)
        let refused = adapter.decodeBatch(notMine, chain: "op-mainnet")
        #expect(refused.status == .notClaimed)
        #expect(refused.message.contains("is not op-mainnet's batcher"), "\(refused.message)")
        let unknownSender = try L1ItemParser.parse(#"{"to": "\#(Self.opInbox)", "input": "0x00"}"#)
        let noSender = adapter.decodeBatch(unknownSender, chain: "op-mainnet")
        #expect(noSender.status == .decodeError)
        #expect(noSender.message.contains("sender"), "\(noSender.message)")
    }

    // MARK: the batcher follows the SystemConfig

    static func configUpdateLog(batcher: String, block: UInt64) -> String {
        configUpdateLog(word: String(repeating: "0", count: 24) + batcher.dropFirst(2), block: block)
    }

    /// A ConfigUpdate log whose payload is one 32-byte word (64 hex digits).
    static func configUpdateLog(word: String, block: UInt64, updateType: Int = 0) -> String {
        """
        {"address": "\(opSystemConfig)", "blockNumber": "0x\(String(block, radix: 16))", "logIndex": "0x3",
         "topics": ["0x1d2b0bda21d56b8bd12d4f94ebacffdfb35f5e226f84b461103bb8beab6353be",
                    "0x0000000000000000000000000000000000000000000000000000000000000000",
                    "0x00000000000000000000000000000000000000000000000000000000000000\(String(format: "%02x", updateType))"],
         "data": "0x\(String(repeating: "0", count: 62))20\(String(repeating: "0", count: 62))20\(word)"}
        """
    }

    @Test func aConfigUpdateChangesTheBatcherFromItsBlockUntilReverted() throws {
        let adapter = try Self.load()
        defer { adapter.shutdown() }
        let router = Router(adapters: [adapter])
        let newBatcher = "0x00000000000000000000000000000000000b0b01"
        func batcherTx(from: String, block: UInt64) throws -> L1Item {
            try L1ItemParser.parse(#"{"from": "\#(from)", "to": "\#(Self.opInbox)", "input": "0x00", "blockNumber": "0x\#(String(block, radix: 16))"}"#)
        }
        func claimed(_ item: L1Item) -> Bool { if case .claimed = router.route(item) { return true } else { return false } }
        let change: UInt64 = 20_000_000
        #expect(claimed(try batcherTx(from: Self.opBatcher, block: change)))
        #expect(!claimed(try batcherTx(from: newBatcher, block: change)))

        let update = router.dispatch(try L1ItemParser.parse(Self.configUpdateLog(batcher: newBatcher, block: change)))
        let record = try #require(update.result?.records.first)
        #expect(record.kind == "config_change")
        #expect(record.details["name"] == .string("batcher"))
        #expect(record.details["batcher"] == .string(newBatcher))

        // From the change's own block on, the new batcher posts; before it, the old one.
        #expect(claimed(try batcherTx(from: newBatcher, block: change)))
        #expect(claimed(try batcherTx(from: newBatcher, block: change + 5)))
        #expect(!claimed(try batcherTx(from: Self.opBatcher, block: change + 5)))
        #expect(claimed(try batcherTx(from: Self.opBatcher, block: change - 1)))
        #expect(!claimed(try batcherTx(from: newBatcher, block: change - 1)))

        // A reorg drops the block, and the change with it.
        #expect(adapter.revert(L1BlockReference(number: change)) == .ok)
        #expect(!claimed(try batcherTx(from: newBatcher, block: change + 5)))
        #expect(claimed(try batcherTx(from: Self.opBatcher, block: change + 5)))
    }

    @Test func otherConfigUpdatesAreRecordedAndMalformedOnesRefused() throws {
        let adapter = try Self.load()
        defer { adapter.shutdown() }
        let router = Router(adapters: [adapter])
        // Gas limit 30,000,000 (type 2): the manifest's probe item.
        let manifest = try ManifestParser.load(file: Self.manifestFile)
        let gas = router.dispatch(try L1ItemParser.parse(try #require(manifest.probeItem)))
        #expect(gas.result?.records.first?.details["gasLimit"] == .string("0x1c9c380"))
        #expect(gas.result?.records.first?.details["name"] == .string("gasLimit"))
        // A batcher word with bits above the address is not a batcher hash: skipped, loudly.
        let bad = Self.configUpdateLog(word: "ff" + String(repeating: "0", count: 22) + "00000000000000000000000000000000000b0b01", block: 20_000_001)
        let ignored = router.dispatch(try L1ItemParser.parse(bad))
        #expect(ignored.result?.status == .decodeError)
        #expect(ignored.result?.records.isEmpty == true)
        #expect(ignored.result?.message.contains("batcher address") == true, "\(ignored.result?.message ?? "")")
        // …and the batcher stays what it was.
        let claim = router.route(try L1ItemParser.parse(#"{"from": "\#(Self.opBatcher)", "to": "\#(Self.opInbox)", "input": "0x00", "blockNumber": "0x1312d02"}"#))
        if case .claimed = claim {} else { Issue.record("the genesis batcher is no longer claimed: \(claim)") }
    }

    // MARK: encode, then decode

    /// The real OP Mainnet span batch's blocks as a batch-encode request.
    static func opMainnetRequest(_ dir: String, options: String) throws -> (request: String, blocks: [DerivedL2Block]) {
        let raw = try OPVectors.bytes("batches/op_mainnet_batcher_tx_0xe69d9433.bin", in: dir)
        let tx = try SignedTransaction(encoded: raw)
        let frames = try BatcherPayload.frames(calldata: tx.input)
        let content = try ChannelReader.decompress(frames.flatMap(\.data), maxBytes: DerivationLimits.maxRLPBytesPerChannelBedrock, brotliAllowed: false)
        guard case .span(let span)? = BatchReader.readAll(content.data).batches.first else { throw Unexpected(what: "no span batch") }
        let blocks = try span.blocks(config: .opMainnet)
        let pad = String(repeating: "00", count: 12)
        let json = blocks.enumerated().map { i, b in
            """
            {"number": \(b.number), "timestamp": "0x\(String(b.timestamp, radix: 16))", "l1OriginNumber": "\(b.l1OriginNumber)",
             "l1OriginHash": "\(Hex.encode(span.l1OriginCheck))\(pad)", "parentHash": "\(Hex.encode(span.parentCheck))\(pad)",
             "startsEpoch": \(b.startsEpoch == true),
             "transactions": [\(b.transactions.map { "\"\(Hex.encode($0))\"" }.joined(separator: ","))]}
            """
        }
        return ("{\"blocks\": [\(json.joined(separator: ","))], \"options\": \(options)}", blocks)
    }

    @Test func encodedBlocksDecodeBackThroughTheABI() throws {
        guard let dir = OPVectors.locate() else { return }
        let adapter = try Self.load()
        defer { adapter.shutdown() }
        let (request, blocks) = try Self.opMainnetRequest(dir, options: #"{"batchType": "span", "compression": "zlib", "da": "calldata", "maxFrameSize": 1000000}"#)
        let encoded = adapter.encodeBatch(chain: "op-mainnet", request: request)
        #expect(encoded.status == .ok, "\(encoded.message)")
        #expect(encoded.records.count == 1)
        let payload = try #require(encoded.records.first?.details)
        #expect(payload["to"] == .string(Self.opInbox))
        #expect(payload["index"] == .number("0"))
        let data = try #require(payload["data"]?.stringValue)
        let item = try L1ItemParser.parse(#"{"from": "\#(Self.opBatcher)", "to": "\#(Self.opInbox)", "input": "\#(data)"}"#)
        let decoded = adapter.decodeBatch(item, chain: "op-mainnet", recoverSenders: true)
        #expect(decoded.status == .ok, "\(decoded.message)")
        let record = try #require(decoded.records.first)
        #expect(Self.transactionHashes(record) == blocks.map { $0.transactionHashes.map(\.description) })
        let expected = try OPVectors.json("batches/op_mainnet_batcher_tx_0xe69d9433.expected.json", in: dir)
        let firstSender = record.details["blocks"]?.arrayValue?.first?["senders"]?.arrayValue?.first
        #expect(firstSender == .string(try #require(expected["span_batch"]?["first_tx"]?["sender"]?.string)))
    }

    @Test func aChannelSpreadOverSeveralTransactionsCompletesThroughTheFollower() throws {
        guard let dir = OPVectors.locate() else { return }
        let adapter = try Self.load()
        defer { adapter.shutdown() }
        let (request, blocks) = try Self.opMainnetRequest(dir, options: #"{"batchType": "span", "compression": "zlib", "da": "calldata", "maxFrameSize": 50000}"#)
        let encoded = adapter.encodeBatch(chain: "op-mainnet", request: request)
        #expect(encoded.status == .ok, "\(encoded.message)")
        #expect(encoded.records.count == 3)
        let router = Router(adapters: [adapter])
        var outputs = [Record]()
        for (i, record) in encoded.records.enumerated() {
            let data = try #require(record.details["data"]?.stringValue)
            let block = 19_426_590 + UInt64(i)
            let item = try L1ItemParser.parse(#"{"from": "\#(Self.opBatcher)", "to": "\#(Self.opInbox)", "input": "\#(data)", "blockNumber": "0x\#(String(block, radix: 16))"}"#)
            let result = try #require(router.dispatch(item).result)
            #expect(result.status == .ok, "\(result.message)")
            outputs += result.records
        }
        #expect(outputs.map { $0.details["type"]?.stringValue } == ["frames", "frames", "batch"])
        #expect(outputs.last.map(Self.transactionHashes) == blocks.map { $0.transactionHashes.map(\.description) })
        // The same transactions one at a time through batch decode: the item alone carries frames only.
        let first = try L1ItemParser.parse(#"{"from": "\#(Self.opBatcher)", "to": "\#(Self.opInbox)", "input": "\#(encoded.records[0].details["data"]?.stringValue ?? "")"}"#)
        #expect(adapter.decodeBatch(first, chain: "op-mainnet").records.first?.details["type"] == .string("frames"))
    }

    @Test func optionsTheForksDoNotAllowAreUnsupported() throws {
        guard let dir = OPVectors.locate() else { return }
        let adapter = try Self.load()
        defer { adapter.shutdown() }
        // The blocks are from March 2024: after Delta, before Ecotone and Fjord.
        let brotli = adapter.encodeBatch(chain: "op-mainnet", request: try Self.opMainnetRequest(dir, options: #"{"compression": "brotli", "da": "calldata"}"#).request)
        #expect(brotli.status == .unsupported && brotli.message.contains("Fjord"), "\(brotli.message)")
        let blobs = adapter.encodeBatch(chain: "op-mainnet", request: try Self.opMainnetRequest(dir, options: #"{"compression": "zlib", "da": "blobs"}"#).request)
        #expect(blobs.status == .unsupported && blobs.message.contains("Ecotone"), "\(blobs.message)")
        let shape = adapter.encodeBatch(chain: "op-mainnet", request: #"{"blocks": [{"number": 1}]}"#)
        #expect(shape.status == .invalidArgument && shape.message.contains("request.blocks[0]"), "\(shape.message)")
    }
}

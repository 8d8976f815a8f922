import Testing
import RollportToolkit
@testable import OptimismDerivation
import OptimismTestSupport

/// Every expected value the shared OP Stack batch and blob vectors list (optimism/MANIFEST.md).
@Suite("OP derivation conformance")
struct DerivationConformanceTests {
    static let blast = RollupConfig(
        l2ChainID: 81457, blockTime: 2, genesisL1: BlockID(number: 0, hash: .zero), genesisL2: BlockID(number: 0, hash: .zero),
        genesisL2Time: 1_708_809_815, batchInbox: .zero, genesisBatcher: .zero, forkTimes: [.regolith: 0])

    /// keccak256 of the concatenated values, as the expected files digest their lists.
    func digest(_ parts: [[UInt8]]) -> String { Keccak256.hash(parts.flatMap { $0 }).description }

    /// Checks a decoded span batch and its blocks against an expected `span_batch` object.
    func checkSpan(_ batch: SpanBatch, _ blocks: [DerivedL2Block], _ e: JSONValue, chain: RollupConfig) throws {
        #expect(batch.relTimestamp == e["rel_timestamp"]?.u64)
        #expect(batch.l1OriginNumber == e["l1_origin_num"]?.u64)
        #expect(Hex.encode(batch.parentCheck) == e["parent_check"]?.string)
        #expect(Hex.encode(batch.l1OriginCheck) == e["l1_origin_check"]?.string)
        #expect(batch.blockCount == e["block_count"]?.int)
        #expect(batch.transactions.count == e["total_tx_count"]?.int)
        #expect(batch.originBits.filter { $0 }.count == e["origin_bits_sum"]?.int)
        #expect((batch.originBits.first == true ? 1 : 0) == e["origin_bits_first"]?.int)
        #expect(batch.blockTransactionCounts.map(Int.init) == e["block_tx_counts"]?.ints)
        let types = try #require(e["tx_type_counts"])
        for type: UInt8 in [0, 1, 2, 4] {
            #expect(batch.transactions.filter { $0.type == type }.count == (types["\(type)"]?.int ?? 0), "type \(type)")
        }
        let legacy = batch.transactions.filter { $0.type == 0 }
        #expect(legacy.count == e["legacy_count"]?.int)
        #expect(legacy.filter(\.isProtected).count == e["legacy_protected_count"]?.int)
        #expect(batch.transactions.filter { $0.to == nil }.count == e["contract_creation_count"]?.int)

        #expect(blocks.first?.timestamp == e["span_start_timestamp"]?.u64)
        #expect(blocks.last?.timestamp == e["span_end_timestamp"]?.u64)
        #expect(blocks.first?.l1OriginNumber == e["first_block_l1_origin"]?.u64)
        #expect(blocks.last?.l1OriginNumber == e["last_block_l1_origin"]?.u64)
        let expectedBlocks = try #require(e["blocks"]).array
        #expect(blocks.count == expectedBlocks.count)
        for (block, x) in zip(blocks, expectedBlocks) {
            #expect(block.number == x["l2_block_number"]?.u64)
            #expect(block.timestamp == x["timestamp"]?.u64)
            #expect(block.l1OriginNumber == x["l1_origin_number"]?.u64)
            #expect(block.startsEpoch == x["origin_changed"]?.boolValue)
            #expect(block.transactions.count == x["tx_count"]?.int)
            #expect(block.transactionHashes.map(\.description) == x["tx_hashes"]?.array.compactMap(\.string), "block \(block.number)")
        }
        let hashes = blocks.flatMap(\.transactionHashes)
        #expect(digest(hashes.map(\.bytes)) == e["all_tx_hashes_digest"]?.string)
        for (key, hash) in [("first_tx", hashes.first), ("last_tx", hashes.last)] {
            let x = try #require(e[key])
            #expect(hash?.description == x["hash"]?.string)
            let index = key == "first_tx" ? 0 : batch.transactions.count - 1
            let tx = batch.transactions[index]
            #expect(tx.nonce == x["nonce"]?.u64)
            #expect(tx.gasLimit == x["gas"]?.u64)
            #expect(Int(tx.type) == x["type"]?.int)
            let signed = try tx.signedTransaction(chainID: chain.l2ChainID)
            #expect(try signed.recoverSender().description == x["sender"]?.string)
            #expect(signed.hash == hash)
        }
    }

    /// The span batch decodes to the same value from its re-encoding, and the bytes match.
    func checkReencoding(_ batch: SpanBatch, content: [UInt8]) {
        let identical = batch.encoded() == content
        #expect(identical, "re-encoding is not byte-identical")
    }

    @Test("OP Mainnet calldata batcher tx: one frame, zlib, 27-block span batch, 209 txs, senders")
    func opMainnetBatcherTransaction() throws {
        guard let dir = OPVectors.locate() else { return }
        let raw = try OPVectors.bytes("batches/op_mainnet_batcher_tx_0xe69d9433.bin", in: dir)
        let e = try OPVectors.json("batches/op_mainnet_batcher_tx_0xe69d9433.expected.json", in: dir)
        let l1 = try #require(e["l1_tx"])
        let tx = try SignedTransaction(encoded: raw)
        #expect(tx.hash.description == l1["tx_hash"]?.string)
        #expect(try tx.recoverSender().description == l1["from_recovered"]?.string)
        #expect(tx.to == RollupConfig.opMainnet.batchInbox)
        #expect(tx.input.count == l1["calldata_length"]?.int)

        let frames = try BatcherPayload.frames(calldata: tx.input)
        let expectedFrames = try #require(e["frames"]).array
        #expect(frames.count == expectedFrames.count)
        for (frame, x) in zip(frames, expectedFrames) {
            #expect(frame.channelID.description == x["channel_id"]?.string)
            #expect(Int(frame.number) == x["frame_number"]?.int)
            #expect(frame.data.count == x["frame_data_length"]?.int)
            #expect((frame.isLast ? 1 : 0) == x["is_last"]?.int)
        }
        #expect(BatcherPayload.calldata(frames: frames) == tx.input)

        // Through the pre-Holocene channel bank at the L1 block's time (March 2024).
        var bank = ChannelBank(config: .opMainnet)
        let l1Block = L1BlockRef(number: 19_426_600, hash: .zero, parentHash: .zero, timestamp: 1_710_338_400)
        let output = bank.add(frames, from: l1Block)
        #expect(output.dropped.isEmpty)
        let channel = try #require(output.ready.first)
        let c = try #require(e["channel"])
        #expect(channel.compressedData.count == c["compressed_length"]?.int)
        #expect(ChannelCompression.detect(firstByte: channel.compressedData[0]) == .zlib)
        let content = try channel.decompress(config: .opMainnet)
        // The batcher closed this channel without finishing the zlib stream (no final block,
        // no checksum): all 240,308 bytes decompress, then the input ends. op-node reads it as
        // a stream and keeps the batches; so do we.
        #expect(content.stop?.reason == .truncated)
        #expect(content.compression == .zlib)
        let stream = content.data
        #expect(stream.count == c["decompressed_length"]?.int)
        #expect(Keccak256.hash(stream).description == c["decompressed_keccak256"]?.string)

        let (batches, error) = BatchReader.readAll(stream)
        #expect(error == nil)
        #expect(batches.map { Int($0.version) } == c["batch_types"]?.ints)
        guard case .span(let span) = try #require(batches.first) else { Issue.record("not a span batch"); return }
        let blocks = try span.blocks(config: .opMainnet)
        try checkSpan(span, blocks, try #require(e["span_batch"]), chain: .opMainnet)
        let spanBytes = Array(stream[5...])
        #expect(stream.count - 4 == c["batch_lengths_including_type_byte"]?.ints.first)
        checkReencoding(span, content: spanBytes)

        // Every sender, on both cores: the digest of the 209 addresses.
        let senders = DerivedL2Block.recoverSenders(blocks, threads: 2).compactMap { try? $0.get() }
        #expect(senders.count == 209)
        #expect(digest(senders.map(\.bytes)) == e["span_batch"]?["all_senders_digest"]?.string)
    }

    @Test("OP Mainnet zlib channel: 143 blocks, 1,766 txs")
    func opMainnetZlibChannel() throws {
        guard let dir = OPVectors.locate() else { return }
        let compressed = try OPVectors.bytes("batches/op_mainnet_span_batch_channel_zlib.bin", in: dir)
        let e = try OPVectors.json("batches/op_mainnet_span_batch_channel_zlib.expected.json", in: dir)
        let c = try #require(e["channel"])
        #expect(compressed.count == c["compressed_length"]?.int)
        #expect(Hex.encode(compressed.prefix(2)) == c["first_bytes"]?.string)
        let decoded = try ChannelReader.decompress(compressed, maxBytes: 100_000_000, brotliAllowed: true)
        let stream = decoded.data, compression = decoded.compression
        #expect(decoded.stop == nil)
        #expect(compression == .zlib)
        #expect(stream.count == c["decompressed_length"]?.int)
        #expect(Keccak256.hash(stream).description == c["decompressed_keccak256"]?.string)
        var reader = BatchReader(stream)
        guard case .span(let span) = try #require(try reader.next()) else { Issue.record("not a span batch"); return }
        #expect(try reader.next() == nil)
        #expect(reader.offset == stream.count)
        var consumed = 0
        let content = Array(stream[5...])
        _ = try SpanBatch.decode(content, consumed: &consumed)
        #expect(consumed == c["span_payload_consumed_bytes"]?.int)
        #expect(content.count + 1 == c["batch_lengths_including_type_byte"]?.ints.first)
        try checkSpan(span, try span.blocks(config: .opMainnet), try #require(e["span_batch"]), chain: .opMainnet)
        checkReencoding(span, content: content)
    }

    @Test("Unichain: three blobs, frames 0-2, Brotli channel, 540 blocks, 3,196 txs with one EIP-7702")
    func unichainBlobs() throws {
        guard let dir = OPVectors.locate() else { return }
        let e = try OPVectors.json("blobs/unichain_blobs.expected.json", in: dir)
        let l1 = try #require(e["l1"])
        let blobs = try #require(e["blobs"]).array
        #expect(blobs.count == 3)
        var frames = [Frame]()
        for (i, x) in blobs.enumerated() {
            let blob = try OPVectors.bytes(try #require(x["file"]?.string), in: dir)
            #expect(Hex.encode(blob.prefix(5)) == x["blob_bytes_0_to_5"]?.string)
            let data = try OPBlobCodec.decode(blob)
            #expect(data.count == x["decoded_length"]?.int)
            #expect(Keccak256.hash(data).description == x["decoded_keccak256"]?.string)
            #expect(Int(data[0]) == x["decoded_version_byte"]?.int)
            #expect(try OPBlobCodec.encode(data) == blob)
            let blobFrames = try BatcherPayload.frames(blob: blob, index: i)
            for (frame, fx) in zip(blobFrames, try #require(x["frames"]).array) {
                #expect(frame.channelID.description == fx["channel_id"]?.string)
                #expect(Int(frame.number) == fx["frame_number"]?.int)
                #expect(frame.data.count == fx["frame_data_length"]?.int)
                #expect((frame.isLast ? 1 : 0) == fx["is_last"]?.int)
            }
            frames += blobFrames
        }
        let l1Block = L1BlockRef(number: try #require(l1["l1_block_number"]?.u64), hash: .zero, parentHash: .zero,
                                 timestamp: try #require(l1["l1_block_timestamp"]?.u64))
        #expect(RollupConfig.unichainMainnet.batchInbox.description == l1["batch_inbox"]?.string?.lowercased())
        #expect(RollupConfig.unichainMainnet.genesisBatcher.description == l1["batcher"]?.string?.lowercased())
        // Holocene is active: the strict stage, through the fork-selecting wrapper.
        var stage = ChannelStage(config: .unichainMainnet)
        let output = stage.add(frames, from: l1Block)
        #expect(stage.holoceneActive)
        #expect(output.dropped.isEmpty)
        let channel = try #require(output.ready.first)
        let c = try #require(e["channel"])
        #expect(channel.id.description == c["channel_id"]?.string)
        #expect(channel.frames.count == c["frame_count"]?.int)
        let compressed = channel.compressedData
        #expect(compressed.count == c["compressed_length"]?.int)
        #expect(Keccak256.hash(compressed).description == c["compressed_keccak256"]?.string)
        #expect(Int(compressed[0]) == c["channel_version_byte"]?.int)
        let decoded = try ChannelReader.decompress(compressed, maxBytes: 100_000_000, brotliAllowed: true)
        let stream = decoded.data, compression = decoded.compression
        #expect(decoded.stop == nil)
        #expect(compression.rawValue == c["compression"]?.string)
        #expect(stream.count == c["decompressed_length"]?.int)
        #expect(Keccak256.hash(stream).description == c["decompressed_keccak256"]?.string)
        let (batches, error) = BatchReader.readAll(stream)
        #expect(error == nil)
        #expect(batches.map { Int($0.version) } == c["batch_types"]?.ints)
        guard case .span(let span) = try #require(batches.first) else { Issue.record("not a span batch"); return }
        let blocks = try span.blocks(config: .unichainMainnet)
        try checkSpan(span, blocks, try #require(e["span_batch"]), chain: .unichainMainnet)
        checkReencoding(span, content: Array(stream[5...]))

        // The EIP-7702 transaction rebuilds to a toolkit transaction with its authorization list.
        let setCode = try #require(span.transactions.first { $0.type == 4 })
        let signed = try setCode.signedTransaction(chainID: 130)
        #expect(!signed.authorizationList.isEmpty)
        #expect(signed.canonicalEncoding == (try setCode.encodedTransaction(chainID: 130)))

        // The L1 origins: the epochs the blocks name are the 46 listed blocks, and the origin
        // check is the prefix of the last one's hash.
        let origins = try OPVectors.json("blobs/unichain_l1_origins.json", in: dir)["blocks"]?.array ?? []
        #expect(Set(blocks.map(\.l1OriginNumber)) == Set(origins.compactMap { $0["number"]?.u64 }))
        let last = try #require(origins.first { $0["number"]?.u64 == span.l1OriginNumber })
        #expect(Array(try #require(last["hash"]?.bytes).prefix(20)) == span.l1OriginCheck)
    }

    @Test("Blast singular batch (v0): fields, block number, 13 tx hashes and senders")
    func blastSingular() throws {
        guard let dir = OPVectors.locate() else { return }
        let bytes = try OPVectors.hexFile("batches/blast_singular_batch_v0.hex", in: dir)
        let e = try OPVectors.json("batches/blast_singular_batch_v0.expected.json", in: dir)
        let chain = try #require(e["chain"])
        #expect(Self.blast.genesisL2Time == chain["l2_genesis_time"]?.u64 && Self.blast.blockTime == chain["block_time"]?.u64)
        guard case .singular(let batch) = try Batch.decode(bytes) else { Issue.record("not a singular batch"); return }
        #expect(batch.parentHash == e["parent_hash"]?.hash)
        #expect(batch.epochNumber == e["epoch_num"]?.u64)
        #expect(batch.epochHash == e["epoch_hash"]?.hash)
        #expect(batch.timestamp == e["timestamp"]?.u64)
        #expect(batch.transactions.count == e["tx_count"]?.int)
        let block = batch.block(config: Self.blast)
        #expect(block.number == e["l2_block_number"]?.u64)
        let txs = try block.signedTransactions()
        #expect(txs.map { Int($0.type) } == e["tx_types"]?.ints)
        let senders = DerivedL2Block.recoverSenders([block], threads: 2)
        for (i, x) in (e["txs"]?.array ?? []).enumerated() {
            #expect(block.transactionHashes[i].description == x["hash"]?.string)
            #expect((try? senders[i].get())?.description == x["sender"]?.string)
        }
        #expect(Batch.singular(batch).encoded() == bytes)
    }

    @Test("Brotli vectors: the kona batch and the tiny stream")
    func brotli() throws {
        guard let dir = OPVectors.locate() else { return }
        let compressed = try OPVectors.hexFile("batches/brotli_batch_compressed.hex", in: dir)
        let decompressed = try OPVectors.hexFile("batches/brotli_batch_decompressed.hex", in: dir)
        let e = try OPVectors.json("batches/brotli_batch.expected.json", in: dir)
        #expect(compressed.count == e["compressed_length"]?.int)
        let decoded = try ChannelReader.decompress([0x01] + compressed, maxBytes: 10_000_000, brotliAllowed: true)
        let stream = decoded.data, compression = decoded.compression
        #expect(decoded.stop == nil)
        #expect(compression == .brotli)
        #expect(stream == decompressed)
        #expect(stream.count == e["decompressed_length"]?.int)
        #expect(Keccak256.hash(stream).description == e["decompressed_keccak256"]?.string)
        #expect(throws: ChannelError.brotliBeforeFjord) { try ChannelReader.decompress([0x01] + compressed, maxBytes: 10_000_000, brotliAllowed: false) }
        let (batches, error) = BatchReader.readAll(stream)
        #expect(error == nil)
        #expect(batches.count == e["batch_count"]?.int)
        guard case .singular(let batch) = try #require(batches.first) else { Issue.record("not singular"); return }
        let x = try #require(e["singular_batch"])
        #expect(batch.parentHash == x["parent_hash"]?.hash)
        #expect(batch.epochNumber == x["epoch_num"]?.u64)
        #expect(batch.epochHash == x["epoch_hash"]?.hash)
        #expect(batch.timestamp == x["timestamp"]?.u64)
        #expect(batch.transactions.count == x["tx_count"]?.int)
        #expect(batch.transactions.map { Keccak256.hash($0).description } == x["tx_hashes"]?.array.compactMap(\.string))
        #expect(BatchReader.encode(batches) == stream)

        let small = try #require(e["small_vector"])
        let out = try ChannelReader.decompress([0x01] + (try #require(small["compressed"]?.bytes)), maxBytes: 100, brotliAllowed: true)
        #expect(out.data == small["decompressed"]?.bytes)
    }

    @Test("Nethermind span batch, field by field")
    func nethermindSpan() throws {
        guard let dir = OPVectors.locate() else { return }
        let bytes = try OPVectors.hexFile("batches/nethermind_span_batch_v1.hex", in: dir)
        let e = try OPVectors.json("batches/nethermind_span_batch_v1.expected.json", in: dir)
        #expect(bytes.count == e["length_including_version"]?.int)
        guard case .span(let b) = try Batch.decode(bytes) else { Issue.record("not a span batch"); return }
        #expect(b.relTimestamp == e["rel_timestamp"]?.u64)
        #expect(b.l1OriginNumber == e["l1_origin_num"]?.u64)
        #expect(Hex.encode(b.parentCheck) == e["parent_check"]?.string)
        #expect(Hex.encode(b.l1OriginCheck) == e["l1_origin_check"]?.string)
        #expect(b.blockCount == e["block_count"]?.int)
        #expect(b.originBits == e["origin_bits"]?.bits)
        #expect(b.blockTransactionCounts == e["block_tx_counts"]?.u64s)
        #expect(b.transactions.map { $0.to == nil } == e["contract_creation_bits"]?.bits)
        #expect(b.transactions.map { $0.yParity == 1 } == e["y_parity_bits"]?.bits)
        #expect(b.transactions.map { Int($0.type) } == e["tx_types"]?.ints)
        for (tx, sig) in zip(b.transactions, e["signatures"]?.array ?? []) {
            #expect(tx.r == sig["r"]?.string.flatMap { UInt256($0) })
            #expect(tx.s == sig["s"]?.string.flatMap { UInt256($0) })
        }
        #expect(b.transactions.map { $0.to?.description } == e["tos"]?.array.map(\.string))
        #expect(b.transactions.map { Hex.encode($0.data) } == e["tx_datas_hex"]?.array.compactMap(\.string))
        #expect(b.transactions.map(\.nonce) == e["nonces"]?.u64s)
        #expect(b.transactions.map(\.gasLimit) == e["gases"]?.u64s)
        #expect(b.transactions.filter { $0.type == 0 }.map(\.isProtected) == e["protected_bits"]?.bits)
        #expect(Batch.span(b).encoded() == bytes)
    }

    @Test("op-node's synthetic span batch re-encodes byte for byte")
    func opnodeSynthetic() throws {
        guard let dir = OPVectors.locate() else { return }
        let bytes = try OPVectors.bytes("batches/opnode_synthetic_raw_span_batch.bin", in: dir)
        let e = try OPVectors.json("batches/opnode_synthetic_raw_span_batch.expected.json", in: dir)
        #expect(bytes.count == e["length"]?.int)
        var consumed = 0
        let b = try SpanBatch.decode(bytes, consumed: &consumed)
        #expect(consumed == e["consumed"]?.int)
        #expect(b.relTimestamp == e["rel_timestamp"]?.u64)
        #expect(b.l1OriginNumber == e["l1_origin_num"]?.u64)
        #expect(Hex.encode(b.parentCheck) == e["parent_check"]?.string)
        #expect(Hex.encode(b.l1OriginCheck) == e["l1_origin_check"]?.string)
        #expect(b.blockCount == e["block_count"]?.int)
        #expect(b.originBits == e["origin_bits"]?.bits)
        #expect(b.blockTransactionCounts == e["block_tx_counts"]?.u64s)
        #expect(b.transactions.count == e["total_tx_count"]?.int)
        #expect(b.transactions.map { $0.to == nil } == e["contract_creation_bits"]?.bits)
        #expect(b.transactions.map { $0.yParity == 1 } == e["y_parity_bits"]?.bits)
        #expect(b.transactions.map { Int($0.type) } == e["tx_types"]?.ints)
        #expect(b.transactions.filter { $0.type == 0 }.map(\.isProtected) == e["protected_bits"]?.bits)
        #expect(b.transactions.map(\.nonce) == e["nonces"]?.u64s)
        #expect(b.transactions.map(\.gasLimit) == e["gases"]?.u64s)
        #expect(b.transactions.map { $0.to?.description } == e["tos"]?.array.map(\.string))
        #expect(e["reencode_must_equal_input"]?.boolValue == true)
        let identical = b.encoded() == bytes
        #expect(identical)
    }
}

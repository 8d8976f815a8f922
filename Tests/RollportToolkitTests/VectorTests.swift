import Foundation
import Testing
import RollportToolkit

/// Real transactions from the shared vectors (see optimism/MANIFEST.md and proofs/MANIFEST.md
/// in that directory for where each came from and how the expected values were obtained).
@Suite("Shared vectors")
struct VectorTests {
    @Test("transactions from the shared vectors decode as their expected values")
    func sharedVectors() throws {
        guard let dir = SharedVectors.locate() else { return }
        var counts: [(String, Int)] = []
        counts.append(("OP Mainnet batcher tx", try opMainnetBatcherTransaction(dir)))
        counts.append(("Blast singular batch txs", try blastSingularBatch(dir)))
        counts.append(("Brotli singular batch txs", try brotliSingularBatch(dir)))
        counts.append(("sender-recovery txs", try senderRecoveryTransactions(dir)))
        let total = counts.reduce(0) { $0 + $1.1 }
        print("toolkit vectors: \(total) cases (\(counts.map { "\($0.0): \($0.1)" }.joined(separator: ", ")))")
        #expect(total == 1 + 13 + 20 + 7)
    }

    /// optimism/batches/op_mainnet_batcher_tx_0xe69d9433.bin: a signed type-2 L1 transaction
    /// whose calldata is one OP Stack frame.
    private func opMainnetBatcherTransaction(_ dir: URL) throws -> Int {
        let raw = try SharedVectors.data("optimism/batches/op_mainnet_batcher_tx_0xe69d9433.bin", in: dir)
        let expected = try SharedVectors.json("optimism/batches/op_mainnet_batcher_tx_0xe69d9433.expected.json", in: dir)
        let l1 = try #require(expected["l1_tx"] as? [String: Any])

        let tx = try SignedTransaction(encoded: raw)
        #expect(tx.type == 2)
        #expect(tx.chainID == 1)
        #expect(tx.nonce == 1_104_454)
        let inbox = try Address(hex: "0xff00000000000000000000000000000000000010")
        #expect(tx.to == inbox)
        #expect(tx.input.count == 119_823)
        #expect(tx.input.first == 0x00)
        #expect(tx.value == .zero)
        #expect(tx.blobVersionedHashes.isEmpty)
        #expect(tx.sidecar == nil)
        #expect(tx.canonicalEncoding == raw)

        // The same facts, as recorded in the expected JSON.
        #expect(raw.count == (l1["length"] as? Int))
        #expect(tx.chainID.map(Int.init) == (l1["chain_id"] as? Int))
        #expect(Int(tx.nonce) == (l1["nonce"] as? Int))
        #expect(tx.to?.description == (l1["to"] as? String)?.lowercased())
        #expect(tx.input.count == (l1["calldata_length"] as? Int))
        #expect(tx.input.first.map(Int.init) == (l1["calldata_version_byte"] as? Int))
        #expect(tx.hash.description == (l1["tx_hash"] as? String))
        #expect(try tx.recoverSender().description == (l1["from_recovered"] as? String))

        // The calldata is `version ‖ frame`: channel_id (16) ‖ frame_number (u16) ‖
        // frame_data_length (u32) ‖ frame_data ‖ is_last (u8), all big-endian.
        let frames = try #require(expected["frames"] as? [[String: Any]])
        let frame = try #require(frames.first)
        #expect(frames.count == 1)
        let input = tx.input
        #expect(Hex.encode(input[1..<17]) == (frame["channel_id"] as? String))
        #expect(Int(input[17]) << 8 | Int(input[18]) == (frame["frame_number"] as? Int))
        let dataLength = input[19..<23].reduce(0) { $0 << 8 | Int($1) }
        #expect(dataLength == (frame["frame_data_length"] as? Int))
        #expect(1 + 16 + 2 + 4 + dataLength + 1 == input.count)
        #expect(input.last.map(Int.init) == (frame["is_last"] as? Int))
        let channel = try #require(expected["channel"] as? [String: Any])
        #expect(Hex.encode([input[23]]) == (channel["first_byte"] as? String))
        #expect(dataLength == (channel["compressed_length"] as? Int))

        // Strict RLP underneath: the payload decodes and re-encodes to the same bytes.
        #expect(try RLP.decode(raw[1...]).encoded() == Array(raw[1...]))
        return 1
    }

    /// optimism/batches/blast_singular_batch_v0.hex: `0x00 ‖ rlp([parent_hash, epoch_number,
    /// epoch_hash, timestamp, [tx…]])`; each tx is an RLP string holding a signed tx.
    private func blastSingularBatch(_ dir: URL) throws -> Int {
        let bytes = try SharedVectors.hexFile("optimism/batches/blast_singular_batch_v0.hex", in: dir)
        let expected = try SharedVectors.json("optimism/batches/blast_singular_batch_v0.expected.json", in: dir)
        #expect(bytes.first == 0x00)
        let batch = try RLP.decode(bytes[1...])
        #expect(batch.encoded() == Array(bytes[1...]))
        guard case .list(let fields) = batch, fields.count == 5,
              case .bytes(let parent) = fields[0], case .bytes(let epoch) = fields[1],
              case .bytes(let epochHash) = fields[2], case .bytes(let timestamp) = fields[3],
              case .list(let txs) = fields[4]
        else {
            Issue.record("Blast batch is not [parent_hash, epoch_number, epoch_hash, timestamp, [tx…]]: \(batch)")
            return 0
        }
        #expect(Hash32(bytes: parent)?.description == (expected["parent_hash"] as? String))
        #expect(Hash32(bytes: epochHash)?.description == (expected["epoch_hash"] as? String))
        #expect(epoch.reduce(0) { $0 << 8 | Int($1) } == (expected["epoch_num"] as? Int))
        #expect(timestamp.reduce(0) { $0 << 8 | Int($1) } == (expected["timestamp"] as? Int))
        let types = try #require(expected["tx_types"] as? [Int])
        let chain = try #require(expected["chain"] as? [String: Any])
        let chainID = try #require(chain["l2_chain_id"] as? Int)
        #expect(txs.count == (expected["tx_count"] as? Int))
        #expect(txs.count == types.count)
        let recorded = try #require(expected["txs"] as? [[String: Any]])
        #expect(recorded.count == txs.count)
        for (i, item) in txs.enumerated() {
            guard case .bytes(let raw) = item else {
                Issue.record("Blast tx \(i) is not an RLP string")
                continue
            }
            let tx = try SignedTransaction(encoded: raw)
            #expect(Int(tx.type) == types[safe: i], "Blast tx \(i)")
            // Both the legacy txs (via v) and the typed ones name Blast's chain.
            #expect(tx.chainID.map(Int.init) == chainID, "Blast tx \(i)")
            #expect(tx.canonicalEncoding == raw, "Blast tx \(i)")
            #expect(tx.to != nil, "Blast tx \(i)")
            #expect(tx.hash.description == (recorded[safe: i]?["hash"] as? String), "Blast tx \(i)")
            #expect(try tx.recoverSender().description == (recorded[safe: i]?["sender"] as? String), "Blast tx \(i)")
        }
        return txs.count
    }

    /// optimism/batches/brotli_batch_decompressed.hex: one RLP string holding a singular batch
    /// (synthetic transactions of types 0, 1 and 2, with and without `to`).
    private func brotliSingularBatch(_ dir: URL) throws -> Int {
        let bytes = try SharedVectors.hexFile("optimism/batches/brotli_batch_decompressed.hex", in: dir)
        let expected = try SharedVectors.json("optimism/batches/brotli_batch.expected.json", in: dir)
        let singular = try #require(expected["singular_batch"] as? [String: Any])
        #expect(bytes.count == (expected["decompressed_length"] as? Int))
        let outer = try RLP.decode(bytes)
        #expect(outer.encoded() == bytes)
        guard case .bytes(let batchBytes) = outer, batchBytes.first == UInt8(expected["batch_type"] as? Int ?? -1) else {
            Issue.record("brotli batch is not an RLP string starting with the batch type")
            return 0
        }
        let batch = try RLP.decode(batchBytes[1...])
        guard case .list(let fields) = batch, fields.count == 5, case .bytes(let parent) = fields[0],
              case .bytes(let timestamp) = fields[3], case .list(let txs) = fields[4]
        else {
            Issue.record("brotli batch is not a singular batch: \(batch)")
            return 0
        }
        #expect(Hash32(bytes: parent)?.description == (singular["parent_hash"] as? String))
        #expect(timestamp.reduce(0) { $0 << 8 | Int($1) } == (singular["timestamp"] as? Int))
        #expect(txs.count == (singular["tx_count"] as? Int))
        let hashes = try #require(singular["tx_hashes"] as? [String])
        #expect(hashes.count == txs.count)
        var chainIDs = Set<UInt64?>()
        var types = Set<UInt8>()
        var creations = 0
        for (i, item) in txs.enumerated() {
            guard case .bytes(let raw) = item else {
                Issue.record("brotli batch tx \(i) is not an RLP string")
                continue
            }
            let tx = try SignedTransaction(encoded: raw)
            #expect(tx.canonicalEncoding == raw)
            #expect(tx.hash.description == hashes[safe: i], "brotli batch tx \(i)")
            #expect(throws: Never.self, "brotli batch tx \(i)") { try tx.recoverSender() }
            chainIDs.insert(tx.chainID)
            types.insert(tx.type)
            if tx.to == nil { creations += 1 }
        }
        // One chain, whether it comes from an EIP-155 v or an explicit chainId field.
        #expect(chainIDs.count == 1)
        #expect(chainIDs.first.flatMap { $0 } != nil)
        #expect(types == [0, 1, 2])
        #expect(creations > 0)
        return txs.count
    }

    /// proofs/secp256k1/tx_sender_recovery.json: one transaction of each kind (including the
    /// EIP-155 example and a type 3 without sidecar); the high-s one is structurally valid.
    private func senderRecoveryTransactions(_ dir: URL) throws -> Int {
        let json = try SharedVectors.json("proofs/secp256k1/tx_sender_recovery.json", in: dir)
        let vectors = try #require(json["vectors"] as? [[String: Any]])
        for vector in vectors {
            let name = vector["name"] as? String ?? "?"
            let raw = try Hex.decode(try #require(vector["raw_tx"] as? String))
            let tx = try SignedTransaction(encoded: raw)
            #expect(tx.canonicalEncoding == raw, "\(name)")
            if raw[0] >= 0xc0 {
                let vOrParity = try #require(vector["v_or_yParity"] as? Int, "\(name)")
                #expect(tx.type == 0, "\(name)")
                #expect(tx.chainID == (vOrParity >= 35 ? UInt64(vOrParity - 35) / 2 : nil), "\(name)")
            } else {
                #expect(tx.type == raw[0], "\(name)")
            }
            if tx.type == 3 {
                #expect(tx.blobVersionedHashes.count == 1, "\(name)")
                #expect(tx.blobVersionedHashes.first?.bytes.first == 0x01, "\(name)")
            }
        }
        let byName = Dictionary(vectors.map { ($0["name"] as? String ?? "", $0) }, uniquingKeysWith: { a, _ in a })
        if let eip155 = byName["legacy_eip155_example_from_EIP155"] {
            let tx = try SignedTransaction(encoded: try Hex.decode(eip155["raw_tx"] as? String ?? ""))
            #expect(tx.chainID == 1)
            #expect(tx.nonce == 9)
            #expect(tx.value == UInt256(Samples.oneEther))
            #expect(tx.canonicalEncoding == Samples.legacy(Samples.legacyFields(v: 37)))
        } else {
            Issue.record("the EIP-155 example is missing from tx_sender_recovery.json")
        }
        if let creation = byName["eip1559_type2_contract_creation"] {
            #expect(try SignedTransaction(encoded: try Hex.decode(creation["raw_tx"] as? String ?? "")).to == nil)
        }
        return vectors.count
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}

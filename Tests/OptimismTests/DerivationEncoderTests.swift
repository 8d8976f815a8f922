import Testing
import RollportToolkit
@testable import OptimismDerivation
import OptimismTestSupport

@Suite("OP batch encoder")
struct DerivationEncoderTests {
    /// Signed transactions of every span-batch kind on chain 130.
    static func blocks() throws -> [L2BlockInput] {
        let config = RollupConfig.unichainMainnet
        let key = try Secp256k1.PrivateKey(bytes: [UInt8](repeating: 0, count: 31) + [7])
        var rng = SplitMix64(seed: 11)
        var nonce: UInt64 = 0
        func tx(_ type: UInt8, protected: Bool = true, creation: Bool = false) throws -> [UInt8] {
            defer { nonce += 1 }
            var t = SignedTransaction(type: type, chainID: type == 0 && !protected ? nil : 130, nonce: nonce,
                                      gasPrice: UInt256(1_000_000), maxPriorityFeePerGas: UInt256(1_000), maxFeePerGas: UInt256(2_000_000),
                                      gasLimit: 21_000 + rng.next() % 100_000, to: creation ? nil : Address(bytes: rng.bytes(20)),
                                      value: UInt256(rng.next() % 1_000_000), input: rng.bytes(Int(rng.next() % 300)))
            if type == 1 || type == 2 {
                t.accessList = [.init(address: Address(bytes: rng.bytes(20))!, storageKeys: [Hash32(bytes: rng.bytes(32))!])]
            }
            if type == 4 {
                var auth = SignedTransaction.Authorization(chainID: UInt256(130), address: Address(bytes: rng.bytes(20))!, nonce: 3)
                try auth.sign(with: key)
                t.authorizationList = [auth]
            }
            try t.sign(with: key)
            return t.canonicalEncoding
        }
        let start = config.genesisL2Time + 36_000_000
        var out = [L2BlockInput]()
        for i in 0..<6 {
            let txs = try [tx(0), tx(0, protected: false), tx(1), tx(2), tx(2, creation: true), tx(4)].prefix(i + 1)
            out.append(L2BlockInput(number: 36_000_000 + UInt64(i), timestamp: start + UInt64(i), l1OriginNumber: 24_000_000 + UInt64(i / 3),
                                    l1OriginHash: Hash32(w0: UInt64(i / 3), w1: 1, w2: 2, w3: 3), parentHash: Hash32(w0: 9, w1: 9, w2: 9, w3: UInt64(i)),
                                    transactions: Array(txs), startsEpoch: i == 0))
        }
        return out
    }

    @Test("span and singular × zlib and Brotli × calldata and blobs round-trip through the decoder")
    func roundTrips() throws {
        let config = RollupConfig.unichainMainnet
        let input = try Self.blocks()
        var rng = SplitMix64(seed: 5)
        for kind in [BatchEncoderOptions.BatchKind.span, .singular] {
            for compression in [ChannelCompression.zlib, .brotli] {
                for da in [BatchEncoderOptions.DataAvailability.calldata, .blobs] {
                    let id = ChannelID.random(using: &rng)
                    // Small frames for calldata, so that the channel spans several.
                    let options = BatchEncoderOptions(kind: kind, compression: compression, dataAvailability: da,
                                                      maxFrameSize: da == .calldata ? 300 : nil, blobsPerTransaction: 2, channelID: id)
                    let encoded = try BatchEncoder(config: config, options: options).encode(input)
                    var frames = [Frame]()
                    for payload in encoded.payloads {
                        switch payload {
                        case .calldata(let data):
                            #expect(da == .calldata && data.count <= 301)
                            frames += try BatcherPayload.frames(calldata: data)
                        case .blobs(let blobs):
                            #expect(da == .blobs && blobs.count <= 2)
                            frames += try BatcherPayload.frames(blobs: blobs)
                        }
                    }
                    var stage = ChannelStage(config: config)
                    let out = stage.add(frames, from: L1BlockRef(number: 24_000_010, hash: .zero, parentHash: .zero, timestamp: 1_767_000_000))
                    #expect(out.dropped.isEmpty)
                    let channel = try #require(out.ready.first)
                    #expect(channel.id == id)
                    let content = try channel.decompress(config: config)
                    #expect(content.stop == nil && content.compression == compression)
                    let (batches, error) = BatchReader.readAll(content.data)
                    #expect(error == nil)
                    #expect(batches == encoded.batches)
                    let blocks = try batches.flatMap { try $0.blocks(config: config) }
                    #expect(blocks.map(\.transactions) == input.map(\.transactions), "\(kind) \(compression) \(da)")
                    #expect(blocks.map(\.number) == input.map(\.number))
                    #expect(blocks.map(\.l1OriginNumber) == input.map(\.l1OriginNumber))
                    if kind == .span {
                        #expect(blocks.map(\.startsEpoch) == [true, false, false, true, false, false])
                        guard case .span(let span) = batches[0] else { continue }
                        #expect(span.parentCheck == Array(input[0].parentHash.bytes.prefix(20)))
                        #expect(span.l1OriginCheck == Array(input[5].l1OriginHash.bytes.prefix(20)))
                        #expect(span.transactions.filter { $0.type == 0 }.map(\.isProtected).contains(false))
                    }
                }
            }
        }
    }

    @Test("the encoder refuses gaps, foreign chain ids and deposits")
    func refusals() throws {
        var input = try Self.blocks()
        let encoder = BatchEncoder(config: .unichainMainnet, options: BatchEncoderOptions(channelID: ChannelID(high: 1, low: 2)))
        input[2].timestamp += 1
        #expect(throws: BatchEncodingError.self) { try encoder.encode(input) }
        let other = BatchEncoder(config: .opMainnet, options: BatchEncoderOptions(channelID: ChannelID(high: 1, low: 2)))
        let error = try #require(throws: BatchEncodingError.self) { try other.spanBatch(try Self.blocks()) }
        #expect(error.description.contains("chain id 130"))
        var deposit = try Self.blocks()
        deposit[0].transactions = [[0x7e, 0xc0]]
        #expect(throws: BatchEncodingError.self) { try encoder.encode(deposit) }
    }
}

import RollportToolkit

/// An L2 block to post: what a batcher knows about it.
public struct L2BlockInput: Sendable, Equatable {
    public var number: UInt64
    public var timestamp: UInt64
    public var l1OriginNumber: UInt64
    public var l1OriginHash: Hash32
    public var parentHash: Hash32
    /// Sequencer transactions (EIP-2718 encodings; no deposits).
    public var transactions: [[UInt8]]
    /// True for the first block of its L1 origin's epoch (sequence number 0). A span batch
    /// records it as the first block's origin bit; later bits follow from the origin numbers.
    public var startsEpoch: Bool

    public init(number: UInt64, timestamp: UInt64, l1OriginNumber: UInt64, l1OriginHash: Hash32, parentHash: Hash32,
                transactions: [[UInt8]], startsEpoch: Bool = false) {
        self.number = number; self.timestamp = timestamp; self.l1OriginNumber = l1OriginNumber
        self.l1OriginHash = l1OriginHash; self.parentHash = parentHash; self.transactions = transactions
        self.startsEpoch = startsEpoch
    }
}

/// What goes to L1: a calldata batcher transaction (`0x00 ‖ frames`) or a blob transaction's
/// blobs (each the OP blob encoding of `0x00 ‖ frame`).
public enum L1Payload: Sendable, Equatable {
    case calldata([UInt8])
    case blobs([[UInt8]])
}

public struct BatchEncoderOptions: Sendable, Equatable {
    public enum BatchKind: String, Sendable, Equatable { case singular, span }
    public enum DataAvailability: String, Sendable, Equatable { case calldata, blobs }

    /// op-batcher's default largest calldata transaction payload.
    public static let defaultCalldataSize = 120_000
    /// The largest frame one blob carries (after its version byte).
    public static let maxBlobFrameSize = OPBlobCodec.maxDataSize - 1

    public var kind: BatchKind
    public var compression: ChannelCompression
    /// nil: zlib 9, Brotli 10 (op-batcher's choices).
    public var compressionLevel: Int?
    public var dataAvailability: DataAvailability
    /// Largest encoded frame (23 bytes of header included); nil: 119,999 for calldata (the
    /// version byte makes 120,000), 130,043 for blobs.
    public var maxFrameSize: Int?
    /// Blobs per blob transaction (Pectra allows up to 9 per block; op-batcher's default is 6).
    public var blobsPerTransaction: Int
    public var channelID: ChannelID

    public init(kind: BatchKind = .span, compression: ChannelCompression = .brotli, compressionLevel: Int? = nil,
                dataAvailability: DataAvailability = .blobs, maxFrameSize: Int? = nil, blobsPerTransaction: Int = 6,
                channelID: ChannelID) {
        self.kind = kind; self.compression = compression; self.compressionLevel = compressionLevel
        self.dataAvailability = dataAvailability; self.maxFrameSize = maxFrameSize
        self.blobsPerTransaction = blobsPerTransaction; self.channelID = channelID
    }

    public var effectiveMaxFrameSize: Int {
        maxFrameSize ?? (dataAvailability == .calldata ? Self.defaultCalldataSize - 1 : Self.maxBlobFrameSize)
    }
}

/// One channel built from L2 blocks, and the L1 payloads carrying it.
public struct EncodedChannel: Sendable, Equatable {
    public var channelID: ChannelID
    public var batches: [Batch]
    /// The RLP stream of batches before compression.
    public var uncompressedSize: Int
    public var compressed: [UInt8]
    public var frames: [Frame]
    public var payloads: [L1Payload]
}

public struct BatchEncodingError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "batch encoder: \(message)" }
}

/// The batcher's side: L2 blocks → batches → one compressed channel → frames → L1 payloads.
public struct BatchEncoder: Sendable {
    public let config: RollupConfig
    public let options: BatchEncoderOptions

    public init(config: RollupConfig, options: BatchEncoderOptions) { self.config = config; self.options = options }

    public func encode(_ blocks: [L2BlockInput]) throws(BatchEncodingError) -> EncodedChannel {
        guard !blocks.isEmpty else { throw BatchEncodingError("no blocks to encode") }
        let batches: [Batch]
        switch options.kind {
        case .singular:
            batches = blocks.map {
                .singular(SingularBatch(parentHash: $0.parentHash, epochNumber: $0.l1OriginNumber, epochHash: $0.l1OriginHash,
                                        timestamp: $0.timestamp, transactions: $0.transactions))
            }
        case .span:
            batches = [.span(try spanBatch(blocks))]
        }
        let stream = BatchReader.encode(batches)
        guard stream.count <= DerivationLimits.maxRLPBytesPerChannelFjord else {
            throw BatchEncodingError("\(stream.count) bytes of batches exceed MAX_RLP_BYTES_PER_CHANNEL (\(DerivationLimits.maxRLPBytesPerChannelFjord)); split the blocks over several channels")
        }
        let compressed: [UInt8]
        do { compressed = try ChannelReader.compress(stream, with: options.compression, level: options.compressionLevel) } catch {
            throw BatchEncodingError("compression failed: \(error)")
        }
        let frameSize = options.effectiveMaxFrameSize
        let dataPerFrame = frameSize - DerivationLimits.frameOverhead
        guard dataPerFrame > 0 else { throw BatchEncodingError("max frame size \(frameSize) leaves no room for data (the header is 23 bytes)") }
        if options.dataAvailability == .blobs, frameSize > BatchEncoderOptions.maxBlobFrameSize {
            throw BatchEncodingError("max frame size \(frameSize) does not fit a blob (at most \(BatchEncoderOptions.maxBlobFrameSize))")
        }
        let frameCount = max(1, (compressed.count + dataPerFrame - 1) / dataPerFrame)
        guard frameCount <= Int(UInt16.max) + 1 else { throw BatchEncodingError("\(frameCount) frames exceed the 65,536 a channel can number") }
        var frames = [Frame]()
        for i in 0..<frameCount {
            let start = i * dataPerFrame
            let end = min(compressed.count, start + dataPerFrame)
            frames.append(Frame(channelID: options.channelID, number: UInt16(i), data: Array(compressed[start..<end]), isLast: i == frameCount - 1))
        }
        var payloads = [L1Payload]()
        switch options.dataAvailability {
        case .calldata:
            payloads = frames.map { .calldata(BatcherPayload.calldata(frames: [$0])) }
        case .blobs:
            var blobs = [[UInt8]]()
            for frame in frames {
                do { blobs.append(try OPBlobCodec.encode(BatcherPayload.calldata(frames: [frame]))) } catch {
                    throw BatchEncodingError("\(error)")
                }
            }
            let perTx = max(1, options.blobsPerTransaction)
            payloads = stride(from: 0, to: blobs.count, by: perTx).map { .blobs(Array(blobs[$0..<min(blobs.count, $0 + perTx)])) }
        }
        return EncodedChannel(channelID: options.channelID, batches: batches, uncompressedSize: stream.count,
                              compressed: compressed, frames: frames, payloads: payloads)
    }

    /// The span batch for consecutive blocks, as op-batcher builds it.
    public func spanBatch(_ blocks: [L2BlockInput]) throws(BatchEncodingError) -> SpanBatch {
        guard let first = blocks.first, let last = blocks.last else { throw BatchEncodingError("a span batch needs at least one block") }
        guard first.timestamp >= config.genesisL2Time else {
            throw BatchEncodingError("block \(first.number) has timestamp \(first.timestamp), before the L2 genesis \(config.genesisL2Time)")
        }
        var originBits = [Bool]()
        var counts = [UInt64]()
        var txs = [SpanBatchTransaction]()
        for (i, block) in blocks.enumerated() {
            if i > 0 {
                let previous = blocks[i - 1]
                guard block.timestamp == previous.timestamp + config.blockTime else {
                    throw BatchEncodingError("block \(block.number) has timestamp \(block.timestamp); a span batch needs consecutive blocks (\(previous.timestamp + config.blockTime))")
                }
                guard block.l1OriginNumber >= previous.l1OriginNumber, block.l1OriginNumber <= previous.l1OriginNumber + 1 else {
                    throw BatchEncodingError("block \(block.number): L1 origin \(block.l1OriginNumber) after \(previous.l1OriginNumber); origins advance by at most one per block")
                }
            }
            originBits.append(i == 0 ? block.startsEpoch : block.l1OriginNumber > blocks[i - 1].l1OriginNumber)
            counts.append(UInt64(block.transactions.count))
            for (k, raw) in block.transactions.enumerated() {
                let tx: SignedTransaction
                do { tx = try SignedTransaction(encoded: raw) } catch {
                    throw BatchEncodingError("block \(block.number) transaction \(k): \(error)")
                }
                if let id = tx.chainID, id != config.l2ChainID {
                    throw BatchEncodingError("block \(block.number) transaction \(k): chain id \(id), but the chain is \(config.l2ChainID)")
                }
                if tx.type != 0, tx.chainID == nil {
                    throw BatchEncodingError("block \(block.number) transaction \(k): typed transaction without a chain id")
                }
                do { txs.append(try SpanBatchTransaction(tx)) } catch {
                    throw BatchEncodingError("block \(block.number) transaction \(k): \(error)")
                }
            }
        }
        return SpanBatch(relTimestamp: first.timestamp - config.genesisL2Time, l1OriginNumber: last.l1OriginNumber,
                         parentCheck: Array(first.parentHash.bytes.prefix(20)), l1OriginCheck: Array(last.l1OriginHash.bytes.prefix(20)),
                         originBits: originBits, blockTransactionCounts: counts, transactions: txs)
    }
}

import RollportToolkit

/// How a channel's data is compressed, told by its first byte.
public enum ChannelCompression: String, Sendable, Equatable, CustomStringConvertible {
    /// RFC 1950 stream: the low nibble of the first byte (CMF) is 8 (deflate) or 15.
    case zlib
    /// Version byte 0x01, then a Brotli stream; only from Fjord.
    case brotli

    public static let brotliVersionByte: UInt8 = 0x01

    public var description: String { rawValue }

    /// The compression a channel starting with `first` uses, or nil if none.
    public static func detect(firstByte first: UInt8) -> ChannelCompression? {
        if first & 0x0F == 0x08 || first & 0x0F == 0x0F { return .zlib }
        if first == brotliVersionByte { return .brotli }
        return nil
    }
}

/// A channel's decompressed RLP stream, read the way op-node reads it: as a stream, so that
/// whatever decompressed before a fault or the size cap is kept (the batches that decode from
/// it stand; reading stops at the first incomplete one).
public struct ChannelContent: Sendable, Equatable {
    public var data: [UInt8]
    public var compression: ChannelCompression
    /// Why decompression stopped before the end of a well-formed stream, if it did: the cap
    /// (MAX_RLP_BYTES_PER_CHANNEL) was reached, or the stream is truncated or corrupt.
    /// Real channels end this way too: op-batcher's zlib channels are often closed without
    /// the final deflate block and checksum.
    public var stop: DecompressionError?
    /// Bytes after the end of a zlib stream, which op-node ignores.
    public var ignoredTrailingBytes: Int

    public init(data: [UInt8], compression: ChannelCompression, stop: DecompressionError?, ignoredTrailingBytes: Int = 0) {
        self.data = data; self.compression = compression; self.stop = stop; self.ignoredTrailingBytes = ignoredTrailingBytes
    }
}

/// Turns a channel's compressed data into the RLP stream of its batches.
public enum ChannelReader {
    /// Decompresses `compressed` into at most `maxBytes` bytes (MAX_RLP_BYTES_PER_CHANNEL of the
    /// fork in force). Brotli is refused unless `brotliAllowed` (Fjord active for the L1 block).
    /// Throws only when the channel names no usable compression; faults inside the stream are
    /// reported in `stop` with the output produced before them.
    ///
    /// Bytes after the end of a zlib stream are ignored, as op-node's Go zlib reader stops at
    /// the stream's end. After a Brotli stream they are reported in `stop` (op-node's Brotli
    /// reader reports excess input), all output kept.
    public static func decompress(_ compressed: [UInt8], maxBytes: Int, brotliAllowed: Bool) throws(ChannelError) -> ChannelContent {
        guard let first = compressed.first else { throw .empty }
        guard let compression = ChannelCompression.detect(firstByte: first) else { throw .unknownCompression(first) }
        switch compression {
        case .zlib:
            let (data, stop) = CompressionCodec.zlib.decompressPrefix(compressed, maxOutputBytes: maxBytes)
            if let stop, case .trailingBytes(let count) = stop.reason {
                return ChannelContent(data: data, compression: .zlib, stop: nil, ignoredTrailingBytes: count)
            }
            return ChannelContent(data: data, compression: .zlib, stop: stop)
        case .brotli:
            guard brotliAllowed else { throw .brotliBeforeFjord }
            let (data, stop) = CompressionCodec.brotli.decompressPrefix(Array(compressed.dropFirst()), maxOutputBytes: maxBytes)
            return ChannelContent(data: data, compression: .brotli, stop: stop)
        }
    }

    /// The compressed channel for an RLP stream of batches: a zlib stream, or 0x01 ‖ Brotli.
    public static func compress(_ rlpBatches: [UInt8], with compression: ChannelCompression, level: Int? = nil) throws(CompressionError) -> [UInt8] {
        switch compression {
        case .zlib: return try CompressionCodec.zlib.compress(rlpBatches, level: level ?? 9)
        case .brotli: return [ChannelCompression.brotliVersionByte] + (try CompressionCodec.brotli.compress(rlpBatches, level: level ?? 10))
        }
    }
}

extension Channel {
    /// The decompressed RLP stream of this (ready) channel, capped at `maxBytes`.
    public func decompress(maxBytes: Int, brotliAllowed: Bool) throws(ChannelError) -> ChannelContent {
        guard isReady else { throw .notReady }
        return try ChannelReader.decompress(compressedData, maxBytes: maxBytes, brotliAllowed: brotliAllowed)
    }

    /// The decompressed RLP stream under `config`'s rules for the L1 block that completed it.
    public func decompress(config: RollupConfig) throws(ChannelError) -> ChannelContent {
        try decompress(maxBytes: config.maxRLPBytesPerChannel(l1Timestamp: lastBlock.timestamp),
                       brotliAllowed: config.isActive(.fjord, timestamp: lastBlock.timestamp))
    }
}

public enum ChannelError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case notReady
    case unknownCompression(UInt8)
    case brotliBeforeFjord

    public var description: String {
        switch self {
        case .empty: return "channel: no data"
        case .notReady: return "channel: not complete (missing frames or no closing frame)"
        case .unknownCompression(let b):
            return "channel: first byte 0x\(Hex.encode([b], prefix: false)) names no compression (zlib has low nibble 8 or 15, Brotli is 0x01)"
        case .brotliBeforeFjord:
            return "channel: Brotli (version byte 0x01) is only valid from Fjord"
        }
    }
}

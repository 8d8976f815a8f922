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

/// Turns a channel's compressed data into the RLP stream of its batches.
public enum ChannelReader {
    /// Decompresses `compressed` into at most `maxBytes` bytes (MAX_RLP_BYTES_PER_CHANNEL of the
    /// fork in force). Brotli is refused unless `brotliAllowed` (Fjord active for the L1 block).
    ///
    /// Bytes after the end of a zlib stream are ignored, as op-node's Go zlib reader stops at
    /// the stream's end: the stream is decompressed again without them. A Brotli stream must
    /// fill the channel (op-node's Brotli reader reports excess input as an error).
    public static func decompress(_ compressed: [UInt8], maxBytes: Int, brotliAllowed: Bool) throws(ChannelError) -> (data: [UInt8], compression: ChannelCompression) {
        guard let first = compressed.first else { throw .empty }
        guard let compression = ChannelCompression.detect(firstByte: first) else { throw .unknownCompression(first) }
        switch compression {
        case .zlib:
            do {
                return (try CompressionCodec.zlib.decompress(compressed, maxOutputBytes: maxBytes), .zlib)
            } catch let error where isTrailing(error) {
                let end = error.inputConsumed
                do {
                    return (try CompressionCodec.zlib.decompress(Array(compressed[..<end]), maxOutputBytes: maxBytes), .zlib)
                } catch { throw .decompression(error, compressedOffset: 0) }
            } catch { throw .decompression(error, compressedOffset: 0) }
        case .brotli:
            guard brotliAllowed else { throw .brotliBeforeFjord }
            do {
                return (try CompressionCodec.brotli.decompress(Array(compressed.dropFirst()), maxOutputBytes: maxBytes), .brotli)
            } catch { throw .decompression(error, compressedOffset: 1) }
        }
    }

    private static func isTrailing(_ error: DecompressionError) -> Bool {
        if case .trailingBytes = error.reason { return true }
        return false
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
    public func decompress(maxBytes: Int, brotliAllowed: Bool) throws(ChannelError) -> [UInt8] {
        guard isReady else { throw .notReady }
        return try ChannelReader.decompress(compressedData, maxBytes: maxBytes, brotliAllowed: brotliAllowed).data
    }

    /// The decompressed RLP stream under `config`'s rules for the L1 block that completed it.
    public func decompress(config: RollupConfig) throws(ChannelError) -> [UInt8] {
        try decompress(maxBytes: config.maxRLPBytesPerChannel(l1Timestamp: lastBlock.timestamp),
                       brotliAllowed: config.isActive(.fjord, timestamp: lastBlock.timestamp))
    }
}

public enum ChannelError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case notReady
    case unknownCompression(UInt8)
    case brotliBeforeFjord
    /// `compressedOffset` is where the compressed stream starts in the channel (1 for Brotli).
    case decompression(DecompressionError, compressedOffset: Int)

    public var description: String {
        switch self {
        case .empty: return "channel: no data"
        case .notReady: return "channel: not complete (missing frames or no closing frame)"
        case .unknownCompression(let b):
            return "channel: first byte 0x\(Hex.encode([b], prefix: false)) names no compression (zlib has low nibble 8 or 15, Brotli is 0x01)"
        case .brotliBeforeFjord:
            return "channel: Brotli (version byte 0x01) is only valid from Fjord"
        case .decompression(let error, let offset):
            let shift = offset == 0 ? "" : " (input offsets after the \(offset)-byte version prefix)"
            return "channel: \(error)\(shift)"
        }
    }
}

/// The compression formats rollups post data in, through the system zlib, brotli and zstd.
public enum CompressionCodec: String, Sendable, CaseIterable, CustomStringConvertible {
    /// zlib format (RFC 1950: deflate with a 2-byte header and an Adler-32 trailer), as in OP Stack channels.
    case zlib
    /// Raw deflate (RFC 1951), no header or trailer.
    case deflate
    /// Brotli (RFC 7932), as in OP Stack channels since Fjord.
    case brotli
    /// Zstandard (RFC 8878), as in Scroll batches.
    case zstd

    public var description: String { rawValue }

    /// The levels the library accepts.
    public var levels: ClosedRange<Int> {
        switch self {
        case .zlib, .deflate: return 0...9
        case .brotli: return 0...11
        case .zstd: return ZstdCodec.levels
        }
    }

    /// The library's own default level.
    public var defaultLevel: Int {
        switch self {
        case .zlib, .deflate: return 6
        case .brotli: return 11
        case .zstd: return 3
        }
    }

    /// Decompresses `input`, which must be exactly one complete stream (for zstd, one or more
    /// frames), into at most `maxOutputBytes` bytes. Output is produced in chunks and the
    /// decoder stops as soon as it would exceed the cap, so hostile input (a decompression bomb)
    /// costs at most the cap in memory.
    public func decompress(_ input: [UInt8], maxOutputBytes: Int) throws(DecompressionError) -> [UInt8] {
        var output = CappedOutput(codec: self, cap: max(0, maxOutputBytes))
        switch self {
        case .zlib: try ZlibCodec.inflate(input, raw: false, into: &output)
        case .deflate: try ZlibCodec.inflate(input, raw: true, into: &output)
        case .brotli: try BrotliCodec.decode(input, into: &output)
        case .zstd: try ZstdCodec.decode(input, into: &output)
        }
        return output.bytes
    }

    /// Decompresses as much of `input` as decodes, up to `maxOutputBytes`, and says why it
    /// stopped short if it did (cap reached, truncated, corrupt, trailing bytes): the output
    /// produced until then is returned, not thrown away. For readers that consume a stream
    /// progressively and keep what came before a fault (OP Stack channels).
    public func decompressPrefix(_ input: [UInt8], maxOutputBytes: Int) -> (output: [UInt8], stop: DecompressionError?) {
        var output = CappedOutput(codec: self, cap: max(0, maxOutputBytes))
        do {
            switch self {
            case .zlib: try ZlibCodec.inflate(input, raw: false, into: &output)
            case .deflate: try ZlibCodec.inflate(input, raw: true, into: &output)
            case .brotli: try BrotliCodec.decode(input, into: &output)
            case .zstd: try ZstdCodec.decode(input, into: &output)
            }
            return (output.bytes, nil)
        } catch {
            return (output.bytes, error)
        }
    }

    /// Compresses `input` into one complete stream.
    public func compress(_ input: [UInt8], level: Int? = nil) throws(CompressionError) -> [UInt8] {
        let compressor = try StreamingCompressor(codec: self, level: level, pledgedSize: input.count)
        var out = try compressor.compress(input)
        out += try compressor.finish()
        return out
    }
}

public struct DecompressionError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Reason: Equatable, Sendable {
        /// The output would exceed the cap the caller set.
        case outputCapReached(cap: Int)
        /// The input ended before the stream did.
        case truncated
        /// The stream ended before the input did; `inputConsumed` is where the extra bytes start.
        case trailingBytes(count: Int)
        /// The library found the data invalid; its message.
        case corrupt(String)
        /// The stream needs more memory than allowed (a zstd window larger than the cap permits).
        case resourceLimit(String)
    }
    public let codec: CompressionCodec
    public let reason: Reason
    /// Input bytes the decoder had consumed when it stopped.
    public let inputConsumed: Int
    /// Output bytes produced and kept before it stopped.
    public let outputProduced: Int

    public init(codec: CompressionCodec, reason: Reason, inputConsumed: Int, outputProduced: Int) {
        self.codec = codec; self.reason = reason; self.inputConsumed = inputConsumed; self.outputProduced = outputProduced
    }

    public var description: String {
        switch reason {
        case .outputCapReached(let cap):
            return "\(codec): output cap of \(cap) bytes reached after consuming \(inputConsumed) input bytes; the data decompresses to more than that"
        case .truncated:
            return "\(codec): the input ends before the compressed stream does (all \(inputConsumed) bytes consumed, \(outputProduced) bytes produced); the data is truncated"
        case .trailingBytes(let count):
            return "\(codec): the compressed stream ends at byte \(inputConsumed) but \(count) more bytes follow; remove them or check where the stream starts"
        case .corrupt(let message):
            return "\(codec): corrupt data near input byte \(inputConsumed): \(message)"
        case .resourceLimit(let message):
            return "\(codec): \(message) (at input byte \(inputConsumed)); raise the output cap if the data is trusted"
        }
    }
}

public struct CompressionError: Error, Equatable, Sendable, CustomStringConvertible {
    public let codec: CompressionCodec
    public let message: String

    public init(codec: CompressionCodec, message: String) { self.codec = codec; self.message = message }

    public var description: String { "\(codec): \(message)" }
}

/// Collects decoder output and refuses to grow past the cap. Capacity is reserved in steps no
/// larger than the cap, so a bomb never makes it allocate beyond it.
struct CappedOutput {
    let codec: CompressionCodec
    let cap: Int
    private(set) var bytes: [UInt8] = []

    init(codec: CompressionCodec, cap: Int) { self.codec = codec; self.cap = cap }

    static let chunkSize = 64 * 1024

    /// Appends the first `count` bytes of `chunk`.
    mutating func append(_ chunk: UnsafeMutableBufferPointer<UInt8>, count: Int, inputConsumed: Int) throws(DecompressionError) {
        guard count <= cap - bytes.count else {
            // Keep what fits, so that a caller reading a prefix gets exactly `cap` bytes.
            bytes.reserveCapacity(cap)
            bytes.append(contentsOf: chunk[0..<(cap - bytes.count)])
            throw DecompressionError(codec: codec, reason: .outputCapReached(cap: cap), inputConsumed: inputConsumed, outputProduced: bytes.count)
        }
        let needed = bytes.count + count
        if needed > bytes.capacity { bytes.reserveCapacity(min(cap, max(needed, bytes.capacity * 2))) }
        bytes.append(contentsOf: chunk[0..<count])
    }

    func error(_ reason: DecompressionError.Reason, inputConsumed: Int) -> DecompressionError {
        DecompressionError(codec: codec, reason: reason, inputConsumed: inputConsumed, outputProduced: bytes.count)
    }
}

/// Compresses data given in pieces into one stream, so large or generated input never has to
/// be held whole. Call `compress` for each piece, then `finish` once.
public final class StreamingCompressor {
    public let codec: CompressionCodec
    public let level: Int
    private let encoder: any StreamEncoder
    private var finished = false

    /// `pledgedSize`, when known, is the total input size; zstd records it in the frame header.
    public init(codec: CompressionCodec, level: Int? = nil, pledgedSize: Int? = nil) throws(CompressionError) {
        let level = level ?? codec.defaultLevel
        guard codec.levels.contains(level) else {
            throw CompressionError(codec: codec, message: "level \(level) is outside \(codec.levels.lowerBound)...\(codec.levels.upperBound)")
        }
        self.codec = codec
        self.level = level
        switch codec {
        case .zlib: encoder = try ZlibEncoder(raw: false, level: level)
        case .deflate: encoder = try ZlibEncoder(raw: true, level: level)
        case .brotli: encoder = try BrotliEncoder(quality: level, pledgedSize: pledgedSize)
        case .zstd: encoder = try ZstdEncoder(level: level, pledgedSize: pledgedSize)
        }
    }

    /// Compressed bytes ready so far (often none: encoders buffer).
    public func compress(_ piece: [UInt8]) throws(CompressionError) -> [UInt8] {
        let result: Result<[UInt8], CompressionError> = piece.withUnsafeBytes { buffer in
            Result { () throws(CompressionError) in try self.compress(buffer) }
        }
        return try result.get()
    }

    public func compress(_ piece: UnsafeRawBufferPointer) throws(CompressionError) -> [UInt8] {
        guard !finished else { throw CompressionError(codec: codec, message: "the stream is already finished") }
        var out = [UInt8]()
        try encoder.encode(piece, finish: false, into: &out)
        return out
    }

    /// The rest of the stream, including its end marker and checksum.
    public func finish() throws(CompressionError) -> [UInt8] {
        guard !finished else { throw CompressionError(codec: codec, message: "the stream is already finished") }
        finished = true
        var out = [UInt8]()
        try encoder.encode(UnsafeRawBufferPointer(start: nil, count: 0), finish: true, into: &out)
        return out
    }
}

protocol StreamEncoder: AnyObject {
    func encode(_ input: UnsafeRawBufferPointer, finish: Bool, into out: inout [UInt8]) throws(CompressionError)
}

import CZlib

/// zlib's inflate, fed the whole input and drained 64 KiB at a time.
enum ZlibCodec {
    static func inflate(_ input: [UInt8], raw: Bool, into output: inout CappedOutput) throws(DecompressionError) {
        var stream = z_stream()
        guard inflateInit2_(&stream, raw ? -MAX_WBITS : MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw output.error(.resourceLimit("inflateInit failed: \(message(stream) ?? "out of memory")"), inputConsumed: 0)
        }
        defer { inflateEnd(&stream) }
        var scratch = [UInt8](repeating: 0, count: CappedOutput.chunkSize)
        let result: Result<Void, DecompressionError> = input.withUnsafeBufferPointer { inBuffer in
            scratch.withUnsafeMutableBufferPointer { outBuffer in
                Result { () throws(DecompressionError) in
                    var fed = 0
                    while true {
                        if stream.avail_in == 0, fed < inBuffer.count, let base = inBuffer.baseAddress {
                            let step = min(inBuffer.count - fed, Int(UInt32.max))
                            stream.next_in = UnsafeMutablePointer(mutating: base + fed)
                            stream.avail_in = UInt32(step)
                            fed += step
                        }
                        stream.next_out = outBuffer.baseAddress
                        stream.avail_out = UInt32(outBuffer.count)
                        let status = CZlib.inflate(&stream, Z_NO_FLUSH)
                        let produced = outBuffer.count - Int(stream.avail_out)
                        let consumed = Int(stream.total_in)
                        try output.append(outBuffer, count: produced, inputConsumed: consumed)
                        switch status {
                        case Z_STREAM_END:
                            if consumed < inBuffer.count {
                                throw output.error(.trailingBytes(count: inBuffer.count - consumed), inputConsumed: consumed)
                            }
                            return
                        case Z_OK:
                            continue
                        case Z_BUF_ERROR:
                            // No progress was possible: with room to write, that means no input is left.
                            throw output.error(.truncated, inputConsumed: consumed)
                        case Z_NEED_DICT:
                            throw output.error(.corrupt("the stream needs a preset dictionary, which rollup data never uses"), inputConsumed: consumed)
                        case Z_MEM_ERROR:
                            throw output.error(.resourceLimit("out of memory"), inputConsumed: consumed)
                        default:
                            throw output.error(.corrupt(message(stream) ?? "inflate error \(status)"), inputConsumed: consumed)
                        }
                    }
                }
            }
        }
        try result.get()
    }

    private static func message(_ stream: z_stream) -> String? {
        stream.msg.map { String(cString: $0) }
    }
}

/// Incremental deflate into zlib format or raw deflate.
final class ZlibEncoder: StreamEncoder {
    private var stream = z_stream()
    private let codec: CompressionCodec

    init(raw: Bool, level: Int) throws(CompressionError) {
        codec = raw ? .deflate : .zlib
        let status = deflateInit2_(&stream, Int32(level), Z_DEFLATED, raw ? -MAX_WBITS : MAX_WBITS, 8, Z_DEFAULT_STRATEGY,
                                   ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw CompressionError(codec: codec, message: "deflateInit failed (\(status))") }
    }

    deinit { deflateEnd(&stream) }

    func encode(_ input: UnsafeRawBufferPointer, finish: Bool, into out: inout [UInt8]) throws(CompressionError) {
        var scratch = [UInt8](repeating: 0, count: CappedOutput.chunkSize)
        var offset = 0
        while true {
            let step = min(input.count - offset, Int(UInt32.max))
            let last = offset + step == input.count
            let flush = finish && last ? Z_FINISH : Z_NO_FLUSH
            var status: Int32 = Z_OK
            let base = input.baseAddress.map { UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: UInt8.self) + offset) }
            stream.next_in = base
            stream.avail_in = UInt32(step)
            repeat {
                scratch.withUnsafeMutableBufferPointer { buffer in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = UInt32(buffer.count)
                    status = deflate(&stream, flush)
                    out.append(contentsOf: buffer[0..<(buffer.count - Int(stream.avail_out))])
                }
                if status == Z_STREAM_ERROR { throw CompressionError(codec: codec, message: "deflate failed: the stream is in an invalid state") }
            } while stream.avail_out == 0 || (flush == Z_FINISH && status != Z_STREAM_END)
            offset += step
            if last { return }
        }
    }
}

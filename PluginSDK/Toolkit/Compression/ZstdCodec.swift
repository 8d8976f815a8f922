import CZstd

/// Zstandard's streaming decoder, drained 64 KiB at a time. Frames may follow one another (the
/// format's own concatenation); anything after the last frame that is not a frame is reported.
enum ZstdCodec {
    static var levels: ClosedRange<Int> { Int(ZSTD_minCLevel())...Int(ZSTD_maxCLevel()) }

    /// The largest window a frame may declare: enough for the cap (a window beyond the output
    /// is useless) but never less than 8 MiB, which covers what encoders declare by default.
    static func windowLogMax(cap: Int) -> Int32 {
        var log: Int32 = 23
        while log < 31, (1 << Int(log)) < cap { log += 1 }
        return log
    }

    static func decode(_ input: [UInt8], into output: inout CappedOutput) throws(DecompressionError) {
        guard let context = ZSTD_createDCtx() else {
            throw output.error(.resourceLimit("cannot create a zstd decoder"), inputConsumed: 0)
        }
        defer { ZSTD_freeDCtx(context) }
        ZSTD_DCtx_setParameter(context, ZSTD_d_windowLogMax, windowLogMax(cap: output.cap))
        var scratch = [UInt8](repeating: 0, count: CappedOutput.chunkSize)
        let result: Result<Void, DecompressionError> = input.withUnsafeBufferPointer { inBuffer in
            scratch.withUnsafeMutableBufferPointer { outBuffer in
                Result { () throws(DecompressionError) in
                    var source = ZSTD_inBuffer(src: inBuffer.baseAddress, size: inBuffer.count, pos: 0)
                    while true {
                        var sink = ZSTD_outBuffer(dst: outBuffer.baseAddress, size: outBuffer.count, pos: 0)
                        let hint = ZSTD_decompressStream(context, &sink, &source)
                        if ZSTD_isError(hint) != 0 {
                            let text = String(cString: ZSTD_getErrorName(hint))
                            let tooLarge = text.contains("too much memory")
                            throw output.error(tooLarge ? .resourceLimit("zstd: \(text)") : .corrupt(text), inputConsumed: source.pos)
                        }
                        try output.append(outBuffer, count: sink.pos, inputConsumed: source.pos)
                        if hint == 0 {
                            // A frame ended. Go on only if another frame follows.
                            if source.pos == inBuffer.count { return }
                            if !startsWithFrame(inBuffer, at: source.pos) {
                                throw output.error(.trailingBytes(count: inBuffer.count - source.pos), inputConsumed: source.pos)
                            }
                            continue
                        }
                        if source.pos == inBuffer.count, sink.pos < sink.size {
                            throw output.error(.truncated, inputConsumed: source.pos)
                        }
                    }
                }
            }
        }
        try result.get()
    }

    /// A zstd frame (magic 0xFD2FB528) or a skippable frame (0x184D2A50–5F), little-endian.
    private static func startsWithFrame(_ buffer: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        guard buffer.count - offset >= 4 else { return false }
        let magic = UInt32(buffer[offset]) | UInt32(buffer[offset + 1]) << 8 | UInt32(buffer[offset + 2]) << 16 | UInt32(buffer[offset + 3]) << 24
        return magic == 0xFD2F_B528 || magic & 0xFFFF_FFF0 == 0x184D_2A50
    }
}

/// Incremental zstd encoding into one frame.
final class ZstdEncoder: StreamEncoder {
    private let context: OpaquePointer

    init(level: Int, pledgedSize: Int?) throws(CompressionError) {
        guard let context = ZSTD_createCCtx() else { throw CompressionError(codec: .zstd, message: "cannot create a zstd encoder") }
        self.context = context
        let status = ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, Int32(level))
        if ZSTD_isError(status) != 0 {
            throw CompressionError(codec: .zstd, message: String(cString: ZSTD_getErrorName(status)))
        }
        if let pledgedSize { ZSTD_CCtx_setPledgedSrcSize(context, UInt64(pledgedSize)) }
    }

    deinit { ZSTD_freeCCtx(context) }

    func encode(_ input: UnsafeRawBufferPointer, finish: Bool, into out: inout [UInt8]) throws(CompressionError) {
        var scratch = [UInt8](repeating: 0, count: CappedOutput.chunkSize)
        var source = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
        let directive = finish ? ZSTD_e_end : ZSTD_e_continue
        var remaining = 0
        repeat {
            scratch.withUnsafeMutableBufferPointer { buffer in
                var sink = ZSTD_outBuffer(dst: buffer.baseAddress, size: buffer.count, pos: 0)
                remaining = ZSTD_compressStream2(context, &sink, &source, directive)
                out.append(contentsOf: buffer[0..<sink.pos])
            }
            if ZSTD_isError(remaining) != 0 {
                throw CompressionError(codec: .zstd, message: String(cString: ZSTD_getErrorName(remaining)))
            }
        } while source.pos < source.size || (finish && remaining != 0)
    }
}

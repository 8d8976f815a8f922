import CBrotli

/// Brotli's streaming decoder, drained 64 KiB at a time.
enum BrotliCodec {
    static func decode(_ input: [UInt8], into output: inout CappedOutput) throws(DecompressionError) {
        guard let state = BrotliDecoderCreateInstance(nil, nil, nil) else {
            throw output.error(.resourceLimit("cannot create a brotli decoder"), inputConsumed: 0)
        }
        defer { BrotliDecoderDestroyInstance(state) }
        var scratch = [UInt8](repeating: 0, count: CappedOutput.chunkSize)
        let result: Result<Void, DecompressionError> = input.withUnsafeBufferPointer { inBuffer in
            scratch.withUnsafeMutableBufferPointer { outBuffer in
                Result { () throws(DecompressionError) in
                    var availableIn = inBuffer.count
                    var nextIn = inBuffer.baseAddress
                    while true {
                        var availableOut = outBuffer.count
                        var nextOut = outBuffer.baseAddress
                        let status = BrotliDecoderDecompressStream(state, &availableIn, &nextIn, &availableOut, &nextOut, nil)
                        let consumed = inBuffer.count - availableIn
                        let produced = outBuffer.count - availableOut
                        try output.append(outBuffer, count: produced, inputConsumed: consumed)
                        switch status {
                        case BROTLI_DECODER_RESULT_SUCCESS:
                            if availableIn > 0 { throw output.error(.trailingBytes(count: availableIn), inputConsumed: consumed) }
                            return
                        case BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT:
                            continue
                        case BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT:
                            throw output.error(.truncated, inputConsumed: consumed)
                        default:
                            let code = BrotliDecoderGetErrorCode(state)
                            let name = BrotliDecoderErrorString(code).map { String(cString: $0) } ?? "UNKNOWN"
                            let text = "brotli decoder error \(code.rawValue) (\(name))"
                            if code == BROTLI_DECODER_ERROR_ALLOC_RING_BUFFER_1 || code == BROTLI_DECODER_ERROR_ALLOC_RING_BUFFER_2 {
                                throw output.error(.resourceLimit(text), inputConsumed: consumed)
                            }
                            throw output.error(.corrupt(text), inputConsumed: consumed)
                        }
                    }
                }
            }
        }
        try result.get()
    }
}

/// Incremental brotli encoding.
final class BrotliEncoder: StreamEncoder {
    private let state: OpaquePointer

    init(quality: Int, pledgedSize: Int?) throws(CompressionError) {
        guard let state = BrotliEncoderCreateInstance(nil, nil, nil) else {
            throw CompressionError(codec: .brotli, message: "cannot create a brotli encoder")
        }
        self.state = state
        BrotliEncoderSetParameter(state, BROTLI_PARAM_QUALITY, UInt32(quality))
        if let pledgedSize, pledgedSize <= Int(UInt32.max) {
            BrotliEncoderSetParameter(state, BROTLI_PARAM_SIZE_HINT, UInt32(pledgedSize))
        }
    }

    deinit { BrotliEncoderDestroyInstance(state) }

    func encode(_ input: UnsafeRawBufferPointer, finish: Bool, into out: inout [UInt8]) throws(CompressionError) {
        var scratch = [UInt8](repeating: 0, count: CappedOutput.chunkSize)
        var availableIn = input.count
        var nextIn = input.baseAddress?.assumingMemoryBound(to: UInt8.self)
        let operation = finish ? BROTLI_OPERATION_FINISH : BROTLI_OPERATION_PROCESS
        var ok = true
        repeat {
            scratch.withUnsafeMutableBufferPointer { buffer in
                var availableOut = buffer.count
                var nextOut = buffer.baseAddress
                ok = BrotliEncoderCompressStream(state, operation, &availableIn, &nextIn, &availableOut, &nextOut, nil) != 0
                out.append(contentsOf: buffer[0..<(buffer.count - availableOut)])
            }
            guard ok else { throw CompressionError(codec: .brotli, message: "the encoder failed") }
        } while availableIn > 0 || BrotliEncoderHasMoreOutput(state) != 0 || (finish && BrotliEncoderIsFinished(state) == 0)
    }
}

import Foundation
import Testing
import RollportToolkit

/// `count` zero bytes compressed as a stream, never held whole.
func compressedZeros(_ codec: CompressionCodec, count: Int, level: Int) throws -> [UInt8] {
    let piece = [UInt8](repeating: 0, count: 1 << 20)
    let compressor = try StreamingCompressor(codec: codec, level: level)
    var out = [UInt8]()
    var left = count
    while left > 0 {
        let n = min(left, piece.count)
        out += try n == piece.count ? compressor.compress(piece) : compressor.compress(Array(piece.prefix(n)))
        left -= n
    }
    return out + (try compressor.finish())
}

/// The process's peak resident size so far, in bytes.
func peakResidentBytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss * 1024
}

@Suite("Compression: bombs", .serialized)
struct CompressionBombTests {
    static let gibibyte = 1 << 30
    static let cap = 10 << 20

    @Test("1 GiB of zeros stops at a 10 MiB cap, quickly and without growing memory to the output size",
          arguments: [(CompressionCodec.zstd, 3), (.zlib, 1), (.brotli, 1)])
    func bomb(codec: CompressionCodec, level: Int) throws {
        let start = ContinuousClock.now
        let bomb = try compressedZeros(codec, count: Self.gibibyte, level: level)
        let made = ContinuousClock.now - start
        let peakBefore = peakResidentBytes()
        let clock = ContinuousClock.now
        let e = try #require(decompressionError(codec, bomb, cap: Self.cap))
        let elapsed = ContinuousClock.now - clock
        #expect(e.reason == .outputCapReached(cap: Self.cap))
        #expect(e.outputProduced <= Self.cap)
        #expect(e.inputConsumed < bomb.count)
        #expect(elapsed < .seconds(2), "took \(elapsed)")
        let growth = peakResidentBytes() - peakBefore
        #expect(growth < 64 << 20, "peak resident size grew by \(growth) bytes")
        print("bomb \(codec): 1 GiB of zeros -> \(bomb.count) bytes (made in \(made)); refused after \(e.inputConsumed) input bytes in \(elapsed); peak grew \(growth >> 20) MiB")
    }
}

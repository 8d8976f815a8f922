import Foundation
import Testing
import RollportToolkit

func decompressionError(_ codec: CompressionCodec, _ input: [UInt8], cap: Int = 1 << 24,
                        sourceLocation: SourceLocation = #_sourceLocation) -> DecompressionError? {
    do {
        let out = try codec.decompress(input, maxOutputBytes: cap)
        Issue.record("decompressed \(out.count) bytes; expected an error", sourceLocation: sourceLocation)
        return nil
    } catch {
        #expect(error.codec == codec, sourceLocation: sourceLocation)
        #expect(error.inputConsumed >= 0 && error.inputConsumed <= input.count, "\(error)", sourceLocation: sourceLocation)
        #expect(error.outputProduced <= cap, sourceLocation: sourceLocation)
        return error
    }
}

/// Text-like data that compresses but not trivially.
func sampleData(_ count: Int, seed: UInt64) -> [UInt8] {
    var rng = SplitMix64(seed: seed)
    let words = (0..<64).map { _ in rng.bytes(2 + Int(rng.next() % 6)) }
    var out = [UInt8]()
    while out.count < count { out += words[Int(rng.next() % 64)] + [0x20] }
    return Array(out.prefix(count))
}

@Suite("Compression")
struct CompressionTests {
    @Test("round trips at several levels, empty input included", arguments: CompressionCodec.allCases)
    func roundTrip(codec: CompressionCodec) throws {
        for (i, size) in [0, 1, 100, 70_000, 300_000].enumerated() {
            let data = sampleData(size, seed: UInt64(i))
            for level in [codec.levels.lowerBound, codec.defaultLevel, min(codec.levels.upperBound, 9)] {
                let packed = try codec.compress(data, level: level)
                #expect(try codec.decompress(packed, maxOutputBytes: size) == data, "\(codec) level \(level) size \(size)")
                if size > 1000, level == codec.defaultLevel { #expect(packed.count < size / 2) }
            }
        }
    }

    @Test("the cap: exactly the output size passes, one byte less stops with the input consumed so far", arguments: CompressionCodec.allCases)
    func cap(codec: CompressionCodec) throws {
        let data = sampleData(200_000, seed: 9)
        let packed = try codec.compress(data)
        #expect(try codec.decompress(packed, maxOutputBytes: data.count).count == data.count)
        let e = try #require(decompressionError(codec, packed, cap: data.count - 1))
        #expect(e.reason == .outputCapReached(cap: data.count - 1))
        #expect(e.description.contains("output cap of 199999 bytes reached"))
        #expect(try #require(decompressionError(codec, packed, cap: 0)).reason == .outputCapReached(cap: 0))
    }

    @Test("a truncated stream is reported as truncated", arguments: CompressionCodec.allCases)
    func truncated(codec: CompressionCodec) throws {
        let data = sampleData(50_000, seed: 3)
        let packed = try codec.compress(data)
        for cut in [1, 2, packed.count / 2, packed.count - 1] {
            let e = try #require(decompressionError(codec, Array(packed.prefix(packed.count - cut))))
            // Brotli may see a cut in the middle of a meta-block header as corrupt.
            if codec != .brotli || cut == 1 { #expect(e.reason == .truncated, "\(codec) cut \(cut): \(e)") }
        }
        #expect(decompressionError(codec, [])?.reason == .truncated)
    }

    @Test("bytes after the end of the stream are reported with their offset", arguments: CompressionCodec.allCases)
    func trailing(codec: CompressionCodec) throws {
        let packed = try codec.compress(sampleData(10_000, seed: 4))
        let e = try #require(decompressionError(codec, packed + [0x01, 0x02, 0x03]))
        #expect(e.reason == .trailingBytes(count: 3))
        #expect(e.inputConsumed == packed.count)
        #expect(e.description.contains("ends at byte \(packed.count)"))
    }

    @Test("corrupt data carries the library's message")
    func corrupt() throws {
        let cases: [(CompressionCodec, [UInt8], String)] = [
            (.zlib, [0x78, 0x9d, 0x00], "header check"),
            (.zlib, [0x79, 0xda, 0x00], "header"),
            (.deflate, [0x07, 0x00], "block type"),
            (.zstd, [0x28, 0xb5, 0x2f, 0xfe, 0x00, 0x00], "Unknown frame"),
            (.brotli, [0xff, 0xff, 0xff, 0xff], "brotli decoder error"),
        ]
        for (codec, input, fragment) in cases {
            let e = try #require(decompressionError(codec, input))
            guard case .corrupt(let message) = e.reason else { Issue.record("\(codec): \(e)"); continue }
            #expect(message.contains(fragment), "\(codec): \(message)")
            #expect(!message.isEmpty)
        }
        // A checksum that no longer matches (zlib's Adler-32).
        var packed = try CompressionCodec.zlib.compress(sampleData(1000, seed: 5))
        packed[packed.count - 1] ^= 0xff
        guard case .corrupt(let message)? = decompressionError(.zlib, packed)?.reason else { Issue.record("expected corrupt"); return }
        #expect(message.contains("incorrect data check"))
    }

    @Test("zstd: concatenated frames are one stream")
    func zstdFrames() throws {
        let a = sampleData(5000, seed: 6), b = sampleData(7000, seed: 7)
        let joined = try CompressionCodec.zstd.compress(a) + CompressionCodec.zstd.compress(b)
        #expect(try CompressionCodec.zstd.decompress(joined, maxOutputBytes: 12_000) == a + b)
    }

    @Test("levels outside the library's range are refused")
    func levels() {
        #expect(throws: CompressionError.self) { try CompressionCodec.zlib.compress([1], level: 10) }
        #expect(throws: CompressionError.self) { try CompressionCodec.brotli.compress([1], level: 12) }
        #expect(throws: CompressionError.self) { try CompressionCodec.zstd.compress([1], level: 23) }
        #expect(CompressionCodec.zstd.levels.contains(22))
    }

    @Test("a streamed compressor gives what one call gives, and refuses input after finish")
    func streaming() throws {
        let data = sampleData(100_000, seed: 8)
        for codec in CompressionCodec.allCases {
            let compressor = try StreamingCompressor(codec: codec, level: 5)
            var out = [UInt8]()
            var offset = 0
            while offset < data.count {
                let end = min(data.count, offset + 7777)
                out += try compressor.compress(Array(data[offset..<end]))
                offset = end
            }
            out += try compressor.finish()
            #expect(try codec.decompress(out, maxOutputBytes: data.count) == data)
            #expect(throws: CompressionError.self) { try compressor.finish() }
        }
    }
}

@Suite("Compression: real data")
struct CompressionVectorTests {
    @Test("an OP Mainnet zlib channel inflates to 1,409,463 bytes")
    func opChannel() throws {
        guard let dir = SharedVectors.locate() else { return }
        let channel = try SharedVectors.data("optimism/batches/op_mainnet_span_batch_channel_zlib.bin", in: dir)
        let out = try CompressionCodec.zlib.decompress(channel, maxOutputBytes: 100_000_000)
        #expect(out.count == 1_409_463)
        #expect(Keccak256.hash(out).description == "0x9a71de6b4848ff687351618e5c795832b111f0031cdc76c4e8528cc3335e0ed9")
        let e = try #require(decompressionError(.zlib, channel, cap: 1_000_000))
        #expect(e.reason == .outputCapReached(cap: 1_000_000))
        #expect(e.inputConsumed < channel.count)
    }

    @Test("an OP brotli batch and the small brotli vector decode to the expected bytes")
    func brotliBatch() throws {
        guard let dir = SharedVectors.locate() else { return }
        let packed = try SharedVectors.hexFile("optimism/batches/brotli_batch_compressed.hex", in: dir)
        let expected = try SharedVectors.hexFile("optimism/batches/brotli_batch_decompressed.hex", in: dir)
        #expect(packed.count == 12_479)
        #expect(try CompressionCodec.brotli.decompress(packed, maxOutputBytes: 1 << 20) == expected)
        #expect(Keccak256.hash(expected).description == "0x0fd0426b263179d76e411615ea4c1dda63640302045d8afc1dee9d958f96558d")
        #expect(try CompressionCodec.brotli.decompress(hex("8b048075ed184249e9bc19675e03"), maxOutputBytes: 10) == hex("75ed184249e9bc19675e"))
    }

    @Test("Scroll v7/v8 blobs: the zstd payload in the blob envelope decodes in full")
    func scrollBlobs() throws {
        guard let dir = SharedVectors.locate() else { return }
        let json = try JSONValue.parse(try SharedVectors.data("scroll/da-codec/codec-v7-v8-cases.json", in: dir))
        var decoded = [Int]()
        for version in ["7", "8"] {
            for c in try #require(json["codecs"]?[version]?.arrayValue) {
                guard let text = c["expectedBlobEncode"]?.stringValue else { continue }
                var bytes = try Hex.decode(text)
                bytes += [UInt8](repeating: 0, count: Blob.size - bytes.count)
                let usable = try Blob(bytes: bytes).usableBytes()
                #expect(usable[0] == UInt8(version))
                let size = Int(usable[1]) << 16 | Int(usable[2]) << 8 | Int(usable[3])
                #expect(usable[4] == 1)  // compressed
                // The envelope drops zstd's 4-byte magic number.
                let frame = [0x28, 0xb5, 0x2f, 0xfd] + Array(usable[5..<5 + size])
                decoded.append(try CompressionCodec.zstd.decompress(frame, maxOutputBytes: 1 << 20).count)
                #expect(decompressionError(.zstd, Array(frame.dropLast()))?.reason == .truncated)
            }
        }
        // The payload lengths another zstd decoder reports for these blobs.
        #expect(decoded == [356, 158, 6173, 6141, 356, 158, 6173, 6141])
    }
}

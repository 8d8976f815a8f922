import Testing
import RollportToolkit
@testable import OptimismDerivation
import OptimismTestSupport

/// Malformed frames, channels and batches: each refused with an error naming where, never a trap.
@Suite("OP derivation robustness")
struct DerivationRobustnessTests {
    let id = ChannelID(high: 0x0102030405060708, low: 0x090a0b0c0d0e0f10)

    func frameBytes(_ data: [UInt8], number: UInt16 = 0, isLast: Bool = true) -> [UInt8] {
        Frame(channelID: id, number: number, data: data, isLast: isLast).encoded()
    }

    @Test("frames: truncated header, lengths past the buffer, bad is_last, oversized, empty")
    func frames() throws {
        let good = frameBytes([1, 2, 3])
        #expect(try Frame.parseAll(good + frameBytes([4], number: 1)).count == 2)
        let e1 = try #require(throws: FrameError.self) { try Frame.parseAll(good + good.prefix(10)) }
        #expect(e1.frameIndex == 1 && e1.offset == good.count && e1.reason == .truncatedHeader(available: 10))
        var long = good
        long[21] = 200
        let e2 = try #require(throws: FrameError.self) { try Frame.parseAll(long) }
        #expect(e2.reason == .truncatedData(declared: 200, available: 3))
        var flag = good
        flag[flag.count - 1] = 2
        let e3 = try #require(throws: FrameError.self) { try Frame.parseAll(flag) }
        #expect(e3.reason == .badIsLast(2) && e3.offset == good.count - 1)
        var huge = good
        huge.replaceSubrange(18..<22, with: [0x00, 0x0f, 0x42, 0x41])
        #expect(throws: FrameError(frameIndex: 0, offset: 18, reason: .dataTooLong(1_000_001))) { try Frame.parseAll(huge) }
        #expect(throws: FrameError(frameIndex: 0, offset: 0, reason: .noFrames)) { try Frame.parseAll([UInt8]()) }
        #expect(throws: BatcherPayloadError.unsupportedVersion(1, blobIndex: nil)) { try BatcherPayload.frames(calldata: [1] + good) }
        let wrapped = try #require(throws: BatcherPayloadError.self) { try BatcherPayload.frames(calldata: [0] + flag) }
        #expect(wrapped.description.contains("is_last"))
        // Every truncation of a two-frame payload is refused, none traps.
        let two = good + frameBytes([9, 9], number: 1)
        for cut in 0..<two.count where cut != good.count {
            #expect(throws: FrameError.self) { try Frame.parseAll(two.prefix(cut)) }
        }
    }

    @Test("blob errors carry the blob index")
    func blobIndex() throws {
        var blob = try OPBlobCodec.encode([0] + frameBytes([1]))
        blob[64] = 0x80
        #expect(throws: BatcherPayloadError.blob(.fieldElementHighBits(fieldElement: 2, byte: 0x80), blobIndex: 1)) {
            try BatcherPayload.frames(blobs: [try OPBlobCodec.encode([0] + frameBytes([1])), blob])
        }
    }

    @Test("zlib and Brotli bombs stop at the cap with the cap and input consumed; unknown compression is refused")
    func bombs() throws {
        let zeros = [UInt8](repeating: 0, count: 5_000_000)
        let zlib = try ChannelReader.compress(zeros, with: .zlib)
        let z = try ChannelReader.decompress(zlib, maxBytes: 1_000_000, brotliAllowed: false)
        #expect(z.data.count == 1_000_000)
        let zStop = try #require(z.stop)
        #expect(zStop.reason == .outputCapReached(cap: 1_000_000))
        #expect(zStop.inputConsumed > 0 && zStop.inputConsumed <= zlib.count)
        #expect(zStop.description.contains("1000000") && zStop.description.contains("consuming"))
        let brotli = try ChannelReader.compress(zeros, with: .brotli, level: 5)
        let b = try ChannelReader.decompress(brotli, maxBytes: 1_000_000, brotliAllowed: true)
        #expect(b.data.count == 1_000_000 && b.stop?.reason == .outputCapReached(cap: 1_000_000))
        #expect(throws: ChannelError.unknownCompression(0x02)) { try ChannelReader.decompress([0x02, 0], maxBytes: 10, brotliAllowed: true) }
        #expect(throws: ChannelError.empty) { try ChannelReader.decompress([], maxBytes: 10, brotliAllowed: true) }
        // Bytes after a finished zlib stream are ignored, as op-node ignores them.
        let trailing = try ChannelReader.decompress(try ChannelReader.compress([1, 2, 3], with: .zlib) + [7, 7], maxBytes: 10, brotliAllowed: false)
        #expect(trailing.data == [1, 2, 3] && trailing.stop == nil && trailing.ignoredTrailingBytes == 2)
    }

    @Test("batches before a corrupt point stand; the reader stops there")
    func streamStopsAtFault() throws {
        let batch = Batch.singular(SingularBatch(parentHash: .zero, epochNumber: 1, epochHash: .zero, timestamp: 2, transactions: [[0x02, 0xc0]]))
        let stream = BatchReader.encode([batch, batch])
        let (batches, error) = BatchReader.readAll(stream + [0xb8, 0x40, 0x00])
        #expect(batches == [batch, batch])
        #expect(error?.offset == stream.count)
        let unknown = BatchReader.readAll(RLP.bytes([0x07, 0x01]).encoded())
        #expect(unknown.error?.message.contains("unknown version 0x07") == true)
    }

    /// A minimal span batch: prefix, then the caller's payload.
    func span(payload: [UInt8]) -> [UInt8] {
        [0x01, 0x05, 0x07] + [UInt8](repeating: 0xaa, count: 40) + payload
    }

    @Test("span batches with counts beyond the limits or the bytes are refused before allocating")
    func spanLimits() throws {
        func reason(_ bytes: [UInt8]) throws -> SpanBatchError {
            let error = try #require(throws: BatchError.self) { try Batch.decode(bytes) }
            return try #require(error.span)
        }
        // block_count 0.
        #expect(try reason(span(payload: [0x00])).reason == .noBlocks)
        // block_count 10,000,001 (uvarint 0x81 0xad 0xe2 0x04).
        let tooMany = try reason(span(payload: [0x81, 0xad, 0xe2, 0x04]))
        #expect(tooMany.field == "block_count" && tooMany.reason == .tooManyElements(count: 10_000_001, limit: 10_000_000))
        #expect(tooMany.description.contains("MAX_SPAN_BATCH_ELEMENT_COUNT"))
        // 9,000,000 blocks declared in a few bytes: refused by the byte bound.
        #expect(try reason(span(payload: [0xc0, 0xa8, 0xa5, 0x04, 0, 0])).reason == .tooManyElements(count: 9_000_000, limit: 10_000_000))
        // One block claiming 10,000,001 transactions, and one claiming 5,000,000 in a short batch.
        #expect(try reason(span(payload: [0x01, 0x00, 0x81, 0xad, 0xe2, 0x04])).reason == .tooManyElements(count: 10_000_001, limit: 10_000_000))
        #expect(try reason(span(payload: [0x01, 0x00, 0xc0, 0x96, 0xb1, 0x02] + [UInt8](repeating: 0, count: 100))).reason
                == .tooManyElements(count: 5_000_000, limit: 10_000_000))
        // A varint of 11 bytes.
        #expect(try reason(span(payload: [UInt8](repeating: 0xff, count: 11))).reason == .uvarintOverflow)
        // origin_bits with a bit beyond block_count (2 blocks, bit 2 set).
        let bits = try reason(span(payload: [0x02, 0x04, 0, 0]))
        #expect(bits.field == "origin_bits" && bits.reason == .bitlistTooLong(bits: 2))
    }

    @Test("every truncation and many corruptions of a real span batch are refused or decode, never trap")
    func spanFuzz() throws {
        guard let dir = OPVectors.locate() else { return }
        let bytes = try OPVectors.hexFile("batches/nethermind_span_batch_v1.hex", in: dir)
        for cut in 1..<bytes.count {
            #expect(throws: BatchError.self) { try Batch.decode(Array(bytes.prefix(cut))) }
        }
        var rng = SplitMix64(seed: 3)
        for _ in 0..<500 {
            var mutated = bytes
            for _ in 0..<3 { mutated[Int(rng.next() % UInt64(bytes.count))] = rng.byte() }
            if case .span(let b) = try? Batch.decode(mutated) {
                _ = b.encoded()
                _ = try? b.blocks(config: .opMainnet)
            }
        }
    }

    @Test("tx_data checks: unknown type, non-canonical integer, wrong field count, type-4 creation")
    func txData() throws {
        func decodeOne(_ txData: [UInt8], creation: Bool = false) throws -> SpanBatchError {
            var payload: [UInt8] = [0x01, 0x00, 0x01, creation ? 1 : 0, 0x00] + [UInt8](repeating: 1, count: 64)
            if !creation { payload += [UInt8](repeating: 2, count: 20) }
            payload += txData + [0x00, 0x00, 0x00]
            let error = try #require(throws: BatchError.self) { try Batch.decode(span(payload: payload)) }
            return try #require(error.span)
        }
        #expect(try decodeOne([0x03, 0xc0]).reason == .unknownTransactionType(3))
        if case .invalidTransactionData(let m) = try decodeOne([0xc4, 0x81, 0x00, 0x01, 0x80]).reason {
            #expect(m.contains("value"))
        } else { Issue.record("expected invalid tx data") }
        if case .invalidTransactionData(let m) = try decodeOne([0xc2, 0x01, 0x01]).reason {
            #expect(m.contains("2 fields"))
        } else { Issue.record("expected invalid tx data") }
        #expect(try decodeOne([0x04, 0xc6, 0x01, 0x01, 0x01, 0x80, 0xc0, 0xc0], creation: true).reason == .creationNotAllowed(type: 4))
    }
}

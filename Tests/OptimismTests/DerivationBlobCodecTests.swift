import Testing
import RollportToolkit
@testable import OptimismDerivation

@Suite("OP blob codec")
struct DerivationBlobCodecTests {
    @Test("encode then decode gives the data back, at every interesting length")
    func roundTrip() throws {
        var rng = SplitMix64(seed: 7)
        for length in [0, 1, 26, 27, 28, 123, 127, 128, 254, 4_000, 130_043, OPBlobCodec.maxDataSize] {
            let data = rng.bytes(length)
            let blob = try OPBlobCodec.encode(data)
            #expect(blob.count == 131_072)
            #expect(blob.enumerated().allSatisfy { $0.offset % 32 != 0 || $0.element & 0xC0 == 0 })
            #expect(try OPBlobCodec.decode(blob) == data, "length \(length)")
        }
    }

    @Test("data over 130,044 bytes and blobs of the wrong size are refused")
    func sizes() {
        #expect(throws: OPBlobError.dataTooLarge(130_045)) { try OPBlobCodec.encode([UInt8](repeating: 1, count: 130_045)) }
        #expect(throws: OPBlobError.wrongSize(100)) { try OPBlobCodec.decode([UInt8](repeating: 0, count: 100)) }
    }

    @Test("a non-zero byte after the data is refused with its field element")
    func padding() throws {
        var blob = try OPBlobCodec.encode([1, 2, 3])
        blob[40 * 32 + 7] = 1
        #expect(throws: OPBlobError.nonZeroPadding(streamOffset: 40 / 4 * 127 + 6, fieldElement: 40, dataLength: 3)) {
            try OPBlobCodec.decode(blob)
        }
        var split = try OPBlobCodec.encode([1, 2, 3])
        split[4 * 32] = 0x01  // the low 6 bits of x in round 1
        #expect(throws: OPBlobError.nonZeroPadding(streamOffset: 127 + 31, fieldElement: 4, dataLength: 3)) {
            try OPBlobCodec.decode(split)
        }
    }

    @Test("the sourced small cases decode and re-encode bit for bit; the mutations are refused")
    func sharedCases() throws {
        guard let dir = OPVectors.locate() else { return }
        let cases = try OPVectors.json("blobs/blob_encoding_small_cases.json", in: dir)
        let valid = try #require(cases["valid"]).array
        #expect(valid.count == 7)
        for c in valid {
            let prefix = try #require(c["blob_prefix_hex"]?.bytes)
            let blob = prefix + [UInt8](repeating: 0, count: try #require(c["blob_total_length"]?.int) - prefix.count)
            let decoded = try #require(c["decoded"]?.bytes)
            #expect(try OPBlobCodec.decode(blob) == decoded)
            #expect(try OPBlobCodec.encode(decoded) == blob)
        }
        let invalid = try #require(cases["invalid_mutations_of"])
        let prefix = try #require(invalid["blob_prefix_hex"]?.bytes)
        let base = prefix + [UInt8](repeating: 0, count: 131_072 - prefix.count)
        #expect(try OPBlobCodec.decode(base) == #require(invalid["decoded_when_valid"]?.bytes))
        let mutations = try #require(invalid["mutations"]).array
        #expect(mutations.count == 4)
        for m in mutations {
            var blob = base
            blob[try #require(m["set_byte_index"]?.int)] = try #require(m["to"]?.bytes?.first)
            let expected = try #require(m["error"]?.string)
            let error = try #require(throws: OPBlobError.self) { try OPBlobCodec.decode(blob) }
            switch expected {
            case "field element 1 has top bit set":
                #expect(error == .fieldElementHighBits(fieldElement: 1, byte: 0x80))
                #expect(error.description.contains("field element 1 has its top bit set"))
            case "field element 1 has second-highest bit set":
                #expect(error == .fieldElementHighBits(fieldElement: 1, byte: 0x40))
                #expect(error.description.contains("field element 1 has its second-highest bit set"))
            case "unknown encoding version":
                #expect(error == .unknownVersion(1))
            case "length > 130044":
                #expect(error == .lengthTooLarge(0xff0027))
            default:
                Issue.record("unlisted mutation \(expected)")
            }
        }
    }
}

import Foundation
import Testing
import RollportToolkit

@Suite("Blobs")
struct BlobTests {
    @Test("versioned hashes of the c-kzg commitments in the point-evaluation inputs")
    func pointEvaluationInputs() throws {
        guard let dir = SharedVectors.locate() else { return }
        let cases = try JSONValue.parse(try SharedVectors.data("proofs/kzg/point_evaluation_precompile_derived.json", in: dir)).arrayValue ?? []
        var checked = 0
        for c in cases {
            let name = c["Name"]?.stringValue ?? ""
            // The derived negatives change the version byte or the hash on purpose.
            guard name.hasPrefix("pe_from_"), let input = try c["Input"]?.stringValue.map({ try Hex.decode($0) }), input.count == 192 else { continue }
            let commitment = Array(input[96..<144])
            #expect(try KZGCommitment.versionedHash(commitment).bytes == Array(input[0..<32]), "\(name)")
            checked += 1
        }
        #expect(checked >= 100)
    }

    @Test("Unichain blobs: files named by their versioned hash, commitments from the beacon sidecar; every element canonical")
    func unichain() throws {
        guard let dir = SharedVectors.locate() else { return }
        let json = try JSONValue.parse(try SharedVectors.data("optimism/blobs/unichain_blobs.expected.json", in: dir))
        let blobs = try #require(json["blobs"]?.arrayValue)
        #expect(blobs.count == 3)
        for b in blobs {
            let commitment = try Hex.decode(try #require(b["kzg_commitment"]?.stringValue))
            let expected = try #require(b["versioned_hash"]?.stringValue)
            #expect(try KZGCommitment.versionedHash(commitment).description == expected)
            let bytes = try SharedVectors.data("optimism/" + (try #require(b["file"]?.stringValue)), in: dir)
            let blob = try Blob(bytes: bytes)
            #expect(blob.fieldElements.count == 4096)
            // OP's blob codec uses the high bytes too, so the 31-byte view must refuse it.
            #expect(throws: Blob.ValidationError.self) { try blob.usableBytes() }
            #expect(try blob.usableBytes(requireZeroHighByte: false).count == Blob.usableSize)
        }
    }

    @Test("Scroll batches: the commitment inside each blob data proof hashes to the batch's versioned hash")
    func scroll() throws {
        guard let dir = SharedVectors.locate() else { return }
        let json = try JSONValue.parse(try SharedVectors.data("scroll/da-codec/codec-v0-v4-cases.json", in: dir))
        var checked = 0
        for version in ["1", "2", "3", "4"] {
            for c in json["codecs"]?[version]?.arrayValue ?? [] {
                guard let proof = c["expected"]?["blobDataProof"]?.stringValue,
                      let hash = c["expected"]?["blobVersionedHash"]?.stringValue else { continue }
                // z ‖ y ‖ commitment ‖ proof
                let bytes = try Hex.decode(proof)
                #expect(bytes.count == 160)
                #expect(try KZGCommitment.versionedHash(Array(bytes[64..<112])).description == hash)
                checked += 1
            }
        }
        #expect(checked == 31)
    }

    @Test("a commitment must be 48 bytes")
    func commitmentLength() {
        #expect(throws: KZGCommitment.LengthError(length: 47)) { try KZGCommitment.versionedHash([UInt8](repeating: 0, count: 47)) }
        #expect(throws: KZGCommitment.LengthError(length: 0)) { try KZGCommitment.versionedHash([]) }
    }

    @Test("field elements: r itself and above are refused by index; r - 1 is fine")
    func canonical() throws {
        var bytes = [UInt8](repeating: 0, count: Blob.size)
        var rMinusOne = Blob.modulus
        rMinusOne[31] -= 1
        bytes[4095 * 32..<4096 * 32] = rMinusOne[...]
        #expect(throws: Never.self) { try Blob(bytes: bytes) }
        for (index, element) in [(17, Blob.modulus), (4095, [UInt8](repeating: 0xff, count: 32)), (0, [0x74] + [UInt8](repeating: 0, count: 31))] {
            var bad = bytes
            bad[index * 32..<index * 32 + 32] = element[...]
            #expect(throws: Blob.ValidationError(reason: .elementNotCanonical(index: index))) { try Blob(bytes: bad) }
        }
        #expect(throws: Blob.ValidationError(reason: .wrongSize(131_071))) { try Blob(bytes: Array(bytes.dropLast())) }
        let message = Blob.ValidationError(reason: .elementNotCanonical(index: 17)).description
        #expect(message.contains("field element 17"))
    }

    @Test("packing 31 bytes per element round-trips and keeps every high byte zero")
    func packing() throws {
        var rng = SplitMix64(seed: 31)
        let data = rng.bytes(100_000)
        let blob = try Blob(packing: data)
        #expect(try Blob(bytes: blob.bytes) == blob)
        let usable = try blob.usableBytes()
        #expect(Array(usable.prefix(data.count)) == data)
        #expect(usable.dropFirst(data.count).allSatisfy { $0 == 0 })
        #expect(throws: Blob.ValidationError(reason: .tooLarge(Blob.usableSize + 1))) { try Blob(packing: [UInt8](repeating: 1, count: Blob.usableSize + 1)) }
        var high = blob.bytes
        high[32 * 9] = 0x01
        #expect(throws: Blob.ValidationError(reason: .highByteNotZero(index: 9, byte: 1))) { try Blob(bytes: high).usableBytes() }
    }
}

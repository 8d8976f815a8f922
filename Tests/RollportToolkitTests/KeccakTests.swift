import Foundation
import Testing
import RollportToolkit

@Suite("Keccak-256")
struct KeccakTests {
    @Test("the shared vectors: block boundaries 135/136/137 and 271/272/273, 10⁶ × 'a'")
    func sharedVectors() throws {
        guard let dir = SharedVectors.locate() else { return }
        let cases = try SharedVectors.jsonArray("proofs/keccak256/keccak256_vectors.json", in: dir)
        #expect(cases.count == 20)
        for entry in cases {
            let name = try #require(entry["name"] as? String)
            let expected = try #require(entry["keccak256"] as? String)
            let length = try #require(entry["len"] as? Int)
            let input: [UInt8]
            if let text = entry["input_hex"] as? String {
                input = hex(text)
            } else {
                // The one case given as a description: b'a' repeated 1,000,000 times.
                #expect(name == "a_x_1000000")
                input = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
            }
            #expect(input.count == length, "\(name)")
            #expect(Keccak256.hash(input).description == expected, "\(name)")
            // Streaming in uneven pieces gives the same digest.
            var hasher = Keccak256()
            var offset = 0
            var step = 1
            while offset < input.count {
                let end = min(input.count, offset + step)
                hasher.update(Array(input[offset..<end]))
                offset = end
                step = step * 3 + 1
            }
            #expect(hasher.finalize().description == expected, "\(name), streamed")
        }
    }

    @Test("known digests, selectors and slices")
    func knownDigests() {
        #expect(Keccak256.hash([UInt8]()).description == "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")
        #expect(Keccak256.hash("abc").description == "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")
        #expect(Keccak256.selector("transfer(address,uint256)") == 0xa9059cbb)
        let bytes = [UInt8](0..<200)
        #expect(Keccak256.hash(bytes[10..<150]) == Keccak256.hash(Array(bytes[10..<150])))
    }

    @Test("a hasher is a value: finalizing does not end it")
    func streamingValueSemantics() {
        var hasher = Keccak256()
        hasher.update(Array("ab".utf8))
        let early = hasher.finalize()
        hasher.update(Array("c".utf8))
        #expect(early == Keccak256.hash("ab"))
        #expect(hasher.finalize() == Keccak256.hash("abc"))
    }
}

/// The arguments of snarkjs's Solidity PLONK and FFLONK verifiers,
/// `verifyProof(<word>[24] proof, uint256[n] pubSignals)`: as JSON (`{"proof_words_24" or
/// "proof": [24 words], "pubSignals": [...]}`, the shape snarkjs's exported calldata is kept in),
/// or as bytes: an optional 4-byte selector, the 24 words, then the public inputs.
struct SolidityProofWords {
    var words: [UInt256]
    /// Where the words came from, for error messages: a JSON path, or "proof" for bytes.
    var path: String
    /// The byte offset of word 0 in binary input.
    var baseOffset: Int?
    /// The public inputs when the calldata carries them.
    var publicInputs: [BN254.Fr]?

    static let wordCount = 24

    static func read(json doc: ProofDocument) throws(ProofFormatError) -> SolidityProofWords {
        let calldata = doc.optionalMember("solidity_calldata") ?? doc
        guard let words = calldata.optionalMember("proof_words_24") ?? calldata.optionalMember("proof") else {
            throw .malformed(calldata.path, "expected the 24 proof words as \"proof_words_24\" or \"proof\" (an array of 32-byte words)")
        }
        let values = try words.elements(count: wordCount).map { w throws(ProofFormatError) in try w.integer() }
        let inputs = try calldata.optionalMember("pubSignals").map { d throws(ProofFormatError) in try d.publicInputs() }
        return SolidityProofWords(words: values, path: words.path, baseOffset: nil, publicInputs: inputs)
    }

    /// `wordType` is the proof array's element type in the function signature (PLONK
    /// `uint256`, FFLONK `bytes32`), which a leading selector must match.
    static func read(bytes: [UInt8], wordType: String) throws(ProofFormatError) -> SolidityProofWords {
        let selectorLength = bytes.count % 32 == 4 ? 4 : 0
        let proofLength = 32 * wordCount
        guard bytes.count % 32 == selectorLength, bytes.count >= selectorLength + proofLength else {
            throw ProofFormatError(.malformed, field: "proof", offset: bytes.count,
                                   "expected [4-byte selector] + 24 words of 32 bytes + public inputs as 32-byte words; got \(bytes.count) bytes")
        }
        let inputCount = (bytes.count - selectorLength - proofLength) / 32
        if selectorLength == 4 {
            let signature = "verifyProof(\(wordType)[24],uint256[\(inputCount)])"
            let expected = Keccak256.selector(signature)
            let found = UInt32(bytes[0]) << 24 | UInt32(bytes[1]) << 16 | UInt32(bytes[2]) << 8 | UInt32(bytes[3])
            guard found == expected else {
                throw ProofFormatError(.malformed, field: "selector", offset: 0,
                                       "0x\(String(found, radix: 16)) is not the selector of \(signature)")
            }
        }
        let words = (0..<wordCount).map { UInt256.word(bytes, at: selectorLength + 32 * $0) }
        let inputStart = selectorLength + proofLength
        var inputs: [BN254.Fr]?
        if inputCount > 0 {
            do { inputs = try PublicInputs.read(evm: Array(bytes[inputStart...])) } catch {
                var shifted = error
                shifted.offset = error.offset.map { $0 + inputStart }
                throw shifted
            }
        }
        return SolidityProofWords(words: words, path: "proof", baseOffset: selectorLength, publicInputs: inputs)
    }

    private func place(_ index: Int, _ name: String) -> (field: String, offset: Int?) {
        ("\(path)[\(index)] (\(name))", baseOffset.map { $0 + 32 * index })
    }

    /// Words `index`, `index + 1` as a G1 point x, y; (0, 0) is the point at infinity.
    func g1(_ index: Int, _ name: String) throws(ProofFormatError) -> BN254.G1Point {
        let (field, offset) = place(index, name)
        return try ProofFormatError.g1(x: words[index], y: words[index + 1], field: field, offset: offset)
    }

    func scalar(_ index: Int, _ name: String) throws(ProofFormatError) -> BN254.Fr {
        let (field, offset) = place(index, name)
        return try ProofFormatError.proofScalar(words[index], field: field, offset: offset)
    }
}

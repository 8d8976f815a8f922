extension Fflonk {
    /// Where a proof comes from (see `SnarkjsProofFormat`).
    public typealias Format = SnarkjsProofFormat
    /// A proof file as read, with the public inputs when the file carries them.
    public typealias ProofFile = SnarkjsProofFile<Proof>

    /// Reads snarkjs's `verification_key.json` for FFLONK.
    public static func verifyingKey(json: JSONValue) throws(FormatError) -> VerifyingKey {
        let doc = ProofDocument(json)
        try doc.checkSnarkjsHeader(protocol: "fflonk")
        guard doc.has("C0") else {
            throw .malformed("", "not an FFLONK verifying key: expected snarkjs members (nPublic, power, k1, k2, w, w3, w4, w8, wr, X_2, C0)")
        }
        return VerifyingKey(
            power: try doc.member("power").count(atMost: BN254.Fr.twoAdicity),
            publicInputCount: try doc.member("nPublic").count(atMost: 1 << 24),
            k1: try doc.member("k1").proofScalar(), k2: try doc.member("k2").proofScalar(),
            omega: try doc.member("w").proofScalar(), w3: try doc.member("w3").proofScalar(), w4: try doc.member("w4").proofScalar(),
            w8: try doc.member("w8").proofScalar(), wr: try doc.member("wr").proofScalar(),
            x2: try doc.member("X_2").snarkjsG2(), c0: try doc.member("C0").snarkjsG1())
    }

    public static func detectFormat(proof json: JSONValue) -> Format? {
        let doc = ProofDocument(json)
        if doc.has("polynomials") || doc.has("evaluations") { return .snarkjs }
        if doc.has("proof_words_24") || doc.has("solidity_calldata") || (doc.has("proof") && doc.has("pubSignals")) { return .evm }
        return nil
    }

    public static func proof(json: JSONValue, format: Format? = nil) throws(FormatError) -> ProofFile {
        guard let format = format ?? detectFormat(proof: json) else {
            throw .malformed("", "not an FFLONK proof this verifier knows (snarkjs polynomials/evaluations, or Solidity calldata proof_words_24); name the format")
        }
        let doc = ProofDocument(json)
        switch format {
        case .snarkjs:
            try doc.checkSnarkjsHeader(protocol: "fflonk")
            let commitments = try doc.member("polynomials"), evaluations = try doc.member("evaluations")
            func g1(_ name: String) throws(FormatError) -> BN254.G1Point { try commitments.member(name).snarkjsG1() }
            func scalar(_ name: String) throws(FormatError) -> BN254.Fr { try evaluations.member(name).proofScalar() }
            let proof = Proof(
                c1: try g1("C1"), c2: try g1("C2"), w1: try g1("W1"), w2: try g1("W2"),
                ql: try scalar("ql"), qr: try scalar("qr"), qm: try scalar("qm"), qo: try scalar("qo"), qc: try scalar("qc"),
                s1: try scalar("s1"), s2: try scalar("s2"), s3: try scalar("s3"), a: try scalar("a"), b: try scalar("b"),
                c: try scalar("c"), z: try scalar("z"), zw: try scalar("zw"), t1w: try scalar("t1w"), t2w: try scalar("t2w"),
                inv: try scalar("inv"))
            return ProofFile(format: .snarkjs, proof: proof, publicInputs: nil)
        case .evm:
            return try proof(SolidityProofWords.read(json: doc))
        }
    }

    /// Reads the Solidity verifier's arguments as bytes: an optional 4-byte selector of
    /// `verifyProof(bytes32[24],uint256[n])`, the 24 proof words, then the public inputs.
    public static func proof(evm bytes: [UInt8]) throws(FormatError) -> ProofFile {
        try proof(SolidityProofWords.read(bytes: bytes, wordType: "bytes32"))
    }

    static func proof(_ w: SolidityProofWords) throws(FormatError) -> ProofFile {
        let e = Proof.evaluationPaths
        var scalars = [BN254.Fr]()
        for (i, entry) in e.enumerated() { scalars.append(try w.scalar(8 + i, entry.name)) }
        var proof = Proof(c1: try w.g1(0, "C1"), c2: try w.g1(2, "C2"), w1: try w.g1(4, "W1"), w2: try w.g1(6, "W2"),
                          ql: .zero, qr: .zero, qm: .zero, qo: .zero, qc: .zero, s1: .zero, s2: .zero, s3: .zero,
                          a: .zero, b: .zero, c: .zero, z: .zero, zw: .zero, t1w: .zero, t2w: .zero, inv: .zero)
        for (entry, value) in zip(e, scalars) { proof[keyPath: entry.path] = value }
        return ProofFile(format: .evm, proof: proof, publicInputs: w.publicInputs)
    }

    /// The 24 words of the Solidity verifier's proof argument.
    public static func evmWords(_ proof: Proof) -> [UInt256] {
        Proof.commitmentPaths.flatMap { [proof[keyPath: $0.path].x, proof[keyPath: $0.path].y] }
            + Proof.evaluationPaths.map { proof[keyPath: $0.path].canonical }
    }
}

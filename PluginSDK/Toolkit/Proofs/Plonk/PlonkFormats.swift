extension Plonk {
    /// Where a proof comes from (see `SnarkjsProofFormat`).
    public typealias Format = SnarkjsProofFormat
    /// A proof file as read, with the public inputs when the file carries them.
    public typealias ProofFile = SnarkjsProofFile<Proof>

    /// Reads snarkjs's `verification_key.json` for PLONK.
    public static func verifyingKey(json: JSONValue) throws(FormatError) -> VerifyingKey {
        let doc = ProofDocument(json)
        try doc.checkSnarkjsHeader(protocol: "plonk")
        guard doc.has("Qm") else {
            throw .malformed("", "not a PLONK verifying key: expected snarkjs members (nPublic, power, Qm, Ql, Qr, Qo, Qc, S1, S2, S3, X_2, w)")
        }
        return VerifyingKey(
            power: try doc.member("power").count(atMost: BN254.Fr.twoAdicity),
            publicInputCount: try doc.member("nPublic").count(atMost: 1 << 24),
            k1: try doc.member("k1").proofScalar(), k2: try doc.member("k2").proofScalar(),
            qm: try doc.member("Qm").snarkjsG1(), ql: try doc.member("Ql").snarkjsG1(), qr: try doc.member("Qr").snarkjsG1(),
            qo: try doc.member("Qo").snarkjsG1(), qc: try doc.member("Qc").snarkjsG1(),
            s1: try doc.member("S1").snarkjsG1(), s2: try doc.member("S2").snarkjsG1(), s3: try doc.member("S3").snarkjsG1(),
            x2: try doc.member("X_2").snarkjsG2(), omega: try doc.member("w").proofScalar())
    }

    /// The proof format a JSON document's members point to; nil when none does.
    public static func detectFormat(proof json: JSONValue) -> Format? {
        let doc = ProofDocument(json)
        if doc.has("eval_a") || doc.has("Wxi") { return .snarkjs }
        if doc.has("proof_words_24") || doc.has("solidity_calldata") || (doc.has("proof") && doc.has("pubSignals")) { return .evm }
        return nil
    }

    /// Reads a proof file; `format` nil recognises it by its members.
    public static func proof(json: JSONValue, format: Format? = nil) throws(FormatError) -> ProofFile {
        guard let format = format ?? detectFormat(proof: json) else {
            throw .malformed("", "not a PLONK proof this verifier knows (snarkjs A…Wxiw with eval_a…eval_zw, or Solidity calldata proof_words_24); name the format")
        }
        let doc = ProofDocument(json)
        switch format {
        case .snarkjs:
            try doc.checkSnarkjsHeader(protocol: "plonk")
            if let r = doc.optionalMember("eval_r") {
                throw FormatError(.unsupported, field: r.path,
                                  "the proof carries eval_r: it was made by snarkjs 0.4-0.6, whose PLONK transcript differs; re-prove with snarkjs >= 0.7.0")
            }
            let proof = Proof(
                a: try doc.member("A").snarkjsG1(), b: try doc.member("B").snarkjsG1(), c: try doc.member("C").snarkjsG1(),
                z: try doc.member("Z").snarkjsG1(), t1: try doc.member("T1").snarkjsG1(), t2: try doc.member("T2").snarkjsG1(),
                t3: try doc.member("T3").snarkjsG1(), wxi: try doc.member("Wxi").snarkjsG1(), wxiw: try doc.member("Wxiw").snarkjsG1(),
                evalA: try doc.member("eval_a").proofScalar(), evalB: try doc.member("eval_b").proofScalar(),
                evalC: try doc.member("eval_c").proofScalar(), evalS1: try doc.member("eval_s1").proofScalar(),
                evalS2: try doc.member("eval_s2").proofScalar(), evalZw: try doc.member("eval_zw").proofScalar())
            return ProofFile(format: .snarkjs, proof: proof, publicInputs: nil)
        case .evm:
            return try proof(SolidityProofWords.read(json: doc))
        }
    }

    /// Reads the Solidity verifier's arguments as bytes: an optional 4-byte selector of
    /// `verifyProof(uint256[24],uint256[n])`, the 24 proof words, then n public inputs.
    public static func proof(evm bytes: [UInt8]) throws(FormatError) -> ProofFile {
        try proof(SolidityProofWords.read(bytes: bytes, wordType: "uint256"))
    }

    static func proof(_ w: SolidityProofWords) throws(FormatError) -> ProofFile {
        let proof = Proof(
            a: try w.g1(0, "A"), b: try w.g1(2, "B"), c: try w.g1(4, "C"), z: try w.g1(6, "Z"),
            t1: try w.g1(8, "T1"), t2: try w.g1(10, "T2"), t3: try w.g1(12, "T3"), wxi: try w.g1(14, "Wxi"), wxiw: try w.g1(16, "Wxiw"),
            evalA: try w.scalar(18, "eval_a"), evalB: try w.scalar(19, "eval_b"), evalC: try w.scalar(20, "eval_c"),
            evalS1: try w.scalar(21, "eval_s1"), evalS2: try w.scalar(22, "eval_s2"), evalZw: try w.scalar(23, "eval_zw"))
        return ProofFile(format: .evm, proof: proof, publicInputs: w.publicInputs)
    }

    /// The 24 words of the Solidity verifier's proof argument.
    public static func evmWords(_ proof: Proof) -> [UInt256] {
        Proof.commitmentPaths.flatMap { [proof[keyPath: $0.path].x, proof[keyPath: $0.path].y] }
            + Proof.evaluationPaths.map { proof[keyPath: $0.path].canonical }
    }
}

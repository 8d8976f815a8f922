import Crypto

extension Groth16 {
    /// Where a Groth16 key or proof comes from. Keys are recognised by their shape; proofs by
    /// their members (`pi_a`, `Ar`, `proof.a`, `vkey`, `seal`, `pA`) unless a format is forced.
    ///
    /// - `snarkjs`: `verification_key.json`, `proof.json`, `public.json`; decimal strings,
    ///   projective points with z = 1 (infinity `["0","1","0"]`), G2 real part first. The key's
    ///   `vk_alphabeta_12` is ignored: e(α, β) is always computed from α and β.
    /// - `gnark`: gnark's JSON export (`G1.Alpha`, `G1.K`, `G2.{Beta,Gamma,Delta}`; proof `Ar`,
    ///   `Bs`, `Krs`); public inputs as a JSON array or an object of named values in circuit order.
    ///   Keys with Pedersen commitments are refused.
    /// - `garaga`: `{elliptic_curve_id, verifying_key: {alpha_g1, beta_g2, gamma_g2, delta_g2, ic}}`
    ///   and `{proof: {a, b, c}, public_inputs}`, decimal or hex strings, G2 real part first; SP1
    ///   and RISC Zero keys come in this shape.
    /// - `sp1`: SP1 v5 `{vkey, publicValues, proof}`, proof = 4-byte selector ‖ A ‖ B ‖ C in EVM
    ///   encoding; public inputs [vkey, sha256(publicValues) mod 2²⁵³].
    /// - `risc0`: RISC Zero v2 `{seal, image_id, journal}`, seal = 4-byte selector ‖ A ‖ B ‖ C;
    ///   public inputs [control root lo, hi, claim lo, hi, BN254 control id].
    /// - `evm`: Solidity calldata `{pA, pB, pC, pubSignals}` (pB imaginary part first, as
    ///   snarkjs's exported calldata), or the raw 256-byte A ‖ B ‖ C.
    public enum Format: String, CaseIterable, Sendable {
        case snarkjs, gnark, garaga, sp1, risc0, evm
    }

    /// A proof file as read: the proof, the public inputs when the file carries or determines
    /// them, and the 4-byte verifier selector SP1 and RISC Zero put in front.
    public struct ProofFile: Sendable {
        public var format: Format
        public var proof: Proof
        public var publicInputs: [BN254.Fr]?
        public var selector: [UInt8]?

        public init(format: Format, proof: Proof, publicInputs: [BN254.Fr]?, selector: [UInt8]?) {
            self.format = format
            self.proof = proof
            self.publicInputs = publicInputs
            self.selector = selector
        }
    }
}

// MARK: - Verifying keys

extension Groth16 {
    /// Reads a snarkjs, gnark or garaga verifying key, recognised by its members.
    public static func verifyingKey(json: JSONValue) throws(FormatError) -> (key: VerifyingKey, format: Format) {
        let doc = ProofDocument(json)
        if doc.has("vk_alpha_1") { return (try snarkjsKey(doc), .snarkjs) }
        if doc.has("verifying_key") { return (try garagaKey(doc), .garaga) }
        if doc.has("G1") && doc.has("G2") { return (try gnarkKey(doc), .gnark) }
        throw .malformed("", "not a Groth16 verifying key: expected snarkjs (vk_alpha_1…), gnark (G1, G2) or garaga (verifying_key) members")
    }

    /// Reads a key in the EVM layout of `rollport.host.zk/1`: α (G1) ‖ β ‖ γ ‖ δ (G2, imaginary
    /// part first) ‖ IC[0…n] (G1), 448 + 64·(n + 1) bytes.
    public static func verifyingKey(evm bytes: [UInt8]) throws(FormatError) -> VerifyingKey {
        guard bytes.count >= 512, (bytes.count - 448) % 64 == 0 else {
            throw FormatError(.malformed, field: "verifying_key", offset: bytes.count,
                              "a key is 448 + 64 * (n + 1) bytes (alpha, beta, gamma, delta, IC[0..n]); got \(bytes.count)")
        }
        let icCount = (bytes.count - 448) / 64
        return VerifyingKey(
            alpha: try evmG1(bytes, at: 0, field: "alpha"),
            beta: try evmG2(bytes, at: 64, field: "beta"),
            gamma: try evmG2(bytes, at: 192, field: "gamma"),
            delta: try evmG2(bytes, at: 320, field: "delta"),
            ic: try (0..<icCount).map { i throws(FormatError) in try evmG1(bytes, at: 448 + 64 * i, field: "IC[\(i)]") })
    }

    static func snarkjsKey(_ doc: ProofDocument) throws(FormatError) -> VerifyingKey {
        try doc.checkSnarkjsHeader(protocol: "groth16")
        let alpha = try doc.member("vk_alpha_1").snarkjsG1()
        let beta = try doc.member("vk_beta_2").snarkjsG2(), gamma = try doc.member("vk_gamma_2").snarkjsG2()
        let delta = try doc.member("vk_delta_2").snarkjsG2()
        let ic = try doc.member("IC").elements().map { p throws(FormatError) in try p.snarkjsG1() }
        guard !ic.isEmpty else { throw .malformed("IC", "IC must hold at least one point") }
        if let n = doc.optionalMember("nPublic") {
            let count = try n.integer()
            guard count == UInt256(UInt64(ic.count - 1)) else {
                throw .malformed(n.path, "nPublic is \(count) but IC has \(ic.count) points (expected nPublic + 1)")
            }
        }
        return VerifyingKey(alpha: alpha, beta: beta, gamma: gamma, delta: delta, ic: ic)
    }

    static func gnarkKey(_ doc: ProofDocument) throws(FormatError) -> VerifyingKey {
        if let committed = doc.optionalMember("PublicAndCommitmentCommitted"), let items = committed.value.arrayValue,
           !items.isEmpty {
            throw FormatError(.unsupported, field: committed.path,
                              "keys with Pedersen commitments (gnark's Commit API) are not supported")
        }
        let g1 = try doc.member("G1"), g2 = try doc.member("G2")
        let ic = try g1.member("K").elements().map { p throws(FormatError) in try p.namedG1(x: "X", y: "Y") }
        guard !ic.isEmpty else { throw .malformed("G1.K", "K must hold at least one point") }
        return VerifyingKey(alpha: try g1.member("Alpha").namedG1(x: "X", y: "Y"), beta: try gnarkG2(g2.member("Beta")),
                            gamma: try gnarkG2(g2.member("Gamma")), delta: try gnarkG2(g2.member("Delta")), ic: ic)
    }

    static func garagaKey(_ doc: ProofDocument) throws(FormatError) -> VerifyingKey {
        try checkGaragaCurve(doc)
        let vk = try doc.member("verifying_key")
        let ic = try vk.member("ic").elements().map { p throws(FormatError) in try p.namedG1(x: "x", y: "y") }
        guard !ic.isEmpty else { throw .malformed(vk.path + ".ic", "ic must hold at least one point") }
        return VerifyingKey(alpha: try vk.member("alpha_g1").namedG1(x: "x", y: "y"), beta: try garagaG2(vk.member("beta_g2")),
                            gamma: try garagaG2(vk.member("gamma_g2")), delta: try garagaG2(vk.member("delta_g2")), ic: ic)
    }
}

// MARK: - Proofs and public inputs

extension Groth16 {
    /// The proof format a JSON document's members point to; nil when none does.
    public static func detectFormat(proof json: JSONValue) -> Format? {
        let doc = ProofDocument(json)
        if doc.has("pi_a") { return .snarkjs }
        if doc.has("Ar") { return .gnark }
        if doc.has("vkey") && doc.has("publicValues") { return .sp1 }
        if doc.has("seal") && doc.has("image_id") { return .risc0 }
        if doc.has("pA") || doc.has("solidity_calldata") { return .evm }
        if let proof = doc.optionalMember("proof"), proof.has("a") { return .garaga }
        return nil
    }

    /// Reads a proof file; `format` nil recognises it by its members.
    public static func proof(json: JSONValue, format: Format? = nil) throws(FormatError) -> ProofFile {
        guard let format = format ?? detectFormat(proof: json) else {
            throw .malformed("", "not a Groth16 proof this verifier knows (snarkjs pi_a, gnark Ar, garaga proof.a, SP1 vkey/proof, RISC Zero seal, EVM pA/pB/pC); name the format")
        }
        let doc = ProofDocument(json)
        switch format {
        case .snarkjs:
            try doc.checkSnarkjsHeader(protocol: "groth16")
            let proof = Proof(a: try doc.member("pi_a").snarkjsG1(), b: try doc.member("pi_b").snarkjsG2(),
                              c: try doc.member("pi_c").snarkjsG1())
            return ProofFile(format: .snarkjs, proof: proof, publicInputs: nil, selector: nil)
        case .gnark:
            if let commitments = doc.optionalMember("Commitments"), let items = commitments.value.arrayValue, !items.isEmpty {
                throw FormatError(.unsupported, field: commitments.path,
                                  "proofs with Pedersen commitments (gnark's Commit API) are not supported")
            }
            let proof = Proof(a: try doc.member("Ar").namedG1(x: "X", y: "Y"), b: try gnarkG2(doc.member("Bs")),
                              c: try doc.member("Krs").namedG1(x: "X", y: "Y"))
            return ProofFile(format: .gnark, proof: proof, publicInputs: nil, selector: nil)
        case .garaga:
            try checkGaragaCurve(doc)
            let p = try doc.member("proof")
            let proof = Proof(a: try p.member("a").namedG1(x: "x", y: "y"), b: try garagaG2(p.member("b")),
                              c: try p.member("c").namedG1(x: "x", y: "y"))
            let inputs = try doc.optionalMember("public_inputs").map { d throws(FormatError) in try d.publicInputs() }
            return ProofFile(format: .garaga, proof: proof, publicInputs: inputs, selector: nil)
        case .sp1:
            return try sp1Proof(doc)
        case .risc0:
            return try riscZeroProof(doc)
        case .evm:
            let calldata = doc.optionalMember("solidity_calldata") ?? doc
            // pB holds each coordinate imaginary part first.
            let pB = try calldata.member("pB")
            let b = try pB.elements(count: 2)
            let bx = try b[0].fp2(), by = try b[1].fp2()
            let proof = Proof(a: try calldata.member("pA").affineG1(), b: try ProofFormatError.g2(x: (bx.1, bx.0), y: (by.1, by.0), field: pB.path),
                              c: try calldata.member("pC").affineG1())
            let inputs = try calldata.optionalMember("pubSignals").map { d throws(FormatError) in try d.publicInputs() }
            return ProofFile(format: .evm, proof: proof, publicInputs: inputs, selector: nil)
        }
    }

    /// Reads A ‖ B ‖ C in EVM encoding (256 bytes; B imaginary part first).
    public static func proof(evm bytes: [UInt8]) throws(FormatError) -> Proof {
        guard bytes.count == 256 else {
            throw FormatError(.malformed, field: "proof", "a proof is 256 bytes (A 64, B 128, C 64); got \(bytes.count)")
        }
        return try evmProof(bytes[...], base: 0, field: "proof")
    }

    /// Reads public inputs: a JSON array of decimal or hex strings (or numbers), or an object
    /// of named values in circuit order (gnark).
    public static func publicInputs(json: JSONValue) throws(FormatError) -> [BN254.Fr] {
        try PublicInputs.read(json: json)
    }

    /// Reads public inputs as consecutive 32-byte big-endian words.
    public static func publicInputs(evm bytes: [UInt8]) throws(FormatError) -> [BN254.Fr] {
        try PublicInputs.read(evm: bytes)
    }

    /// A batch file `{vk, proofs: [{proof, publicSignals}]}` (snarkjs shapes, or any key and
    /// proof shape this reader knows); `vk` may be absent when the key is given apart.
    public static func batch(json: JSONValue) throws(FormatError) -> (key: VerifyingKey?, statements: [Statement]) {
        let doc = ProofDocument(json)
        let key = try doc.optionalMember("vk").map { d throws(FormatError) in
            do throws(FormatError) { return try verifyingKey(json: d.value).key } catch { throw error.nested(under: d.path) }
        }
        let statements = try doc.member("proofs").elements().map { item throws(FormatError) -> Statement in
            do throws(FormatError) {
                let file = try proof(json: item.member("proof").value)
                let signals = item.optionalMember("publicSignals") ?? item.optionalMember("public")
                guard let inputs = try signals.map({ d throws(FormatError) in try d.publicInputs() }) ?? file.publicInputs else {
                    throw FormatError.malformed(item.path, "missing publicSignals")
                }
                return Statement(proof: file.proof, publicInputs: inputs)
            } catch {
                // Errors in the proof document carry paths inside it; the others already start at the item.
                throw error.field.hasPrefix(item.path) ? error : error.nested(under: item.path + ".proof")
            }
        }
        return (key, statements)
    }
}

// MARK: - SP1 and RISC Zero

extension Groth16 {
    /// SP1 (v5): public inputs [program vkey, sha256(publicValues) with its top 3 bits cleared].
    public static func sp1PublicInputs(vkey: [UInt8], publicValues: [UInt8]) throws(FormatError) -> [BN254.Fr] {
        guard vkey.count == 32 else { throw .malformed("vkey", "the program vkey is 32 bytes; got \(vkey.count)") }
        var digest = Array(SHA256.hash(data: publicValues))
        digest[0] &= 0x1f
        return [try ProofFormatError.publicInput(UInt256(bigEndian: vkey) ?? .zero, index: 0, field: "vkey"),
                try ProofFormatError.publicInput(UInt256(bigEndian: digest) ?? .zero, index: 1, field: "publicValues")]
    }

    static func sp1Proof(_ doc: ProofDocument) throws(FormatError) -> ProofFile {
        let vkey = try doc.member("vkey").hexBytes()
        let values = try doc.member("publicValues").hexBytes()
        let (selector, proof) = try selectedProof(doc.member("proof"))
        return ProofFile(format: .sp1, proof: proof, publicInputs: try sp1PublicInputs(vkey: vkey, publicValues: values),
                         selector: selector)
    }

    /// The RISC Zero constants a receipt's public inputs depend on (those of the v2 verifier).
    public struct RiscZeroParameters: Sendable {
        /// The control root of the recursion circuit, as its digest bytes.
        public var controlRoot: [UInt8]
        /// The BN254 control id, a scalar.
        public var bn254ControlID: UInt256

        public init(controlRoot: [UInt8], bn254ControlID: UInt256) {
            self.controlRoot = controlRoot
            self.bn254ControlID = bn254ControlID
        }

        public static let v2 = RiscZeroParameters(
            controlRoot: (try? Hex.decode("ce52bf56033842021af3cf6db8a50d1b7535c125a34f1a22c6fdcf002c5a1529")) ?? [],
            bn254ControlID: UInt256("0x04446e66d300eb7fb45c9726bb53c793dda407a62e9601618bb43c5c14657ac0") ?? .zero)
    }

    /// RISC Zero: public inputs [control root lo, hi, claim digest lo, hi, BN254 control id] for a
    /// receipt of `imageID` that halted normally with `journal`. Digests split after reversing
    /// their bytes, i.e. read little-endian: lo = bytes 0..<16, hi = bytes 16..<32.
    public static func riscZeroPublicInputs(imageID: [UInt8], journal: [UInt8],
                                            parameters: RiscZeroParameters = .v2) throws(FormatError) -> [BN254.Fr] {
        guard imageID.count == 32 else { throw .malformed("image_id", "the image id is 32 bytes; got \(imageID.count)") }
        guard parameters.controlRoot.count == 32 else {
            throw .malformed("control_root", "the control root is 32 bytes; got \(parameters.controlRoot.count)")
        }
        let zero = [UInt8](repeating: 0, count: 32)
        func sha(_ parts: [UInt8]...) -> [UInt8] { Array(SHA256.hash(data: parts.flatMap { $0 })) }
        let output = sha(sha(Array("risc0.Output".utf8)), sha(journal), zero, [2, 0])
        // The post state of a halted run: the digest of the zero system state.
        let haltedState = (try? Hex.decode("a3acc27117418996340b84e5a90f3ef4c49d22c79e44aad822ec9c313e1eb8e2")) ?? []
        let claim = sha(sha(Array("risc0.ReceiptClaim".utf8)), zero, imageID, haltedState, output,
                        [UInt8](repeating: 0, count: 8), [4, 0])
        func halves(_ digest: [UInt8]) -> [UInt256] {
            [UInt256(bigEndian: digest[0..<16].reversed()) ?? .zero, UInt256(bigEndian: digest[16..<32].reversed()) ?? .zero]
        }
        let words = halves(parameters.controlRoot) + halves(claim) + [parameters.bn254ControlID]
        return try words.enumerated().map { i, w throws(FormatError) in
            try ProofFormatError.publicInput(w, index: i, field: i == 4 ? "bn254_control_id" : i < 2 ? "control_root" : "claim")
        }
    }

    static func riscZeroProof(_ doc: ProofDocument) throws(FormatError) -> ProofFile {
        let imageID = try doc.member("image_id").hexBytes()
        let journal = try doc.member("journal").hexBytes()
        let (selector, proof) = try selectedProof(doc.member("seal"))
        return ProofFile(format: .risc0, proof: proof,
                         publicInputs: try riscZeroPublicInputs(imageID: imageID, journal: journal), selector: selector)
    }

    /// selector (4 bytes) ‖ A ‖ B ‖ C, as the SP1 and RISC Zero routers take them.
    static func selectedProof(_ doc: ProofDocument) throws(FormatError) -> ([UInt8], Proof) {
        let bytes = try doc.hexBytes()
        guard bytes.count == 260 else {
            throw .malformed(doc.path, "expected a 4-byte verifier selector and a 256-byte proof (A, B, C), 260 bytes; got \(bytes.count)")
        }
        return (Array(bytes[0..<4]), try evmProof(bytes[4...], base: 4, field: doc.path))
    }
}

// MARK: - Point encodings

extension Groth16 {
    static func evmProof(_ bytes: ArraySlice<UInt8>, base: Int, field: String) throws(FormatError) -> Proof {
        let b = Array(bytes)
        return Proof(a: try evmG1(b, at: 0, field: field + ".A", base: base), b: try evmG2(b, at: 64, field: field + ".B", base: base),
                     c: try evmG1(b, at: 192, field: field + ".C", base: base))
    }

    static func evmG1(_ bytes: [UInt8], at offset: Int, field: String, base: Int = 0) throws(FormatError) -> BN254.G1Point {
        do {
            return try BN254.G1Point(evm: Array(bytes[offset ..< offset + 64]))
        } catch {
            throw FormatError(.point(error.reason), field: field + (error.field.isEmpty ? "" : "." + error.field),
                              offset: base + offset + (error.offset ?? 0), error.description)
        }
    }

    static func evmG2(_ bytes: [UInt8], at offset: Int, field: String, base: Int = 0) throws(FormatError) -> BN254.G2Point {
        do {
            return try BN254.G2Point(evm: Array(bytes[offset ..< offset + 128]))
        } catch {
            throw FormatError(.point(error.reason), field: field + (error.field.isEmpty ? "" : "." + error.field),
                              offset: base + offset + (error.offset ?? 0), error.description)
        }
    }

    static func checkGaragaCurve(_ doc: ProofDocument) throws(FormatError) {
        if let c = doc.optionalMember("elliptic_curve_id"), let name = c.string, !["bn254", "bn128"].contains(name.lowercased()) {
            throw FormatError(.unsupported, field: c.path, "curve \"\(name)\" is not BN254")
        }
    }

    /// `{X: {A0, A1}, Y: {A0, A1}}`, A0 the real part.
    static func gnarkG2(_ doc: ProofDocument) throws(FormatError) -> BN254.G2Point {
        let x = try doc.member("X"), y = try doc.member("Y")
        return try ProofFormatError.g2(x: (x.member("A0").integer(), x.member("A1").integer()),
                                       y: (y.member("A0").integer(), y.member("A1").integer()), field: doc.path)
    }

    /// `{x: [c0, c1], y: [c0, c1]}`, real part first.
    static func garagaG2(_ doc: ProofDocument) throws(FormatError) -> BN254.G2Point {
        try ProofFormatError.g2(x: doc.member("x").fp2(), y: doc.member("y").fp2(), field: doc.path)
    }
}

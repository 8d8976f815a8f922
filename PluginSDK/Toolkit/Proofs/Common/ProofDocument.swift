/// A JSON value with the path that led to it, so that every refusal names its field
/// (`vk_delta_2[1][0]`, `proof.b.x[1]`).
struct ProofDocument {
    let value: JSONValue
    let path: String

    init(_ value: JSONValue, path: String = "") {
        self.value = value
        self.path = path
    }

    func has(_ key: String) -> Bool { value[key] != nil }

    func member(_ key: String) throws(ProofFormatError) -> ProofDocument {
        let childPath = path.isEmpty ? key : path + "." + key
        guard value.isObject else { throw .malformed(path, "expected an object with member \"\(key)\"") }
        guard let child = value[key] else { throw .malformed(childPath, "missing") }
        return ProofDocument(child, path: childPath)
    }

    func optionalMember(_ key: String) -> ProofDocument? {
        value[key].map { ProofDocument($0, path: path.isEmpty ? key : path + "." + key) }
    }

    func elements(count: Int? = nil) throws(ProofFormatError) -> [ProofDocument] {
        guard let items = value.arrayValue else { throw .malformed(path, "expected an array") }
        if let count, items.count != count {
            throw .malformed(path, "expected \(count) elements, found \(items.count)")
        }
        return items.enumerated().map { ProofDocument($1, path: "\(path)[\($0)]") }
    }

    /// Object members in document order (gnark writes public inputs as named members).
    var members: [(String, ProofDocument)]? {
        guard case .object(let items) = value else { return nil }
        return items.map { ($0, ProofDocument($1, path: path.isEmpty ? $0 : path + "." + $0)) }
    }

    var string: String? { value.stringValue }

    /// A 256-bit integer written as a decimal or 0x-hex string, or as a JSON number.
    func integer() throws(ProofFormatError) -> UInt256 {
        let text: String
        switch value {
        case .string(let s): text = s
        case .number(let n): text = n
        default: throw .malformed(path, "expected an integer as a decimal or 0x-hex string")
        }
        guard let parsed = UInt256(text) else {
            throw .malformed(path, "\"\(text.prefix(80))\" is not a decimal or 0x-hex integer below 2^256")
        }
        return parsed
    }

    /// Bytes written as a 0x-hex string.
    func hexBytes() throws(ProofFormatError) -> [UInt8] {
        guard let text = value.stringValue else { throw .malformed(path, "expected a 0x-hex string") }
        do { return try Hex.decode(text) } catch {
            throw .malformed(path, "not hex: \(error)")
        }
    }

    /// `[x, y]` as affine coordinates.
    func affineG1() throws(ProofFormatError) -> BN254.G1Point {
        let xy = try elements(count: 2)
        return try ProofFormatError.g1(x: xy[0].integer(), y: xy[1].integer(), field: path)
    }

    /// `{x, y}` (or `{X, Y}`) members.
    func namedG1(x xKey: String, y yKey: String) throws(ProofFormatError) -> BN254.G1Point {
        try ProofFormatError.g1(x: member(xKey).integer(), y: member(yKey).integer(), field: path)
    }

    /// A pair `[c0, c1]` (real part first).
    func fp2() throws(ProofFormatError) -> (UInt256, UInt256) {
        let c = try elements(count: 2)
        return (try c[0].integer(), try c[1].integer())
    }
}

// MARK: - snarkjs shapes (Groth16, PLONK and FFLONK files)

extension ProofDocument {
    /// Refuses a snarkjs document made for another protocol or curve; both members are optional.
    func checkSnarkjsHeader(protocol expected: String) throws(ProofFormatError) {
        if let p = optionalMember("protocol"), let name = p.string, name != expected {
            throw ProofFormatError(.unsupported, field: p.path, "protocol \"\(name)\" is not \(expected)")
        }
        if let c = optionalMember("curve"), let name = c.string, !["bn128", "bn254", "alt_bn128"].contains(name.lowercased()) {
            throw ProofFormatError(.unsupported, field: c.path, "curve \"\(name)\" is not BN254 (bn128)")
        }
    }

    /// `[x, y, z]`: z = 1, or the point at infinity `["0", "1", "0"]`.
    func snarkjsG1() throws(ProofFormatError) -> BN254.G1Point {
        let c = try elements(count: 3)
        let x = try c[0].integer(), y = try c[1].integer(), z = try c[2].integer()
        if z.isZero {
            guard x.isZero, y == UInt256(1) else {
                throw .malformed(path, "z = 0 is only accepted as the point at infinity [\"0\", \"1\", \"0\"]")
            }
            return .infinity
        }
        guard z == UInt256(1) else { throw .malformed(c[2].path, "expected affine coordinates (z = 1)") }
        return try ProofFormatError.g1(x: x, y: y, field: path)
    }

    /// `[[x.c0, x.c1], [y.c0, y.c1], [z.c0, z.c1]]` (real part first): z = 1, or infinity with
    /// x = 0, y = 1, z = 0.
    func snarkjsG2() throws(ProofFormatError) -> BN254.G2Point {
        let c = try elements(count: 3)
        let x = try c[0].fp2(), y = try c[1].fp2(), z = try c[2].fp2()
        if z.0.isZero && z.1.isZero {
            guard x.0.isZero, x.1.isZero, y.0 == UInt256(1), y.1.isZero else {
                throw .malformed(path, "z = 0 is only accepted as the point at infinity [[\"0\",\"0\"], [\"1\",\"0\"], [\"0\",\"0\"]]")
            }
            return .infinity
        }
        guard z.0 == UInt256(1), z.1.isZero else { throw .malformed(c[2].path, "expected affine coordinates (z = [\"1\", \"0\"])") }
        return try ProofFormatError.g2(x: x, y: y, field: path)
    }

    /// A scalar the proof carries (a decimal or hex string), below r.
    func proofScalar() throws(ProofFormatError) -> BN254.Fr {
        try ProofFormatError.proofScalar(integer(), field: path)
    }

    /// A small non-negative integer (a key's `power`, `nPublic`) no larger than `limit`.
    func count(atMost limit: Int) throws(ProofFormatError) -> Int {
        let value = try integer()
        guard let small = value.uint64, small <= UInt64(limit) else {
            throw .malformed(path, "\(value) is out of range (0...\(limit))")
        }
        return Int(small)
    }

    /// Public inputs: a JSON array of decimal or hex strings (or numbers), or an object of named
    /// values in circuit order (gnark).
    func publicInputs() throws(ProofFormatError) -> [BN254.Fr] {
        if let members {
            return try members.enumerated().map { i, m throws(ProofFormatError) in
                try ProofFormatError.publicInput(m.1.integer(), index: i, field: m.1.path)
            }
        }
        return try elements().enumerated().map { i, e throws(ProofFormatError) in
            try ProofFormatError.publicInput(e.integer(), index: i, field: e.path)
        }
    }
}

/// Public inputs as files give them, for every proof system here.
public enum PublicInputs {
    /// The count a verifying key takes; anything else is refused before any curve work.
    static func check(_ inputs: [BN254.Fr], count: Int, field: String) throws(ProofFormatError) {
        guard inputs.count == count else {
            throw ProofFormatError(.publicInputCount(expected: count, actual: inputs.count), field: field,
                                   "the key takes \(count) public inputs; got \(inputs.count)")
        }
    }

    /// A JSON array of decimal or hex strings (or numbers) — snarkjs's `public.json` — or an
    /// object of named values in circuit order (gnark). Inputs ≥ r are refused, not reduced.
    public static func read(json: JSONValue) throws(ProofFormatError) -> [BN254.Fr] {
        try ProofDocument(json).publicInputs()
    }

    /// Consecutive 32-byte big-endian words (the ABI encoding of `uint256[n]`).
    public static func read(evm bytes: [UInt8]) throws(ProofFormatError) -> [BN254.Fr] {
        guard bytes.count % 32 == 0 else {
            throw ProofFormatError(.malformed, field: "public_inputs", offset: bytes.count - bytes.count % 32,
                                   "public inputs are 32-byte words; \(bytes.count) bytes is not a multiple of 32")
        }
        return try (0..<bytes.count / 32).map { i throws(ProofFormatError) in
            let word = bytes[32 * i ..< 32 * i + 32]
            return try ProofFormatError.publicInput(UInt256(bigEndian: word) ?? .zero, index: i, field: "public_inputs[\(i)]", offset: 32 * i)
        }
    }
}

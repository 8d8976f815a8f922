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

    func member(_ key: String) throws(Groth16.FormatError) -> ProofDocument {
        let childPath = path.isEmpty ? key : path + "." + key
        guard value.isObject else { throw .malformed(path, "expected an object with member \"\(key)\"") }
        guard let child = value[key] else { throw .malformed(childPath, "missing") }
        return ProofDocument(child, path: childPath)
    }

    func optionalMember(_ key: String) -> ProofDocument? {
        value[key].map { ProofDocument($0, path: path.isEmpty ? key : path + "." + key) }
    }

    func elements(count: Int? = nil) throws(Groth16.FormatError) -> [ProofDocument] {
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
    func integer() throws(Groth16.FormatError) -> UInt256 {
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
    func hexBytes() throws(Groth16.FormatError) -> [UInt8] {
        guard let text = value.stringValue else { throw .malformed(path, "expected a 0x-hex string") }
        do { return try Hex.decode(text) } catch {
            throw .malformed(path, "not hex: \(error)")
        }
    }

    /// `[x, y]` as affine coordinates.
    func affineG1() throws(Groth16.FormatError) -> BN254.G1Point {
        let xy = try elements(count: 2)
        return try Groth16.g1(x: xy[0].integer(), y: xy[1].integer(), field: path)
    }

    /// `{x, y}` (or `{X, Y}`) members.
    func namedG1(x xKey: String, y yKey: String) throws(Groth16.FormatError) -> BN254.G1Point {
        try Groth16.g1(x: member(xKey).integer(), y: member(yKey).integer(), field: path)
    }

    /// A pair `[c0, c1]` (real part first).
    func fp2() throws(Groth16.FormatError) -> (UInt256, UInt256) {
        let c = try elements(count: 2)
        return (try c[0].integer(), try c[1].integer())
    }
}

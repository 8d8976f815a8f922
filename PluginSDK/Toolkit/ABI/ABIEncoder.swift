/// Solidity ABI encoding: the standard head/tail form (`abi.encode`, calldata, return data, event
/// data) and the packed form (`abi.encodePacked`).
public enum ABICodec {
    /// `abi.encode(values…)`: the values as one parameter list. A single dynamic value therefore
    /// starts with its offset word (0x20), as Solidity writes it.
    public static func encode(_ values: [ABIValue], as types: [ABIType]) throws(ABIEncodingError) -> [UInt8] {
        try ABIValue.check(values, against: types)
        var out: [UInt8] = []
        encodeSequence(values, types: types, into: &out)
        return out
    }

    /// `abi.encodePacked(values…)`: integers in their own width, `address` 20 bytes, `bool` one
    /// byte, `bytesN` N bytes, `bytes` and `string` in place without a length; arrays of value types
    /// with each element padded to 32 bytes as in the standard encoding. Solidity refuses tuples,
    /// nested arrays and arrays of `bytes`/`string` in packed mode, and so does this.
    ///
    /// The packed form is ambiguous (`("a","bc")` and `("ab","c")` pack the same), so there is no
    /// decoder for it.
    public static func encodePacked(_ values: [ABIValue], as types: [ABIType]) throws(ABIEncodingError) -> [UInt8] {
        try ABIValue.check(values, against: types)
        var out: [UInt8] = []
        for (i, (value, type)) in zip(values, types).enumerated() {
            switch (type, value) {
            case (.fixedArray(let element, _), .array(let items)), (.array(let element), .array(let items)):
                guard element.isElementary else {
                    throw ABIEncodingError(path: "arg \(i)", type: type, message: "abi.encodePacked supports arrays of value types only (uintN, intN, address, bool, bytesN), not of \(element.canonical); use the standard encoding")
                }
                for item in items { encodeWord(item, into: &out) }
            case (.tuple, _):
                throw ABIEncodingError(path: "arg \(i)", type: type, message: "abi.encodePacked does not support tuples (structs); pass the components as separate arguments or use the standard encoding")
            default:
                packElement(value, type: type, into: &out)
            }
        }
        return out
    }

    // MARK: standard encoding (values already checked)

    /// A parameter list, tuple or array body: heads in order (static values in place, offsets for
    /// dynamic ones), then the tails of the dynamic values in the same order.
    static func encodeSequence(_ values: [ABIValue], types: [ABIType], into out: inout [UInt8]) {
        encodeSequence(count: values.count, value: { values[$0] }, type: { types[$0] }, into: &out)
    }

    private static func encodeSequence(count: Int, value: (Int) -> ABIValue, type: (Int) -> ABIType, into out: inout [UInt8]) {
        let start = out.count
        var pending: [(head: Int, index: Int)] = []
        for i in 0..<count {
            let t = type(i)
            if t.isDynamic {
                pending.append((out.count, i))
                out.append(contentsOf: zeroWord)
            } else {
                encode(value(i), as: t, into: &out)
            }
        }
        for (head, i) in pending {
            writeLength(out.count - start, at: head, in: &out)
            encode(value(i), as: type(i), into: &out)
        }
    }

    private static func encode(_ value: ABIValue, as type: ABIType, into out: inout [UInt8]) {
        switch (type, value) {
        case (.bytes, .bytes(let bytes)):
            appendLength(bytes.count, to: &out)
            appendPadded(bytes, to: &out)
        case (.string, .string(let s)):
            let bytes = Array(s.utf8)
            appendLength(bytes.count, to: &out)
            appendPadded(bytes, to: &out)
        case (.fixedArray(let element, _), .array(let items)):
            encodeSequence(count: items.count, value: { items[$0] }, type: { _ in element }, into: &out)
        case (.array(let element), .array(let items)):
            appendLength(items.count, to: &out)
            encodeSequence(count: items.count, value: { items[$0] }, type: { _ in element }, into: &out)
        case (.tuple(let components), .tuple(let items)):
            encodeSequence(items, types: components, into: &out)
        default:
            encodeWord(value, into: &out)
        }
    }

    /// A value type as its 32-byte word: integers big-endian (signed ones sign-extended), address
    /// and bool right-aligned, bytesN left-aligned.
    static func encodeWord(_ value: ABIValue, into out: inout [UInt8]) {
        switch value {
        case .uint(let v, _), .int(let v, _): out.append(contentsOf: v.bigEndianBytes)
        case .address(let a):
            out.append(contentsOf: repeatElement(0, count: 12))
            out.append(contentsOf: a.bytes)
        case .bool(let b):
            out.append(contentsOf: repeatElement(0, count: 31))
            out.append(b ? 1 : 0)
        case .fixedBytes(let bytes):
            appendPadded(bytes, to: &out)
        default:
            break  // not a value type; check(against:) has ruled this out
        }
    }

    private static func packElement(_ value: ABIValue, type: ABIType, into out: inout [UInt8]) {
        switch (type, value) {
        case (.uint(let bits), .uint(let v, _)), (.int(let bits), .int(let v, _)):
            out.append(contentsOf: v.bigEndianBytes.suffix(bits / 8))
        case (.address, .address(let a)): out.append(contentsOf: a.bytes)
        case (.bool, .bool(let b)): out.append(b ? 1 : 0)
        case (.fixedBytes, .fixedBytes(let bytes)), (.bytes, .bytes(let bytes)): out.append(contentsOf: bytes)
        case (.string, .string(let s)): out.append(contentsOf: s.utf8)
        default: break  // arrays and tuples are handled by the caller
        }
    }

    // MARK: words

    private static let zeroWord = [UInt8](repeating: 0, count: 32)

    private static func appendLength(_ n: Int, to out: inout [UInt8]) {
        out.append(contentsOf: UInt256(UInt64(n)).bigEndianBytes)
    }

    private static func writeLength(_ n: Int, at index: Int, in out: inout [UInt8]) {
        var v = UInt64(n)
        for k in stride(from: index + 31, through: index + 24, by: -1) {
            out[k] = UInt8(truncatingIfNeeded: v)
            v >>= 8
        }
    }

    /// The bytes, then zeros up to a multiple of 32.
    private static func appendPadded(_ bytes: [UInt8], to out: inout [UInt8]) {
        out.append(contentsOf: bytes)
        let rest = bytes.count % 32
        if rest != 0 { out.append(contentsOf: repeatElement(0, count: 32 - rest)) }
    }
}

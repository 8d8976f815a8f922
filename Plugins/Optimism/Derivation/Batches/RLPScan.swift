import RollportToolkit

/// RLP headers read in place, for the places that must not build a value tree: splitting a
/// channel's stream into batches and checking span-batch transaction data. Canonical forms
/// only, as Go's rlp package (which op-node uses) requires.
struct RLPHeader {
    var isList: Bool
    /// Where the payload starts and how long it is.
    var payloadStart: Int
    var payloadLength: Int
    var end: Int { payloadStart + payloadLength }

    enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        case truncated(needed: Int, available: Int)
        case nonCanonical(String)

        var description: String {
            switch self {
            case .truncated(let needed, let available): return "RLP item needs \(needed) bytes, \(available) remain"
            case .nonCanonical(let what): return "non-canonical RLP: \(what)"
            }
        }
    }

    /// The header of the item at `p`, which must end by `end`.
    static func read(_ b: UnsafeBufferPointer<UInt8>, at p: Int, end: Int) -> Result<RLPHeader, Problem> {
        guard p < end else { return .failure(.truncated(needed: 1, available: 0)) }
        let prefix = b[p]
        let available = end - p
        switch prefix {
        case 0x00...0x7f:
            return .success(RLPHeader(isList: false, payloadStart: p, payloadLength: 1))
        case 0x80...0xb7, 0xc0...0xf7:
            let isList = prefix >= 0xc0
            let length = Int(prefix - (isList ? 0xc0 : 0x80))
            guard 1 + length <= available else { return .failure(.truncated(needed: 1 + length, available: available)) }
            if !isList, length == 1, b[p + 1] < 0x80 { return .failure(.nonCanonical("single byte below 0x80 wrapped in a string header")) }
            return .success(RLPHeader(isList: isList, payloadStart: p + 1, payloadLength: length))
        default:
            let isList = prefix >= 0xf8
            let lengthOfLength = Int(prefix - (isList ? 0xf7 : 0xb7))
            guard 1 + lengthOfLength <= available else { return .failure(.truncated(needed: 1 + lengthOfLength, available: available)) }
            guard b[p + 1] != 0 else { return .failure(.nonCanonical("length with a leading zero byte")) }
            guard lengthOfLength <= 7 else { return .failure(.truncated(needed: Int.max, available: available)) }
            var length = 0
            for i in 0..<lengthOfLength { length = length << 8 | Int(b[p + 1 + i]) }
            guard length >= 56 else { return .failure(.nonCanonical("long form for a length below 56")) }
            guard length <= available - 1 - lengthOfLength else {
                return .failure(.truncated(needed: 1 + lengthOfLength + length, available: available))
            }
            return .success(RLPHeader(isList: isList, payloadStart: p + 1 + lengthOfLength, payloadLength: length))
        }
    }
}

/// Encoded-size arithmetic and in-place writing for RLP, used to build transactions in one
/// allocation.
enum RLPWrite {
    static func headerSize(_ length: Int) -> Int {
        length < 56 ? 1 : 1 + byteCount(UInt64(length))
    }

    static func byteCount(_ v: UInt64) -> Int { v == 0 ? 0 : (71 - v.leadingZeroBitCount) / 8 }

    /// Size of an integer item.
    static func intSize(_ v: UInt64) -> Int { v < 0x80 && v != 0 ? 1 : 1 + byteCount(v) }

    static func header(_ length: Int, list: Bool, to p: inout UnsafeMutablePointer<UInt8>) {
        let base: UInt8 = list ? 0xc0 : 0x80
        if length < 56 {
            p.pointee = base + UInt8(length); p += 1
        } else {
            let n = byteCount(UInt64(length))
            p.pointee = base + 55 + UInt8(n); p += 1
            for i in stride(from: n - 1, through: 0, by: -1) { p.pointee = UInt8(truncatingIfNeeded: length >> (8 * i)); p += 1 }
        }
    }

    static func int(_ v: UInt64, to p: inout UnsafeMutablePointer<UInt8>) {
        if v < 0x80 && v != 0 { p.pointee = UInt8(v); p += 1; return }
        let n = byteCount(v)
        p.pointee = 0x80 + UInt8(n); p += 1
        for i in stride(from: n - 1, through: 0, by: -1) { p.pointee = UInt8(truncatingIfNeeded: v >> UInt64(8 * i)); p += 1 }
    }

    static func copy(_ source: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, to p: inout UnsafeMutablePointer<UInt8>) {
        guard !range.isEmpty, let base = source.baseAddress else { return }
        p.update(from: base + range.lowerBound, count: range.count)
        p += range.count
    }
}

extension RLPWrite {
    static func byteCount(_ v: UInt256) -> Int {
        if v.limbs.3 != 0 { return 24 + byteCount(v.limbs.3) }
        if v.limbs.2 != 0 { return 16 + byteCount(v.limbs.2) }
        if v.limbs.1 != 0 { return 8 + byteCount(v.limbs.1) }
        return byteCount(v.limbs.0)
    }

    static func intSize(_ v: UInt256) -> Int {
        v.limbs.1 == 0 && v.limbs.2 == 0 && v.limbs.3 == 0 ? intSize(v.limbs.0) : 1 + byteCount(v)
    }

    static func int(_ v: UInt256, to p: inout UnsafeMutablePointer<UInt8>) {
        if v.limbs.1 == 0 && v.limbs.2 == 0 && v.limbs.3 == 0 { int(v.limbs.0, to: &p); return }
        let n = byteCount(v)
        p.pointee = 0x80 + UInt8(n); p += 1
        for i in stride(from: n - 1, through: 0, by: -1) {
            let limb = i >= 24 ? v.limbs.3 : i >= 16 ? v.limbs.2 : i >= 8 ? v.limbs.1 : v.limbs.0
            p.pointee = UInt8(truncatingIfNeeded: limb >> UInt64(8 * (i % 8))); p += 1
        }
    }
}

/// An unsigned 256-bit integer: EVM words, wei amounts, fee fields, ABI `uint256`.
///
/// Only what Ethereum data needs: conversion from and to bytes, decimal and hex text, ordering,
/// and arithmetic that reports overflow instead of wrapping silently.
public struct UInt256: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Limbs, least significant first.
    public var limbs: (UInt64, UInt64, UInt64, UInt64)

    public init(limbs: (UInt64, UInt64, UInt64, UInt64)) { self.limbs = limbs }

    public init(_ value: UInt64) { limbs = (value, 0, 0, 0) }

    public static let zero = UInt256(0)
    public static let max = UInt256(limbs: (.max, .max, .max, .max))

    /// Big-endian bytes, at most 32 (fewer are left-padded with zeros); nil for more than 32.
    public init?(bigEndian bytes: some Collection<UInt8>) {
        guard bytes.count <= 32 else { return nil }
        var words: [UInt64] = [0, 0, 0, 0]
        var index = bytes.count - 1
        for byte in bytes {
            words[index / 8] |= UInt64(byte) << (8 * UInt64(index % 8))
            index -= 1
        }
        limbs = (words[0], words[1], words[2], words[3])
    }

    /// Exactly 32 big-endian bytes.
    public var bigEndianBytes: [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        let words = [limbs.3, limbs.2, limbs.1, limbs.0]
        for (k, w) in words.enumerated() {
            for i in 0..<8 { out[8 * k + i] = UInt8(truncatingIfNeeded: w >> (56 - 8 * UInt64(i))) }
        }
        return out
    }

    /// Big-endian without leading zeros; zero is no bytes (RLP's integer form).
    public var minimalBigEndianBytes: [UInt8] {
        Array(bigEndianBytes.drop(while: { $0 == 0 }))
    }

    public var isZero: Bool { self == .zero }

    /// The value if it fits in 64 bits.
    public var uint64: UInt64? { limbs.1 == 0 && limbs.2 == 0 && limbs.3 == 0 ? limbs.0 : nil }

    /// Number of significant bits (0 for zero).
    public var bitWidth: Int {
        let words = [limbs.3, limbs.2, limbs.1, limbs.0]
        for (k, w) in words.enumerated() where w != 0 {
            return (3 - k) * 64 + (64 - w.leadingZeroBitCount)
        }
        return 0
    }

    public static func == (a: UInt256, b: UInt256) -> Bool {
        a.limbs.0 == b.limbs.0 && a.limbs.1 == b.limbs.1 && a.limbs.2 == b.limbs.2 && a.limbs.3 == b.limbs.3
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(limbs.0); hasher.combine(limbs.1); hasher.combine(limbs.2); hasher.combine(limbs.3)
    }

    public static func < (a: UInt256, b: UInt256) -> Bool {
        (a.limbs.3, a.limbs.2, a.limbs.1, a.limbs.0) < (b.limbs.3, b.limbs.2, b.limbs.1, b.limbs.0)
    }

    // MARK: arithmetic

    public func addingReportingOverflow(_ other: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        let (r0, c0) = limbs.0.addingReportingOverflow(other.limbs.0)
        let (s1, c1a) = limbs.1.addingReportingOverflow(other.limbs.1)
        let (r1, c1b) = s1.addingReportingOverflow(c0 ? 1 : 0)
        let (s2, c2a) = limbs.2.addingReportingOverflow(other.limbs.2)
        let (r2, c2b) = s2.addingReportingOverflow(c1a || c1b ? 1 : 0)
        let (s3, c3a) = limbs.3.addingReportingOverflow(other.limbs.3)
        let (r3, c3b) = s3.addingReportingOverflow(c2a || c2b ? 1 : 0)
        return (UInt256(limbs: (r0, r1, r2, r3)), c3a || c3b)
    }

    public func subtractingReportingOverflow(_ other: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        let (r0, b0) = limbs.0.subtractingReportingOverflow(other.limbs.0)
        let (s1, b1a) = limbs.1.subtractingReportingOverflow(other.limbs.1)
        let (r1, b1b) = s1.subtractingReportingOverflow(b0 ? 1 : 0)
        let (s2, b2a) = limbs.2.subtractingReportingOverflow(other.limbs.2)
        let (r2, b2b) = s2.subtractingReportingOverflow(b1a || b1b ? 1 : 0)
        let (s3, b3a) = limbs.3.subtractingReportingOverflow(other.limbs.3)
        let (r3, b3b) = s3.subtractingReportingOverflow(b2a || b2b ? 1 : 0)
        return (UInt256(limbs: (r0, r1, r2, r3)), b3a || b3b)
    }

    public func multipliedReportingOverflow(by factor: UInt64) -> (partialValue: UInt256, overflow: Bool) {
        var carry: UInt64 = 0
        var out: [UInt64] = [0, 0, 0, 0]
        for (i, w) in [limbs.0, limbs.1, limbs.2, limbs.3].enumerated() {
            let (high, low) = w.multipliedFullWidth(by: factor)
            let (sum, c) = low.addingReportingOverflow(carry)
            out[i] = sum
            carry = high &+ (c ? 1 : 0)
        }
        return (UInt256(limbs: (out[0], out[1], out[2], out[3])), carry != 0)
    }

    public func quotientAndRemainder(dividingBy divisor: UInt64) -> (quotient: UInt256, remainder: UInt64) {
        precondition(divisor != 0, "division by zero")
        var remainder: UInt64 = 0
        var out: [UInt64] = [0, 0, 0, 0]
        for (i, w) in [limbs.0, limbs.1, limbs.2, limbs.3].enumerated().reversed() {
            (out[i], remainder) = divisor.dividingFullWidth((remainder, w))
        }
        return (UInt256(limbs: (out[0], out[1], out[2], out[3])), remainder)
    }

    // MARK: text

    /// Decimal digits.
    public var description: String {
        if isZero { return "0" }
        var chunks = [UInt64]()
        var value = self
        while !value.isZero {
            let (q, r) = value.quotientAndRemainder(dividingBy: 10_000_000_000_000_000_000)
            chunks.append(r)
            value = q
        }
        var text = String(chunks.removeLast())
        for chunk in chunks.reversed() {
            let digits = String(chunk)
            text += String(repeating: "0", count: 19 - digits.count) + digits
        }
        return text
    }

    /// A JSON-RPC quantity: `0x` and hex digits without leading zeros (`0x0` for zero).
    public var hexQuantity: String {
        let bytes = minimalBigEndianBytes
        guard !bytes.isEmpty else { return "0x0" }
        var text = Hex.encode(bytes, prefix: false)
        if text.hasPrefix("0") { text.removeFirst() }
        return "0x" + text
    }

    /// Decimal digits, or `0x` hex; nil if the text is neither or the value needs more than 256 bits.
    public init?(_ text: some StringProtocol) {
        if text.hasPrefix("0x") || text.hasPrefix("0X") {
            let digits = text.dropFirst(2)
            guard !digits.isEmpty, digits.count <= 64 else { return nil }
            let padded = digits.count % 2 == 0 ? String(digits) : "0" + digits
            guard let bytes = try? Hex.decode(padded) else { return nil }
            self.init(bigEndian: bytes)
            return
        }
        guard !text.isEmpty else { return nil }
        var value = UInt256.zero
        for c in text.utf8 {
            guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { return nil }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt256(UInt64(c - UInt8(ascii: "0"))))
            guard !o1, !o2 else { return nil }
            value = sum
        }
        self = value
    }
}

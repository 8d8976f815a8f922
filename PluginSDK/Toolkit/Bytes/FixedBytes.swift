/// A 20-byte Ethereum address, stored as three words so that it hashes and compares fast
/// (the router keys its index on it).
public struct Address: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var high: UInt64
    public var middle: UInt64
    public var low: UInt32

    public init(high: UInt64, middle: UInt64, low: UInt32) {
        self.high = high; self.middle = middle; self.low = low
    }

    /// Exactly 20 bytes.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 20 else { return nil }
        var h: UInt64 = 0, m: UInt64 = 0, l: UInt32 = 0
        for (i, b) in bytes.enumerated() {
            switch i {
            case 0..<8: h = h << 8 | UInt64(b)
            case 8..<16: m = m << 8 | UInt64(b)
            default: l = l << 8 | UInt32(b)
            }
        }
        self.init(high: h, middle: m, low: l)
    }

    public init(hex: some StringProtocol) throws(Hex.DecodingError) {
        let bytes = try Hex.decode(hex, count: 20)
        self.init(bytes: bytes)!
    }

    public static let zero = Address(high: 0, middle: 0, low: 0)

    public var bytes: [UInt8] {
        var out = [UInt8](repeating: 0, count: 20)
        for i in 0..<8 { out[i] = UInt8(truncatingIfNeeded: high >> (56 - 8 * i)) }
        for i in 0..<8 { out[8 + i] = UInt8(truncatingIfNeeded: middle >> (56 - 8 * i)) }
        for i in 0..<4 { out[16 + i] = UInt8(truncatingIfNeeded: low >> (24 - 8 * i)) }
        return out
    }

    public var description: String { Hex.encode(bytes) }

    public static func < (a: Address, b: Address) -> Bool {
        (a.high, a.middle, a.low) < (b.high, b.middle, b.low)
    }
}

/// 32 bytes: a hash, a topic, a storage word.
public struct Hash32: Hashable, Sendable, CustomStringConvertible {
    public var w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64

    public init(w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64) {
        self.w0 = w0; self.w1 = w1; self.w2 = w2; self.w3 = w3
    }

    /// Exactly 32 bytes.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 32 else { return nil }
        var w = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        for (i, b) in bytes.enumerated() {
            switch i >> 3 {
            case 0: w.0 = w.0 << 8 | UInt64(b)
            case 1: w.1 = w.1 << 8 | UInt64(b)
            case 2: w.2 = w.2 << 8 | UInt64(b)
            default: w.3 = w.3 << 8 | UInt64(b)
            }
        }
        self.init(w0: w.0, w1: w.1, w2: w.2, w3: w.3)
    }

    public init(hex: some StringProtocol) throws(Hex.DecodingError) {
        let bytes = try Hex.decode(hex, count: 32)
        self.init(bytes: bytes)!
    }

    public static let zero = Hash32(w0: 0, w1: 0, w2: 0, w3: 0)

    public var bytes: [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        for (k, w) in [w0, w1, w2, w3].enumerated() {
            for i in 0..<8 { out[8 * k + i] = UInt8(truncatingIfNeeded: w >> (56 - 8 * i)) }
        }
        return out
    }

    public var description: String { Hex.encode(bytes) }
}

// Raw-memory forms: the C ABI carries addresses and hashes as plain byte arrays, and converting
// them must not allocate (the router does it for every rule match).
extension Address {
    /// Reads 20 big-endian bytes at `p`; no alignment needed.
    @inlinable
    public init(unsafeRawBytes p: UnsafeRawPointer) {
        self.init(high: UInt64(bigEndian: p.loadUnaligned(as: UInt64.self)),
                  middle: UInt64(bigEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
                  low: UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 16, as: UInt32.self)))
    }

    /// Writes the 20 bytes at `p`; no alignment needed.
    @inlinable
    public func store(to p: UnsafeMutableRawPointer) {
        p.storeBytes(of: high.bigEndian, as: UInt64.self)
        p.storeBytes(of: middle.bigEndian, toByteOffset: 8, as: UInt64.self)
        p.storeBytes(of: low.bigEndian, toByteOffset: 16, as: UInt32.self)
    }
}

extension Hash32 {
    /// Reads 32 big-endian bytes at `p`; no alignment needed.
    @inlinable
    public init(unsafeRawBytes p: UnsafeRawPointer) {
        self.init(w0: UInt64(bigEndian: p.loadUnaligned(as: UInt64.self)),
                  w1: UInt64(bigEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
                  w2: UInt64(bigEndian: p.loadUnaligned(fromByteOffset: 16, as: UInt64.self)),
                  w3: UInt64(bigEndian: p.loadUnaligned(fromByteOffset: 24, as: UInt64.self)))
    }

    /// Writes the 32 bytes at `p`; no alignment needed.
    @inlinable
    public func store(to p: UnsafeMutableRawPointer) {
        p.storeBytes(of: w0.bigEndian, as: UInt64.self)
        p.storeBytes(of: w1.bigEndian, toByteOffset: 8, as: UInt64.self)
        p.storeBytes(of: w2.bigEndian, toByteOffset: 16, as: UInt64.self)
        p.storeBytes(of: w3.bigEndian, toByteOffset: 24, as: UInt64.self)
    }
}

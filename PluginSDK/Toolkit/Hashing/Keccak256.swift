/// Ethereum's Keccak-256: Keccak[c = 512] with the original multi-rate padding (0x01 … 0x80),
/// which is not FIPS-202 SHA3-256 (padding 0x06). Written here because no available library
/// exposes it.
///
/// One-shot `Keccak256.hash(_:)` for whole inputs; `update` / `finalize` for streams.
public struct Keccak256: Sendable {
    /// Bytes absorbed per permutation.
    public static let rate = 136
    private static let rateLanes = 17

    private var lanes = KeccakLanes()
    /// Bytes of the current block not yet permuted (kept as bytes so a stream can split anywhere).
    private var pending = [UInt8]()

    public init() { pending.reserveCapacity(Self.rate) }

    /// The hash of `bytes`.
    public static func hash(_ bytes: [UInt8]) -> Hash32 {
        bytes.withUnsafeBytes { hash($0) }
    }

    public static func hash(_ bytes: ArraySlice<UInt8>) -> Hash32 {
        bytes.withUnsafeBytes { hash($0) }
    }

    public static func hash(_ text: String) -> Hash32 {
        var text = text
        return text.withUTF8 { hash(UnsafeRawBufferPointer($0)) }
    }

    public static func hash(_ buffer: UnsafeRawBufferPointer) -> Hash32 {
        var state = KeccakLanes()
        return state.withLanes { s in
            var offset = 0
            let count = buffer.count
            if let base = buffer.baseAddress {
                while count - offset >= rate {
                    absorbBlock(base + offset, into: s)
                    keccakF1600(s)
                    offset += rate
                }
            }
            // Final block: the tail, then the padding; 0x01 and 0x80 share a byte when the tail is 135 bytes.
            var block = KeccakBlock()
            return block.withBytes { b in
                if count > offset, let base = buffer.baseAddress {
                    UnsafeMutableRawPointer(b).copyMemory(from: base + offset, byteCount: count - offset)
                }
                b[count - offset] ^= 0x01
                b[rate - 1] ^= 0x80
                absorbBlock(UnsafeRawPointer(b), into: s)
                keccakF1600(s)
                return squeeze(s)
            }
        }
    }

    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    public mutating func update(_ buffer: UnsafeRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        var offset = 0
        if !pending.isEmpty {
            let take = min(Self.rate - pending.count, buffer.count)
            pending.append(contentsOf: UnsafeRawBufferPointer(start: base, count: take))
            offset = take
            guard pending.count == Self.rate else { return }
            let block = pending
            lanes.withLanes { s in
                block.withUnsafeBytes { Self.absorbBlock($0.baseAddress!, into: s) }
                keccakF1600(s)
            }
            pending.removeAll(keepingCapacity: true)
        }
        lanes.withLanes { s in
            while buffer.count - offset >= Self.rate {
                Self.absorbBlock(base + offset, into: s)
                keccakF1600(s)
                offset += Self.rate
            }
        }
        pending.append(contentsOf: UnsafeRawBufferPointer(start: base + offset, count: buffer.count - offset))
    }

    /// The hash of everything absorbed. The hasher can keep absorbing afterwards: it is a value.
    public func finalize() -> Hash32 {
        var copy = lanes
        let tail = pending
        return copy.withLanes { s in
            var block = KeccakBlock()
            return block.withBytes { b in
                tail.withUnsafeBytes { t in
                    if let base = t.baseAddress { UnsafeMutableRawPointer(b).copyMemory(from: base, byteCount: t.count) }
                }
                b[tail.count] ^= 0x01
                b[Self.rate - 1] ^= 0x80
                Self.absorbBlock(UnsafeRawPointer(b), into: s)
                keccakF1600(s)
                return Self.squeeze(s)
            }
        }
    }

    @inline(__always)
    private static func absorbBlock(_ p: UnsafeRawPointer, into s: UnsafeMutablePointer<UInt64>) {
        for i in 0..<rateLanes {
            s[i] ^= UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))
        }
    }

    /// The first 32 bytes of the state: lanes 0-3, each little-endian.
    @inline(__always)
    private static func squeeze(_ s: UnsafeMutablePointer<UInt64>) -> Hash32 {
        Hash32(w0: s[0].byteSwapped, w1: s[1].byteSwapped, w2: s[2].byteSwapped, w3: s[3].byteSwapped)
    }
}

extension Keccak256 {
    /// The first four bytes of the hash of a function signature such as `transfer(address,uint256)`.
    public static func selector(_ signature: String) -> UInt32 {
        UInt32(truncatingIfNeeded: hash(signature).w0 >> 32)
    }
}

/// The 25-lane state, inline so that hashing allocates nothing.
private struct KeccakLanes {
    var storage: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                  UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                  UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)

    @inline(__always)
    mutating func withLanes<R>(_ body: (UnsafeMutablePointer<UInt64>) -> R) -> R {
        withUnsafeMutableBytes(of: &storage) { body($0.baseAddress!.assumingMemoryBound(to: UInt64.self)) }
    }
}

/// One zeroed 136-byte block for the padded tail.
private struct KeccakBlock {
    var storage: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                  UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)

    @inline(__always)
    mutating func withBytes<R>(_ body: (UnsafeMutablePointer<UInt8>) -> R) -> R {
        withUnsafeMutableBytes(of: &storage) { body($0.baseAddress!.assumingMemoryBound(to: UInt8.self)) }
    }
}

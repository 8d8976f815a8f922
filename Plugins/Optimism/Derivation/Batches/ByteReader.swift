import RollportToolkit

/// Reads the fields of a batch from borrowed memory. Every read is checked against the end;
/// offsets in errors count from the start of the batch content (`base` shifts them).
struct ByteReader {
    let buffer: UnsafeBufferPointer<UInt8>
    var position: Int
    let base: Int

    init(_ buffer: UnsafeBufferPointer<UInt8>, base: Int = 0) {
        self.buffer = buffer; self.position = 0; self.base = base
    }

    var remaining: Int { buffer.count - position }
    var offset: Int { base + position }

    func error(_ field: String, _ reason: SpanBatchError.Reason, at position: Int? = nil) -> SpanBatchError {
        SpanBatchError(field: field, offset: base + (position ?? self.position), reason: reason)
    }

    /// An unsigned LEB128 varint as Go's binary.ReadUvarint reads it: at most 10 bytes, no
    /// overflow of 64 bits; non-minimal forms are accepted.
    mutating func uvarint(_ field: String) throws(SpanBatchError) -> UInt64 {
        let start = position
        var value: UInt64 = 0
        var shift: UInt64 = 0
        for i in 0..<10 {
            guard position < buffer.count else { throw error(field, .truncated(needed: i + 1, available: i), at: start) }
            let b = buffer[position]
            position += 1
            if b < 0x80 {
                if i == 9 && b > 1 { throw error(field, .uvarintOverflow, at: start) }
                return value | UInt64(b) << shift
            }
            value |= UInt64(b & 0x7F) << shift
            shift += 7
        }
        throw error(field, .uvarintOverflow, at: start)
    }

    /// The next `count` bytes, borrowed.
    mutating func take(_ count: Int, _ field: String) throws(SpanBatchError) -> UnsafeBufferPointer<UInt8> {
        guard count <= remaining else { throw error(field, .truncated(needed: count, available: remaining)) }
        let slice = UnsafeBufferPointer(rebasing: buffer[position..<(position + count)])
        position += count
        return slice
    }

    /// A bitlist of `count` bits: a big-endian integer in ceil(count/8) bytes whose bit i is
    /// element i; bits at or above `count` must be clear.
    mutating func bitlist(count: Int, _ field: String) throws(SpanBatchError) -> [Bool] {
        let start = position
        let byteCount = (count + 7) / 8
        let bytes = try take(byteCount, field)
        if count % 8 != 0, let first = bytes.first, first >> UInt8(count % 8) != 0 {
            throw error(field, .bitlistTooLong(bits: count), at: start)
        }
        return [Bool](unsafeUninitializedCapacity: count) { out, initialized in
            for i in 0..<count {
                out.initializeElement(at: i, to: bytes[byteCount - 1 - i / 8] >> UInt8(i % 8) & 1 == 1)
            }
            initialized = count
        }
    }
}

/// Writing the span batch's field encodings.
enum ByteWriter {
    static func uvarint(_ value: UInt64, to out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    /// `bits` as a big-endian integer left-padded to ceil(count/8) bytes.
    static func bitlist(_ bits: [Bool], to out: inout [UInt8]) {
        let byteCount = (bits.count + 7) / 8
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: byteCount))
        for (i, bit) in bits.enumerated() where bit {
            out[start + byteCount - 1 - i / 8] |= 1 << UInt8(i % 8)
        }
    }
}

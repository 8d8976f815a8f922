import RollportToolkit

/// The OP Stack's blob encoding (Ecotone): 254 bits of every 32-byte field element carry data,
/// so one blob holds up to 130,044 bytes behind a version byte and a 3-byte length.
///
/// Seen as a 130,048-byte stream S = version ‖ uint24(len) ‖ data ‖ zero padding, each round of
/// 127 bytes of S fills four field elements: their bytes 1…31 take S's 31-byte runs, and the
/// three bytes between the runs are split into 6-bit pieces that fill the field elements'
/// first bytes (whose two top bits stay clear, keeping every element below the BLS modulus).
public enum OPBlobCodec {
    public static let blobSize = Blob.size
    /// Payload bytes one blob can carry.
    public static let maxDataSize = (4 * 31 + 3) * 1024 - 4
    public static let encodingVersion: UInt8 = 0
    static let roundCount = 1024
    static let streamSize = 127 * roundCount

    /// The data a blob carries. Refuses blobs op-node refuses: wrong size, unknown version,
    /// a length over 130,044, a field element with either top bit set, and non-zero bytes after
    /// the data (the encoding is a bijection, so there is one blob per data).
    public static func decode(_ blob: [UInt8]) throws(OPBlobError) -> [UInt8] {
        guard blob.count == blobSize else { throw .wrongSize(blob.count) }
        return try blob.withUnsafeBufferPointer { b throws(OPBlobError) in
            guard b[1] == encodingVersion else { throw .unknownVersion(b[1]) }
            let length = Int(b[2]) << 16 | Int(b[3]) << 8 | Int(b[4])
            guard length <= maxDataSize else { throw .lengthTooLarge(length) }
            for fe in 0..<Blob.fieldElementCount where b[fe &* 32] & 0xC0 != 0 {
                throw .fieldElementHighBits(fieldElement: fe, byte: b[fe &* 32])
            }
            var stream = [UInt8](repeating: 0, count: streamSize)
            stream.withUnsafeMutableBufferPointer { s in
                for round in 0..<roundCount {
                    let i = round &* 128, o = round &* 127
                    let a = b[i], bb = b[i &+ 32], c = b[i &+ 64], d = b[i &+ 96]
                    for k in 0..<31 {
                        s[o &+ k] = b[i &+ 1 &+ k]
                        s[o &+ 32 &+ k] = b[i &+ 33 &+ k]
                        s[o &+ 64 &+ k] = b[i &+ 65 &+ k]
                        s[o &+ 96 &+ k] = b[i &+ 97 &+ k]
                    }
                    s[o &+ 31] = (a & 0x3F) | ((bb & 0x30) << 2)
                    s[o &+ 63] = (bb & 0x0F) | ((d & 0x0F) << 4)
                    s[o &+ 95] = (c & 0x3F) | ((d & 0x30) << 2)
                }
            }
            let end = 4 + length
            for i in end..<streamSize where stream[i] != 0 {
                throw .nonZeroPadding(streamOffset: i, fieldElement: fieldElement(ofStreamOffset: i), dataLength: length)
            }
            return Array(stream[4..<end])
        }
    }

    /// The blob carrying `data` (at most 130,044 bytes); `decode` gives `data` back.
    public static func encode(_ data: [UInt8]) throws(OPBlobError) -> [UInt8] {
        guard data.count <= maxDataSize else { throw .dataTooLarge(data.count) }
        var stream = [UInt8](repeating: 0, count: streamSize)
        stream[1] = UInt8(truncatingIfNeeded: data.count >> 16)
        stream[2] = UInt8(truncatingIfNeeded: data.count >> 8)
        stream[3] = UInt8(truncatingIfNeeded: data.count)
        stream.replaceSubrange(4..<(4 + data.count), with: data)
        var blob = [UInt8](repeating: 0, count: blobSize)
        stream.withUnsafeBufferPointer { s in
            blob.withUnsafeMutableBufferPointer { b in
                for round in 0..<roundCount {
                    let i = round &* 128, o = round &* 127
                    for k in 0..<31 {
                        b[i &+ 1 &+ k] = s[o &+ k]
                        b[i &+ 33 &+ k] = s[o &+ 32 &+ k]
                        b[i &+ 65 &+ k] = s[o &+ 64 &+ k]
                        b[i &+ 97 &+ k] = s[o &+ 96 &+ k]
                    }
                    let x = s[o &+ 31], y = s[o &+ 63], z = s[o &+ 95]
                    b[i] = x & 0x3F
                    b[i &+ 32] = (y & 0x0F) | ((x & 0xC0) >> 2)
                    b[i &+ 64] = z & 0x3F
                    b[i &+ 96] = ((z & 0xC0) >> 2) | ((y & 0xF0) >> 4)
                }
            }
        }
        return blob
    }

    /// The field element holding a byte of S (for the split bytes, the first one holding a piece).
    static func fieldElement(ofStreamOffset offset: Int) -> Int {
        let round = offset / 127, k = offset % 127
        let inRound: Int
        switch k {
        case 0...31: inRound = 0
        case 32...63: inRound = 1
        case 64...95: inRound = 2
        default: inRound = 3
        }
        return round * 4 + inRound
    }
}

public enum OPBlobError: Error, Equatable, Sendable, CustomStringConvertible {
    case wrongSize(Int)
    case unknownVersion(UInt8)
    case lengthTooLarge(Int)
    case fieldElementHighBits(fieldElement: Int, byte: UInt8)
    case nonZeroPadding(streamOffset: Int, fieldElement: Int, dataLength: Int)
    case dataTooLarge(Int)

    public var description: String {
        switch self {
        case .wrongSize(let n):
            return "OP blob: \(n) bytes; a blob is exactly \(OPBlobCodec.blobSize)"
        case .unknownVersion(let v):
            return "OP blob: unknown encoding version 0x\(Hex.encode([v], prefix: false)) at blob byte 1; only 0x00 is defined"
        case .lengthTooLarge(let n):
            return "OP blob: declared length \(n) (blob bytes 2-4) exceeds the maximum of \(OPBlobCodec.maxDataSize)"
        case .fieldElementHighBits(let fe, let byte):
            let which = byte & 0x80 != 0 ? "top bit" : "second-highest bit"
            return "OP blob: field element \(fe) has its \(which) set (byte 0 = 0x\(Hex.encode([byte], prefix: false)), blob offset \(fe * 32)); OP blobs use 6 bits of each element's first byte"
        case .nonZeroPadding(let offset, let fe, let length):
            return "OP blob: non-zero byte after the \(length) data bytes (encoded-stream offset \(offset), field element \(fe)); the padding must be zero"
        case .dataTooLarge(let n):
            return "OP blob: \(n) bytes do not fit; one blob carries at most \(OPBlobCodec.maxDataSize)"
        }
    }
}

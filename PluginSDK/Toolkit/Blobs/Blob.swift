import Crypto

/// An EIP-4844 blob: 4096 field elements of BLS12-381's scalar field, each 32 bytes big-endian.
public struct Blob: Equatable, Sendable {
    public static let fieldElementCount = 4096
    public static let bytesPerFieldElement = 32
    public static let size = fieldElementCount * bytesPerFieldElement
    /// The bytes a simple codec stores per element: all but the high byte, which stays 0 so the
    /// element is always below the modulus.
    public static let usableBytesPerFieldElement = 31
    public static let usableSize = fieldElementCount * usableBytesPerFieldElement

    /// r, the order of BLS12-381's G1: every field element must be below it.
    public static let modulus: [UInt8] = [
        0x73, 0xed, 0xa7, 0x53, 0x29, 0x9d, 0x7d, 0x48, 0x33, 0x39, 0xd8, 0x08, 0x09, 0xa1, 0xd8, 0x05,
        0x53, 0xbd, 0xa4, 0x02, 0xff, 0xfe, 0x5b, 0xfe, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01,
    ]

    public let bytes: [UInt8]

    public struct ValidationError: Error, Equatable, Sendable, CustomStringConvertible {
        public enum Reason: Equatable, Sendable {
            case wrongSize(Int)
            /// The element is r or more, so it is not a field element.
            case elementNotCanonical(index: Int)
            /// A codec of 31 bytes per element found an element whose high byte is not 0.
            case highByteNotZero(index: Int, byte: UInt8)
            /// More data than 4096 × 31 bytes was given to pack.
            case tooLarge(Int)
        }
        public let reason: Reason

        public init(reason: Reason) { self.reason = reason }

        public var description: String {
            switch reason {
            case .wrongSize(let n):
                return "a blob is \(Blob.size) bytes, this is \(n)"
            case .elementNotCanonical(let i):
                return "field element \(i) (bytes \(i * 32)..<\(i * 32 + 32)) is not below the BLS12-381 modulus r; no blob can hold it"
            case .highByteNotZero(let i, let b):
                return "field element \(i) has high byte 0x\(Hex.encode([b], prefix: false)) (byte \(i * 32)); this codec keeps it 0"
            case .tooLarge(let n):
                return "\(n) bytes do not fit in one blob of \(Blob.usableSize) usable bytes"
            }
        }
    }

    /// Checks the size and that every element is below r.
    public init(bytes: [UInt8]) throws(ValidationError) {
        guard bytes.count == Blob.size else { throw ValidationError(reason: .wrongSize(bytes.count)) }
        for i in 0..<Blob.fieldElementCount where !Blob.isCanonical(bytes[i * 32..<i * 32 + 32]) {
            throw ValidationError(reason: .elementNotCanonical(index: i))
        }
        self.bytes = bytes
    }

    /// Packs up to 126,976 bytes 31 to an element (high byte 0), padding with zeros.
    public init(packing data: [UInt8]) throws(ValidationError) {
        guard data.count <= Blob.usableSize else { throw ValidationError(reason: .tooLarge(data.count)) }
        var out = [UInt8](repeating: 0, count: Blob.size)
        var offset = 0
        var element = 0
        while offset < data.count {
            let n = min(31, data.count - offset)
            out[element * 32 + 1..<element * 32 + 1 + n] = data[offset..<offset + n]
            offset += n
            element += 1
        }
        self.bytes = out
    }

    /// Element `index` (0..<4096), 32 bytes big-endian.
    public func fieldElement(_ index: Int) -> ArraySlice<UInt8> {
        bytes[index * 32..<index * 32 + 32]
    }

    public var fieldElements: [ArraySlice<UInt8>] {
        (0..<Blob.fieldElementCount).map(fieldElement)
    }

    /// The low 31 bytes of every element, in order (126,976 bytes). With `requireZeroHighByte`
    /// an element whose high byte is set is an error, as codecs that write 31 bytes per element
    /// never set it.
    public func usableBytes(requireZeroHighByte: Bool = true) throws(ValidationError) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(Blob.usableSize)
        for i in 0..<Blob.fieldElementCount {
            if requireZeroHighByte, bytes[i * 32] != 0 {
                throw ValidationError(reason: .highByteNotZero(index: i, byte: bytes[i * 32]))
            }
            out.append(contentsOf: bytes[i * 32 + 1..<i * 32 + 32])
        }
        return out
    }

    /// True if the 32 big-endian bytes are below r.
    public static func isCanonical(_ element: ArraySlice<UInt8>) -> Bool {
        for (a, b) in zip(element, modulus) where a != b { return a < b }
        return false
    }
}

/// KZG commitments as EIP-4844 transactions reference them.
public enum KZGCommitment {
    public static let size = 48
    /// The version byte of a versioned hash of a KZG commitment.
    public static let versionedHashVersion: UInt8 = 0x01

    public struct LengthError: Error, Equatable, Sendable, CustomStringConvertible {
        public let length: Int
        public init(length: Int) { self.length = length }
        public var description: String { "a KZG commitment is 48 bytes (a compressed BLS12-381 G1 point), this is \(length)" }
    }

    /// 0x01 ‖ sha256(commitment)[1...]: what a blob transaction lists and BLOBHASH returns.
    public static func versionedHash(_ commitment: [UInt8]) throws(LengthError) -> Hash32 {
        guard commitment.count == size else { throw LengthError(length: commitment.count) }
        var digest = Array(SHA256.hash(data: commitment))
        digest[0] = versionedHashVersion
        return Hash32(bytes: digest) ?? .zero
    }
}

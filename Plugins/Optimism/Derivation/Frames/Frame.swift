import RollportToolkit

/// The 16 random bytes that name a channel.
public struct ChannelID: Hashable, Sendable, CustomStringConvertible {
    public var high: UInt64
    public var low: UInt64

    public init(high: UInt64, low: UInt64) { self.high = high; self.low = low }

    /// Exactly 16 bytes.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 16 else { return nil }
        var h: UInt64 = 0, l: UInt64 = 0
        for (i, b) in bytes.enumerated() {
            if i < 8 { h = h << 8 | UInt64(b) } else { l = l << 8 | UInt64(b) }
        }
        self.init(high: h, low: l)
    }

    public init(hex: some StringProtocol) throws(Hex.DecodingError) {
        let bytes = try Hex.decode(hex, count: 16)
        self.init(bytes: bytes)!
    }

    /// A fresh channel id from `generator` (op-batcher draws it from a CSPRNG).
    public static func random(using generator: inout some RandomNumberGenerator) -> ChannelID {
        ChannelID(high: generator.next(), low: generator.next())
    }

    public var bytes: [UInt8] {
        (0..<16).map { i in UInt8(truncatingIfNeeded: (i < 8 ? high : low) >> (56 - 8 * UInt64(i % 8))) }
    }

    public var description: String { Hex.encode(bytes) }
}

/// One piece of a channel: `channel_id (16) ‖ frame_number (u16) ‖ frame_data_length (u32) ‖
/// frame_data ‖ is_last (u8)`, integers big-endian.
public struct Frame: Equatable, Sendable {
    public var channelID: ChannelID
    public var number: UInt16
    public var data: [UInt8]
    public var isLast: Bool

    public init(channelID: ChannelID, number: UInt16, data: [UInt8], isLast: Bool) {
        self.channelID = channelID; self.number = number; self.data = data; self.isLast = isLast
    }

    /// Bytes of the encoded frame.
    public var encodedSize: Int { DerivationLimits.frameOverhead + data.count }

    public func encoded() -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(encodedSize)
        append(to: &out)
        return out
    }

    public func append(to out: inout [UInt8]) {
        for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: channelID.high >> UInt64(shift))) }
        for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: channelID.low >> UInt64(shift))) }
        out.append(UInt8(truncatingIfNeeded: number >> 8)); out.append(UInt8(truncatingIfNeeded: number))
        let length = UInt32(truncatingIfNeeded: data.count)
        for shift in stride(from: 24, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: length >> UInt32(shift))) }
        out.append(contentsOf: data)
        out.append(isLast ? 1 : 0)
    }

    /// Every frame of a batcher payload after its version byte. As in op-node, one bad frame
    /// rejects the whole payload: the frames must fill it exactly, and there must be at least one.
    public static func parseAll(_ data: some Collection<UInt8>) throws(FrameError) -> [Frame] {
        let bytes = data as? [UInt8] ?? Array(data)
        return try bytes.withUnsafeBufferPointer { b throws(FrameError) in
            guard !b.isEmpty else { throw FrameError(frameIndex: 0, offset: 0, reason: .noFrames) }
            var frames = [Frame]()
            var p = 0
            while p < b.count {
                let index = frames.count
                let remaining = b.count - p
                guard remaining >= DerivationLimits.frameOverhead - 1 else {
                    throw FrameError(frameIndex: index, offset: p, reason: .truncatedHeader(available: remaining))
                }
                let base = UnsafeRawPointer(b.baseAddress! + p)
                let id = ChannelID(high: UInt64(bigEndian: base.loadUnaligned(as: UInt64.self)),
                                   low: UInt64(bigEndian: base.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
                let number = UInt16(bigEndian: base.loadUnaligned(fromByteOffset: 16, as: UInt16.self))
                let length = Int(UInt32(bigEndian: base.loadUnaligned(fromByteOffset: 18, as: UInt32.self)))
                guard length <= DerivationLimits.maxFrameDataLength else {
                    throw FrameError(frameIndex: index, offset: p + 18, reason: .dataTooLong(length))
                }
                let dataStart = p + 22
                guard length < b.count - dataStart else {
                    throw FrameError(frameIndex: index, offset: p + 18,
                                     reason: .truncatedData(declared: length, available: max(0, b.count - dataStart - 1)))
                }
                let flag = b[dataStart + length]
                guard flag <= 1 else {
                    throw FrameError(frameIndex: index, offset: dataStart + length, reason: .badIsLast(flag))
                }
                frames.append(Frame(channelID: id, number: number,
                                    data: Array(UnsafeBufferPointer(rebasing: b[dataStart..<(dataStart + length)])),
                                    isLast: flag == 1))
                p = dataStart + length + 1
            }
            return frames
        }
    }
}

public struct FrameError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Reason: Equatable, Sendable {
        case noFrames
        /// Fewer than the 22 header bytes (plus is_last) remain.
        case truncatedHeader(available: Int)
        case dataTooLong(Int)
        /// frame_data_length runs past the payload (is_last included).
        case truncatedData(declared: Int, available: Int)
        case badIsLast(UInt8)
    }
    /// Which frame of the payload (0-based).
    public let frameIndex: Int
    /// Byte offset in the frames (after the version byte) of the field at fault.
    public let offset: Int
    public let reason: Reason

    public init(frameIndex: Int, offset: Int, reason: Reason) {
        self.frameIndex = frameIndex; self.offset = offset; self.reason = reason
    }

    public var description: String {
        let at = "frame \(frameIndex) at byte \(offset)"
        switch reason {
        case .noFrames:
            return "frames: the payload holds no frame (at least one is required)"
        case .truncatedHeader(let n):
            return "\(at): only \(n) bytes remain; a frame needs at least \(DerivationLimits.frameOverhead) (truncated payload or trailing garbage)"
        case .dataTooLong(let n):
            return "\(at): frame_data_length \(n) exceeds the maximum of \(DerivationLimits.maxFrameDataLength)"
        case .truncatedData(let declared, let available):
            return "\(at): frame_data_length \(declared) runs past the payload (\(available) data bytes before a final is_last byte); truncated payload"
        case .badIsLast(let b):
            return "\(at): is_last is 0x\(Hex.encode([b], prefix: false)); it must be 0 or 1"
        }
    }
}

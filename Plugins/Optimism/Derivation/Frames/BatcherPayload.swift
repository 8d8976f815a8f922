import RollportToolkit

/// What one batcher transaction (its calldata) or one of its blobs carries:
/// `derivation_version ‖ frames`. Only version 0 (frames) is read; 1 is an Alt-DA commitment.
public enum BatcherPayload {
    public static let frameVersion: UInt8 = 0
    public static let altDAVersion: UInt8 = 1

    /// The frames of a calldata payload (version byte included).
    public static func frames(calldata: some Collection<UInt8>) throws(BatcherPayloadError) -> [Frame] {
        guard let version = calldata.first else { throw .empty(blobIndex: nil) }
        guard version == frameVersion else { throw .unsupportedVersion(version, blobIndex: nil) }
        do { return try Frame.parseAll(calldata.dropFirst()) } catch { throw .frames(error, blobIndex: nil) }
    }

    /// The frames of one blob; `index` is its position in the transaction, for errors.
    public static func frames(blob: [UInt8], index: Int = 0) throws(BatcherPayloadError) -> [Frame] {
        let data: [UInt8]
        do { data = try OPBlobCodec.decode(blob) } catch { throw .blob(error, blobIndex: index) }
        guard let version = data.first else { throw .empty(blobIndex: index) }
        guard version == frameVersion else { throw .unsupportedVersion(version, blobIndex: index) }
        do { return try Frame.parseAll(data.dropFirst()) } catch { throw .frames(error, blobIndex: index) }
    }

    /// The frames of every blob of a transaction, in blob order.
    public static func frames(blobs: [[UInt8]]) throws(BatcherPayloadError) -> [Frame] {
        var out = [Frame]()
        for (i, blob) in blobs.enumerated() { out += try frames(blob: blob, index: i) }
        return out
    }

    /// The bytes a calldata batcher transaction carries for `frames`.
    public static func calldata(frames: [Frame]) -> [UInt8] {
        var out: [UInt8] = [frameVersion]
        out.reserveCapacity(1 + frames.reduce(0) { $0 + $1.encodedSize })
        for frame in frames { frame.append(to: &out) }
        return out
    }
}

public enum BatcherPayloadError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty(blobIndex: Int?)
    case unsupportedVersion(UInt8, blobIndex: Int?)
    case blob(OPBlobError, blobIndex: Int)
    case frames(FrameError, blobIndex: Int?)

    public var description: String {
        func source(_ blob: Int?) -> String { blob.map { "blob \($0)" } ?? "calldata" }
        switch self {
        case .empty(let blob):
            return "\(source(blob)): empty batcher payload; expected a version byte and frames"
        case .unsupportedVersion(let v, let blob):
            let hint = v == BatcherPayload.altDAVersion ? " (an Alt-DA commitment; the frames live off-chain)" : ""
            return "\(source(blob)): derivation version 0x\(Hex.encode([v], prefix: false))\(hint); only 0x00 (frames) is read"
        case .blob(let error, let blob):
            return "blob \(blob): \(error)"
        case .frames(let error, let blob):
            // Offsets in FrameError count from after the version byte.
            return "\(source(blob)): \(error) (offsets after the version byte)"
        }
    }
}

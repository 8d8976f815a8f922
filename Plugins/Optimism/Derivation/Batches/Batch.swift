import RollportToolkit

/// One batch of a channel: `batch_version ‖ content`.
public enum Batch: Sendable, Equatable {
    case singular(SingularBatch)
    case span(SpanBatch)

    public static let singularVersion: UInt8 = 0
    public static let spanVersion: UInt8 = 1

    public var version: UInt8 {
        switch self {
        case .singular: return Self.singularVersion
        case .span: return Self.spanVersion
        }
    }

    /// Decodes `version ‖ content` (the payload of one RLP string of a channel).
    public static func decode(_ bytes: [UInt8]) throws(BatchError) -> Batch {
        try bytes.withUnsafeBufferPointer { b throws(BatchError) in try decode(b, streamOffset: 0) }
    }

    static func decode(_ b: UnsafeBufferPointer<UInt8>, streamOffset: Int) throws(BatchError) -> Batch {
        guard let version = b.first else { throw BatchError(offset: streamOffset, message: "batch: empty; expected a version byte") }
        switch version {
        case singularVersion:
            do { return .singular(try SingularBatch.decode(Array(b.dropFirst()))) } catch {
                throw BatchError(offset: streamOffset + error.offset, message: error.message)
            }
        case spanVersion:
            var reader = ByteReader(UnsafeBufferPointer(rebasing: b[1...]), base: 0)
            do { return .span(try SpanBatch.decode(&reader)) } catch {
                throw BatchError(offset: streamOffset + 1 + error.offset, message: error.description, span: error)
            }
        default:
            throw BatchError(offset: streamOffset, message: "batch: unknown version 0x\(Hex.encode([version], prefix: false)); 0 is singular, 1 is span")
        }
    }

    /// `version ‖ content`.
    public func encoded() -> [UInt8] {
        switch self {
        case .singular(let b): return [Self.singularVersion] + b.encoded()
        case .span(let b): return [Self.spanVersion] + b.encoded()
        }
    }

    /// The L2 blocks it describes.
    public func blocks(config: RollupConfig, threads: Int = 1) throws(BatchDerivationError) -> [DerivedL2Block] {
        switch self {
        case .singular(let b): return [b.block(config: config)]
        case .span(let b): return try b.blocks(config: config, threads: threads)
        }
    }
}

public struct BatchError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Byte offset in the decompressed channel stream (or in the batch, when decoded alone).
    public let offset: Int
    public let message: String
    /// The span batch error behind it, when there is one.
    public let span: SpanBatchError?

    public init(offset: Int, message: String, span: SpanBatchError? = nil) {
        self.offset = offset; self.message = message; self.span = span
    }

    public var description: String { "\(message) (stream byte \(offset))" }
}

/// Reads the batches of a decompressed channel: a concatenation of RLP byte strings, each
/// holding one `version ‖ content`. Reading stops at the first bad one, as op-node's does
/// (the batches before it stand).
public struct BatchReader: Sendable {
    public let stream: [UInt8]
    /// Where the next RLP string starts.
    public private(set) var offset = 0

    public init(_ stream: [UInt8]) { self.stream = stream }

    /// The next batch, or nil at the end of the stream.
    public mutating func next() throws(BatchError) -> Batch? {
        guard offset < stream.count else { return nil }
        let start = offset
        return try stream.withUnsafeBufferPointer { b throws(BatchError) in
            let header: RLPHeader
            switch RLPHeader.read(b, at: start, end: b.count) {
            case .success(let h): header = h
            case .failure(let problem): throw BatchError(offset: start, message: "channel: batch RLP string: \(problem)")
            }
            guard !header.isList else { throw BatchError(offset: start, message: "channel: expected an RLP string holding a batch, found a list") }
            // A one-byte string below 0x80 is its own encoding; it cannot hold a valid batch
            // but is read like any other.
            let content = UnsafeBufferPointer(rebasing: b[header.payloadStart..<header.end])
            offset = header.end
            return try Batch.decode(content, streamOffset: header.payloadStart)
        }
    }

    /// Every batch up to the end or the first error, and that error.
    public static func readAll(_ stream: [UInt8]) -> (batches: [Batch], error: BatchError?) {
        var reader = BatchReader(stream)
        var batches = [Batch]()
        while true {
            do {
                guard let batch = try reader.next() else { return (batches, nil) }
                batches.append(batch)
            } catch { return (batches, error) }
        }
    }

    /// The channel stream for `batches`: each one's `version ‖ content` as an RLP string.
    public static func encode(_ batches: [Batch]) -> [UInt8] {
        var out = [UInt8]()
        for batch in batches { RLP.bytes(batch.encoded()).append(to: &out) }
        return out
    }
}

import RollportABI

/// What an adapter written in Swift implements. The kit exports it through the C ABI:
///
/// ```swift
/// @c(rollport_plugin_entry_v1)
/// public func rollportEntry(major: UInt32, minor: UInt32) -> UnsafePointer<rollport_plugin_entry>? {
///     AdapterExport.entry(MyAdapter.self, hostMajor: major, hostMinor: minor)
/// }
/// ```
///
/// Throw ``AdapterError`` to return a status with a message; any other error becomes
/// `internal`. A trap (force-unwrap, overflow, out-of-bounds) cannot be caught: it ends the
/// host, so validate input instead.
public protocol RollportAdapter: AnyObject {
    /// Reverse-DNS id; must equal the manifest's `adapter.id`.
    static var id: String { get }
    /// Semantic version; must equal the manifest's `adapter.version`.
    static var version: String { get }
    static var threading: Threading { get }
    /// Methods served through `rollport.rpc/1`; empty means the extension is not offered.
    static var rpcMethods: [String] { get }
    /// Whether `rollport.batch/1` is offered (``decodeBatch(_:flags:output:)``).
    static var decodesBatches: Bool { get }
    /// Whether `rollport.batch-encode/1` is offered (``encodeBatch(chain:request:output:)``).
    static var encodesBatches: Bool { get }

    /// `config` is the JSON object described at `init` in rollport.h.
    init(host: HostServices, config: [UInt8]) throws

    /// Confirms a manifest rule's match. Must be fast and side-effect free.
    func claim(_ item: Item) throws -> Bool
    /// Decodes a claimed item and emits its records.
    func handle(_ item: Item, output: Output) throws
    /// The block's routed items have all been handled; returns the finished L1 height.
    func commit(block: BlockRef, output: Output) throws -> UInt64
    /// A committed block was dropped by a reorg.
    func revert(block: BlockRef) throws
    /// Serves one `rollport.rpc/1` method; returns the result as JSON text.
    func call(method: String, chain: String, params: [UInt8]) throws -> String
    /// `rollport.batch/1`: decodes what one item carries and emits `batch` records, without
    /// writing the key-value store. Throw ``AdapterError/notClaimed(_:)`` when the item is not a
    /// batch of `item.chain`.
    func decodeBatch(_ item: Item, flags: BatchFlags, output: Output) throws
    /// `rollport.batch-encode/1`: builds the L1 payloads for `request` (a JSON object) and emits
    /// one `batch` record per L1 transaction, in posting order.
    func encodeBatch(chain: String, request: [UInt8], output: Output) throws
}

/// The flags of `rollport.batch/1`; unknown bits are ignored.
public struct BatchFlags: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// Recover and report every L2 transaction's sender.
    public static let recoverSenders = BatchFlags(rawValue: UInt32(ROLLPORT_BATCH_RECOVER_SENDERS))
}

public enum Threading: UInt32, Sendable {
    case serial = 0
    case parallelQueries = 1
    case parallel = 2
}

extension RollportAdapter {
    public static var threading: Threading { .serial }
    public static var rpcMethods: [String] { [] }
    public static var decodesBatches: Bool { false }
    public static var encodesBatches: Bool { false }
    public func commit(block: BlockRef, output: Output) throws -> UInt64 { block.number ?? 0 }
    public func revert(block: BlockRef) throws {}
    public func call(method: String, chain: String, params: [UInt8]) throws -> String {
        throw AdapterError.notFound("no method \(method)")
    }
    public func decodeBatch(_ item: Item, flags: BatchFlags, output: Output) throws {
        throw AdapterError.unsupported("\(Self.id) does not decode batches (\(ROLLPORT_BATCH_V1))")
    }
    public func encodeBatch(chain: String, request: [UInt8], output: Output) throws {
        throw AdapterError.unsupported("\(Self.id) does not encode batches (\(ROLLPORT_BATCH_ENCODE_V1))")
    }
}

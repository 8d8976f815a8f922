import RollportToolkit

/// Why a source could not answer. `retryable` failures (timeouts, connection resets, a node
/// that is behind, HTTP 5xx, a response that contradicts itself) are worth another try after a
/// pause; the others (wrong chain, a block that does not exist, malformed JSON from a node that
/// keeps sending it) need someone to fix the setup.
public struct L1SourceError: Error, Sendable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        case unreachable
        case timeout
        case badResponse
        case notFound
        case missingBlobs
        case wrongChain
        /// The source cannot answer this kind of read (eth_call on a recording).
        case unsupported
        /// An eth_call reverted; `revertData` holds what it returned.
        case reverted
    }

    public var reason: Reason
    /// What was asked, e.g. `eth_getBlockByNumber(0x12)` or `GET /eth/v1/beacon/blob_sidecars/99`.
    public var request: String
    public var message: String
    public var retryable: Bool
    public var revertData: [UInt8]?

    public init(_ reason: Reason, request: String, message: String, retryable: Bool, revertData: [UInt8]? = nil) {
        self.reason = reason; self.request = request; self.message = message; self.retryable = retryable
        self.revertData = revertData
    }

    public var description: String { "\(request): \(message)" }
}

/// Where L1 comes from: a JSON-RPC and beacon endpoint, the built-in devnet, or a recorded
/// segment. The follower is written against this alone.
public protocol L1Source: Sendable {
    /// `eth_chainId`.
    func chainID() async throws(L1SourceError) -> UInt64

    /// The number of the newest block the source has.
    func headNumber() async throws(L1SourceError) -> UInt64

    /// The headers of `range` in order; shorter than the range when the source's head is lower.
    func headers(_ range: ClosedRange<UInt64>) async throws(L1SourceError) -> [L1Header]

    /// The full blocks of `range` in order, cut by `filter`; shorter than the range when the
    /// source's head is lower. Consecutive blocks of one answer are hash-linked.
    func blocks(_ range: ClosedRange<UInt64>, filter: L1Filter) async throws(L1SourceError) -> [L1Block]

    /// The blob sidecars of `block` whose commitments hash to `versionedHashes`, in that order.
    /// Fails with `.missingBlobs` naming the hashes it could not find.
    func blobs(of block: L1Header, versionedHashes: [Hash32]) async throws(L1SourceError) -> [BlobSidecar]

    /// The logs `filter.logAddresses` emitted in `range`, grouped by block in order (blocks
    /// without such logs may be left out). The default reads the blocks.
    func logs(_ range: ClosedRange<UInt64>, filter: L1Filter) async throws(L1SourceError) -> [(L1Header, [L1Log])]

    /// eth_call of `to` with `data` against the state after `block`, pinned by its hash.
    /// Sources that execute nothing throw `.unsupported` (the default).
    func call(to: Address, data: [UInt8], at block: L1Header) async throws(L1SourceError) -> [UInt8]
}

extension L1Source {
    public func logs(_ range: ClosedRange<UInt64>, filter: L1Filter) async throws(L1SourceError) -> [(L1Header, [L1Log])] {
        let logsOnly = L1Filter(logAddresses: filter.logAddresses)
        return try await blocks(range, filter: logsOnly).map { ($0.header, $0.logs) }
    }

    public func call(to: Address, data: [UInt8], at block: L1Header) async throws(L1SourceError) -> [UInt8] {
        throw L1SourceError(.unsupported, request: "eth_call(\(to), block \(block.number))",
                            message: "this L1 source executes no calls; configure a JSON-RPC endpoint", retryable: false)
    }
}

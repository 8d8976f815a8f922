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
    }

    public var reason: Reason
    /// What was asked, e.g. `eth_getBlockByNumber(0x12)` or `GET /eth/v1/beacon/blob_sidecars/99`.
    public var request: String
    public var message: String
    public var retryable: Bool

    public init(_ reason: Reason, request: String, message: String, retryable: Bool) {
        self.reason = reason; self.request = request; self.message = message; self.retryable = retryable
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
}

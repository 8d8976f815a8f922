import RollportToolkit
import Synchronization

/// What a follower is doing, for the API and the health check, and the admin requests it
/// takes between blocks. The follower writes it; servers read it from any thread.
public final class FollowerStatus: Sendable {
    public enum Phase: String, Sendable {
        case starting, following, paused, stopped
    }

    public struct Snapshot: Sendable {
        public var phase: Phase = .starting
        /// The newest L1 block number the source reported, and its hash once a block of that
        /// number has been fetched.
        public var l1Head: UInt64?
        public var l1HeadHash: Hash32?
        /// When the follower last stored a block or found it had nothing to store.
        public var lastProgress: ContinuousClock.Instant?
        /// Why it stopped, or the last source failure it is retrying.
        public var lastError: String?
        public var reorgs: UInt64 = 0
    }

    /// An admin request, answered once the follower has carried it out between two blocks.
    public enum Request: Sendable {
        /// Revert stored blocks down to this one; the follower then fetches the blocks after it again.
        case rewind(to: UInt64)
    }

    private struct Pending {
        var id: Int
        var request: Request
        var answer: CheckedContinuation<Result<String, FollowerError>, Never>
    }

    private let snapshot = Mutex(Snapshot())
    private let pending = Mutex<[Pending]>([])
    private let pausedFlag = Atomic<Bool>(false)
    private let nextID = Atomic<Int>(0)

    public init() {}

    public var current: Snapshot { snapshot.withLock { $0 } }

    func update(_ change: (inout Snapshot) -> Void) { snapshot.withLock { change(&$0) } }

    // MARK: admin

    public var isPaused: Bool { pausedFlag.load(ordering: .relaxed) }

    /// Stops fetching after the block in hand; the store stays as it is. Returns whether it
    /// was running before.
    @discardableResult
    public func pause() -> Bool {
        let was = pausedFlag.exchange(true, ordering: .relaxed)
        update { if $0.phase == .following { $0.phase = .paused } }
        return !was
    }

    @discardableResult
    public func resume() -> Bool {
        let was = pausedFlag.exchange(false, ordering: .relaxed)
        update { if $0.phase == .paused { $0.phase = .following } }
        return was
    }

    /// Hands `request` to the follower and waits for its answer (a sentence saying what it did).
    /// A request the follower has not taken within `timeout` (it is waiting on its L1 source, or
    /// has not started) is withdrawn and answered with why, so that it never runs later.
    public func submit(_ request: Request, timeout: Duration = .seconds(30)) async -> Result<String, FollowerError> {
        if current.phase == .stopped {
            return .failure(FollowerError(.adapters, "the follower has stopped; nothing to \(request)"))
        }
        let id = nextID.add(1, ordering: .relaxed).newValue
        return await withCheckedContinuation { c in
            pending.withLock { $0.append(Pending(id: id, request: request, answer: c)) }
            Task { [self] in
                try? await Task.sleep(for: timeout)
                let withdrawn = pending.withLock { p -> Pending? in
                    guard let i = p.firstIndex(where: { $0.id == id }) else { return nil }
                    return p.remove(at: i)
                }
                guard let withdrawn else { return }
                let state = snapshot.withLock { "\($0.phase.rawValue)\($0.lastError.map { ", last failure: \($0)" } ?? "")" }
                withdrawn.answer.resume(returning: .failure(FollowerError(.adapters,
                    "the follower did not take the request within \(timeout) (it is \(state)); it was withdrawn: ask again once /healthz reports following")))
            }
        }
    }

    var hasRequests: Bool { pending.withLock { !$0.isEmpty } }

    /// The follower takes requests one at a time between blocks.
    func takeRequest() -> (Request, (Result<String, FollowerError>) -> Void)? {
        pending.withLock { p in
            guard !p.isEmpty else { return nil }
            let first = p.removeFirst()
            return (first.request, { first.answer.resume(returning: $0) })
        }
    }

    /// When the follower ends: requests still waiting are answered with why.
    func stop(error: String?) {
        update { $0.phase = .stopped; $0.lastError = error ?? $0.lastError }
        let left = pending.withLock { p in defer { p.removeAll() }; return p }
        for p in left { p.answer.resume(returning: .failure(FollowerError(.adapters, "the follower stopped before carrying out \(p.request)"))) }
    }
}

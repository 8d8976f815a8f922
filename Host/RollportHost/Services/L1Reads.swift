import Dispatch
import RollportToolkit
import Synchronization

/// What `rollport.host.l1/1` answers from: the follower's L1 source, read through the chain the
/// follower holds as canonical. The follower tells it which blocks it has accepted (and which a
/// reorg dropped); reads by number resolve against that chain and never go above its tip, and
/// cached answers are pinned to block hashes, so an adapter never sees two forks at once.
public final class L1Reads: Sendable {
    public struct ReadError: Error, Sendable, CustomStringConvertible {
        public enum Reason: Sendable { case notFound, unavailable, unsupported, reverted, invalidArgument }
        public var reason: Reason
        public var message: String
        public var revertData: [UInt8]?
        public var description: String { message }
    }

    /// Headers kept by number; older ones are read from the source (they are past any reorg
    /// the follower handles) and cached by hash.
    public static let window = 8192
    static let cacheCapacity = 4096

    private struct State {
        var canonical: [UInt64: L1Header] = [:]
        var lowest: UInt64?
        var tip: UInt64?
        /// Headers below the window, by number (final by then).
        var deep: [UInt64: L1Header] = [:]
        var logs: [LogKey: [(L1Header, [L1Log])]] = [:]
        var calls: [CallKey: Result<[UInt8], ReadError>] = [:]
    }

    struct LogKey: Hashable {
        var from: UInt64, to: UInt64, toHash: Hash32, address: Address, topic0: Hash32?
    }

    struct CallKey: Hashable {
        var to: Address, data: [UInt8], block: Hash32
    }

    private let source: any L1Source
    private let state = Mutex(State())
    private let timeoutSeconds: Double

    public init(source: any L1Source, timeoutSeconds: Double = 30) {
        self.source = source
        self.timeoutSeconds = timeoutSeconds
    }

    // MARK: the follower's side

    /// `header` is now canonical and the tip: reads see it and nothing above it.
    public func accept(_ header: L1Header) {
        state.withLock { s in
            if let tip = s.tip, header.number <= tip { Self.drop(from: header.number, in: &s) }
            s.canonical[header.number] = header
            s.tip = header.number
            if s.lowest == nil { s.lowest = header.number }
            if let lowest = s.lowest, header.number - lowest >= UInt64(Self.window) {
                s.canonical[lowest] = nil
                s.lowest = lowest + 1
            }
        }
    }

    /// Blocks from `number` on were dropped by a reorg.
    public func revert(from number: UInt64) {
        state.withLock { Self.drop(from: number, in: &$0) }
    }

    private static func drop(from number: UInt64, in s: inout State) {
        guard let tip = s.tip, number <= tip else { return }
        for n in number...tip { s.canonical[n] = nil }
        s.tip = number > 0 && s.canonical[number - 1] != nil ? number - 1 : nil
        if s.tip == nil { s.lowest = nil }
        s.logs = s.logs.filter { $0.key.to < number }
        let live = Set(s.canonical.values.map(\.hash))
        s.calls = s.calls.filter { live.contains($0.key.block) }
    }

    public var tip: L1Header? { state.withLock { s in s.tip.flatMap { s.canonical[$0] } } }

    // MARK: reads

    public func block(number: UInt64) throws(ReadError) -> L1Header {
        let known: (L1Header?, UInt64?) = state.withLock { s in
            (s.canonical[number] ?? s.deep[number], s.tip)
        }
        if let header = known.0 { return header }
        guard let tip = known.1 else {
            throw ReadError(reason: .unavailable, message: "no L1 block has been accepted yet; reads start with the first delivered block")
        }
        guard number <= tip else {
            throw ReadError(reason: .notFound, message: "L1 block \(number) is above the block being processed (\(tip))")
        }
        // Below the window: final, so the source's answer is the canonical one.
        guard let header = try wait({ (source: any L1Source) async throws(L1SourceError) in try await source.headers(number...number) }).first else {
            throw ReadError(reason: .notFound, message: "the L1 source has no block \(number)")
        }
        state.withLock { s in
            if s.deep.count >= Self.cacheCapacity { s.deep.removeAll() }
            s.deep[number] = header
        }
        return header
    }

    public func block(hash: Hash32) throws(ReadError) -> L1Header {
        let found = state.withLock { s in s.canonical.values.first { $0.hash == hash } ?? s.deep.values.first { $0.hash == hash } }
        guard let found else {
            throw ReadError(reason: .notFound, message: "L1 block \(hash) is not on the canonical chain held (the last \(Self.window) blocks)")
        }
        return found
    }

    public static let maxLogRange: UInt64 = 10_000

    public func logs(from: UInt64, to: UInt64, address: Address, topic0: Hash32?) throws(ReadError) -> [(L1Header, [L1Log])] {
        guard from <= to else { throw ReadError(reason: .invalidArgument, message: "from_block \(from) is above to_block \(to)") }
        guard to - from < Self.maxLogRange else {
            throw ReadError(reason: .invalidArgument, message: "\(to - from + 1) blocks asked; at most \(Self.maxLogRange) per read")
        }
        let top = try block(number: to)
        let key = LogKey(from: from, to: to, toHash: top.hash, address: address, topic0: topic0)
        if let cached = state.withLock({ $0.logs[key] }) { return cached }
        let filter = L1Filter(logAddresses: [address])
        let answer = try wait({ (source: any L1Source) async throws(L1SourceError) in try await source.logs(from...to, filter: filter) })
        var result: [(L1Header, [L1Log])] = []
        for (header, logs) in answer {
            // A source on another fork than the follower would mix chains: refuse, retry later.
            let expected = state.withLock { $0.canonical[header.number] }
            if let expected, expected.hash != header.hash {
                throw ReadError(reason: .unavailable, message: "the L1 source answered block \(header.number) with \(header.hash), but the canonical block is \(expected.hash); retry after the source catches up")
            }
            let selected = logs.filter { $0.address == address && (topic0 == nil || $0.topics.first == topic0) }
            if !selected.isEmpty { result.append((header, selected)) }
        }
        state.withLock { s in
            if s.logs.count >= Self.cacheCapacity { s.logs.removeAll() }
            s.logs[key] = result
        }
        return result
    }

    public func call(to: Address, data: [UInt8], blockNumber: UInt64) throws(ReadError) -> [UInt8] {
        let block = try block(number: blockNumber)
        let key = CallKey(to: to, data: data, block: block.hash)
        if let cached = state.withLock({ $0.calls[key] }) { return try cached.get() }
        let result: Result<[UInt8], ReadError>
        do {
            result = .success(try wait({ (source: any L1Source) async throws(L1SourceError) in try await source.call(to: to, data: data, at: block) }))
        } catch where error.reason == .reverted || error.reason == .unsupported {
            result = .failure(error)
        }
        state.withLock { s in
            if s.calls.count >= Self.cacheCapacity { s.calls.removeAll() }
            s.calls[key] = result
        }
        return try result.get()
    }

    // MARK: bridging

    /// Runs one source read to completion and waits for it. Host services are synchronous C
    /// calls, and a caller may be on a thread of Swift's cooperative pool (an rpc call, a test);
    /// the read therefore runs on its own executor, so that waiting here never leaves the read
    /// without a thread to run on.
    private func wait<T: Sendable>(_ read: @escaping @Sendable (any L1Source) async throws(L1SourceError) -> T) throws(ReadError) -> T {
        let box = Mutex<Result<T, L1SourceError>?>(nil)
        let done = DispatchSemaphore(value: 0)
        let source = self.source
        let operation: @Sendable () async -> Void = {
            let outcome: Result<T, L1SourceError>
            do throws(L1SourceError) { outcome = .success(try await read(source)) } catch { outcome = .failure(error) }
            box.withLock { $0 = outcome }
            done.signal()
        }
        if #available(macOS 15.0, *) {
            Task(executorPreference: L1ReadExecutor.shared, operation: operation)
        } else {
            Task.detached(operation: operation)
        }
        guard done.wait(timeout: .now() + timeoutSeconds) == .success, let outcome = box.withLock({ $0 }) else {
            throw ReadError(reason: .unavailable, message: "the L1 source did not answer within \(Int(timeoutSeconds)) s")
        }
        switch outcome {
        case .success(let value): return value
        case .failure(let error):
            switch error.reason {
            case .notFound: throw ReadError(reason: .notFound, message: error.description)
            case .unsupported: throw ReadError(reason: .unsupported, message: error.description)
            case .reverted: throw ReadError(reason: .reverted, message: error.description, revertData: error.revertData)
            default: throw ReadError(reason: .unavailable, message: error.description)
            }
        }
    }
}

/// The threads L1 reads run on, outside Swift's cooperative pool (see `L1Reads.wait`).
@available(macOS 15.0, *)
final class L1ReadExecutor: TaskExecutor {
    static let shared = L1ReadExecutor()
    private let queue = DispatchQueue(label: "rollport.l1-reads", attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

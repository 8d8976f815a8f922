import Foundation
import Logging
import RollportABI
import RollportToolkit

/// Follows L1 from a source into the store: fetches blocks, hands their items to the adapters
/// (rollport.l1-ingest/1), stores each block's records, kv writes and the cursor in one atomic
/// write, and on a reorg reverts to the common ancestor and replays.
///
/// One follower owns its store's cursor. `run` is not reentrant: call it from one task.
public final class Follower: @unchecked Sendable {
    // @unchecked: the mutable counters are touched only by the task running `run`.
    public let source: any L1Source
    public let adapters: [AdapterInstance]
    public let router: Router
    public let store: ChainStore
    public let options: FollowerOptions
    /// The lowest `start_l1_block` of the enabled chains: where an empty store starts.
    public let startBlock: UInt64
    /// The adapters' L1 reads (`rollport.host.l1/1`), pinned to the blocks this follower delivers.
    public let l1Reads: L1Reads
    /// What it is doing, and the admin requests it takes (pause, resume, rewind).
    public let status: FollowerStatus
    public let metrics: FollowerMetrics
    /// The enabled chains of each adapter, by adapter id.
    public let chainsByAdapter: [String: [String]]

    private let logger: Logger
    private let queue = AdapterQueue()
    private let ingesting: [AdapterInstance]
    private let filter: L1Filter
    private let l1ChainIDs: [UInt64: [String]]

    private var summary = FollowerSummary(cursor: nil, blocksProcessed: 0, blocksReverted: 0, reorgs: 0, itemsRouted: 0, itemsClaimed: 0, records: 0, retries: 0)
    private var lastSync = ContinuousClock.now
    private var reportedConflicts = Set<String>()

    /// `adapters` must have been made with the store's namespaces (`ChainStore.keyValues`),
    /// so that they continue from what the store holds.
    public init(source: any L1Source, adapters: [AdapterInstance], router: Router, store: ChainStore,
                options: FollowerOptions = FollowerOptions(), status: FollowerStatus = FollowerStatus(),
                metrics: FollowerMetrics = FollowerMetrics(), logger: Logger) {
        self.source = source
        self.status = status
        self.metrics = metrics
        self.adapters = adapters
        self.router = router
        self.store = store
        self.options = options
        self.logger = logger
        ingesting = adapters.filter { $0.supports(ROLLPORT_L1_INGEST_V1) }
        filter = router.filter
        let chains = adapters.flatMap { $0.manifest?.enabledChains ?? [] }
        startBlock = chains.map(\.startL1Block).min() ?? 0
        var ids = [UInt64: [String]]()
        for c in chains { ids[c.l1ChainID, default: []].append(c.name) }
        l1ChainIDs = ids
        var byAdapter = [String: [String]]()
        for adapter in adapters { byAdapter[adapter.id] = adapter.manifest?.enabledChains.map(\.name) ?? [] }
        chainsByAdapter = byAdapter
        l1Reads = L1Reads(source: source)
        for adapter in adapters { adapter.context.l1 = l1Reads }
    }

    public convenience init(source: any L1Source, adapters: AdapterSet, store: ChainStore,
                            options: FollowerOptions = FollowerOptions(), status: FollowerStatus = FollowerStatus(),
                            metrics: FollowerMetrics = FollowerMetrics(), logger: Logger) {
        self.init(source: source, adapters: adapters.adapters, router: adapters.router, store: store, options: options,
                  status: status, metrics: metrics, logger: logger)
    }

    // MARK: running

    /// Checks the source's chain, then follows until `untilBlock`, or the head when
    /// `stopAtHead`, or forever (until the task is cancelled).
    public func run() async throws(FollowerError) -> FollowerSummary {
        do {
            let summary = try await follow()
            status.stop(error: nil)
            return summary
        } catch where error.reason == .interrupted {
            // Cancelled mid-request: every stored block is whole, so this is an ordinary end.
            status.stop(error: nil)
            summary.cursor = store.cursor
            return summary
        } catch {
            status.stop(error: error.description)
            throw error
        }
    }

    private func follow() async throws(FollowerError) -> FollowerSummary {
        try await checkChain()
        status.update { $0.phase = status.isPaused ? .paused : .following }
        publishProgress()
        if let cursor = store.cursor, cursor.number >= options.safeDepth {
            do { try store.pruneAll(through: cursor.number - options.safeDepth) } catch {
                throw FollowerError(.store, "pruning final blocks: \(error)")
            }
        }
        var progress = Progress(start: ContinuousClock.now, firstBlock: nextNumber)
        var prefetch: (range: ClosedRange<UInt64>, task: Task<[L1Block], any Error>)?
        defer { prefetch?.task.cancel() }
        while !Task.isCancelled {
            try await takeRequests()
            if status.isPaused {
                prefetch?.task.cancel()
                prefetch = nil
                try? await Task.sleep(for: .milliseconds(50))
                continue
            }
            let next = nextNumber
            if let until = options.untilBlock, next > until { break }
            let head = try await retrying("the head block number") { () throws(L1SourceError) in try await source.headNumber() }
            noteHead(head)
            if head < next {
                status.update { $0.lastProgress = .now; $0.lastError = nil }
                if try await headReorganised() { continue }
                if options.stopAtHead { break }
                try? await Task.sleep(for: options.pollInterval)
                continue
            }
            var range = self.range(from: next, head: head)
            var fetched: [L1Block]?
            if let p = prefetch, p.range.lowerBound == next, let got = try? await p.task.value {
                fetched = got
                range = p.range
            } else {
                prefetch?.task.cancel()
            }
            prefetch = nil
            let blocks: [L1Block]
            if let fetched { blocks = fetched } else {
                blocks = try await retrying("blocks \(range.lowerBound)...\(range.upperBound)") { () throws(L1SourceError) in
                    try await source.blocks(range, filter: filter)
                }
            }
            // While catching up, the next range is fetched while this one is delivered. A failed
            // or outdated prefetch is dropped and fetched again the ordinary way.
            if range.upperBound < head, options.untilBlock.map({ range.upperBound < $0 }) ?? true {
                let ahead = self.range(from: range.upperBound + 1, head: head)
                let (source, filter) = (self.source, self.filter)
                prefetch = (ahead, Task { try await source.blocks(ahead, filter: filter) })
            }
            if blocks.isEmpty {
                // The head moved back between the two calls: the source is reorganising.
                if options.stopAtHead { break }
                try? await Task.sleep(for: options.pollInterval)
                continue
            }
            guard blocks.first?.header.number == next else {
                throw FollowerError(.source, "asked the L1 source for blocks \(range.lowerBound)...\(range.upperBound), it answered from block \(blocks.first?.header.number ?? 0): the source is inconsistent; check the endpoint")
            }
            for block in blocks {
                guard block.header.number == nextNumber else { break }
                if let cursor = store.cursor, cursor.number >= startBlock, block.header.parentHash != cursor.hash {
                    try await rewind(reason: "block \(block.header.number) has parent \(block.header.parentHash), the stored block \(cursor.number) is \(cursor.hash)")
                    break
                }
                try await process(block, head: head)
                if block.header.number == head { status.update { $0.l1HeadHash = block.header.hash } }
                if let pace = options.pace { try? await Task.sleep(for: pace) }
                if status.isPaused || status.hasRequests { break }
                progress.report(at: block.header.number, head: head, routed: summary.itemsRouted, interval: options.progressInterval, logger: logger)
            }
        }
        summary.cursor = store.cursor
        return summary
    }

    /// The blocks of the next fetch from `first`.
    private func range(from first: UInt64, head: UInt64) -> ClosedRange<UInt64> {
        var last = min(head, first + max(options.rangeSize, 1) - 1)
        if let until = options.untilBlock { last = min(last, until) }
        return first...max(first, last)
    }

    /// The next block to store.
    private var nextNumber: UInt64 {
        guard let cursor = store.cursor else { return startBlock }
        return max(cursor.number + 1, startBlock)
    }

    private func checkChain() async throws(FollowerError) {
        let id = try await retrying("eth_chainId") { () throws(L1SourceError) in try await source.chainID() }
        let others = l1ChainIDs.filter { $0.key != id }
        if !others.isEmpty {
            let named = others.sorted { $0.key < $1.key }.map { "\($0.value.joined(separator: ", ")) on L1 chain \($0.key)" }.joined(separator: "; ")
            throw FollowerError(.wrongChain, "the L1 source is chain \(id), but the enabled chains expect another L1: \(named); point rollport at an endpoint of that chain, or disable those chains")
        }
        do { try store.bind(l1ChainID: id) } catch { throw FollowerError(.wrongChain, "\(error)") }
    }

    /// At the head: whether the newest stored block was replaced at the same height (then it
    /// has been rewound).
    private func headReorganised() async throws(FollowerError) -> Bool {
        guard let cursor = store.cursor, cursor.number >= startBlock else { return false }
        let headers = try await retrying("header \(cursor.number)") { () throws(L1SourceError) in try await source.headers(cursor.number...cursor.number) }
        guard let header = headers.first, header.hash != cursor.hash else { return false }
        try await rewind(reason: "block \(cursor.number) is now \(header.hash), the stored one is \(cursor.hash)")
        return true
    }

    // MARK: reorgs

    /// Reverts stored blocks, newest first, down to the newest one the source still has.
    private func rewind(reason: String) async throws(FollowerError) {
        let ancestor = try await commonAncestor()
        guard let cursor = store.cursor else { return }
        let depth = cursor.number - ancestor
        logger.warning("L1 reorganised: reverting \(depth) block\(depth == 1 ? "" : "s") to the common ancestor \(ancestor)",
                       metadata: ["reason": .string(reason), "from": .stringConvertible(cursor.number)])
        summary.reorgs += 1
        metrics.reorgs.increment()
        metrics.reorgDepth.record(Int64(depth))
        status.update { $0.reorgs += 1 }
        while let c = store.cursor, c.number > ancestor {
            try await revertNewest()
        }
        publishProgress()
    }

    /// The highest stored block whose hash the source still has at its number.
    private func commonAncestor() async throws(FollowerError) -> UInt64 {
        guard var n = store.cursor?.number else { return 0 }
        while true {
            let low = n >= 31 ? n - 31 : 0
            let range = low...n
            let theirs = try await retrying("headers \(low)...\(n)") { () throws(L1SourceError) in try await source.headers(range) }
            var byNumber = [UInt64: Hash32]()
            for h in theirs { byNumber[h.number] = h.hash }
            var m = n
            while true {
                let ours: StoredHeader?
                do { ours = try store.header(m) } catch { throw FollowerError(.store, "\(error)") }
                guard let ours else {
                    if m < startBlock { return m }
                    throw FollowerError(.reorgTooDeep, "L1 reorganised below block \(m + 1), deeper than the safe depth (\(options.safeDepth)): the stored blocks down to \(m) are final and cannot be reverted; move the data directory aside and resync, or raise the safe depth")
                }
                if byNumber[m] == ours.hash { return m }
                if m == low { break }
                m -= 1
            }
            guard low > 0 else { return 0 }
            n = low - 1
        }
    }

    private func revertNewest() async throws(FollowerError) {
        guard let cursor = store.cursor else { return }
        let header: StoredHeader?
        let restored: [String: [(key: [UInt8], value: [UInt8]?)]]
        do {
            header = try store.header(cursor.number)
            restored = try store.revertNewest(sync: true)
        } catch let error as StoreError where error.reason == .final {
            throw FollowerError(.reorgTooDeep, "\(error)")
        } catch {
            throw FollowerError(.store, "reverting block \(cursor.number): \(error)")
        }
        let ref = L1BlockReference(number: cursor.number, hash: cursor.hash, parentHash: header?.parentHash, timestamp: header?.timestamp)
        l1Reads.revert(from: cursor.number)
        let failures = await queue.run { [ingesting, metrics] in
            var failures = [String]()
            for adapter in ingesting {
                adapter.store.revert(block: ref.number, restoring: restored[adapter.id] ?? [])
                let start = ContinuousClock.now
                let status = adapter.revert(ref)
                metrics.callDuration(adapter: adapter.id, function: "revert").record(ContinuousClock.now - start)
                if status != .ok {
                    failures.append("\(adapter.id) revert(\(ref.number)) returned \(status)")
                    metrics.adapterError(adapter: adapter.id, function: "revert", status: status.name).increment()
                }
            }
            return failures
        }
        for f in failures { logger.warning("\(f)") }
        summary.blocksReverted += 1
        metrics.blocksReverted.increment()
    }

    // MARK: one block

    private struct Claimed: Sendable {
        var item: L1Item
        var claimant: Router.Claimant
    }

    /// What handing a group of items to the adapters gave.
    private struct Delivery: Sendable {
        var records: [StoredRecord] = []
        var claimed = 0
        var routed = 0
        var messages: [(Logger.Level, String)] = []
    }

    private func process(_ block: L1Block, head: UInt64) async throws(FollowerError) {
        let started = ContinuousClock.now
        let header = block.header
        let ref = header.reference
        // From here on the adapters' L1 reads see this block as the head.
        l1Reads.accept(header)
        var items = [L1Item]()
        items.reserveCapacity(block.transactions.count + block.logs.count)
        for tx in block.transactions.sorted(by: { ($0.index ?? 0) < ($1.index ?? 0) }) {
            let receipt = tx.hash.flatMap { block.receipts[$0] }
            items.append(.transaction(L1Item.TransactionItem(transaction: tx, block: ref, receiptStatus: receipt?.status, receiptLogs: receipt?.logs ?? [])))
        }
        for log in block.logs.sorted(by: { ($0.logIndex ?? 0) < ($1.logIndex ?? 0) }) {
            items.append(.log(L1Item.LogItem(log: log, block: ref)))
        }
        let router = self.router
        let (configItems, otherItems) = await queue.run { [items] in
            var config = [L1Item](), other = [L1Item]()
            for item in items { if router.matchesConfigChange(item) { config.append(item) } else { other.append(item) } }
            return (config, other)
        }
        var delivery = Delivery()
        if !configItems.isEmpty { try await deliver(configItems, header: header, into: &delivery) }
        try await deliver(otherItems, header: header, into: &delivery)
        // Every adapter hears of every block, then its kv writes for the block are collected.
        let final = header.number >= options.safeDepth ? header.number - options.safeDepth : nil
        let (commitRecords, changes, finished, messages) = await queue.run { [ingesting, metrics] in
            var records = [StoredRecord]()
            var changes = [(adapter: String, changes: [KeyValueNamespace.Change])]()
            var finished = [String: UInt64]()
            var messages = [(Logger.Level, String)]()
            for adapter in ingesting {
                let start = ContinuousClock.now
                let (result, height) = adapter.commit(ref)
                metrics.callDuration(adapter: adapter.id, function: "commit").record(ContinuousClock.now - start)
                if result.status != .ok {
                    metrics.adapterError(adapter: adapter.id, function: "commit", status: result.status.name).increment()
                    messages.append((.warning, "\(adapter.id) commit(\(ref.number)) returned \(result.status): \(result.message)"))
                }
                for r in result.refusals { messages.append((.warning, "\(adapter.id) commit(\(ref.number)): record refused: \(r)")) }
                records += result.records.map { StoredRecord(record: $0, location: RecordLocation(blockNumber: header.number, blockHash: header.hash)) }
                if let height { finished[adapter.id] = height }
                let c = adapter.store.changes(of: header.number)
                if !c.isEmpty { changes.append((adapter.id, c)) }
                if let final { adapter.store.finalize(through: final) }
            }
            return (records, changes, finished, messages)
        }
        for (level, message) in delivery.messages + messages { logger.log(level: level, "\(message)", metadata: ["block": .stringConvertible(header.number)]) }
        let records = delivery.records + commitRecords
        let now = ContinuousClock.now
        let sync = head <= header.number + 1 || now - lastSync >= options.syncInterval
        do {
            try store.commit(BlockCommit(header: header, records: records, keyValueChanges: changes, finished: finished, finalThrough: final), sync: sync)
        } catch {
            throw FollowerError(.store, "storing block \(header.number): \(error)")
        }
        if sync { lastSync = now }
        metrics.blockDuration.record(ContinuousClock.now - started)
        metrics.itemsRouted.increment(by: delivery.routed)
        for r in records { metrics.recordsStored(chain: r.record.chain, kind: r.record.kind).increment() }
        status.update { $0.lastProgress = .now; $0.lastError = nil }
        publishProgress()
        summary.blocksProcessed += 1
        summary.itemsRouted += delivery.routed
        summary.itemsClaimed += delivery.claimed
        summary.records += records.count
        logger.debug("stored block", metadata: ["block": .stringConvertible(header.number), "hash": .stringConvertible(header.hash),
                                                "records": .stringConvertible(records.count), "claimed": .stringConvertible(delivery.claimed)])
    }

    /// Claims `items`, fetches the blobs of claimed blob transactions, and handles the claimed
    /// items in order. Without blobs to fetch it is one trip to the adapter thread.
    private func deliver(_ items: [L1Item], header: L1Header, into delivery: inout Delivery) async throws(FollowerError) {
        guard !items.isEmpty else { return }
        let router = self.router
        let routed = await queue.run { () -> (claimed: [Claimed], handled: Delivery?) in
            var claimed = [Claimed]()
            var d = Delivery()
            for item in items {
                d.routed += 1
                switch router.route(item) {
                case .claimed(let c): claimed.append(Claimed(item: item, claimant: c))
                case .conflict(let cs):
                    let (message, first) = router.describeConflict(cs)
                    if first { d.messages.append((.error, message)) }
                case .declined(let errors):
                    for e in errors { d.messages.append((.warning, e)) }
                case .unmatched: break
                }
            }
            let needsBlobs = claimed.contains { if case .transaction(let t) = $0.item { return !t.transaction.blobVersionedHashes.isEmpty }; return false }
            guard !needsBlobs else { return (claimed, d) }
            Self.handle(claimed, header: header, metrics: self.metrics, into: &d)
            return ([], d)
        }
        var d = routed.handled ?? Delivery()
        if !routed.claimed.isEmpty {
            var claimed = routed.claimed
            for i in claimed.indices {
                guard case .transaction(var t) = claimed[i].item, !t.transaction.blobVersionedHashes.isEmpty else { continue }
                let hashes = t.transaction.blobVersionedHashes
                t.blobs = try await retrying("blobs of \(t.transaction.hash?.description ?? "a transaction") in block \(header.number)") { () throws(L1SourceError) in
                    try await source.blobs(of: header, versionedHashes: hashes)
                }
                claimed[i].item = .transaction(t)
            }
            let ready = claimed
            d = await queue.run { [d, metrics] in
                var d = d
                Self.handle(ready, header: header, metrics: metrics, into: &d)
                return d
            }
        }
        delivery.records += d.records
        delivery.claimed += d.claimed
        delivery.routed += d.routed
        delivery.messages += d.messages
    }

    private static func handle(_ claimed: [Claimed], header: L1Header, metrics: FollowerMetrics, into d: inout Delivery) {
        for c in claimed {
            let start = ContinuousClock.now
            let result = c.item.withABI(chain: c.claimant.chain, kind: c.claimant.kind) { c.claimant.adapter.handle($0, chain: c.claimant.chain) }
            let adapterID = c.claimant.adapter.id
            metrics.callDuration(adapter: adapterID, function: "handle").record(ContinuousClock.now - start)
            metrics.claimed(adapter: adapterID, kind: c.claimant.kind.rawValue).increment()
            if result.status != .ok { metrics.adapterError(adapter: adapterID, function: "handle", status: result.status.name).increment() }
            d.claimed += 1
            let location: RecordLocation
            switch c.item {
            case .transaction(let t):
                location = RecordLocation(blockNumber: header.number, blockHash: header.hash, transactionHash: t.transaction.hash)
            case .log(let l):
                location = RecordLocation(blockNumber: header.number, blockHash: header.hash, transactionHash: l.log.transactionHash, logIndex: l.log.logIndex)
            }
            if result.status != .ok {
                let what = location.transactionHash.map { "\(c.item.typeName) \($0)" } ?? c.item.typeName
                d.messages.append((.warning, "\(c.claimant.adapter.id) handle of \(what) (chain \(c.claimant.chain)) returned \(result.status): \(result.message)"))
            }
            for r in result.refusals { d.messages.append((.warning, "\(c.claimant.adapter.id): record refused: \(r)")) }
            d.records += result.records.map { StoredRecord(record: $0, location: location) }
        }
    }

    // MARK: status

    private func noteHead(_ head: UInt64) {
        metrics.l1Head.record(Int64(clamping: head))
        status.update { s in
            if s.l1Head != head { s.l1HeadHash = head == store.cursor?.number ? store.cursor?.hash : nil }
            s.l1Head = head
        }
        publishProgress()
    }

    /// The cursor, the safe block and each chain's finished height and lag, as gauges.
    private func publishProgress() {
        let cursor = store.cursor?.number
        if let cursor { metrics.cursor.record(Int64(clamping: cursor)) }
        if let final = store.finalBlock { metrics.safe.record(Int64(clamping: final)) }
        let head = status.current.l1Head
        let finished = store.finishedHeights
        let counts = store.counts
        for (adapter, chains) in chainsByAdapter {
            guard let height = finished[adapter] ?? cursor else { continue }
            for chain in chains {
                metrics.chainGauge("rollport_chain_finished_l1_block", chain: chain).record(Int64(clamping: height))
                if let head { metrics.chainGauge("rollport_chain_lag_blocks", chain: chain).record(Int64(clamping: head > height ? head - height : 0)) }
                if let c = counts[chain] {
                    for (what, n) in [("batches", c.batches), ("l2Blocks", c.l2Blocks), ("transactions", c.transactions),
                                      ("deposits", c.deposits), ("withdrawals", c.withdrawals)] {
                        metrics.chainGauge("rollport_chain_stored", chain: chain, what: what).record(Int64(clamping: n))
                    }
                }
            }
        }
    }

    // MARK: admin requests

    private func takeRequests() async throws(FollowerError) {
        while let (request, answer) = status.takeRequest() {
            switch request {
            case .rewind(let target):
                guard let cursor = store.cursor, cursor.number > target else {
                    answer(.success("nothing to revert: the newest stored block is \(store.cursor.map { String($0.number) } ?? "none")"))
                    continue
                }
                if let final = store.finalBlock, target < final {
                    answer(.failure(FollowerError(.reorgTooDeep, "block \(target) is below the newest final block \(final): final blocks cannot be reverted; ask for \(final) or above")))
                    continue
                }
                let from = cursor.number
                logger.warning("reverting on request", metadata: ["from": .stringConvertible(from), "to": .stringConvertible(target)])
                do throws(FollowerError) {
                    while let c = store.cursor, c.number > target { try await revertNewest() }
                } catch {
                    answer(.failure(error))
                    throw error
                }
                publishProgress()
                answer(.success("reverted blocks \(target + 1)...\(from); they are fetched again from the L1 source"))
            }
        }
    }

    // MARK: retries

    private func retrying<T>(_ what: String, _ call: () async throws(L1SourceError) -> T) async throws(FollowerError) -> T {
        var attempt = 0
        while true {
            attempt += 1
            do { return try await call() } catch {
                if error.reason == .wrongChain {
                    throw FollowerError(.wrongChain, "\(what): \(error)")
                }
                if Task.isCancelled {
                    throw FollowerError(.interrupted, "stopped while asking the L1 source for \(what)")
                }
                guard error.retryable, options.retry.maxAttempts.map({ attempt < $0 }) ?? true else {
                    throw FollowerError(.source, "\(what) failed\(error.retryable ? " \(attempt) times" : ""): \(error)")
                }
                let delay = options.retry.delay(afterAttempt: attempt)
                logger.warning("L1 source failed; retrying", metadata: [
                    "what": .string(what), "error": .string(error.description), "attempt": .stringConvertible(attempt), "retryIn": .string("\(delay)"),
                ])
                summary.retries += 1
                metrics.retries.increment()
                status.update { $0.lastError = "\(what): \(error)" }
                try? await Task.sleep(for: delay)
            }
        }
    }
}

/// Progress lines while catching up; nothing while following the head.
private struct Progress {
    var start: ContinuousClock.Instant
    var firstBlock: UInt64
    var lastReport: ContinuousClock.Instant?

    mutating func report(at number: UInt64, head: UInt64, routed: Int, interval: Duration, logger: Logger) {
        let now = ContinuousClock.now
        guard now - (lastReport ?? start) >= interval, head > number + 2 else { return }
        lastReport = now
        let elapsed = (now - start).seconds
        let done = number >= firstBlock ? number - firstBlock + 1 : 0
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = rate > 0 ? Double(head - number) / rate : 0
        logger.info("catching up", metadata: [
            "block": .stringConvertible(number), "head": .stringConvertible(head),
            "blocksPerSecond": .string(String(format: "%.1f", rate)), "itemsRouted": .stringConvertible(routed),
            "eta": .string(Self.duration(eta)),
        ])
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? "\(s / 3600)h\(s % 3600 / 60)m" : s >= 60 ? "\(s / 60)m\(s % 60)s" : "\(s)s"
    }
}

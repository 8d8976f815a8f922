import RollportABI
import RollportToolkit
import Synchronization

/// Routes L1 items to the adapters whose manifest rules match them. Rules are indexed by the
/// transaction's `to` and the log's emitting address, so an item costs one hash lookup unless it
/// matches; matching items are then confirmed by the adapter's `claim`.
public final class Router: Sendable {
    /// One enabled chain's rule, with the adapter that serves the chain. A class, so that walking
    /// the candidates of an item costs no copies.
    public final class Route: Sendable {
        public let adapter: AdapterInstance
        public let chain: String
        public let rule: ClaimRule
        fileprivate let topics: Set<Hash32>

        init(adapter: AdapterInstance, chain: String, rule: ClaimRule, topics: Set<Hash32>) {
            self.adapter = adapter; self.chain = chain; self.rule = rule; self.topics = topics
        }
    }

    public struct Statistics: Sendable, Equatable {
        public var items = 0
        /// Items with no rule in force that matched.
        public var unmatched = 0
        /// Items a rule matched but every adapter declined.
        public var declined = 0
        public var claimed = 0
        public var conflicts = 0
        public var errors = 0
    }

    private let transactionRoutes: [Address: [Route]]
    private let logRoutes: [Address: [Route]]
    private let stats = Mutex(Statistics())
    private let reportedConflicts = Mutex(Set<String>())

    public init(adapters: [AdapterInstance]) {
        var txs = [Address: [Route]]()
        var logs = [Address: [Route]]()
        for adapter in adapters {
            guard let manifest = adapter.manifest else { continue }
            for chain in manifest.enabledChains {
                for rule in chain.claims {
                    switch rule.target {
                    case .transaction(let to, _, _, _):
                        txs[to, default: []].append(Route(adapter: adapter, chain: chain.name, rule: rule, topics: []))
                    case .log(let address, let topics):
                        logs[address, default: []].append(Route(adapter: adapter, chain: chain.name, rule: rule, topics: Set(topics)))
                    }
                }
            }
        }
        transactionRoutes = txs
        logRoutes = logs
    }

    public var ruleCount: Int { transactionRoutes.values.reduce(0) { $0 + $1.count } + logRoutes.values.reduce(0) { $0 + $1.count } }

    public var statistics: Statistics { stats.withLock { $0 } }

    // MARK: matching

    /// One rule's verdict on an item, for `--explain`.
    public struct RuleCheck: Sendable {
        public var adapter: String
        public var chain: String
        public var rule: String
        public var kind: ClaimKind
        public var matched: Bool
        /// Why it matched or did not, one line per condition.
        public var reasons: [String]
    }

    /// The rules indexed under the item's address, each with its verdict.
    public func check(_ item: L1Item) -> [RuleCheck] {
        candidates(item).map { route in
            let (ok, reasons) = evaluate(route, item, explain: true)
            return RuleCheck(adapter: route.adapter.id, chain: route.chain, rule: route.rule.path,
                             kind: route.rule.kind, matched: ok, reasons: reasons)
        }
    }

    private func candidates(_ item: L1Item) -> [Route] {
        switch item {
        case .transaction(let t):
            guard let to = t.transaction.to else { return [] }
            return transactionRoutes[to] ?? []
        case .log(let l):
            return logRoutes[l.log.address] ?? []
        }
    }

    private func evaluate(_ route: Route, _ item: L1Item, explain: Bool) -> (Bool, [String]) {
        var reasons = [String]()
        var ok = true
        let block = item.block?.number
        if !route.rule.inForce(at: block) {
            ok = false
            if explain {
                let window = "\(route.rule.sinceBlock)…\(route.rule.untilBlock.map(String.init) ?? "")"
                reasons.append("block \(block.map(String.init) ?? "?") is outside the rule's blocks \(window)")
            }
        } else if explain {
            reasons.append(block == nil ? "no block number: the since/until window is not checked" : "block \(block!) is within the rule's blocks")
        }
        switch (route.rule.target, item) {
        case (.transaction(let to, let from, let selectors, let requiresBlobs), .transaction(let t)):
            if explain { reasons.append("to \(to) matches") }
            if !from.isEmpty {
                if let sender = t.transaction.from {
                    if from.contains(sender) {
                        if explain { reasons.append("sender \(sender) is in the rule's from list") }
                    } else {
                        ok = false
                        if explain { reasons.append("sender \(sender) is not in the rule's from list") }
                    }
                } else if explain {
                    reasons.append("sender unknown (not given, not recovered): the from list is left to the adapter's confirmation")
                }
            }
            if !selectors.isEmpty {
                if let s = t.transaction.selector, selectors.contains(s) {
                    if explain { reasons.append("selector \(Hex.selector(s)) is listed") }
                } else {
                    ok = false
                    if explain { reasons.append("selector \(t.transaction.selector.map(Hex.selector) ?? "(calldata under 4 bytes)") is not one of \(selectors.map(Hex.selector).joined(separator: ", "))") }
                }
            }
            if requiresBlobs {
                if t.transaction.type == 3 || !t.transaction.blobVersionedHashes.isEmpty {
                    if explain { reasons.append("carries blobs") }
                } else {
                    ok = false
                    if explain { reasons.append("the rule requires a blob transaction; this is type \(t.transaction.type)") }
                }
            }
        case (.log(let address, _), .log(let l)):
            if explain { reasons.append("address \(address) matches") }
            if let topic0 = l.log.topics.first, route.topics.contains(topic0) {
                if explain { reasons.append("topic0 \(topic0) is listed") }
            } else {
                ok = false
                if explain { reasons.append("topic0 \(l.log.topics.first.map(\.description) ?? "(none)") is not one of the rule's topics") }
            }
        default:
            ok = false
        }
        return (ok, reasons)
    }

    /// Whether an enabled `config_change` rule matches `item`: such items are claimed and
    /// handled before the other items of their block (rollport.h, rollport.l1-ingest/1).
    public func matchesConfigChange(_ item: L1Item) -> Bool {
        candidates(item).contains { $0.rule.kind == .configChange && evaluate($0, item, explain: false).0 }
    }

    /// What a block fetch must include for these rules: receipts of transactions to any rule's
    /// `to`, and logs of any rule's `address` (every rule names one).
    public var filter: L1Filter {
        L1Filter(transactionTargets: Set(transactionRoutes.keys), logAddresses: Set(logRoutes.keys))
    }

    // MARK: routing

    public struct Claimant: Sendable {
        public var adapter: AdapterInstance
        public var chain: String
        public var kind: ClaimKind
        public var rule: String
    }

    public enum Outcome: Sendable {
        /// No rule in force matched.
        case unmatched
        /// Rules matched, but every adapter declined (or failed to answer: `errors`).
        case declined(errors: [String])
        case claimed(Claimant)
        /// More than one adapter confirmed: a configuration error.
        case conflict([Claimant])
    }

    /// Matches and confirms. The item is laid out for the ABI only when a rule matches.
    public func route(_ item: L1Item) -> Outcome {
        var claimants = [Claimant]()
        var errors = [String]()
        var matched = false
        for route in candidates(item) where evaluate(route, item, explain: false).0 {
            matched = true
            let status = item.withABI(chain: route.chain, kind: route.rule.kind) { route.adapter.claim($0) }
            switch status {
            case .ok?:
                if !claimants.contains(where: { $0.adapter === route.adapter && $0.chain == route.chain }) {
                    claimants.append(Claimant(adapter: route.adapter, chain: route.chain, kind: route.rule.kind, rule: route.rule.path))
                }
            case .notClaimed?: break
            case nil: errors.append("\(route.adapter.id) has no \(ROLLPORT_L1_INGEST_V1) to confirm \(route.rule.path)")
            case let s?: errors.append("\(route.adapter.id) claim() returned \(s) for \(route.chain) \(route.rule.path)")
            }
        }
        let outcome: Outcome
        if !matched { outcome = .unmatched }
        else if claimants.isEmpty { outcome = .declined(errors: errors) }
        else if claimants.count == 1 { outcome = .claimed(claimants[0]) }
        else { outcome = .conflict(claimants) }
        stats.withLock { s in
            s.items += 1
            s.errors += errors.count
            switch outcome {
            case .unmatched: s.unmatched += 1
            case .declined: s.declined += 1
            case .claimed: s.claimed += 1
            case .conflict: s.conflicts += 1
            }
        }
        return outcome
    }

    /// A conflict's description, and whether it is the first time this pair was seen (so that
    /// the caller reports it once).
    public func describeConflict(_ claimants: [Claimant]) -> (message: String, firstTime: Bool) {
        let names = claimants.map { "\($0.adapter.id) (chain \($0.chain), \($0.rule))" }
        let key = names.sorted().joined(separator: "|")
        let first = reportedConflicts.withLock { $0.insert(key).inserted }
        let message = "configuration error: \(names.joined(separator: " and ")) all claim the same item; only one adapter may claim an L1 item — disable one of the chains, or narrow its rules (from, selectors, topics, since/until)"
        return (message, first)
    }

    /// Routes and, when claimed, lets the adapter handle the item.
    public func dispatch(_ item: L1Item) -> Dispatch {
        let outcome = route(item)
        guard case .claimed(let c) = outcome else { return Dispatch(outcome: outcome, result: nil) }
        let result = item.withABI(chain: c.chain, kind: c.kind) { c.adapter.handle($0, chain: c.chain) }
        return Dispatch(outcome: outcome, result: result)
    }

    public struct Dispatch: Sendable {
        public var outcome: Outcome
        public var result: AdapterCallResult?
    }
}

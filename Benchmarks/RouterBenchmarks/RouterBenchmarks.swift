// The router benchmark: 100,000 items of which 10% match a rule, with the six adapters'
// manifests enabled and adapter confirmation included; the target is a median of 1 µs per item.
//
// Setup compiles Fixtures/bench_adapter.c once per manifest in Fixtures/ (six adapters modelling
// the mainnet claim rules of OP Stack, Arbitrum, zkSync Era, Starknet, Polygon zkEVM and Scroll),
// loads them exactly as the host does (ManifestCatalog + AdapterSet), builds 100,000 deterministic
// L1 items and checks, item by item, that the router claims exactly the 10,000 that should be
// claimed, by the right adapter and chain. Only then are the benchmarks run; a broken router
// fails setup instead of being measured. See Benchmarks/README.md.

import Benchmark
import Dispatch
import Foundation
import Logging
import RollportHost
import RollportTestSupport
import RollportToolkit

/// Per-item time of one iteration: the iteration's wall time divided by its item count.
let nanosecondsPerItem = BenchmarkMetric.custom("ns per item", polarity: .prefersSmaller, useScalingFactor: false)

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, nanosecondsPerItem],
        warmupIterations: 3,
        maxDuration: .seconds(5),
        maxIterations: 1_000
    )
    let cases: [(name: String, routes: Bool, items: @Sendable (RouterFixture) -> [L1Item])] = [
        ("Router.route: 100k items, 10% match (per iteration: all 100k)", true, { $0.all }),
        ("Router.route: the 10k matching items only (per iteration: 10k)", true, { $0.matching }),
        ("Router.route: the 90k non-matching items only (per iteration: 90k)", true, { $0.nonMatching }),
        ("Baseline: the same loop over the 100k items without routing (per iteration: 100k)", false, { $0.all }),
    ]
    for entry in cases {
        Benchmark(entry.name, configuration: configuration, closure: { benchmark in
            guard case .success(let fixture) = RouterFixture.shared else {
                benchmark.error("router benchmark fixture unavailable")
                return
            }
            let router = fixture.router
            let items = entry.items(fixture)
            for _ in benchmark.scaledIterations {
                let start = DispatchTime.now().uptimeNanoseconds
                // Passing an element of an array to a function copies it, which retains every
                // array inside the item. With 100k items (far more than the caches hold) those
                // retains are cache misses; the baseline measures this loop cost alone.
                items.withUnsafeBufferPointer { buffer in
                    if entry.routes {
                        for index in buffer.indices {
                            blackHole(router.route(buffer[index]))
                        }
                    } else {
                        for index in buffer.indices {
                            blackHole(buffer[index])
                        }
                    }
                }
                let elapsed = DispatchTime.now().uptimeNanoseconds - start
                benchmark.measurement(nanosecondsPerItem, Int((Double(elapsed) / Double(items.count)).rounded()))
            }
        }, setup: {
            // When the fixture cannot be built, or the router does not route exactly as expected,
            // say why and end the process: package-benchmark would report a thrown setup error
            // but still exit 0, and nothing must be measured (or reported as passing) then.
            if case .failure(let error) = RouterFixture.shared {
                FileHandle.standardError.write(Data("RouterBenchmarks: setup failed, nothing was measured:\n\(error)\n".utf8))
                exit(EXIT_FAILURE)
            }
        })
    }
}

// MARK: - Fixture

/// The six adapters, loaded from the benchmark manifests, and the items to route.
final class RouterFixture: Sendable {
    static let itemCount = 100_000
    static let matchingCount = 10_000
    /// Built once per process, on first use.
    static let shared: Result<RouterFixture, any Error> = Result { try RouterFixture() }

    static let fixtures = TestPaths.repository + "/Benchmarks/RouterBenchmarks/Fixtures"
    /// The manifests and the extra -D flags of their adapter build.
    static let manifests: [(file: String, defines: [String])] = [
        ("optimism.toml", ["BENCH_BATCH_VERSION_BYTE=0"]),  // OP derivation version byte of calldata batches
        ("arbitrum.toml", []),
        ("zksync.toml", []),
        ("starknet.toml", []),
        ("polygon-zkevm.toml", []),
        ("scroll.toml", []),
    ]

    let adapters: AdapterSet
    var router: Router { adapters.router }
    /// All items in stream order; the matching and non-matching ones, each in stream order.
    let all: [L1Item]
    let matching: [L1Item]
    let nonMatching: [L1Item]

    init() throws {
        let directory = TestPaths.temporaryDirectory("router-bench")
        defer { try? FileManager.default.removeItem(atPath: directory) }  // loaded libraries stay mapped

        // Compile the adapter once per manifest, beside a copy of the manifest.
        for (file, defines) in Self.manifests {
            let source = Self.fixtures + "/" + file
            let manifest = try ManifestParser.load(file: source)
            try FileManager.default.copyItem(atPath: source, toPath: directory + "/" + file)
            try TestPaths.compileCAdapter(
                source: Self.fixtures + "/bench_adapter.c", output: directory + "/" + manifest.library.file,
                defines: ["BENCH_ADAPTER_ID=\"\(manifest.adapter.id)\"",
                          "BENCH_ADAPTER_VERSION=\"\(manifest.adapter.version)\""] + defines)
        }

        // Load them as the host does.
        let catalog = ManifestCatalog.load([directory])
        guard catalog.failures.isEmpty else {
            throw FixtureError("manifests failed validation:\n\(catalog.failures.map(\.description).joined(separator: "\n"))")
        }
        var logger = Logger(label: "router-benchmarks")
        logger.logLevel = .critical
        let set = AdapterSet(catalog: catalog, options: AdapterLibrary.Options(), logger: logger)
        guard set.failures.isEmpty else {
            throw FixtureError("adapters failed to load:\n\(set.failures.map(\.description).joined(separator: "\n"))")
        }
        let ids = Set(set.adapters.map(\.id))
        guard set.adapters.count == Self.manifests.count, ids.count == Self.manifests.count,
              ids == Set(catalog.manifests.map(\.adapter.id)) else {
            throw FixtureError("expected \(Self.manifests.count) adapters, loaded \(set.adapters.count): \(ids.sorted())")
        }
        adapters = set

        // The items, and what the router must do with each.
        var generator = ItemGenerator(manifests: catalog.manifests, seed: 0x5EED_0001_0000_2026)
        let stream = try generator.stream(count: Self.itemCount, matching: Self.matchingCount)
        all = stream.map(\.item)
        matching = stream.filter { $0.expected != nil }.map(\.item)
        nonMatching = stream.filter { $0.expected == nil }.map(\.item)

        try Self.verify(stream, router: set.router, adapters: set.adapters)
        FileHandle.standardError.write(Data("""
            router benchmark fixture: \(set.adapters.count) adapters, \(set.router.ruleCount) rules; \
            \(all.count) items of \(MemoryLayout<L1Item>.stride) bytes each plus \(Self.payloadBytes(all) / 1_000_000) MB \
            of byte and hash arrays; \(generator.summary)

            """.utf8))
    }

    /// The router must claim exactly the expected items, by the expected adapter and chain, and
    /// leave every other item unmatched; a claimed item must then be handled with one record.
    static func verify(_ stream: [ItemGenerator.Generated], router: Router, adapters: [AdapterInstance]) throws {
        var problems = [String]()
        var claimed = 0
        for (index, entry) in stream.enumerated() {
            let outcome = router.route(entry.item)
            switch (outcome, entry.expected) {
            case (.claimed(let c), let e?) where c.adapter.id == e.adapter && c.chain == e.chain && c.kind == e.kind:
                claimed += 1
            case (.unmatched, nil):
                break
            default:
                problems.append("item \(index) (\(entry.label)): expected \(entry.expected.map { "claimed by \($0.adapter) for \($0.chain) as \($0.kind.rawValue)" } ?? "unmatched"), got \(describe(outcome))")
            }
        }
        let stats = router.statistics
        let expectedClaims = stream.filter { $0.expected != nil }.count
        if claimed != expectedClaims || stats.items != stream.count || stats.claimed != expectedClaims
            || stats.unmatched != stream.count - expectedClaims || stats.declined != 0 || stats.conflicts != 0 || stats.errors != 0 {
            problems.insert("counts: claimed \(claimed) of \(expectedClaims) expected; router statistics \(stats)", at: 0)
        }
        // Every adapter handles one of its items (dispatch = route + handle).
        for adapter in adapters {
            guard let entry = stream.first(where: { $0.expected?.adapter == adapter.id }) else {
                problems.append("no item is expected to be claimed by \(adapter.id)")
                continue
            }
            let dispatch = router.dispatch(entry.item)
            if let result = dispatch.result, result.status == .ok, result.records.count == 1, result.refusals.isEmpty {
                continue
            }
            problems.append("\(adapter.id) did not handle \(entry.label): \(describe(dispatch.outcome)), \(String(describing: dispatch.result))")
        }
        guard problems.isEmpty else {
            throw FixtureError("the router does not route the benchmark items as expected (\(problems.count) problems); not benchmarking a broken router:\n"
                + problems.prefix(20).joined(separator: "\n"))
        }
    }

    /// The bytes held in the items' arrays (calldata, values, blob hashes, topics, log data).
    static func payloadBytes(_ items: [L1Item]) -> Int {
        items.reduce(0) { total, item in
            switch item {
            case .transaction(let t):
                return total + t.transaction.input.count + t.transaction.value.count + 32 * t.transaction.blobVersionedHashes.count
            case .log(let l):
                return total + l.log.data.count + 32 * l.log.topics.count
            }
        }
    }

    static func describe(_ outcome: Router.Outcome) -> String {
        switch outcome {
        case .unmatched: return "unmatched"
        case .declined(let errors): return "declined \(errors)"
        case .claimed(let c): return "claimed by \(c.adapter.id) for \(c.chain) as \(c.kind.rawValue) (\(c.rule))"
        case .conflict(let cs): return "conflict between \(cs.map { "\($0.adapter.id)/\($0.chain)" })"
        }
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

// MARK: - Items

/// Builds the item stream from the manifests' own rules, so matching items match by construction,
/// and checks every item against an independent, deliberately naive matcher. Deterministic: the
/// toolkit's seeded SplitMix64 drives every choice, so every run routes the same items.
///
/// Of the items, `matching` match exactly one rule (adapter chosen uniformly, then its chain, then
/// a rule in force). The others are, in proportion: 70% transactions to random addresses (1% contract
/// creations, 5% blob transactions of unknown rollups), 20% logs from random contracts (60% ERC-20
/// `Transfer`), and 10% near misses: a transaction to a rule's `to` with a selector no rule there
/// lists, a sender not in its `from` list, or a blob-only selector without blobs; or a log from a
/// rule's contract with a topic0 no rule there lists.
struct ItemGenerator {
    struct RuleRef {
        var adapter: String
        var chain: String
        var rule: ClaimRule
    }

    struct Expectation {
        var adapter: String
        var chain: String
        var kind: ClaimKind
    }

    struct Generated {
        var item: L1Item
        var expected: Expectation?
        var label: String
    }

    enum Slot { case matching, randomTransaction, randomLog, nearMissTransaction, nearMissLog }

    static let firstBlock: UInt64 = 22_000_000
    static let itemsPerBlock = 200
    static let transferTopic = try! Hash32(hex: "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef")  // Transfer(address,address,uint256)
    static let erc20Transfer: [UInt8] = [0xa9, 0x05, 0x9c, 0xbb]  // transfer(address,uint256)

    let rulesByAdapter: [(adapter: String, chains: [(chain: String, rules: [ClaimRule])])]
    let allRules: [RuleRef]
    let transactionTargets: Set<Address>
    let logEmitters: Set<Address>
    var rng: SplitMix64
    var counts = [String: Int]()

    init(manifests: [Manifest], seed: UInt64) {
        rng = SplitMix64(seed: seed)
        var byAdapter = [(adapter: String, chains: [(chain: String, rules: [ClaimRule])])]()
        var all = [RuleRef]()
        for manifest in manifests.sorted(by: { $0.adapter.id < $1.adapter.id }) {
            var chains = [(chain: String, rules: [ClaimRule])]()
            for chain in manifest.enabledChains where !chain.claims.isEmpty {
                chains.append((chain.name, chain.claims))
                all += chain.claims.map { RuleRef(adapter: manifest.adapter.id, chain: chain.name, rule: $0) }
            }
            if !chains.isEmpty { byAdapter.append((manifest.adapter.id, chains)) }
        }
        rulesByAdapter = byAdapter
        allRules = all
        var targets = Set<Address>(), emitters = Set<Address>()
        for r in all {
            switch r.rule.target {
            case .transaction(let to, _, _, _): targets.insert(to)
            case .log(let address, _): emitters.insert(address)
            }
        }
        transactionTargets = targets
        logEmitters = emitters
    }

    var summary: String {
        counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }

    mutating func stream(count: Int, matching: Int) throws -> [Generated] {
        let others = count - matching
        let nearMisses = others / 10
        let randomLogs = others / 5
        var slots = [Slot](repeating: .matching, count: matching)
        slots += [Slot](repeating: .nearMissTransaction, count: nearMisses / 2)
        slots += [Slot](repeating: .nearMissLog, count: nearMisses - nearMisses / 2)
        slots += [Slot](repeating: .randomLog, count: randomLogs)
        slots += [Slot](repeating: .randomTransaction, count: others - nearMisses - randomLogs)
        slots.shuffle(using: &rng)

        var out = [Generated]()
        out.reserveCapacity(count)
        var blockHash = Hash32.zero
        for (index, slot) in slots.enumerated() {
            let position = index % Self.itemsPerBlock
            let number = Self.firstBlock + UInt64(index / Self.itemsPerBlock)
            if position == 0 { blockHash = randomHash() }
            let block = L1BlockReference(number: number, hash: blockHash, timestamp: 1_745_000_000 + number * 12)
            let generated: Generated
            switch slot {
            case .matching: generated = try matchingItem(block: block, position: position)
            case .randomTransaction: generated = Generated(item: randomTransaction(block: block, position: position), expected: nil, label: "random transaction")
            case .randomLog: generated = Generated(item: randomLog(block: block, position: position), expected: nil, label: "random log")
            case .nearMissTransaction: generated = nearMissTransaction(block: block, position: position)
            case .nearMissLog: generated = nearMissLog(block: block, position: position)
            }
            // The naive matcher must agree with what the item was built to be.
            let found = referenceMatches(generated.item)
            switch generated.expected {
            case let e?:
                guard found.count == 1, found[0].adapter == e.adapter, found[0].chain == e.chain, found[0].rule.kind == e.kind else {
                    throw FixtureError("generator bug: item \(index) (\(generated.label)) matches \(found.count) rules")
                }
            case nil:
                guard found.isEmpty else {
                    throw FixtureError("generator bug: item \(index) (\(generated.label)) matches \(found.map { "\($0.adapter) \($0.rule.path)" })")
                }
            }
            counts[generated.label, default: 0] += 1
            out.append(generated)
        }
        return out
    }

    // MARK: matching items

    mutating func matchingItem(block: L1BlockReference, position: Int) throws -> Generated {
        let adapter = rulesByAdapter.randomElement(using: &rng)!
        let chain = adapter.chains.randomElement(using: &rng)!
        let inForce = chain.rules.filter { $0.inForce(at: block.number) }
        guard let rule = inForce.randomElement(using: &rng) else {
            throw FixtureError("no rule of \(adapter.adapter) \(chain.chain) is in force at block \(block.number)")
        }
        let expected = Expectation(adapter: adapter.adapter, chain: chain.chain, kind: rule.kind)
        switch rule.target {
        case .transaction(let to, let from, let selectors, let requiresBlobs):
            let sender = from.randomElement(using: &rng) ?? randomAddress()
            let tx: L1Transaction
            if requiresBlobs {
                // e.g. addSequencerL2BatchFromBlobs: a few ABI words of calldata, the data in blobs
                tx = transaction(to: to, from: sender, input: selectors.randomElement(using: &rng)!.selectorBytes + randomWords(5),
                                 blobs: Int.random(in: 1...6, using: &rng), position: position)
            } else if selectors.isEmpty {
                // OP Stack batcher: 85% blob transactions (empty calldata), 15% calldata frames
                // after the derivation version byte 0x00
                if chance(0.85) {
                    tx = transaction(to: to, from: sender, input: [], blobs: Int.random(in: 1...6, using: &rng), position: position)
                } else {
                    tx = transaction(to: to, from: sender, input: [0x00] + randomBytes(Int.random(in: 200...2_000, using: &rng)), blobs: 0, position: position)
                }
            } else {
                tx = transaction(to: to, from: sender, input: selectors.randomElement(using: &rng)!.selectorBytes + randomWords(Int.random(in: 2...40, using: &rng)),
                                 blobs: 0, position: position)
            }
            return Generated(item: .transaction(.init(transaction: tx, block: block)), expected: expected, label: "matching transaction")
        case .log(let address, let topics):
            let topic0 = topics.randomElement(using: &rng)!
            let log = L1Log(address: address, topics: [topic0] + (0..<Int.random(in: 0...3, using: &rng)).map { _ in randomHash() },
                            data: randomWords(Int.random(in: 0...8, using: &rng)), transactionHash: randomHash(), logIndex: UInt32(position))
            return Generated(item: .log(.init(log: log, block: block)), expected: expected, label: "matching log")
        }
    }

    // MARK: non-matching items

    mutating func randomTransaction(block: L1BlockReference, position: Int) -> L1Item {
        var to: Address? = randomAddress(avoiding: transactionTargets)
        if chance(0.01) { to = nil }  // contract creation
        let input: [UInt8]
        let blobs: Int
        switch Int.random(in: 0..<100, using: &rng) {
        case 0..<5:  // another rollup's blob transaction
            input = []
            blobs = Int.random(in: 1...6, using: &rng)
        case 5..<30:  // plain ETH transfer
            input = []
            blobs = 0
        case 30..<65:  // ERC-20 transfer(address,uint256)
            input = Self.erc20Transfer + randomWords(2)
            blobs = 0
        default:  // some contract call
            input = randomBytes(4) + randomWords(Int.random(in: 1...30, using: &rng))
            blobs = 0
        }
        return .transaction(.init(transaction: transaction(to: to, from: randomAddress(), input: input, blobs: blobs, position: position), block: block))
    }

    mutating func randomLog(block: L1BlockReference, position: Int) -> L1Item {
        let address = randomAddress(avoiding: logEmitters)
        let topics: [Hash32]
        let data: [UInt8]
        if chance(0.6) {
            topics = [Self.transferTopic, randomHash(), randomHash()]
            data = randomWords(1)
        } else {
            topics = (0..<Int.random(in: 1...4, using: &rng)).map { _ in randomHash() }
            data = randomWords(Int.random(in: 0...4, using: &rng))
        }
        return .log(.init(log: L1Log(address: address, topics: topics, data: data, transactionHash: randomHash(), logIndex: UInt32(position)), block: block))
    }

    /// A transaction to a rule's `to` that no rule there accepts.
    mutating func nearMissTransaction(block: L1BlockReference, position: Int) -> Generated {
        let candidates = allRules.filter { if case .transaction = $0.rule.target { return true } else { return false } }
        let ref = candidates.randomElement(using: &rng)!
        guard case .transaction(let to, let from, let selectors, let requiresBlobs) = ref.rule.target else { fatalError("unreachable") }
        let tx: L1Transaction
        let label: String
        if !from.isEmpty {
            // a stranger posting to a batch inbox
            tx = transaction(to: to, from: randomAddress(avoiding: Set(from)), input: [0x00] + randomBytes(300), blobs: 0, position: position)
            label = "near miss: sender not in the from list"
        } else if requiresBlobs, chance(0.5) {
            tx = transaction(to: to, from: randomAddress(), input: selectors.randomElement(using: &rng)!.selectorBytes + randomWords(5), blobs: 0, position: position)
            label = "near miss: blob-only selector without blobs"
        } else {
            let listed = Set(allRules.flatMap { r -> [UInt32] in
                if case .transaction(let t, _, let s, _) = r.rule.target, t == to { return s } else { return [] }
            })
            var selector = UInt32.random(in: 0...UInt32.max, using: &rng)
            while listed.contains(selector) { selector = UInt32.random(in: 0...UInt32.max, using: &rng) }
            tx = transaction(to: to, from: randomAddress(), input: selector.selectorBytes + randomWords(Int.random(in: 1...10, using: &rng)), blobs: 0, position: position)
            label = "near miss: unlisted selector"
        }
        return Generated(item: .transaction(.init(transaction: tx, block: block)), expected: nil, label: label)
    }

    /// A log from a rule's contract with a topic0 no rule there lists.
    mutating func nearMissLog(block: L1BlockReference, position: Int) -> Generated {
        let candidates = allRules.filter { if case .log = $0.rule.target { return true } else { return false } }
        let ref = candidates.randomElement(using: &rng)!
        guard case .log(let address, _) = ref.rule.target else { fatalError("unreachable") }
        let listed = Set(allRules.flatMap { r -> [Hash32] in
            if case .log(let a, let t) = r.rule.target, a == address { return t } else { return [] }
        })
        var topic0 = randomHash()
        while listed.contains(topic0) { topic0 = randomHash() }
        let log = L1Log(address: address, topics: [topic0, randomHash()], data: randomWords(2), transactionHash: randomHash(), logIndex: UInt32(position))
        return Generated(item: .log(.init(log: log, block: block)), expected: nil, label: "near miss: unlisted topic0")
    }

    // MARK: the naive matcher

    /// Every rule (of every enabled chain) that matches `item`, written independently of Router.
    func referenceMatches(_ item: L1Item) -> [RuleRef] {
        allRules.filter { ref in
            guard ref.rule.inForce(at: item.block?.number) else { return false }
            switch (ref.rule.target, item) {
            case (.transaction(let to, let from, let selectors, let requiresBlobs), .transaction(let t)):
                let tx = t.transaction
                guard tx.to == to else { return false }
                if !from.isEmpty, let sender = tx.from, !from.contains(sender) { return false }
                if !selectors.isEmpty {
                    guard tx.input.count >= 4 else { return false }
                    let s = tx.input.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
                    if !selectors.contains(s) { return false }
                }
                if requiresBlobs, tx.type != 3, tx.blobVersionedHashes.isEmpty { return false }
                return true
            case (.log(let address, let topics), .log(let l)):
                guard l.log.address == address, let topic0 = l.log.topics.first else { return false }
                return topics.contains(topic0)
            default:
                return false
            }
        }
    }

    // MARK: random pieces

    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }

    mutating func randomBytes(_ n: Int) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(n + 8)
        while out.count < n { withUnsafeBytes(of: rng.next()) { out += $0 } }
        return Array(out.prefix(n))
    }

    /// `n` ABI words, with the leading zeros real words (small integers, addresses) have.
    mutating func randomWords(_ n: Int) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(32 * n)
        for _ in 0..<n {
            let significant = [8, 20, 32].randomElement(using: &rng)!
            out += [UInt8](repeating: 0, count: 32 - significant) + randomBytes(significant)
        }
        return out
    }

    mutating func randomAddress() -> Address { Address(bytes: randomBytes(20))! }

    mutating func randomAddress(avoiding taken: Set<Address>) -> Address {
        var a = randomAddress()
        while taken.contains(a) { a = randomAddress() }
        return a
    }

    mutating func randomHash() -> Hash32 { Hash32(bytes: randomBytes(32))! }

    /// A versioned blob hash: version byte 0x01, then 31 bytes of the KZG commitment's SHA-256.
    mutating func blobHash() -> Hash32 { Hash32(bytes: [0x01] + randomBytes(31))! }

    mutating func transaction(to: Address?, from: Address, input: [UInt8], blobs: Int, position: Int) -> L1Transaction {
        var value = [UInt8](repeating: 0, count: 32)
        if chance(0.3) { value.replaceSubrange(24..<32, with: randomBytes(8)) }
        return L1Transaction(type: blobs > 0 ? 3 : 2, hash: randomHash(), from: from, to: to, nonce: UInt64.random(in: 0..<100_000, using: &rng),
                             chainID: 1, value: value, input: input, blobVersionedHashes: (0..<blobs).map { _ in blobHash() },
                             index: UInt32(position))
    }
}

extension UInt32 {
    /// Big-endian, as a selector appears in calldata.
    var selectorBytes: [UInt8] { [UInt8(self >> 24), UInt8(self >> 16 & 0xff), UInt8(self >> 8 & 0xff), UInt8(self & 0xff)] }
}

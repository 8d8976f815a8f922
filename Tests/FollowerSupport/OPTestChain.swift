import Foundation
import Logging
import OptimismDerivation
import RollportHost
import RollportTestSupport
import RollportToolkit

/// An OP Stack chain on a generated L1, for following: signed L2 transactions in span batches,
/// posted as calldata by a batcher whose channels sometimes span two L1 blocks, and a
/// SystemConfig batcher change whose new batcher posts in the same block. Forks of the L1 are
/// made by changing the salt from some block on.
public enum OPTestChain {
    public static let name = "op-follower-test"
    public static let l2ChainID: UInt64 = 42_069
    public static let l1ChainID: UInt64 = 900
    public static let inbox = try! Address(hex: "0xff00000000000000000000000000000000042069")
    public static let systemConfig = try! Address(hex: "0x00000000000000000000000000000000005c0f1c")
    public static let owner = try! Address(hex: "0x00000000000000000000000000000000000000aa")
    public static let firstBatcher = try! Secp256k1.PrivateKey(bytes: [UInt8](repeating: 0, count: 31) + [0x11])
    public static let secondBatcher = try! Secp256k1.PrivateKey(bytes: [UInt8](repeating: 0, count: 31) + [0x22])
    public static let l2Key = try! Secp256k1.PrivateKey(bytes: [UInt8](repeating: 0, count: 31) + [0x33])
    public static let genesisTime: UInt64 = 1_700_000_000
    /// The L1 block whose SystemConfig log makes `secondBatcher` the batcher.
    public static let batcherChange: UInt64 = 6
    public static let configUpdateTopic = Keccak256.hash("ConfigUpdate(uint256,uint8,bytes)")

    public static var manifest: String {
        """
        schema = 1

        [adapter]
        id = "org.rollport.optimism"
        name = "Optimism (OP Stack)"
        version = "0.1.0"

        [compat]
        host = ">=0.1.0, <1.0.0"
        abi = "1.2"

        [library]
        file = "libOptimismAdapter.so"

        [extensions]
        provides = ["rollport.l1-ingest/1", "rollport.batch/1", "rollport.batch-encode/1"]
        requires = ["rollport.host.kv/1"]
        threading = "serial"

        [[chains]]
        name = "\(name)"
        chain_id = \(l2ChainID)
        l1_chain_id = \(l1ChainID)
        enabled = true
        start_l1_block = 1

        [chains.anchors]
        batch_inbox = "\(inbox)"
        batcher = "\(firstBatcher.address)"
        system_config = "\(systemConfig)"
        genesis_l1_number = 0
        genesis_l1_hash = "\(hash(0, salt: 0))"
        genesis_l2_number = 0
        genesis_l2_hash = "0x\(String(repeating: "42", count: 32))"
        genesis_l2_time = \(genesisTime)
        block_time = 2
        seq_window_size = 3600
        max_sequencer_drift = 600
        channel_timeout = 300
        channel_timeout_granite = 50

        [chains.upgrades]
        regolith_time = 0
        canyon_time = 0
        delta_time = 0
        ecotone_time = 0
        fjord_time = 0
        granite_time = 0
        holocene_time = 0

        [[chains.claims]]
        kind = "batch"
        to = "\(inbox)"
        since_block = 1

        [[chains.claims]]
        kind = "config_change"
        address = "\(systemConfig)"
        topics = ["\(configUpdateTopic)"]
        since_block = 1
        """
    }

    /// A folder holding the manifest (the library is found beside the test executable).
    public static func manifestDirectory() throws -> String {
        let dir = TestPaths.temporaryDirectory("op-follower-manifest")
        try manifest.write(toFile: dir + "/op-follower-test.toml", atomically: true, encoding: .utf8)
        return dir
    }

    public static var rollupConfig: RollupConfig {
        get throws {
            let m = try ManifestParser.parse(manifest, file: "op-follower-test.toml")
            let chain = m.chains[0]
            return try RollupConfig(chainID: chain.chainID, anchors: ManifestValues(json: .object(chain.anchors), path: "anchors"),
                                    upgrades: ManifestValues(json: .object(chain.upgrades), path: "upgrades"))
        }
    }

    public static func hash(_ number: UInt64, salt: UInt64) -> Hash32 {
        Keccak256.hash(Array("l1".utf8) + number.bytes + salt.bytes)
    }

    /// Blocks `0...last` where blocks from `forkAt` on carry `salt` (0 before), so two calls with
    /// the same `forkAt` but different salts are two forks sharing blocks below it. Each block
    /// from 1 on posts a channel of six L2 blocks with `l2TransactionsPerBlock` transactions each.
    public static func blocks(through last: UInt64, forkAt: UInt64 = .max, salt: UInt64 = 0, l2TransactionsPerBlock: ClosedRange<Int> = 1...3,
                              splitEvery: UInt64? = 3) throws -> [L1Block] {
        let config = try rollupConfig
        var out = [L1Block]()
        var carried: [[UInt8]] = []
        var l2Number: UInt64 = 1
        var l2Nonce: UInt64 = 0
        var batcherNonce: [Address: UInt64] = [:]
        for n in 0...last {
            let s = n >= forkAt ? salt : 0
            var rng = SplitMix64(seed: n &* 1_000_003 &+ s)
            let hash = self.hash(n, salt: s)
            let parent = n == 0 ? Hash32.zero : out[Int(n - 1)].header.hash
            let header = L1Header(number: n, hash: hash, parentHash: parent, timestamp: genesisTime + 12 * n)
            var txs = [L1Transaction]()
            var logs = [L1Log]()
            var receipts = [Hash32: L1Receipt]()
            func filler() {
                let h = Hash32(bytes: rng.bytes(32))!
                txs.append(L1Transaction(type: 2, hash: h, from: Address(bytes: rng.bytes(20)), to: Address(bytes: rng.bytes(20)),
                                         input: rng.bytes(Int(rng.next() % 40)), index: UInt32(txs.count)))
            }
            filler()
            if n == batcherChange {
                let txHash = Hash32(bytes: rng.bytes(32))!
                let data = UInt256(32).bigEndianBytes + UInt256(32).bigEndianBytes + [UInt8](repeating: 0, count: 12) + secondBatcher.address.bytes
                let log = L1Log(address: systemConfig, topics: [configUpdateTopic, .zero, .zero], data: data, transactionHash: txHash, logIndex: 0)
                logs.append(log)
                receipts[txHash] = L1Receipt(status: 1, logs: [log])
            }
            if n >= 1 {
                let key = n >= batcherChange ? secondBatcher : firstBatcher
                func post(_ calldata: [UInt8]) throws {
                    let nonce = batcherNonce[key.address, default: 0]
                    batcherNonce[key.address] = nonce + 1
                    var t = SignedTransaction(type: 2, chainID: l1ChainID, nonce: nonce, maxPriorityFeePerGas: UInt256(1), maxFeePerGas: UInt256(100),
                                              gasLimit: 1_000_000, to: inbox, value: .zero, input: calldata)
                    try t.sign(with: key)
                    let raw = t.canonicalEncoding
                    let h = Keccak256.hash(raw)
                    txs.append(L1Transaction(type: 2, hash: h, from: key.address, to: inbox, nonce: nonce, chainID: l1ChainID,
                                             input: calldata, raw: raw, index: UInt32(txs.count)))
                    receipts[h] = L1Receipt(status: 1, logs: [])
                }
                for c in carried { try post(c) }
                carried = []
                // Six L2 blocks per L1 block, their origin the L1 block before (block 1's
                // continue the genesis epoch).
                var l2 = [L2BlockInput]()
                for i in 0..<6 {
                    var l2txs = [[UInt8]]()
                    for _ in 0..<Int.random(in: l2TransactionsPerBlock, using: &rng) {
                        var t = SignedTransaction(type: 2, chainID: l2ChainID, nonce: l2Nonce, maxPriorityFeePerGas: UInt256(1), maxFeePerGas: UInt256(10),
                                                  gasLimit: 21_000, to: Address(bytes: rng.bytes(20)), value: UInt256(rng.next() % 1000), input: rng.bytes(Int(rng.next() % 64)))
                        l2Nonce += 1
                        try t.sign(with: l2Key)
                        l2txs.append(t.canonicalEncoding)
                    }
                    l2.append(L2BlockInput(number: l2Number, timestamp: genesisTime + 2 * l2Number, l1OriginNumber: n - 1,
                                           l1OriginHash: out[Int(n - 1)].header.hash, parentHash: Hash32(bytes: rng.bytes(32))!,
                                           transactions: l2txs, startsEpoch: i == 0 && n >= 2))
                    l2Number += 1
                }
                // Every `splitEvery`th channel in small frames: all but the first go out with the next block.
                let split = splitEvery.map { n % $0 == 0 } ?? false
                let options = BatchEncoderOptions(kind: .span, compression: .zlib, dataAvailability: .calldata,
                                                  maxFrameSize: split ? 200 : nil, channelID: ChannelID.random(using: &rng))
                let payloads = try BatchEncoder(config: config, options: options).encode(l2).payloads.compactMap { p -> [UInt8]? in
                    if case .calldata(let d) = p { return d }
                    return nil
                }
                if let first = payloads.first { try post(first) }
                carried = Array(payloads.dropFirst())
            }
            filler()
            if let log = logs.first, let h = log.transactionHash {
                // The SystemConfig update comes after the new batcher's transaction in block
                // order; the host hands it to the adapter first all the same (rollport.h).
                txs.append(L1Transaction(type: 2, hash: h, from: owner, to: systemConfig, input: [0xc9, 0xb2, 0x6f, 0x61], index: UInt32(txs.count)))
            }
            out.append(L1Block(header: header, transactions: txs, receipts: receipts, logs: logs))
        }
        return out
    }

    public static func chain(_ blocks: [L1Block]) throws -> MemoryL1Chain {
        let chain = MemoryL1Chain(chainID: l1ChainID)
        for b in blocks { try chain.append(b) }
        return chain
    }

    public static var quietLogger: Logger {
        var logger = Logger(label: "follower-tests")
        logger.logLevel = .critical
        return logger
    }

    /// The store in `directory` with the Optimism adapter loaded on its kv contents.
    public static func open(_ directory: String, manifests: String, logger: Logger = quietLogger) throws -> (ChainStore, AdapterSet) {
        let store = try ChainStore(directory: directory)
        let set = try AdapterSet.resuming(store, catalog: ManifestCatalog.load([manifests]),
                                          options: AdapterLibrary.Options(pluginPath: [], executableDirectory: TestPaths.binDirectory), logger: logger)
        if let failure = set.failures.first { throw failure }
        return (store, set)
    }

    /// Follows `source` to its head (or `until`) with a fresh follower on `directory`.
    @discardableResult
    public static func follow(_ source: any L1Source, directory: String, manifests: String, until: UInt64? = nil,
                       configure: (inout FollowerOptions) -> Void = { _ in }, logger: Logger = quietLogger) async throws -> FollowerSummary {
        let (store, set) = try open(directory, manifests: manifests, logger: logger)
        defer {
            for a in set.adapters { a.shutdown() }
            store.close()
        }
        var options = FollowerOptions()
        options.stopAtHead = true
        options.untilBlock = until
        options.retry = RetryPolicy(initialDelay: .milliseconds(1), maxDelay: .milliseconds(5), maxAttempts: 5)
        configure(&options)
        return try await Follower(source: source, adapters: set, store: store, options: options, logger: logger).run()
    }

    /// Digest and counts of the store in `directory`.
    public static func state(_ directory: String) throws -> (StoreDigest, [String: ChainCounts], UInt64?) {
        let store = try ChainStore(directory: directory)
        defer { store.close() }
        return (try store.digest(), store.counts, store.cursor?.number)
    }
}

extension UInt64 {
    public var bytes: [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: self >> (56 - 8 * UInt64($0))) } }
}

// OP Stack settlement, release build: a TransactionDeposited log to its L2 transaction hash
// (target ≤ 20 µs) and a withdrawal's proof verified, account proof and storage proof
// (target ≤ 200 µs). Inputs are the real ones of the shared vectors, checked before timing;
// times are per operation, in a loop of 1,000 per sample.

import Benchmark
import Foundation
import OptimismSettlement
import RollportToolkit

enum SettlementFixtures {
    struct DepositLog { var topics: [Hash32]; var data: [UInt8]; var blockHash: Hash32; var logIndex: UInt64; var l2TxHash: Hash32 }

    static func hash(_ v: JSONValue?) -> Hash32 { (v?.stringValue).flatMap { try? Hash32(hex: $0) } ?? .zero }
    static func hex(_ v: JSONValue?) -> [UInt8] { (v?.stringValue).flatMap { try? Hex.decode($0) } ?? [] }

    static let deposits = Fixtures.json("deposits/user_deposits.json")

    /// OP Mainnet's 69-wei deposit (no calldata), as the portal logged it.
    static let realDeposit: DepositLog = {
        let log = deposits["verified_real"]?["log"]
        let opaque = hex(log?["opaqueData"])
        let pad = [UInt8](repeating: 0, count: 12)
        let from = (log?["from"]?.stringValue).flatMap { try? Address(hex: $0) } ?? .zero
        let to = (log?["to"]?.stringValue).flatMap { try? Address(hex: $0) } ?? .zero
        let topics = [TransactionDeposited.topic, Hash32(bytes: pad + from.bytes) ?? .zero, Hash32(bytes: pad + to.bytes) ?? .zero, .zero]
        let data = UInt256(32).bigEndianBytes + UInt256(UInt64(opaque.count)).bigEndianBytes + opaque + [UInt8](repeating: 0, count: (32 - opaque.count % 32) % 32)
        return DepositLog(topics: topics, data: data, blockHash: hash(log?["blockHash"]), logIndex: 109, l2TxHash: hash(deposits["verified_real"]?["expected_l2_tx_hash"]))
    }()

    /// A real messenger deposit: 589 bytes of opaque data (a relayMessage call).
    static let messengerDeposit: DepositLog = {
        let log = deposits["computed_real_logs"]?["logs"]?.arrayValue?.first
        let index: UInt64 = { if case .number(let n)? = log?["logIndex"] { return UInt64(n) ?? 0 }; return 0 }()
        return DepositLog(topics: (log?["topics"]?.arrayValue ?? []).map(hash), data: hex(log?["data"]), blockHash: hash(log?["blockHash"]),
                          logIndex: index, l2TxHash: hash(log?["l2TxHash"]))
    }()

    static func l2Hash(_ d: DepositLog) -> Hash32? {
        guard let event = try? TransactionDeposited(topics: d.topics, data: d.data) else { return nil }
        return event.transaction(l1BlockHash: d.blockHash, logIndex: d.logIndex).hash
    }

    /// The fault-proof-era OP Mainnet withdrawal: its 5-node storage proof.
    static let withdrawal: WithdrawalProof = {
        let c = Fixtures.json("withdrawals/withdrawals.json")["op_mainnet_prove_params"]?.arrayValue?.first
        let w = c?["withdrawal"], p = c?["outputRootProof"]
        func uint(_ v: JSONValue?) -> UInt256 {
            switch v { case .string(let s)?: return UInt256(s) ?? .zero; case .number(let n)?: return UInt256(n) ?? .zero; default: return .zero }
        }
        func address(_ v: JSONValue?) -> Address { (v?.stringValue).flatMap { try? Address(hex: $0) } ?? .zero }
        return WithdrawalProof(
            withdrawal: Withdrawal(nonce: uint(w?["nonce"]), sender: address(w?["sender"]), target: address(w?["target"]), value: uint(w?["value"]),
                                   gasLimit: uint(w?["gasLimit"]), data: hex(w?["data"])),
            outputRootProof: OutputRootProof(version: hash(p?["version"]), stateRoot: hash(p?["stateRoot"]),
                                             messagePasserStorageRoot: hash(p?["messagePasserStorageRoot"]), latestBlockhash: hash(p?["latestBlockhash"])),
            withdrawalProof: (c?["withdrawalProof"]?.arrayValue ?? []).map(hex))
    }()
    static let withdrawalOutputRoot = hash(Fixtures.json("withdrawals/withdrawals.json")["op_mainnet_prove_params"]?.arrayValue?.first?["computed"]?["outputRoot"])

    /// The same withdrawal under a state root, so that `verify` walks both proofs: the message
    /// passer, with the real storage root, among 200,000 random accounts (a shallower trie than
    /// mainnet's; the real 8-node account proof is timed below).
    static let chained: WithdrawalProof = {
        var rng = SplitMix64(seed: 10)
        var pairs = [(key: [UInt8], value: [UInt8])]()
        for _ in 0..<200_000 {
            let a = (0..<20).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            pairs.append((Keccak256.hash(a).bytes, StateAccount(nonce: rng.next() % 1000, balance: UInt256(rng.next())).encoded()))
        }
        let passer = StateAccount(nonce: 0, balance: .zero, storageRoot: withdrawal.outputRootProof.messagePasserStorageRoot)
        let key = Keccak256.hash(Withdrawal.messagePasser.bytes).bytes
        pairs.append((key, passer.encoded()))
        let trie = MerklePatriciaTrie(pairs)
        var proof = withdrawal
        proof.outputRootProof.stateRoot = trie.root
        proof.accountProof = trie.proof(for: key)
        return proof
    }()

    /// The real 8-node account proof of an Ethereum mainnet account, with its state root.
    static let realAccount: (root: Hash32, proof: AccountProof)? = {
        let json = Fixtures.json("withdrawals/output_root_and_account_proof.json")
        guard let proof = try? AccountProof.parse(json["eth_getProof"] ?? .null) else { return nil }
        return (hash(json["header"]?["stateRoot"]), proof)
    }()

    static func check() {
        var problems = [String]()
        if l2Hash(realDeposit) != realDeposit.l2TxHash || realDeposit.l2TxHash.description != "0x0a60b983815ed475c5919609025204a479654d93afc610feca7d99ae0befc329" {
            problems.append("the real deposit does not give its L2 hash")
        }
        if l2Hash(messengerDeposit) != messengerDeposit.l2TxHash { problems.append("the messenger deposit does not give its L2 hash") }
        if (try? withdrawal.verify(expectedOutputRoot: withdrawalOutputRoot))?.withdrawalHash.description != "0xabb9f726072587989b9083f58e3dee0c825ba85c63d347f8f5a317e9b15f1044" {
            problems.append("the withdrawal's storage proof does not verify")
        }
        if (try? chained.verify())?.accountProven != true { problems.append("the chained account and storage proofs do not verify") }
        if let a = realAccount, (try? a.proof.verify(stateRoot: a.root)) == nil { problems.append("the real account proof does not verify") }
        if realAccount == nil { problems.append("the real account proof does not parse") }
        guard problems.isEmpty else {
            print("OptimismBenchmarks settlement setup failed:\n" + problems.joined(separator: "\n"))
            exit(1)
        }
    }
}

func settlementBenchmarks(_ base: Benchmark.Configuration) {
    SettlementFixtures.check()
    // Each sample runs the operation many times and is reported per operation: a single call
    // per sample measures the sampling's own cold start (about 10 µs here), not the work.
    var configuration = base
    configuration.scalingFactor = .kilo

    Benchmark("Deposit log to L2 tx hash (69 wei, no calldata)", configuration: configuration) { benchmark in
        let d = SettlementFixtures.realDeposit
        for _ in benchmark.scaledIterations { blackHole(SettlementFixtures.l2Hash(d)) }
    }

    Benchmark("Deposit log to L2 tx hash (messenger, 516 B calldata)", configuration: configuration) { benchmark in
        let d = SettlementFixtures.messengerDeposit
        for _ in benchmark.scaledIterations { blackHole(SettlementFixtures.l2Hash(d)) }
    }

    Benchmark("Withdrawal proof: storage proof (5 nodes) and output root", configuration: configuration) { benchmark in
        let p = SettlementFixtures.withdrawal, root = SettlementFixtures.withdrawalOutputRoot
        for _ in benchmark.scaledIterations { blackHole(try? p.verify(expectedOutputRoot: root)) }
    }

    Benchmark("Withdrawal proof: account proof and storage proof, chained", configuration: configuration) { benchmark in
        let p = SettlementFixtures.chained
        for _ in benchmark.scaledIterations { blackHole(try? p.verify()) }
    }

    Benchmark("Withdrawal proof: real mainnet account proof (8 nodes) and the storage proof", configuration: configuration) { benchmark in
        guard let a = SettlementFixtures.realAccount else { return }
        let p = SettlementFixtures.withdrawal
        for _ in benchmark.scaledIterations {
            blackHole(try? a.proof.verify(stateRoot: a.root))
            blackHole(try? p.verify())
        }
    }
}


// Signed transactions decoded and their senders recovered (libsecp256k1), on one thread and on
// two. The fixture is signed by the toolkit's own signer at setup and every sender is checked
// before anything is measured, so a wrong implementation fails instead of being timed.

import Benchmark
import Dispatch
import RollportToolkit

/// Transactions decoded and senders recovered per second of wall time in one iteration.
let transactionsPerSecond = BenchmarkMetric.custom("tx/s", polarity: .prefersLarger, useScalingFactor: false)

func transactionBenchmarks() {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, transactionsPerSecond],
        warmupIterations: 2,
        maxDuration: .seconds(3),
        maxIterations: 1_000
    )

    for threads in [1, 2] {
        Benchmark("Transactions: decode + recover sender, \(threads) thread\(threads == 1 ? "" : "s") (per iteration: 4,096 signed type-2 transactions)",
                  configuration: configuration) { benchmark in
            let fixture = TransactionFixture.checked
            for _ in benchmark.scaledIterations {
                let start = DispatchTime.now().uptimeNanoseconds
                let senders = ParallelMap.map(fixture.encoded, threads: threads) { raw -> Address? in
                    guard let tx = try? SignedTransaction(encoded: raw) else { return nil }
                    return try? tx.recoverSender()
                }
                let elapsed = DispatchTime.now().uptimeNanoseconds - start
                blackHole(senders)
                benchmark.measurement(transactionsPerSecond, Int((Double(fixture.encoded.count) * 1e9 / Double(max(elapsed, 1))).rounded()))
            }
        }
    }
}

enum TransactionFixture {
    struct Fixture: Sendable {
        let encoded: [[UInt8]]
        let senders: [Address]
    }

    /// 4,096 EIP-1559 transactions from 64 keys: 0-500 bytes of calldata, an access list on
    /// every eighth, deterministic values and RFC 6979 signatures.
    static let checked: Fixture = {
        var random = SplitMix64(seed: 0x7478_6265_6e63)
        let keys = (0..<64).map { i in
            do { return try Secp256k1.PrivateKey(bytes: Keccak256.hash("rollport bench key \(i)").bytes) } catch {
                fatalError("benchmark key \(i): \(error)")
            }
        }
        var encoded = [[UInt8]]()
        var senders = [Address]()
        for i in 0..<4096 {
            let key = keys[i % keys.count]
            var tx = SignedTransaction(
                type: 2, chainID: 1, nonce: UInt64(i / keys.count), maxPriorityFeePerGas: UInt256(random.next() % 10_000_000_000),
                maxFeePerGas: UInt256(random.next() % 100_000_000_000), gasLimit: 21_000 + random.next() % 1_000_000,
                to: Address(bytes: random.bytes(20)), value: UInt256(random.next()), input: random.bytes(Int(random.next() % 500)))
            if i % 8 == 0 {
                tx.accessList = [.init(address: Address(bytes: random.bytes(20)) ?? .zero,
                                       storageKeys: (0..<3).map { _ in Hash32(bytes: random.bytes(32)) ?? .zero })]
            }
            do { try tx.sign(with: key) } catch { fatalError("benchmark transaction \(i): \(error)") }
            encoded.append(tx.encoded())
            senders.append(key.address)
        }
        for (i, raw) in encoded.enumerated() {
            guard let tx = try? SignedTransaction(encoded: raw), tx.encoded() == raw, (try? tx.recoverSender()) == senders[i] else {
                fatalError("benchmark transaction \(i) does not decode and recover to its signer")
            }
        }
        return Fixture(encoded: encoded, senders: senders)
    }()
}

import ArgumentParser
import Dispatch
import Foundation
import Logging
import RollportDevnet
import RollportHost
import RollportToolkit

struct DevnetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devnet",
        abstract: "Run a development L1 on loopback with OP Stack traffic (a development chain, chain id 900).",
        discussion: """
        Serves JSON-RPC (eth_chainId, eth_blockNumber, eth_getBlockByNumber/ByHash, eth_getLogs, \
        eth_getBlockReceipts, eth_getTransactionReceipt, eth_getTransactionByHash, net_version, web3_clientVersion; batches) \
        and the beacon API (/eth/v1/beacon/genesis, /eth/v1/config/spec, /eth/v1/beacon/blob_sidecars/{slot}) \
        on 127.0.0.1. Each block carries the op-devnet chain's span batch (built by the Optimism adapter's \
        rollport.batch-encode/1 from signed L2 transactions), deposits, and now and then a withdrawal proven \
        and later finalized. The chain is the same for the same --seed: block n is at 2026-01-01 + 12 n s \
        whatever the time, so a restarted devnet rebuilds it. --reorg-every makes forks on the timer: the \
        newest --reorg-depth blocks are replaced by a longer fork with other traffic. The adapter and the devnet's chain come from \
        Manifests/devnet (mainnet manifests are not read). With --json, prints one JSON line when serving \
        and one with the summary at the end. Exit 0 when stopped (Ctrl-C or --until-block), 2 on bad \
        options or when the adapter cannot be loaded.
        """)

    @Option(help: "The port on 127.0.0.1 (0: any free port).") var port = 8545
    @Option(help: "The seed of the chain's traffic.") var seed: UInt64 = DevnetSpec.defaultSeed
    @Option(help: "Blocks produced before serving.") var blocks: UInt64 = 16
    @Option(help: "Seconds between blocks after that (0: no more blocks).") var blockTime: Double = 12
    @Option(help: "Stop after producing this block (for scripts).") var untilBlock: UInt64?
    @Option(help: "L2 transactions in the batch of each L1 block.") var l2Transactions = 100
    @Option(help: "After every N timed blocks, replace the newest --reorg-depth blocks with a longer fork (0: never).") var reorgEvery = 0
    @Option(help: "Blocks a reorganisation replaces (1…64).") var reorgDepth: UInt64 = 2
    @Option(help: "Write what was produced to FILE as a recording when stopping (rollport run --replay reads it).") var record: String?
    @Option(name: .customLong("manifests"), help: "The devnet manifests.") var manifests: [String] = ["Manifests/devnet"]
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard port >= 0, port <= 65535 else { throw ValidationError("--port must be 0…65535") }
        guard blockTime >= 0, blockTime.isFinite else { throw ValidationError("--block-time must be 0 or more seconds") }
        guard l2Transactions >= 0 else { throw ValidationError("--l2-transactions must be 0 or more") }
        guard reorgEvery >= 0 else { throw ValidationError("--reorg-every must be 0 or more") }
        guard (1...UInt64(Devnet.maxReorgDepth)).contains(reorgDepth) else { throw ValidationError("--reorg-depth must be 1…\(Devnet.maxReorgDepth)") }
    }

    func run() throws {
        let logger = Logger(label: "rollport.devnet")
        let encoder: AdapterBatchEncoder
        do {
            encoder = try Devnet.adapterEncoder(manifests: manifests, options: .fromEnvironment(), logger: logger)
        } catch {
            printError(error.description)
            throw Exit.badInput
        }
        let devnet = Devnet(configuration: DevnetConfiguration(seed: seed, l2TransactionsPerBlock: l2Transactions), encoder: encoder)
        let outcome = blockingRun { () async -> Int32 in await serve(devnet) }
        if outcome != 0 { throw ExitCode(outcome) }
    }

    private func serve(_ devnet: Devnet) async -> Int32 {
        // Before anything is printed: a script may interrupt as soon as it sees the endpoints.
        let stop = StopSignal()
        let firstTarget = untilBlock.map { min($0, blocks) } ?? blocks
        do { try devnet.produce(through: firstTarget) } catch {
            printError(error.description)
            return 2
        }
        let server: L1NodeServer
        do { server = try await devnet.serve(port: port) } catch {
            printError("cannot serve on 127.0.0.1:\(port): \(error)")
            return 2
        }
        let head = devnet.head
        if output.json {
            print(JSONValue.object([
                ("label", .string(DevnetSpec.label)), ("chainId", .number(DevnetSpec.l1ChainID)), ("seed", .number(seed)),
                ("rpc", .string(server.rpcURL)), ("beacon", .string(server.beaconURL)),
                ("head", .object([("number", .number(head.number)), ("hash", .string(head.hash.description))])),
            ]).compact)
        } else {
            print("Rollport devnet: a \(DevnetSpec.label) (L1 chain id \(DevnetSpec.l1ChainID), seed \(seed)), not Ethereum")
            print("  JSON-RPC  \(server.rpcURL)")
            print("  beacon    \(server.beaconURL)")
            print("  chains    \(DevnetSpec.OP.chain) (L2 chain id \(DevnetSpec.OP.chainID)), manifests \(manifests.joined(separator: ", "))")
            print("  head      block \(head.number) \(head.hash)")
        }
        fflush(nil)

        let failure = await stop.run { () async -> DevnetError? in
            var timed = 0
            while !Task.isCancelled {
                if let until = untilBlock, devnet.head.number >= until { return nil }
                guard blockTime > 0 else {
                    if untilBlock == nil {
                        // Nothing more to produce: serve until stopped.
                        do { try await Task.sleep(for: .seconds(3600)) } catch { return nil }
                        continue
                    }
                    do throws(DevnetError) { try devnet.produceBlock() } catch { return error }
                    continue
                }
                do { try await Task.sleep(for: .milliseconds(Int(blockTime * 1000))) } catch { return nil }
                do throws(DevnetError) {
                    let header = try devnet.produceBlock()
                    timed += 1
                    if !output.json { print("block \(header.number) \(header.hash)"); fflush(nil) }
                    if reorgEvery > 0, timed % reorgEvery == 0, devnet.head.number > reorgDepth {
                        let (dropped, added) = try devnet.reorganise(depth: reorgDepth)
                        if !output.json, let first = dropped.first, let last = added.last {
                            print("reorg: blocks \(first.number)…\(dropped.count + Int(first.number) - 1) replaced, head block \(last.number) \(last.hash)")
                            fflush(nil)
                        }
                    }
                } catch { return error }
            }
            return nil
        }
        await server.stop()
        if let failure { printError(failure.description) }

        let summary = devnet.summary
        if let record {
            do { try await devnet.recording().write(to: record) } catch {
                printError("cannot write the recording to \(record): \(error)")
                return 2
            }
        }
        if output.json {
            print(summary.json.compact)
        } else {
            print(DevnetText.summary(summary))
            if let record { print("recorded blocks 0…\(summary.head.number) to \(record)") }
        }
        return failure == nil ? 0 : 2
    }
}

enum DevnetText {
    static func summary(_ s: DevnetSummary) -> String {
        var lines = ["\(DevnetSpec.label) \(s.chainID), seed \(s.seed): head block \(s.head.number) \(s.head.hash)"]
        for name in s.chains.keys.sorted() {
            guard let t = s.chains[name] else { continue }
            lines.append("  \(name): \(t.batches) batches (\(t.batcherTransactions) batcher transactions), \(t.l2Blocks) L2 blocks, \(t.transactions) transactions, \(t.deposits) deposits, \(t.withdrawals) withdrawal events (\(t.withdrawalsProven) proven, \(t.withdrawalsFinalized) finalized)")
        }
        return lines.joined(separator: "\n")
    }
}

/// SIGINT or SIGTERM, seen once.
final class StopSignal: @unchecked Sendable {
    // @unchecked: the dispatch sources are only kept alive here, never touched after init.
    private let sources: [any DispatchSourceSignal]
    private let stream: AsyncStream<Void>

    init() {
        let (stream, continuation) = AsyncStream<Void>.makeStream()
        self.stream = stream
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(); continuation.finish() }
            source.resume()
            return source
        }
    }

    /// Runs `body`, cancelling it when a signal arrives, and returns what it returns.
    func cancelling<T: Sendable>(_ body: @escaping @Sendable () async -> T) async -> T {
        let task = Task { await body() }
        return await withTaskCancellationHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { for await _ in self.stream { task.cancel(); break } }
                let result = await task.value
                group.cancelAll()
                return result
            }
        } onCancel: { task.cancel() }
    }

    /// Runs `body` until it returns or a signal arrives (then it is cancelled); its result, or
    /// nil when stopped by a signal.
    func run<T: Sendable>(_ body: @escaping @Sendable () async -> T?) async -> T? {
        await withTaskGroup(of: T?.self) { group in
            group.addTask { for await _ in self.stream { break }; return nil }
            group.addTask { await body() }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}

/// Runs async work from a synchronous command and returns its result.
func blockingRun<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
    let result = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        result.value = await body()
        done.signal()
    }
    done.wait()
    // The semaphore orders the write before this read.
    return result.value!
}

private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}

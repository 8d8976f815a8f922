import Foundation
import Logging
import RollportDevnet
import RollportHost
import RollportToolkit

/// `rollport run --devnet`: the built-in development L1, produced from its seed, served on
/// loopback and followed through the same JSON-RPC client as a real node, so the run exercises
/// every part of the main job with nothing else installed.
final class DevnetRun: Sendable {
    static let manifests = ["Manifests/devnet"]
    /// Blocks produced before following when no --until-l1-block is given.
    static let initialBlocks: UInt64 = 16

    let devnet: Devnet
    let server: L1NodeServer
    private let producer: Task<Void, Never>?

    struct SetupError: Error, CustomStringConvertible { var description: String }

    /// Produces the chain through `until` (or the first blocks, then one every `blockTime`
    /// seconds), and serves it on 127.0.0.1 at a free port.
    static func start(seed: UInt64, until: UInt64?, blockTime: Double, manifests: [String], logger: Logger) throws(SetupError) -> DevnetRun {
        let devnet: Devnet
        do {
            let encoder = try Devnet.adapterEncoder(manifests: manifests, options: .fromEnvironment(), logger: logger)
            devnet = Devnet(configuration: DevnetConfiguration(seed: seed), encoder: encoder)
            try devnet.produce(through: until ?? initialBlocks)
        } catch { throw SetupError(description: "devnet: \(error)") }
        let served: Result<L1NodeServer, SetupError> = blockingRun {
            do { return .success(try await devnet.serve(port: 0, logger: logger)) } catch {
                return .failure(SetupError(description: "devnet: cannot serve on 127.0.0.1: \(error)"))
            }
        }
        let server = try served.get()
        var producer: Task<Void, Never>?
        if until == nil, blockTime > 0 {
            producer = Task {
                while !Task.isCancelled {
                    do { try await Task.sleep(for: .milliseconds(Int(blockTime * 1000))) } catch { return }
                    do { try devnet.produceBlock() } catch {
                        logger.error("devnet: \(error)")
                        return
                    }
                }
            }
        }
        return DevnetRun(devnet: devnet, server: server, producer: producer)
    }

    private init(devnet: Devnet, server: L1NodeServer, producer: Task<Void, Never>?) {
        self.devnet = devnet; self.server = server; self.producer = producer
    }

    var source: RPCL1Configuration {
        RPCL1Configuration(rpcURL: server.rpcURL, beaconURL: server.beaconURL, expectedChainID: DevnetSpec.l1ChainID)
    }

    func stop() {
        producer?.cancel()
        blockingRun { await self.server.stop() }
    }

    /// The devnet's own account of its traffic through `head`, next to what the follower
    /// stored: the two must agree chain by chain.
    /// `interrupted`: the run was stopped by a signal while the devnet kept making blocks, so
    /// the two cannot be compared at one block, which is said rather than called a mismatch.
    func comparison(with counts: [String: ChainCounts], through head: UInt64, interrupted: Bool) -> (json: JSONValue, mismatches: [String]) {
        let summary = devnet.summary
        var mismatches = [String]()
        var chains = [(String, JSONValue)]()
        if interrupted, summary.head.number != head {
            return (.object([("compared", .bool(false)), ("head", .number(summary.head.number)),
                             ("reason", .string("interrupted: the devnet went on to block \(summary.head.number) after the follower stopped at \(head)"))]), [])
        }
        // A follower stopped at --until-l1-block compares with the devnet at that block only.
        guard summary.head.number == head else {
            return (.object([("head", .number(summary.head.number))]), ["the devnet's head is block \(summary.head.number), the follower stopped at \(head)"])
        }
        for name in summary.chains.keys.sorted() {
            guard let produced = summary.chains[name] else { continue }
            let stored = counts[name] ?? ChainCounts()
            let pairs: [(String, Int, UInt64)] = [
                ("batches", produced.batches, stored.batches), ("l2Blocks", produced.l2Blocks, stored.l2Blocks),
                ("transactions", produced.transactions, stored.transactions), ("deposits", produced.deposits, stored.deposits),
                ("withdrawals", produced.withdrawals, stored.withdrawals),
            ]
            for (field, a, b) in pairs where UInt64(a) != b {
                mismatches.append("\(name).\(field): the devnet produced \(a), the store holds \(b)")
            }
            chains.append((name, .object(pairs.map { ($0.0, .number(UInt64($0.1))) })))
        }
        return (.object([("label", .string(DevnetSpec.label)), ("chainId", .number(DevnetSpec.l1ChainID)),
                         ("seed", .number(summary.seed)), ("chains", .object(chains)), ("agrees", .bool(mismatches.isEmpty))]),
                mismatches)
    }
}

typealias RPCL1Configuration = RPCL1Source.Configuration

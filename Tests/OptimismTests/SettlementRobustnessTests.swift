import OptimismSettlement
import RollportToolkit
import Testing

/// Damaged inputs give typed errors, never a trap.
@Suite struct SettlementRobustnessTests {
    @Test func damagedDepositsAndAttributes() throws {
        var rng = SplitMix64(seed: 7)
        let event = TransactionDeposited(from: Address(high: 1, middle: 2, low: 3), to: Address(high: 4, middle: 5, low: 6), mint: UInt256(10),
                                         value: UInt256(20), gasLimit: 30_000, isCreation: false, data: rng.bytes(100))
        let data = event.logData
        let tx = event.transaction(l1BlockHash: .zero, logIndex: 1).encoded()
        var info = L1BlockInfo(format: .jovian, number: 1, timestamp: 2, baseFee: UInt256(3), blockHash: .zero, sequenceNumber: 4, batcherHash: .zero)
        info.daFootprintGasScalar = 400
        let calldata = info.calldata()
        var decodedDeposits = 0
        for _ in 0..<400 {
            // Truncations, bit flips and random lengths.
            var d = data, t = tx, c = calldata
            switch rng.next() % 3 {
            case 0: d = Array(d.prefix(Int(rng.next() % UInt64(d.count)))); t = Array(t.prefix(Int(rng.next() % UInt64(t.count))))
            case 1: d[Int(rng.next() % UInt64(d.count))] ^= UInt8(1 << (rng.next() % 8)); t[Int(rng.next() % UInt64(t.count))] ^= 0xff
            default: d = rng.bytes(Int(rng.next() % 300)); t = [0x7e] + rng.bytes(Int(rng.next() % 200))
            }
            c[Int(rng.next() % UInt64(c.count))] ^= 0x80
            if (try? TransactionDeposited(topics: event.topics, data: d)) != nil { decodedDeposits += 1 }
            _ = try? DepositTransaction(encoded: t)
            _ = try? L1BlockInfo(calldata: Array(c.prefix(Int(rng.next() % UInt64(c.count + 1)))))
            _ = try? PortalEvent(topics: [PortalEvent.finalized.topic0, .zero], data: Array(d.prefix(40)))
            _ = try? MessagePassed(topics: [MessagePassed.topic, .zero, .zero, .zero], data: d)
        }
        // Flips inside the calldata leave a decodable log; the rest must not decode.
        #expect(decodedDeposits > 0 && decodedDeposits < 400)
        #expect(throws: TransactionDeposited.Malformed.self) { try TransactionDeposited(topics: event.topics, data: []) }
        #expect(throws: DepositTransaction.DecodingError.self) { try DepositTransaction(encoded: []) }
    }

    @Test func extremeGameInputs() throws {
        let huge = FaultDisputeGame.Parameters(maxGameDepth: 125, splitDepth: 60, maxClockDuration: .max, clockExtension: .max / 2 + 1, preimageChallengePeriod: .max)
        var game = try FaultDisputeGame(parameters: huge, rootClaim: .zero, creator: .zero, createdAt: .max - 1, l2BlockNumber: .max, startingBlockNumber: 0)
        #expect(game.expiry(of: 0) == .max)
        #expect(game.l2Block(of: 0) == 1 << 60) // the root commits to the last block the split depth can reach
        // The extension doubled at split-1 overflows: refused as over the clock, not a trap.
        var index = 0
        for depth in 1..<60 {
            do { index = try game.move(parentIndex: index, claim: Hash32(w0: UInt64(depth), w1: 0, w2: 0, w3: 0), claimant: .zero, isAttack: true, at: .max - 1) } catch { break }
        }
        #expect(game.claims.count > 1)
        _ = game.resolve(at: .max)
        #expect(Position.root.traceIndex(maxDepth: 200) >= 0)
        #expect(Position(gindex: 0).depth == 0 && !Position(gindex: 0).isValid)
        let lifecycle = WithdrawalLifecycle.assess(provenAt: .max, commitment: .outputProposal(l1Timestamp: .max), finalized: nil, now: .max)
        #expect(lifecycle.finalizableAt == .max)
    }
}

import OptimismSettlement
import RollportToolkit
import Testing

/// Position arithmetic against the vectors, and games played move by move against the
/// contract's rules with their outcomes worked out by hand.
@Suite struct DisputeGameTests {
    static func int(_ v: JSONValue?) throws -> Int { try #require(v?.numberText.flatMap { Int($0) }) }
    static func u128(_ v: JSONValue?) throws -> UInt128 {
        let v = try #require(v)
        return try #require(UInt128(v.string ?? v.numberText ?? ""))
    }

    @Test func positionsMatchTheVectors() throws {
        guard let dir = OPVectors.locate() else { return }
        let json = try OPVectors.json("fault-dispute-game/positions_and_params.json", in: dir)
        for c in json["gindex_to_position"]?.array ?? [] {
            let p = Position(gindex: try Self.u128(c["gindex"]))
            #expect(p.depth == (try Self.int(c["depth"])))
            #expect(p.indexAtDepth == (try Self.u128(c["indexAtDepth"])))
            #expect(Position(depth: p.depth, indexAtDepth: p.indexAtDepth) == p)
        }
        let traces = json["trace_index_maxDepth4"]?.array ?? []
        #expect(traces.count == 31)
        for c in traces {
            let p = try #require(Position(depth: try Self.int(c["depth"]), indexAtDepth: try Self.u128(c["indexAtDepth"])))
            #expect(p.traceIndex(maxDepth: try Self.int(c["maxDepth"])) == (try Self.u128(c["traceIndex"])))
        }
        let large = try #require(json["trace_index_large"])
        let deep = try #require(Position(depth: Int(try Self.u128(large["depth"])), indexAtDepth: try Self.u128(large["indexAtDepth"])))
        #expect(deep.traceIndex(maxDepth: Int(try Self.u128(large["maxDepth"]))) == (try Self.u128(large["traceIndex"])))
        #expect(Position.root.traceIndex(maxDepth: 100) == (try Self.u128(json["trace_index_of_root_depth100"])))
        for c in json["attack"]?.array ?? [] {
            #expect(Position(gindex: try Self.u128(c["from"])).move(isAttack: true).gindex == (try Self.u128(c["attack"])))
        }
        for c in json["defend"]?.array ?? [] {
            #expect(Position(gindex: try Self.u128(c["from"])).move(isAttack: false).gindex == (try Self.u128(c["defend"])))
        }
        for c in json["relative_to_ancestor_at_depth"]?.array ?? [] {
            let p = Position(gindex: try Self.u128(c["gindex"]))
            #expect(p.relativeToAncestor(atDepth: try Self.int(c["newRootDepth"]))?.gindex == (try Self.u128(c["expectedGIndex"])))
        }
        for c in json["trace_ancestor_examples_computed"]?.array ?? [] {
            #expect(Position(gindex: try Self.u128(c["gindex"])).traceAncestor.gindex == (try Self.u128(c["traceAncestor"])))
        }
        let mainnet = try #require(json["mainnet_parameters"])
        #expect(FaultDisputeGame.Parameters.mainnet.maxGameDepth == (try Self.int(mainnet["MAX_GAME_DEPTH"])))
        #expect(FaultDisputeGame.Parameters.mainnet.splitDepth == (try Self.int(mainnet["SPLIT_DEPTH"])))
        #expect(UInt128(FaultDisputeGame.Parameters.mainnet.maxClockDuration) == (try Self.u128(mainnet["MAX_CLOCK_DURATION_s"])))
        #expect(UInt128(FaultDisputeGame.Parameters.mainnet.clockExtension) == (try Self.u128(mainnet["CLOCK_EXTENSION_s"])))
        for c in json["mainnet_position_examples_computed"]?.array ?? [] {
            let p = Position(gindex: try Self.u128(c["gindex"]))
            #expect(p.traceIndex(maxDepth: 30) == (try Self.u128(c["traceIndex_at_SPLIT_DEPTH"])))
        }
        // Bounded trace ancestors stay below the split.
        #expect(Position(gindex: 0b1111).traceAncestorBounded(splitDepth: 2) == Position(gindex: 0b1111))
        #expect(Position(gindex: 0b1011).traceAncestorBounded(splitDepth: 1) == Position(gindex: 0b101))
        #expect(Position(gindex: 0b111).traceAncestorBounded(splitDepth: 2) == nil)
    }

    // MARK: games
    //
    // A small game keeps the arithmetic visible: 4 levels, outputs down to depth 2 (the split),
    // execution claims at depths 3 and 4, a 100 s clock, a 10 s extension (doubled before the
    // split, plus a 20 s preimage challenge period before the last level). The anchor is L2
    // block 100 and the game is about block 104, so the four output leaves at depth 2 commit
    // to blocks 101…104.

    static let parameters = FaultDisputeGame.Parameters(maxGameDepth: 4, splitDepth: 2, maxClockDuration: 100, clockExtension: 10, preimageChallengePeriod: 20)
    static let proposer = Address(high: 0xaaaa, middle: 0, low: 1)
    static let challenger = Address(high: 0xcccc, middle: 0, low: 2)
    static let secondChallenger = Address(high: 0xcccc, middle: 0, low: 3)
    static func claim(_ n: UInt8, status: UInt8 = 0) -> Hash32 { Hash32(bytes: [status] + [UInt8](repeating: 0, count: 30) + [n]) ?? .zero }

    static func game() throws -> FaultDisputeGame {
        try FaultDisputeGame(parameters: parameters, rootClaim: claim(1), creator: proposer, createdAt: 0, l2BlockNumber: 104, startingBlockNumber: 100)
    }

    @Test func anUnchallengedRootWinsWhenItsClockRunsOut() throws {
        let g = try Self.game()
        // Nobody may counter after 0 + 100 s; resolveClaim(0) needs exactly that.
        #expect(g.resolve(at: 99).status == .inProgress)
        let r = g.resolve(at: 100)
        #expect(r.status == .defenderWins && r.resolvableAt == 100)
        #expect(r.claims[0].bondRecipient == Self.proposer && r.claims[0].counteredBy == nil)
        #expect(g.l2Block(of: 0) == 104)
    }

    @Test func anUnansweredAttackWinsForTheChallenger() throws {
        var g = try Self.game()
        // Attack at t=10: the challenger used 10 s of its clock (depth 1 is split-1, so a 20 s
        // extension applies but is not needed). The proposer must answer by 10 + (100 - 0) = 110.
        let a = try g.move(parentIndex: 0, claim: Self.claim(2), claimant: Self.challenger, isAttack: true, at: 10, disputed: Self.claim(1))
        #expect(g.claims[a].position == Position(gindex: 2) && g.claims[a].clockDuration == 10)
        #expect(g.l2Block(of: a) == 102) // trace index 1 at the split: block 100 + 1 + 1
        #expect(g.resolve(at: 109).status == .inProgress)
        let r = g.resolve(at: 110)
        // The attack is an uncountered leaf, so the root is countered by its claimant.
        #expect(r.status == .challengerWins && r.resolvableAt == 110)
        #expect(r.claims[0].counteredBy == Self.challenger && r.claims[0].bondRecipient == Self.challenger)
        #expect(r.claims[a].counteredBy == nil && r.claims[a].bondRecipient == Self.challenger)
    }

    @Test func theProposerDefendsByCounteringTheAttack() throws {
        var g = try Self.game()
        let a = try g.move(parentIndex: 0, claim: Self.claim(2), claimant: Self.challenger, isAttack: true, at: 10)
        // The proposer answers at t=30 with the output of block 101: its side had used 0 s
        // before, so its new clock holds 0 + 20 s. The challenger must reply by 30 + (100 - 10) = 120.
        let b = try g.move(parentIndex: a, claim: Self.claim(3), claimant: Self.proposer, isAttack: true, at: 30)
        #expect(g.claims[b].position == Position(gindex: 4) && g.claims[b].clockDuration == 20)
        #expect(g.expiry(of: b) == 120 && g.l2Block(of: b) == 101)
        #expect(g.resolve(at: 119).status == .inProgress)
        let r = g.resolve(at: 120)
        // b stands, so it counters a; a is countered, so the root stands.
        #expect(r.status == .defenderWins)
        #expect(r.claims[a].counteredBy == Self.proposer && r.claims[a].bondRecipient == Self.proposer)
        #expect(r.claims[0].counteredBy == nil && r.claims[0].bondRecipient == Self.proposer)
    }

    @Test func clocksRunOutAndAreExtended() throws {
        var g = try Self.game()
        // At t=100 the challenger's whole 100 s are gone.
        #expect(throws: FaultDisputeGame.GameError.self) {
            try g.move(parentIndex: 0, claim: Self.claim(2), claimant: Self.challenger, isAttack: true, at: 100)
        }
        // At t=99 it has used 99 s; a claim at split-1 gets a 20 s extension, so its clock is
        // set back to 100 - 20 = 80 s: the challenger keeps 20 s for its next reply.
        let a = try g.move(parentIndex: 0, claim: Self.claim(2), claimant: Self.challenger, isAttack: true, at: 99)
        #expect(g.claims[a].clockDuration == 80)
        // The proposer has until 99 + 100 = 199 and answers at 150 (51 s used, no extension).
        let b = try g.move(parentIndex: a, claim: Self.claim(3), claimant: Self.proposer, isAttack: true, at: 150)
        #expect(g.claims[b].clockDuration == 51)
        // The challenger inherits its 80 s: its reply is due before 150 + 20 = 170.
        #expect(g.expiry(of: b) == 170)
        #expect(throws: FaultDisputeGame.GameError.self) {
            try g.move(parentIndex: b, claim: Self.claim(4, status: 1), claimant: Self.challenger, isAttack: true, at: 170)
        }
        // At 169 it has used 99 s; the next claim is at depth 3 = max-1, where the extension is
        // 10 + 20 s, so its clock is set to 100 - 30 = 70 s.
        let c = try g.move(parentIndex: b, claim: Self.claim(4, status: 1), claimant: Self.challenger, isAttack: true, at: 169)
        #expect(g.claims[c].clockDuration == 70)
        // The proposer's side had used 51 s: its reply to c is due by 169 + 49 = 218.
        #expect(g.expiry(of: c) == 218)
        let r = g.resolve(at: 218)
        // The last word was the challenger's: c stands and counters b; b countered leaves a
        // standing, and a counters the root.
        #expect(r.status == .challengerWins && r.resolvableAt == 218)
        #expect(r.claims[b].counteredBy == Self.challenger && r.claims[0].counteredBy == Self.challenger)
        #expect(g.resolve(at: 217).status == .inProgress)
    }

    @Test func aStepAtTheBottomDecidesTheGame() throws {
        var g = try Self.game()
        let a = try g.move(parentIndex: 0, claim: Self.claim(2), claimant: Self.challenger, isAttack: true, at: 10)
        let b = try g.move(parentIndex: a, claim: Self.claim(3), claimant: Self.proposer, isAttack: true, at: 20)
        // Attacking an output leaf disputes it: the execution root must say INVALID or PANIC.
        #expect(throws: FaultDisputeGame.GameError.self) {
            try g.move(parentIndex: b, claim: Self.claim(4, status: 0), claimant: Self.challenger, isAttack: true, at: 30)
        }
        let c = try g.move(parentIndex: b, claim: Self.claim(4, status: 1), claimant: Self.challenger, isAttack: true, at: 30)
        #expect(g.claims[c].position == Position(gindex: 8) && g.l2Block(of: c) == 101)
        // No defense of an execution subgame's root.
        #expect(throws: FaultDisputeGame.GameError.self) {
            try g.move(parentIndex: c, claim: Self.claim(5), claimant: Self.proposer, isAttack: false, at: 40)
        }
        let d = try g.move(parentIndex: c, claim: Self.claim(5), claimant: Self.proposer, isAttack: true, at: 40)
        #expect(g.claims[d].position.depth == 4)
        // The bottom is answered by a step, not a move; only once.
        #expect(throws: FaultDisputeGame.GameError.self) {
            try g.move(parentIndex: d, claim: Self.claim(6), claimant: Self.challenger, isAttack: true, at: 50)
        }
        #expect(throws: FaultDisputeGame.GameError.self) { try g.step(claimIndex: c, by: Self.challenger, at: 50) }
        try g.step(claimIndex: d, by: Self.challenger, at: 50)
        #expect(throws: FaultDisputeGame.GameError.self) { try g.step(claimIndex: d, by: Self.challenger, at: 51) }
        // Clocks: d expires at 40 + (100 - c's 20 s) = 120, the latest of all.
        let r = g.resolve(at: 120)
        // d is countered by the step; c stands and counters b; b is countered so a stands and
        // counters the root.
        #expect(r.status == .challengerWins)
        #expect(r.claims[d].counteredBy == Self.challenger && r.claims[d].bondRecipient == Self.challenger)
        #expect(r.claims[c].counteredBy == nil)
        #expect(r.claims[b].counteredBy == Self.challenger)
        #expect(r.claims[a].counteredBy == nil)
        #expect(r.claims[0].counteredBy == Self.challenger)
        #expect(g.resolve(at: 119).status == .inProgress)
    }

    @Test func aDefenseOfAnOutputLeafAgreesWithIt() throws {
        var g = try Self.game()
        let a = try g.move(parentIndex: 0, claim: Self.claim(2), claimant: Self.challenger, isAttack: true, at: 10)
        let b = try g.move(parentIndex: a, claim: Self.claim(3), claimant: Self.proposer, isAttack: true, at: 20)
        // Defending b (position 4, block 101) disputes the next output, a's own claim at
        // position 2 (block 102): the same party, so the transition is VALID.
        #expect(throws: FaultDisputeGame.GameError.self) {
            try g.move(parentIndex: b, claim: Self.claim(4, status: 1), claimant: Self.challenger, isAttack: false, at: 30)
        }
        let c = try g.move(parentIndex: b, claim: Self.claim(4, status: 0), claimant: Self.challenger, isAttack: false, at: 30)
        #expect(g.claims[c].position == Position(gindex: 10))
        #expect(try g.disputedOutput(of: c) == Position(gindex: 2))
        #expect(g.l2Block(of: c) == 102)
    }

    @Test func theLeftMostUncounteredChildTakesTheBond() throws {
        var g = try Self.game()
        let a = try g.move(parentIndex: 0, claim: Self.claim(2), claimant: Self.challenger, isAttack: true, at: 10)
        // Two answers to a: an attack (position 4) and a defense (position 6), both unanswered.
        let defense = try g.move(parentIndex: a, claim: Self.claim(3), claimant: Self.secondChallenger, isAttack: false, at: 15)
        let attack = try g.move(parentIndex: a, claim: Self.claim(4), claimant: Self.proposer, isAttack: true, at: 20)
        #expect(g.claims[defense].position == Position(gindex: 6) && g.claims[attack].position == Position(gindex: 4))
        #expect(g.l2Block(of: defense) == 103)
        // The same claim at the same place against the same parent is refused.
        #expect(throws: FaultDisputeGame.GameError.self) {
            try g.move(parentIndex: a, claim: Self.claim(4), claimant: Self.challenger, isAttack: true, at: 21)
        }
        // A second, unanswered attack on the root, made later.
        let late = try g.move(parentIndex: 0, claim: Self.claim(5), claimant: Self.secondChallenger, isAttack: true, at: 50)
        let r = g.resolve(at: 150)
        // Under a, position 4 is left of 6: the proposer gets a's bond though the defense came first.
        #expect(r.claims[a].counteredBy == Self.proposer)
        // Under the root, a is countered and `late` is not: the root falls to `late`'s claimant.
        #expect(r.claims[0].counteredBy == Self.secondChallenger && r.status == .challengerWins)
        #expect(r.claims[late].bondRecipient == Self.secondChallenger)
        #expect(r.resolvableAt == 150)
        #expect(g.resolve(at: 149).status == .inProgress)
    }

    @Test func rootClaimsAgainstOurOutputRootsAreFlagged() throws {
        var g = try Self.game()
        let a = try g.move(parentIndex: 0, claim: Self.claim(2), claimant: Self.challenger, isAttack: true, at: 10)
        let ours: [UInt64: Hash32] = [104: Self.claim(9), 102: Self.claim(2)]
        let flagged = g.disagreements(with: ours)
        #expect(flagged == [.init(claimIndex: 0, l2BlockNumber: 104, claimed: Self.claim(1), computed: Self.claim(9))])
        #expect(g.claims[a].claim == ours[102])
        #expect(g.disagreements(with: [104: Self.claim(1)]).isEmpty)
    }

    @Test func aWrongRootBlockLosesTheRootWhateverItsSubgame() throws {
        var g = try Self.game()
        let a = try g.move(parentIndex: 0, claim: Self.claim(2), claimant: Self.challenger, isAttack: true, at: 10)
        _ = try g.move(parentIndex: a, claim: Self.claim(3), claimant: Self.proposer, isAttack: true, at: 20)
        #expect(g.resolve(at: 200).status == .defenderWins)
        try g.challengeRootL2Block(by: Self.secondChallenger)
        #expect(throws: FaultDisputeGame.GameError.self) { try g.challengeRootL2Block(by: Self.challenger) }
        #expect(throws: FaultDisputeGame.GameError.self) {
            try g.move(parentIndex: 0, claim: Self.claim(9), claimant: Self.challenger, isAttack: true, at: 30)
        }
        let r = g.resolve(at: 200)
        #expect(r.status == .challengerWins && r.claims[0].bondRecipient == Self.secondChallenger)
    }

    @Test func parametersAndRootsTheContractRefuses() throws {
        #expect(throws: FaultDisputeGame.GameError.self) {
            try FaultDisputeGame(parameters: .init(maxGameDepth: 4, splitDepth: 3, maxClockDuration: 100, clockExtension: 10, preimageChallengePeriod: 0),
                                 rootClaim: Self.claim(1), creator: Self.proposer, createdAt: 0)
        }
        #expect(throws: FaultDisputeGame.GameError.self) {
            try FaultDisputeGame(parameters: Self.parameters, rootClaim: Self.claim(1), creator: Self.proposer, createdAt: 0, l2BlockNumber: 100, startingBlockNumber: 100)
        }
        var g = try Self.game()
        #expect(throws: FaultDisputeGame.GameError.self) {
            try g.move(parentIndex: 0, claim: Self.claim(2), claimant: Self.challenger, isAttack: false, at: 1)
        }
        #expect(throws: FaultDisputeGame.GameError.self) {
            try g.move(parentIndex: 5, claim: Self.claim(2), claimant: Self.challenger, isAttack: true, at: 1)
        }
        #expect(throws: FaultDisputeGame.GameError.self) {
            try g.move(parentIndex: 0, claim: Self.claim(2), claimant: Self.challenger, isAttack: true, at: 1, disputed: Self.claim(7))
        }
    }

    @Test func moveEventsAndCallsDecode() throws {
        let claimant = Self.challenger
        let topics = [GameMove.event.topic0, Hash32(bytes: [UInt8](repeating: 0, count: 31) + [3]) ?? .zero, Self.claim(7),
                      Hash32(bytes: [UInt8](repeating: 0, count: 12) + claimant.bytes) ?? .zero]
        let move = try GameMove(topics: topics, data: [])
        #expect(move.parentIndex == UInt256(3) && move.claim == Self.claim(7) && move.claimant == claimant)
        let f = try ABIFunction("move(bytes32,uint256,bytes32,bool)")
        let call = try GameMove.call(try f.encodeCall([.fixedBytes(Self.claim(6).bytes), .uint(3), .fixedBytes(Self.claim(7).bytes), .bool(false)]))
        #expect(call == GameMove.Call(isAttack: false, parentIndex: UInt256(3), claim: Self.claim(7), disputed: Self.claim(6)))
        let attack = try ABIFunction("attack(bytes32,uint256,bytes32)")
        #expect(try GameMove.call(try attack.encodeCall([.fixedBytes(Self.claim(6).bytes), .uint(3), .fixedBytes(Self.claim(7).bytes)])).isAttack)
        #expect(throws: GameMove.Malformed.self) { try GameMove.call([1, 2, 3, 4]) }
        #expect(throws: GameMove.Malformed.self) { try GameMove(topics: Array(topics.prefix(3)), data: []) }
    }
}

import OptimismDerivation
import OptimismSettlement
import RollportAdapterKit
import RollportToolkit

/// The settlement methods of `rollport.rpc/1`. Parameters and results use the contracts'
/// field names; see Plugins/Optimism/README.md for each method's shape.
struct SettlementMethods {
    static let names = [
        "optimism_outputRoot", "optimism_withdrawalHash", "optimism_verifyWithdrawalProof", "optimism_proveWithdrawalTransaction",
        "optimism_withdrawalStatus", "optimism_decodeDeposit", "optimism_l1InfoDeposit", "optimism_upgradeTransactions", "optimism_disputeGame",
    ]

    let chain: ChainSettings
    let store: AdapterStore

    func call(_ method: String, params text: [UInt8]) throws(AdapterError) -> JSONValue {
        let params = try MethodParams(text: text)
        switch method {
        case "optimism_outputRoot": return try outputRoot(params)
        case "optimism_withdrawalHash": return try withdrawalHash(params)
        case "optimism_verifyWithdrawalProof": return try verifyWithdrawalProof(params, prove: false)
        case "optimism_proveWithdrawalTransaction": return try verifyWithdrawalProof(params, prove: true)
        case "optimism_withdrawalStatus": return try withdrawalStatus(params)
        case "optimism_decodeDeposit": return try decodeDeposit(params)
        case "optimism_l1InfoDeposit": return try l1InfoDeposit(params)
        case "optimism_upgradeTransactions": return try upgradeTransactions(params)
        case "optimism_disputeGame": return try disputeGame(params)
        default: throw AdapterError.notFound("no method \(method); the Optimism adapter serves \(Self.names.joined(separator: ", "))")
        }
    }

    // MARK: output roots

    private func outputRoot(_ p: MethodParams) throws(AdapterError) -> JSONValue {
        let proof: OutputRootProof
        var extra: [(String, JSONValue)] = []
        if p.has("header") {
            let header: BlockHeader
            let headerJSON = try p.value("header")
            do { header = try BlockHeader(headerJSON, path: p.field("header")) } catch { throw AdapterError.invalidArgument(error.description) }
            extra.append(("l2BlockNumber", JSONOut.quantity(header.number)))
            if p.has("proof") {
                let account: AccountProof
                let proofJSON = try p.value("proof")
                do { account = try AccountProof.parse(proofJSON) } catch { throw AdapterError.invalidArgument("\(p.field("proof")): \(error)") }
                do { proof = try OutputRootProof(header: header, messagePasserProof: account) } catch { throw AdapterError.verifyFailed(error.description) }
                extra.append(("account", JSONOut.text(account.address)))
            } else {
                do { proof = try OutputRootProof(isthmusHeader: header) } catch { throw AdapterError.invalidArgument("\(error.description); give `proof`, the eth_getProof of \(Withdrawal.messagePasser) at that block") }
            }
        } else {
            proof = try Self.outputRootProof(p)
        }
        let root: Hash32
        do { root = try proof.outputRoot() } catch { throw AdapterError.invalidArgument(error.description) }
        return .object([("outputRoot", JSONOut.text(root))] + Self.json(proof) + extra)
    }

    /// `{version?, stateRoot, messagePasserStorageRoot, latestBlockhash}` (or `blockHash`).
    static func outputRootProof(_ p: MethodParams) throws(AdapterError) -> OutputRootProof {
        OutputRootProof(version: p.has("version") ? try p.hash("version") : .zero, stateRoot: try p.hash("stateRoot"),
                        messagePasserStorageRoot: try p.hash("messagePasserStorageRoot"),
                        latestBlockhash: p.has("latestBlockhash") ? try p.hash("latestBlockhash") : try p.hash("blockHash"))
    }

    static func json(_ p: OutputRootProof) -> [(String, JSONValue)] {
        [("version", JSONOut.text(p.version)), ("stateRoot", JSONOut.text(p.stateRoot)),
         ("messagePasserStorageRoot", JSONOut.text(p.messagePasserStorageRoot)), ("latestBlockhash", JSONOut.text(p.latestBlockhash))]
    }

    // MARK: withdrawals

    /// The withdrawal's fields, under `withdrawal` or at the top level.
    static func withdrawal(_ p: MethodParams) throws(AdapterError) -> Withdrawal {
        let w = p.has("withdrawal") ? try p.object("withdrawal") : p
        return Withdrawal(nonce: try w.uint256("nonce"), sender: try w.address("sender"), target: try w.address("target"),
                          value: try w.uint256("value"), gasLimit: try w.uint256("gasLimit"), data: try w.bytes("data"))
    }

    private func withdrawalHash(_ p: MethodParams) throws(AdapterError) -> JSONValue {
        let w: Withdrawal
        if p.has("topics") {
            // An L2 MessagePassed log: its fields, checked against the hash it logged.
            var topics = [Hash32]()
            for (i, t) in try p.array("topics").enumerated() {
                do { topics.append(try RPCValue.hash(t, field: "\(p.field("topics"))[\(i)]")) } catch { throw AdapterError.invalidArgument(error.description) }
            }
            let data = try p.bytes("data")
            do { w = try MessagePassed(topics: topics, data: data).withdrawal } catch { throw AdapterError.decode(error.description) }
        } else {
            w = try Self.withdrawal(p)
        }
        let hash = w.hash
        return .object([("withdrawalHash", JSONOut.text(hash)), ("storageSlot", JSONOut.text(Withdrawal.storageSlot(withdrawalHash: hash))),
                        ("nonceVersion", .number(w.nonceVersion))])
    }

    private func verifyWithdrawalProof(_ p: MethodParams, prove: Bool) throws(AdapterError) -> JSONValue {
        let proof = WithdrawalProof(withdrawal: try Self.withdrawal(p), outputRootProof: try Self.outputRootProof(try p.object("outputRootProof")),
                                    withdrawalProof: try p.byteList("withdrawalProof"),
                                    accountProof: p.has("accountProof") ? try p.byteList("accountProof") : nil)
        let index = prove ? try p.uint256("disputeGameIndex") : nil
        let verified: WithdrawalProof.Verified
        let expected = p.has("outputRoot") ? try p.hash("outputRoot") : nil
        do { verified = try proof.verify(expectedOutputRoot: expected) } catch {
            throw AdapterError.verifyFailed(error.description)
        }
        var out: [(String, JSONValue)] = [
            ("valid", .bool(true)), ("withdrawalHash", JSONOut.text(verified.withdrawalHash)), ("storageSlot", JSONOut.text(verified.storageSlot)),
            ("outputRoot", JSONOut.text(verified.outputRoot)), ("accountProven", .bool(verified.accountProven)),
        ]
        if let index {
            out += [("to", chain.portal.map(JSONOut.text) ?? .null), ("disputeGameIndex", JSONOut.quantity(index)),
                    ("calldata", JSONOut.data(proof.proveCalldata(disputeGameIndex: index)))]
        }
        return .object(out)
    }

    private func withdrawalStatus(_ p: MethodParams) throws(AdapterError) -> JSONValue {
        let hash = try p.hash("withdrawalHash")
        let tracked = try store.withdrawal(chain: chain.name, hash: hash)
        // What L1 showed the adapter comes first; the caller may supply what it did not see.
        let givenProvenAt = p.has("provenAt") ? try p.uint64("provenAt") : nil
        let givenFinalized = p.has("finalized") ? try p.bool("finalized") : nil
        let provenAt = tracked?.provenAt ?? givenProvenAt
        let finalized = tracked?.finalized ?? givenFinalized
        var commitment: WithdrawalLifecycle.Commitment?
        if p.has("game") {
            let g = try p.object("game")
            let statusText = try g.string("status")
            guard let status = GameStatus(name: statusText) else {
                throw AdapterError.invalidArgument("\(g.field("status")): `\(statusText)` is none of \(GameStatus.allCases.map(\.name).joined(separator: ", "))")
            }
            var createdAt = g.has("createdAt") ? try g.uint64("createdAt") : nil
            if createdAt == nil, g.has("disputeProxy") { createdAt = try store.game(chain: chain.name, proxy: try g.address("disputeProxy"))?.createdAt }
            guard let createdAt else {
                throw AdapterError.invalidArgument("\(g.field("createdAt")): missing, and no game \(g.has("disputeProxy") ? "with that disputeProxy " : "")was seen created on L1; give the game's createdAt")
            }
            commitment = .game(.init(status: status, createdAt: createdAt, resolvedAt: g.has("resolvedAt") ? try g.uint64("resolvedAt") : nil,
                                     blacklisted: g.has("blacklisted") ? try g.bool("blacklisted") : false,
                                     respected: g.has("respected") ? try g.bool("respected") : true))
        } else if p.has("outputProposal") {
            commitment = .outputProposal(l1Timestamp: try p.object("outputProposal").uint64("l1Timestamp"))
        }
        let now = try p.uint64("now")
        var a = WithdrawalLifecycle.assess(provenAt: provenAt, commitment: commitment, finalized: finalized, now: now)
        if a.status == .initiated, let tracked, tracked.proofCount > 0 {
            // Proven on L1 at a time the source did not give.
            a = .init(status: .proven, finalizableAt: nil, waitingFor: ["the L1 time of the proof, which the L1 source did not give: pass provenAt"], mustReprove: false)
        }
        return .object([
            ("withdrawalHash", JSONOut.text(hash)), ("status", .string(a.status.rawValue)), ("tracked", .bool(tracked != nil)),
            ("provenAt", provenAt.map { .number($0) } ?? .null), ("proofCount", .number(tracked?.proofCount ?? (provenAt == nil ? 0 : 1))),
            ("finalizableAt", a.finalizableAt.map { .number($0) } ?? .null), ("mustReprove", .bool(a.mustReprove)),
            ("waitingFor", .array(a.waitingFor.map { .string($0) })),
        ])
    }

    // MARK: deposits

    private func decodeDeposit(_ p: MethodParams) throws(AdapterError) -> JSONValue {
        if p.has("raw") {
            let tx: DepositTransaction
            let raw = try p.bytes("raw")
            do { tx = try DepositTransaction(encoded: raw) } catch { throw AdapterError.decode(error.description) }
            var out = SettlementHandler.depositFields(tx)
            if tx.from == L1BlockInfo.depositor, tx.to == L1BlockInfo.l1BlockPredeploy, let info = try? L1BlockInfo(deposit: tx) {
                out += [("kind", .string("l1Info")), ("l1BlockInfo", Self.json(info))]
            } else if let (upgrade, index) = try? NetworkUpgrade.identify(tx) {
                out += [("kind", .string("upgrade")), ("upgrade", .string(upgrade.name)), ("intent", .string(upgrade.steps[index].intent))]
            } else {
                out.append(("kind", .string("user")))
            }
            return .object(out)
        }
        let topics: [Hash32]
        do { topics = try p.array("topics").enumerated().map { (i, v) throws(RPCShapeError) in try RPCValue.hash(v, field: "\(p.field("topics"))[\(i)]") } } catch {
            throw AdapterError.invalidArgument("\(error); give a TransactionDeposited log (topics, data, blockHash, logIndex) or `raw`, a 0x7e transaction")
        }
        let event: TransactionDeposited
        let data = try p.bytes("data")
        do { event = try TransactionDeposited(topics: topics, data: data) } catch { throw AdapterError.decode(error.description) }
        let tx = event.transaction(l1BlockHash: try p.hash("blockHash"), logIndex: try p.uint64("logIndex"))
        return .object(SettlementHandler.depositFields(tx) + [("kind", .string("user")), ("raw", JSONOut.data(tx.encoded()))])
    }

    /// Builds the L1-attributes deposit from the L1 origin's values, in the format given (or the
    /// one the chain's forks give the L2 block at `l2Timestamp`).
    private func l1InfoDeposit(_ p: MethodParams) throws(AdapterError) -> JSONValue {
        let format: L1BlockInfo.Format
        if p.has("format") {
            let text = try p.string("format")
            guard let f = L1BlockInfo.Format(rawValue: text) else {
                throw AdapterError.invalidArgument("\(p.field("format")): `\(text)` is none of \(L1BlockInfo.Format.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            format = f
        } else {
            let rollup = chain.rollup
            format = L1BlockInfo.Format.at(l2Timestamp: try p.uint64("l2Timestamp"), blockTime: rollup.blockTime, ecotone: rollup.forkTimes[.ecotone],
                                           isthmus: rollup.forkTimes[.isthmus], jovian: rollup.forkTimes[.jovian])
        }
        func u32(_ key: String) throws(AdapterError) -> UInt32 {
            guard p.has(key) else { return 0 }
            let n = try p.uint64(key)
            guard let v = UInt32(exactly: n) else { throw AdapterError.invalidArgument("\(p.field(key)): \(n) does not fit 32 bits") }
            return v
        }
        var info = L1BlockInfo(format: format, number: try p.uint64("number"), timestamp: try p.uint64("timestamp"), baseFee: try p.uint256("baseFee"),
                               blockHash: try p.hash("hash"), sequenceNumber: try p.uint64("sequenceNumber"), batcherHash: try p.hash("batcherHash"))
        if format == .bedrock {
            info.l1FeeOverhead = p.has("l1FeeOverhead") ? try p.uint256("l1FeeOverhead") : .zero
            info.l1FeeScalar = p.has("l1FeeScalar") ? try p.uint256("l1FeeScalar") : .zero
        } else {
            info.baseFeeScalar = try u32("baseFeeScalar")
            info.blobBaseFeeScalar = try u32("blobBaseFeeScalar")
            info.blobBaseFee = p.has("blobBaseFee") ? try p.uint256("blobBaseFee") : .zero
            info.operatorFeeScalar = try u32("operatorFeeScalar")
            info.operatorFeeConstant = p.has("operatorFeeConstant") ? try p.uint64("operatorFeeConstant") : 0
            let da = try u32("daFootprintGasScalar")
            guard let scalar = UInt16(exactly: da) else { throw AdapterError.invalidArgument("\(p.field("daFootprintGasScalar")): \(da) does not fit 16 bits") }
            info.daFootprintGasScalar = scalar
        }
        let tx = info.deposit(regolith: p.has("regolith") ? try p.bool("regolith") : true)
        return .object(SettlementHandler.depositFields(tx) + [("kind", .string("l1Info")), ("l1BlockInfo", Self.json(info)), ("raw", JSONOut.data(tx.encoded()))])
    }

    /// A fork's upgrade deposits, given the creation code of its deployments by intent.
    private func upgradeTransactions(_ p: MethodParams) throws(AdapterError) -> JSONValue {
        let name = try p.string("upgrade")
        guard let upgrade = NetworkUpgrade.all.first(where: { $0.name == name }) else {
            throw AdapterError.invalidArgument("\(p.field("upgrade")): `\(name)` is none of \(NetworkUpgrade.all.map(\.name).joined(separator: ", "))")
        }
        var code = [String: [UInt8]]()
        if p.has("creationCode") {
            let c = try p.object("creationCode")
            for step in upgrade.steps where step.action == .deploy && c.has(step.intent) { code[step.intent] = try c.bytes(step.intent) }
        }
        let txs: [DepositTransaction]
        do { txs = try upgrade.transactions(creationCode: code) } catch {
            throw AdapterError.invalidArgument("\(error.description); give it under \(p.field("creationCode")) keyed by intent")
        }
        return .object([("upgrade", .string(upgrade.name)), ("transactions", .array(zip(upgrade.steps, txs).map { step, tx in
            .object([("intent", .string(step.intent))] + SettlementHandler.depositFields(tx) + [("raw", JSONOut.data(tx.encoded()))])
        }))])
    }

    static func json(_ i: L1BlockInfo) -> JSONValue {
        var out: [(String, JSONValue)] = [
            ("format", .string(i.format.rawValue)), ("number", JSONOut.quantity(i.number)), ("timestamp", JSONOut.quantity(i.timestamp)),
            ("baseFee", JSONOut.quantity(i.baseFee)), ("hash", JSONOut.text(i.blockHash)), ("sequenceNumber", JSONOut.quantity(i.sequenceNumber)),
            ("batcherHash", JSONOut.text(i.batcherHash)),
        ]
        if i.format == .bedrock {
            out += [("l1FeeOverhead", JSONOut.quantity(i.l1FeeOverhead)), ("l1FeeScalar", JSONOut.quantity(i.l1FeeScalar))]
        } else {
            out += [("baseFeeScalar", .number(i.baseFeeScalar)), ("blobBaseFeeScalar", .number(i.blobBaseFeeScalar)), ("blobBaseFee", JSONOut.quantity(i.blobBaseFee))]
        }
        if i.format == .isthmus || i.format == .jovian {
            out += [("operatorFeeScalar", .number(i.operatorFeeScalar)), ("operatorFeeConstant", JSONOut.quantity(i.operatorFeeConstant))]
        }
        if i.format == .jovian { out.append(("daFootprintGasScalar", .number(i.daFootprintGasScalar))) }
        return .object(out)
    }

    // MARK: dispute games

    private func disputeGame(_ p: MethodParams) throws(AdapterError) -> JSONValue {
        var parameters = FaultDisputeGame.Parameters.mainnet
        if p.has("parameters") {
            let q = try p.object("parameters")
            parameters = .init(maxGameDepth: try q.int("maxGameDepth"), splitDepth: try q.int("splitDepth"), maxClockDuration: try q.uint64("maxClockDuration"),
                               clockExtension: try q.uint64("clockExtension"),
                               preimageChallengePeriod: q.has("preimageChallengePeriod") ? try q.uint64("preimageChallengePeriod") : 0)
        }
        let known = p.has("disputeProxy") ? try store.game(chain: chain.name, proxy: try p.address("disputeProxy")) : nil
        guard let rootClaim = p.has("rootClaim") ? try p.hash("rootClaim") : known?.rootClaim else {
            throw AdapterError.invalidArgument("\(p.field("rootClaim")): missing, and no game with that disputeProxy was seen created on L1")
        }
        guard let createdAt = p.has("createdAt") ? try p.uint64("createdAt") : known?.createdAt else {
            throw AdapterError.invalidArgument("\(p.field("createdAt")): missing, and no game with that disputeProxy was seen created on L1")
        }
        func block(_ key: String) throws(AdapterError) -> UInt64? {
            guard p.has(key) else { return nil }
            guard let n = try p.uint256(key).uint64 else { throw AdapterError.invalidArgument("\(p.field(key)): over 64 bits") }
            return n
        }
        let creator = p.has("creator") ? try p.address("creator") : .zero
        let l2Block = try block("l2BlockNumber"), startingBlock = try block("startingBlockNumber")
        var game: FaultDisputeGame
        do {
            game = try FaultDisputeGame(parameters: parameters, rootClaim: rootClaim, creator: creator, createdAt: createdAt,
                                        l2BlockNumber: l2Block, startingBlockNumber: startingBlock)
        } catch { throw AdapterError.invalidArgument(error.description) }
        for (i, v) in (p.has("moves") ? try p.array("moves") : []).enumerated() {
            let m = try MethodParams(v, path: "\(p.field("moves"))[\(i)]")
            let move = try Self.move(m)
            guard let parent = move.parentIndex.uint64, parent < UInt64(game.claims.count) else {
                throw AdapterError.verifyFailed("\(m.path): parentIndex \(move.parentIndex) names no claim; the game has \(game.claims.count) before this move")
            }
            do {
                try game.move(parentIndex: Int(parent), claim: move.claim, claimant: move.claimant, isAttack: move.isAttack,
                              at: try m.uint64("timestamp"), disputed: move.disputed)
            } catch { throw AdapterError.verifyFailed("\(m.path): \(error)") }
        }
        for (i, v) in (p.has("steps") ? try p.array("steps") : []).enumerated() {
            let s = try MethodParams(v, path: "\(p.field("steps"))[\(i)]")
            guard let index = try s.uint256("claimIndex").uint64, index < UInt64(game.claims.count) else {
                throw AdapterError.verifyFailed("\(s.field("claimIndex")): names no claim; the game has \(game.claims.count)")
            }
            do { try game.step(claimIndex: Int(index), by: try s.address("claimant"), at: try s.uint64("timestamp")) } catch {
                throw AdapterError.verifyFailed("\(s.path): \(error)")
            }
        }
        if p.has("rootL2BlockChallenger") {
            let challenger = try p.address("rootL2BlockChallenger")
            do { try game.challengeRootL2Block(by: challenger) } catch { throw AdapterError.verifyFailed(error.description) }
        }
        var ours = [UInt64: Hash32]()
        for (i, v) in (p.has("outputRoots") ? try p.array("outputRoots") : []).enumerated() {
            let o = try MethodParams(v, path: "\(p.field("outputRoots"))[\(i)]")
            guard let n = try o.uint256("l2BlockNumber").uint64 else { throw AdapterError.invalidArgument("\(o.field("l2BlockNumber")): over 64 bits") }
            ours[n] = try o.hash("outputRoot")
        }
        return Self.json(game, resolution: game.resolve(at: try p.uint64("now")), ours: ours)
    }

    /// A move given as its fields, or as the Move log and the calldata of the call that emitted it.
    static func move(_ m: MethodParams) throws(AdapterError) -> (parentIndex: UInt256, claim: Hash32, claimant: Address, isAttack: Bool, disputed: Hash32?) {
        guard m.has("topics") else {
            return (try m.uint256("parentIndex"), try m.hash("claim"), try m.address("claimant"), try m.bool("isAttack"), m.has("disputed") ? try m.hash("disputed") : nil)
        }
        var topics = [Hash32]()
        for (i, t) in try m.array("topics").enumerated() {
            do { topics.append(try RPCValue.hash(t, field: "\(m.field("topics"))[\(i)]")) } catch { throw AdapterError.invalidArgument(error.description) }
        }
        let event: GameMove, call: GameMove.Call
        do {
            event = try GameMove(topics: topics, data: m.has("data") ? try m.bytes("data") : [])
            call = try GameMove.call(try m.bytes("input"))
        } catch { throw AdapterError.decode("\(m.path): \(error)") }
        guard call.parentIndex == event.parentIndex, call.claim == event.claim else {
            throw AdapterError.invalidArgument("\(m.path): the call (parent \(call.parentIndex), claim \(call.claim)) is not the one that emitted the log (parent \(event.parentIndex), claim \(event.claim))")
        }
        return (event.parentIndex, event.claim, event.claimant, call.isAttack, call.disputed)
    }

    /// For an output claim the L2 block offset it commits to; for an execution claim the VM
    /// step, counted within its execution subgame.
    static func traceIndex(_ p: Position, _ parameters: FaultDisputeGame.Parameters) -> UInt128 {
        guard p.depth > parameters.splitDepth, let relative = p.relativeToAncestor(atDepth: parameters.splitDepth + 1) else {
            return p.traceIndex(maxDepth: parameters.splitDepth)
        }
        return relative.traceIndex(maxDepth: parameters.maxGameDepth - parameters.splitDepth - 1)
    }

    static func json(_ game: FaultDisputeGame, resolution r: FaultDisputeGame.Resolution, ours: [UInt64: Hash32]) -> JSONValue {
        let split = game.parameters.splitDepth
        let disagreements = game.disagreements(with: ours)
        let disputed = Set(disagreements.map(\.claimIndex))
        var claims = [JSONValue]()
        for (i, c) in game.claims.enumerated() {
            let o = r.claims[i]
            var m: [(String, JSONValue)] = [
                ("index", .number(i)), ("parentIndex", c.parentIndex.map { .number($0) } ?? .null),
                ("position", .string(c.position.description)), ("depth", .number(c.position.depth)),
                ("indexAtDepth", .string("0x" + String(c.position.indexAtDepth, radix: 16))),
                ("traceIndex", .string("0x" + String(Self.traceIndex(c.position, game.parameters), radix: 16))),
                ("kind", .string(c.position.depth <= split ? "output" : "execution")),
                ("claim", JSONOut.text(c.claim)), ("claimant", JSONOut.text(c.claimant)),
                ("isAttack", c.isAttack.map { .bool($0) } ?? .null),
                ("clock", .object([("duration", .number(c.clockDuration)), ("timestamp", .number(c.clockTimestamp))])),
                ("expiresAt", .number(o.expiresAt)), ("resolvable", .bool(o.resolvable)),
                ("counteredBy", o.counteredBy.map(JSONOut.text) ?? .null), ("bondRecipient", JSONOut.text(o.bondRecipient)),
            ]
            if let block = game.l2Block(of: i) { m.append(("l2BlockNumber", JSONOut.quantity(block))) }
            if c.position.depth <= split, let block = game.l2Block(of: i), let root = ours[block] {
                m.append(("agreesWithOurOutputRoot", .bool(!disputed.contains(i) && root == c.claim)))
            }
            claims.append(.object(m))
        }
        var flags = [JSONValue]()
        for d in disagreements {
            flags.append(.string("claim \(d.claimIndex)\(d.claimIndex == 0 ? " (the root claim)" : "") says \(d.claimed) for L2 block \(d.l2BlockNumber); our output root is \(d.computed)"))
        }
        let rootAgrees: JSONValue = game.l2Block(of: 0).flatMap { ours[$0] }.map { .bool($0 == game.rootClaim) } ?? .null
        if rootAgrees == .bool(false), r.status == .defenderWins {
            flags.append(.string("the root claim disagrees with our output root yet the game resolves for the defender"))
        }
        return .object([
            ("status", .string(r.status.name)), ("resolvableAt", .number(r.resolvableAt)), ("rootClaim", JSONOut.text(game.rootClaim)),
            ("rootClaimAgrees", rootAgrees), ("l2BlockNumber", game.l2BlockNumber.map { JSONOut.quantity($0) } ?? .null),
            ("startingBlockNumber", game.startingBlockNumber.map { JSONOut.quantity($0) } ?? .null),
            ("claimCount", .number(game.claims.count)), ("claims", .array(claims)), ("flags", .array(flags)),
        ])
    }
}

import OptimismSettlement
import RollportAdapterKit
import RollportToolkit

/// The L1 logs of a chain's settlement contracts that the adapter claims: deposits and
/// withdrawal events of the OptimismPortal, proposals of the L2OutputOracle, games of the
/// DisputeGameFactory.
enum SettlementEvent {
    case deposit
    case withdrawal
    case outputProposed
    case gameCreated

    init?(_ log: Log, chain: ChainSettings) {
        guard let topic0 = log.topics.first else { return nil }
        let address = log.address
        if address == chain.portal {
            if topic0 == TransactionDeposited.topic { self = .deposit; return }
            if topic0 == PortalEvent.proven.topic0 || topic0 == PortalEvent.finalized.topic0 { self = .withdrawal; return }
        }
        if address == chain.l2OutputOracle, topic0 == OutputProposal.outputProposed.topic0 { self = .outputProposed; return }
        if address == chain.disputeGameFactory, topic0 == OutputProposal.disputeGameCreated.topic0 { self = .gameCreated; return }
        return nil
    }
}

/// Turns one claimed settlement log into its records, keeping withdrawal and game state in the store.
struct SettlementHandler {
    let chain: ChainSettings
    let store: AdapterStore
    let item: Item
    let log: Log
    let output: Output

    /// Where the log sits on L1, shared by every record.
    private var envelope: [(String, JSONValue)] {
        var members: [(String, JSONValue)] = [("chain", .string(chain.name)), ("l1BlockNumber", item.block.number.map { .number($0) } ?? .null)]
        if let hash = item.block.hash { members.append(("l1BlockHash", JSONOut.text(hash))) }
        if let tx = log.transactionHash { members.append(("transactionHash", JSONOut.text(tx))) }
        if let index = log.logIndex { members.append(("logIndex", .number(index))) }
        return members
    }

    func handle(_ event: SettlementEvent) throws(AdapterError) {
        switch event {
        case .deposit: try deposit()
        case .withdrawal: try withdrawal()
        case .outputProposed, .gameCreated: try proposal()
        }
    }

    private func deposit() throws(AdapterError) {
        let event: TransactionDeposited
        do { event = try TransactionDeposited(topics: log.topics, data: log.data) } catch { throw AdapterError.decode(error.description) }
        guard let blockHash = item.block.hash, let logIndex = log.logIndex else {
            throw AdapterError.invalidArgument("a deposit's source hash needs its L1 block hash and its log index in the block; the log has \(item.block.hash == nil ? "no block hash" : "no log index")")
        }
        let tx = event.transaction(l1BlockHash: blockHash, logIndex: UInt64(logIndex))
        try output.emit(.deposit, json: JSONValue.object(envelope + Self.depositFields(tx)).compact)
    }

    /// A deposit's fields with the contracts' names; `from` is the L2 sender (aliased by the
    /// portal when an L1 contract called).
    static func depositFields(_ tx: DepositTransaction) -> [(String, JSONValue)] {
        var fields: [(String, JSONValue)] = [
            ("direction", .string("l1ToL2")), ("status", .string("initiated")),
            ("sourceHash", JSONOut.text(tx.sourceHash)), ("l2TxHash", JSONOut.text(tx.hash)),
            ("from", JSONOut.text(tx.from)), ("to", tx.to.map(JSONOut.text) ?? .null),
            ("mint", JSONOut.quantity(tx.mint)), ("value", JSONOut.quantity(tx.value)), ("gasLimit", JSONOut.quantity(tx.gasLimit)),
            ("isCreation", .bool(tx.isCreation)), ("data", JSONOut.data(tx.data)),
        ]
        if tx.isSystemTransaction { fields.append(("isSystemTx", .bool(true))) }
        return fields
    }

    private func withdrawal() throws(AdapterError) {
        let event: PortalEvent
        do { event = try PortalEvent(topics: log.topics, data: Array(log.data)) } catch { throw AdapterError.decode(error.description) }
        let hash = event.withdrawalHash
        var tracked = try store.withdrawal(chain: chain.name, hash: hash) ?? .init(provenAt: nil, proofCount: 0, finalized: nil)
        var members = envelope + [("direction", JSONValue.string("l2ToL1")), ("withdrawalHash", JSONOut.text(hash))]
        // The proof's time is its L1 block's; a source that gives no timestamp leaves it unknown
        // unless the block was seen before.
        let now: UInt64? = item.block.timestamp > 0 ? item.block.timestamp : item.block.number.flatMap { store.l1Block($0)?.timestamp }
        switch event {
        case .proven(_, let from, let to):
            let previous = tracked.provenAt
            let reproven = tracked.proofCount > 0
            tracked.provenAt = now
            tracked.proofCount = tracked.proofCount == .max ? .max : tracked.proofCount + 1
            members += [("event", .string("WithdrawalProven")), ("status", .string(tracked.finalized == nil ? "proven" : (tracked.finalized == true ? "relayed" : "failed"))),
                        ("from", JSONOut.text(from)), ("to", JSONOut.text(to)), ("provenAt", now.map { .number($0) } ?? .null),
                        ("proofMaturesAt", now.map { .number(WithdrawalLifecycle.Delays().proofMaturesAt(provenAt: $0)) } ?? .null),
                        ("proofCount", .number(tracked.proofCount)), ("reproven", .bool(reproven))]
            if let previous { members.append(("previousProvenAt", .number(previous))) }
        case .finalized(_, let success):
            tracked.finalized = success
            members += [("event", .string("WithdrawalFinalized")), ("status", .string(success ? "relayed" : "failed")), ("success", .bool(success))]
            if let provenAt = tracked.provenAt { members += [("provenAt", .number(provenAt)), ("proofCount", .number(tracked.proofCount))] }
        case .provenBy:
            throw AdapterError.invalidArgument("WithdrawalProvenExtension1 is not routed to the adapter")
        }
        try store.record(tracked, chain: chain.name, hash: hash)
        try output.emit(.withdrawal, json: JSONValue.object(members).compact)
    }

    private func proposal() throws(AdapterError) {
        let proposal: OutputProposal
        do { proposal = try OutputProposal(topics: log.topics, data: Array(log.data)) } catch { throw AdapterError.decode(error.description) }
        switch proposal {
        case .oracle(let root, let index, let block, let time):
            try output.emit(.stateCommitment, json: JSONValue.object(envelope + [
                ("type", .string("outputProposal")), ("source", .string("L2OutputOracle")), ("status", .string("committed")),
                ("outputRoot", JSONOut.text(root)), ("l2OutputIndex", JSONOut.quantity(index)), ("l2BlockNumber", JSONOut.quantity(block)),
                ("l1Timestamp", JSONOut.quantity(time)),
            ]).compact)
        case .game(let proxy, let type, let root):
            let createdAt = item.block.timestamp
            try store.record(.init(createdAt: createdAt, gameType: type, rootClaim: root, l1Block: item.block.number ?? 0), chain: chain.name, proxy: proxy)
            let game: [(String, JSONValue)] = [
                ("disputeProxy", JSONOut.text(proxy)), ("gameType", .number(type)), ("gameTypeName", .string(GameType.name(type))),
                ("rootClaim", JSONOut.text(root)), ("createdAt", .number(createdAt)),
            ]
            try output.emit(.stateCommitment, json: JSONValue.object(envelope + [
                ("type", .string("disputeGame")), ("source", .string("DisputeGameFactory")), ("status", .string("committed")),
                ("outputRoot", JSONOut.text(root)),
            ] + game).compact)
            // The game itself, which runs from here: unchallenged, the root claim stands once
            // its clock has run out.
            try output.emit(.dispute, json: JSONValue.object(envelope + [("type", .string("faultDisputeGame"))] + game + [
                ("status", .string(GameStatus.inProgress.name)),
            ]).compact)
        }
    }
}

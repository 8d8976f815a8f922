import RollportHost
import RollportToolkit

public struct DevnetError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Turns L2 blocks into batcher calldata: the adapters' `rollport.batch-encode/1`.
public protocol BatchPayloadEncoder: Sendable {
    /// One calldata payload per L1 transaction.
    func encode(chain: String, request: JSONValue) throws(DevnetError) -> [[UInt8]]
}

/// The encoder of a loaded adapter, reached through the C ABI like every other adapter call.
public struct AdapterBatchEncoder: BatchPayloadEncoder {
    public let adapter: AdapterInstance

    public init(adapter: AdapterInstance) { self.adapter = adapter }

    public func encode(chain: String, request: JSONValue) throws(DevnetError) -> [[UInt8]] {
        let result = adapter.encodeBatch(chain: chain, request: request.compact)
        guard result.status == .ok else {
            throw DevnetError("\(adapter.id) rollport.batch-encode/1 for \(chain): \(result.status): \(result.message)")
        }
        var payloads = [[UInt8]]()
        for (i, record) in result.records.enumerated() {
            guard let text = record.details["data"]?.stringValue, let data = try? Hex.decode(text), !data.isEmpty else {
                throw DevnetError("\(adapter.id) rollport.batch-encode/1 record \(i) carries no calldata (the devnet posts calldata, not blobs)")
            }
            payloads.append(data)
        }
        return payloads
    }
}

/// What the devnet produces per block; the defaults are those of `rollport devnet`.
public struct DevnetConfiguration: Sendable, Equatable {
    public var seed: UInt64
    /// L2 transactions in the batch of each L1 block, spread over its six L2 blocks.
    public var l2TransactionsPerBlock: Int
    /// Each L1 block carries 0…this many deposits.
    public var maxDepositsPerBlock: Int
    /// A withdrawal is proven every this many L1 blocks (0: never) and finalized
    /// `finalizationDelay` blocks later.
    public var withdrawalInterval: Int
    public var finalizationDelay: Int

    public init(seed: UInt64 = DevnetSpec.defaultSeed, l2TransactionsPerBlock: Int = 100, maxDepositsPerBlock: Int = 2,
                withdrawalInterval: Int = 4, finalizationDelay: Int = 2) {
        self.seed = seed; self.l2TransactionsPerBlock = max(0, l2TransactionsPerBlock)
        self.maxDepositsPerBlock = max(0, maxDepositsPerBlock); self.withdrawalInterval = max(0, withdrawalInterval)
        self.finalizationDelay = max(1, finalizationDelay)
    }
}

/// The rollup traffic of one chain so far, as a follower must count it.
public struct ChainTraffic: Sendable, Equatable {
    /// Span batches posted (one channel, one batch each).
    public var batches = 0
    /// L1 transactions to the batch inbox.
    public var batcherTransactions = 0
    public var l2Blocks = 0
    /// L2 transactions inside the batches.
    public var transactions = 0
    /// `TransactionDeposited` logs.
    public var deposits = 0
    public var withdrawalsProven = 0
    public var withdrawalsFinalized = 0

    public init() {}

    /// Withdrawal events: `WithdrawalProven` and `WithdrawalFinalized` logs.
    public var withdrawals: Int { withdrawalsProven + withdrawalsFinalized }

    public var json: JSONValue {
        .object([("batches", .number(batches)), ("batcherTransactions", .number(batcherTransactions)),
                 ("l2Blocks", .number(l2Blocks)), ("transactions", .number(transactions)), ("deposits", .number(deposits)),
                 ("withdrawals", .number(withdrawals)), ("withdrawalsProven", .number(withdrawalsProven)),
                 ("withdrawalsFinalized", .number(withdrawalsFinalized))])
    }
}

/// What the devnet has produced up to its head.
public struct DevnetSummary: Sendable, Equatable {
    public var chainID: UInt64
    public var seed: UInt64
    public var head: L1Header
    public var chains: [String: ChainTraffic]

    public var json: JSONValue {
        .object([
            ("label", .string(DevnetSpec.label)), ("chainId", .number(chainID)), ("seed", .number(seed)),
            ("head", .object([("number", .number(head.number)), ("hash", .string(head.hash.description))])),
            ("chains", .object(chains.keys.sorted().map { ($0, chains[$0]?.json ?? .null) })),
        ])
    }
}

/// The devnet's blocks, one after another from genesis: real headers (RLP, keccak, parent
/// links, transaction and receipt tries, blooms), L1 transactions signed with keys derived from
/// the seed, and in each block the traffic of the OP chain: the batch of the six L2 blocks of
/// the previous L1 block (span batch through the adapter's encoder), deposits through the
/// portal, and now and then a withdrawal proven and later finalized. The devnet keeps no
/// account state: `stateRoot` chains the previous one with the transactions root.
public struct DevnetProducer: Sendable {
    public let configuration: DevnetConfiguration
    private let encoder: any BatchPayloadEncoder
    private var rng: SplitMix64
    private let l1Users: [Secp256k1.PrivateKey]
    private let l1UserAddresses: [Address]
    private let l2Users: [Secp256k1.PrivateKey]
    private let l2UserAddresses: [Address]
    private let batcherAddress: Address
    private var l1Nonces: [Address: UInt64] = [:]
    private var l2Nonces: [UInt64]
    private var parent: BlockHeader = DevnetSpec.genesis
    private var l2Head = (number: UInt64(0), hash: DevnetSpec.OP.genesisL2Hash)
    private var withdrawalCount: UInt64 = 0
    private var pendingFinalizations: [(block: UInt64, withdrawal: Withdrawal)] = []
    public private(set) var traffic = ChainTraffic()

    public init(configuration: DevnetConfiguration, encoder: any BatchPayloadEncoder) {
        self.configuration = configuration
        self.encoder = encoder
        rng = SplitMix64(seed: configuration.seed ^ 0x726f_6c6c_706f_7274)
        let seedBytes = (0..<8).map { UInt8(truncatingIfNeeded: configuration.seed >> (8 * $0)) }
        l1Users = (0..<8).map { DevnetSpec.key(seedBytes + Array("l1-user".utf8) + [UInt8($0)]) }
        l2Users = (0..<32).map { DevnetSpec.key(seedBytes + Array("l2-user".utf8) + [UInt8($0)]) }
        l1UserAddresses = l1Users.map(\.address)
        l2UserAddresses = l2Users.map(\.address)
        l2Nonces = Array(repeating: 0, count: l2Users.count)
        batcherAddress = DevnetSpec.OP.batcherKey.address
    }

    /// Makes the blocks from here on differ from those an unbranched producer would make (a fork
    /// of the chain), deterministically for `salt`.
    public mutating func branch(_ salt: UInt64) {
        var mixer = SplitMix64(seed: salt ^ 0x666f_726b)
        rng = SplitMix64(seed: rng.next() ^ mixer.next())
    }

    public static var genesisBlock: L1Block { L1Block(header: L1Header(fields: DevnetSpec.genesis), transactions: []) }

    public var head: L1Header { L1Header(fields: parent) }

    public var summary: DevnetSummary {
        DevnetSummary(chainID: DevnetSpec.l1ChainID, seed: configuration.seed, head: head, chains: [DevnetSpec.OP.chain: traffic])
    }

    /// The next block, with every receipt and log.
    public mutating func next() throws(DevnetError) -> L1Block {
        let number = parent.number + 1
        var block = BlockAssembly()

        // The batch: the L2 blocks whose L1 origin is the parent block.
        let (request, l2Blocks, l2Transactions) = try l2Batch()
        let payloads = try encoder.encode(chain: DevnetSpec.OP.chain, request: request)
        for payload in payloads {
            block.add(try sign(DevnetSpec.OP.batcherKey, from: batcherAddress, to: DevnetSpec.OP.batchInbox, input: payload, execution: 0))
        }

        // Deposits through the portal.
        let deposits = configuration.maxDepositsPerBlock == 0 ? 0 : Int(rng.next() % UInt64(configuration.maxDepositsPerBlock + 1))
        for _ in 0..<deposits {
            let user = Int(rng.next() % UInt64(l1Users.count))
            let deposit = Deposit(to: randomAddress(), mint: UInt256(rng.next() % 1_000_000_000_000_000_000),
                                  gasLimit: 100_000, data: rng.bytes(Int(rng.next() % 40)))
            let tx = try sign(l1Users[user], from: l1UserAddresses[user], to: DevnetSpec.OP.optimismPortal,
                              value: deposit.mint, input: try deposit.calldata(), execution: 60_000)
            block.add(tx, logs: [try deposit.log(from: l1UserAddresses[user])])
        }

        // Withdrawals: proven now and then, finalized a few blocks later.
        if configuration.withdrawalInterval > 0, number % UInt64(configuration.withdrawalInterval) == 0 {
            withdrawalCount += 1
            let withdrawal = Withdrawal(nonce: UInt256(limbs: (withdrawalCount, 0, 0, 1 << 48)),
                                        sender: l2UserAddresses[Int(rng.next() % UInt64(l2Users.count))], target: randomAddress(),
                                        value: UInt256(rng.next() % 1_000_000_000_000_000_000), gasLimit: 100_000,
                                        data: rng.bytes(Int(rng.next() % 40)))
            let user = Int(rng.next() % UInt64(l1Users.count))
            let tx = try sign(l1Users[user], from: l1UserAddresses[user], to: DevnetSpec.OP.optimismPortal,
                              input: try withdrawal.proveCalldata(&rng), execution: 250_000)
            block.add(tx, logs: [try withdrawal.provenLog()])
            pendingFinalizations.append((number + UInt64(configuration.finalizationDelay), withdrawal))
        }
        let due = pendingFinalizations.filter { $0.block == number }
        pendingFinalizations.removeAll { $0.block == number }
        for (_, withdrawal) in due {
            let user = Int(rng.next() % UInt64(l1Users.count))
            let tx = try sign(l1Users[user], from: l1UserAddresses[user], to: DevnetSpec.OP.optimismPortal,
                              input: try withdrawal.finalizeCalldata(), execution: 100_000)
            block.add(tx, logs: [try withdrawal.finalizedLog()])
        }

        // Plain transfers between L1 users: traffic no rollup claims.
        for _ in 0..<(1 + Int(rng.next() % 2)) {
            let a = Int(rng.next() % UInt64(l1Users.count)), b = Int(rng.next() % UInt64(l1Users.count))
            block.add(try sign(l1Users[a], from: l1UserAddresses[a], to: l1UserAddresses[b],
                               value: UInt256(rng.next() % 10_000_000_000_000_000), input: [], execution: 0))
        }

        let fields = block.header(number: number, parent: parent)
        let header = L1Header(fields: fields)
        let l1Block = block.finish(header: header)

        parent = fields
        traffic.batches += 1
        traffic.batcherTransactions += payloads.count
        traffic.l2Blocks += l2Blocks
        traffic.transactions += l2Transactions
        traffic.deposits += deposits
        traffic.withdrawalsProven += configuration.withdrawalInterval > 0 && number % UInt64(configuration.withdrawalInterval) == 0 ? 1 : 0
        traffic.withdrawalsFinalized += due.count
        return l1Block
    }

    // MARK: L2

    /// The batch-encode request for the next six L2 blocks (one L1 block time), whose L1
    /// origin is the current head.
    private mutating func l2Batch() throws(DevnetError) -> (JSONValue, Int, Int) {
        let count = Int(DevnetSpec.l1BlockTime / DevnetSpec.OP.l2BlockTime)
        let total = configuration.l2TransactionsPerBlock
        var blocks = [JSONValue]()
        var parentHash = l2Head.hash
        for k in 0..<count {
            let number = l2Head.number + 1
            let timestamp = DevnetSpec.genesisTime + number * DevnetSpec.OP.l2BlockTime
            let txCount = total / count + (k < total % count ? 1 : 0)
            var encodings = [[UInt8]]()
            for _ in 0..<txCount { encodings.append(try l2Transaction()) }
            let txHashes = encodings.flatMap { Keccak256.hash($0).bytes }
            let hash = Keccak256.hash(RLP.list([.bytes(parentHash.bytes), RLP(number), RLP(timestamp), .bytes(Keccak256.hash(txHashes).bytes)]).encoded())
            blocks.append(.object([
                ("number", .number(number)), ("timestamp", .number(timestamp)),
                ("l1OriginNumber", .number(parent.number)), ("l1OriginHash", .string(parent.hash.description)),
                ("parentHash", .string(parentHash.description)),
                ("transactions", .array(encodings.map { .string(Hex.encode($0)) })),
                // L2 block 1 is still in the genesis epoch (L1 block 0); later batches start a new one.
                ("startsEpoch", .bool(k == 0 && parent.number > 0)),
            ]))
            l2Head = (number, hash)
            parentHash = hash
        }
        let request: JSONValue = .object([("blocks", .array(blocks)), ("options", .object([("batchType", .string("span")), ("da", .string("calldata"))]))])
        return (request, count, total)
    }

    private mutating func l2Transaction() throws(DevnetError) -> [UInt8] {
        let user = Int(rng.next() % UInt64(l2Users.count))
        let input = rng.next() % 4 == 0 ? rng.bytes(4 + Int(rng.next() % 64)) : []
        let tx = SignedTransaction(type: 2, chainID: DevnetSpec.OP.chainID, nonce: l2Nonces[user],
                                   maxPriorityFeePerGas: UInt256(1_000_000), maxFeePerGas: UInt256(1_000_000_000),
                                   gasLimit: input.isEmpty ? 21_000 : 60_000, to: randomAddress(),
                                   value: UInt256(rng.next() % 1_000_000_000_000_000), input: input)
        l2Nonces[user] += 1
        do { return try tx.signed(with: l2Users[user]).canonicalEncoding } catch {
            throw DevnetError("signing an L2 transaction: \(error)")
        }
    }

    // MARK: L1

    private mutating func randomAddress() -> Address {
        Address(bytes: rng.bytes(20)) ?? .zero
    }

    /// A signed type-2 L1 transaction with the gas it uses: intrinsic (EIP-2028, with the
    /// EIP-7623 calldata floor) plus `execution` for a contract call.
    private mutating func sign(_ key: Secp256k1.PrivateKey, from: Address, to: Address, value: UInt256 = .zero,
                               input: [UInt8], execution: UInt64) throws(DevnetError) -> (SignedTransaction, Address, UInt64) {
        let zeros = UInt64(input.lazy.filter { $0 == 0 }.count)
        let nonZeros = UInt64(input.count) - zeros
        let standard = 21_000 + 4 * zeros + 16 * nonZeros + execution
        let floor = 21_000 + 10 * (zeros + 4 * nonZeros)
        let gasUsed = max(standard, floor)
        let nonce = l1Nonces[from, default: 0]
        l1Nonces[from] = nonce + 1
        let tx = SignedTransaction(type: 2, chainID: DevnetSpec.l1ChainID, nonce: nonce,
                                   maxPriorityFeePerGas: UInt256(1_000_000_000), maxFeePerGas: UInt256(3_000_000_000),
                                   gasLimit: execution == 0 ? gasUsed : gasUsed + gasUsed / 4, to: to, value: value, input: input)
        do { return (try tx.signed(with: key), from, gasUsed) } catch {
            throw DevnetError("signing an L1 transaction: \(error)")
        }
    }
}

/// The transactions, receipts and logs of a block being built.
private struct BlockAssembly {
    var transactions = [(SignedTransaction, Address)]()
    var receipts = [L1Receipt]()
    var cumulativeGas: UInt64 = 0
    var logCount: UInt32 = 0

    mutating func add(_ signed: (SignedTransaction, Address, UInt64), logs: [L1Log] = []) {
        let (tx, from, gasUsed) = signed
        let hash = tx.hash
        var numbered = logs
        for i in numbered.indices {
            numbered[i].transactionHash = hash
            numbered[i].logIndex = logCount
            logCount += 1
        }
        cumulativeGas += gasUsed
        transactions.append((tx, from))
        receipts.append(L1Receipt(status: 1, logs: numbered, gasUsed: gasUsed, cumulativeGasUsed: cumulativeGas))
    }

    func header(number: UInt64, parent: BlockHeader) -> BlockHeader {
        let encodings = transactions.map { $0.0.canonicalEncoding }
        let transactionsRoot = MerklePatriciaTrie(ordered: encodings).root
        var bloom = LogsBloom()
        let receiptEncodings = zip(transactions, receipts).map { pair -> [UInt8] in
            let (tx, receipt) = (pair.0.0, pair.1)
            let receiptBloom = LogsBloom(receipt.logs)
            bloom.formUnion(receiptBloom)
            let logs = RLP.list(receipt.logs.map { log in
                RLP.list([.bytes(log.address.bytes), .list(log.topics.map { .bytes($0.bytes) }), .bytes(log.data)])
            })
            let body = RLP.list([RLP(UInt64(receipt.status)), RLP(receipt.cumulativeGasUsed ?? 0), .bytes(receiptBloom.bytes), logs]).encoded()
            return tx.type == 0 ? body : [tx.type] + body
        }
        let parentHash = parent.hash
        return BlockHeader(
            parentHash: parentHash, stateRoot: Keccak256.hash(parent.stateRoot.bytes + transactionsRoot.bytes),
            transactionsRoot: transactionsRoot, receiptsRoot: MerklePatriciaTrie(ordered: receiptEncodings).root,
            logsBloom: bloom.bytes, number: number, gasLimit: DevnetSpec.gasLimit, gasUsed: cumulativeGas,
            timestamp: DevnetSpec.genesisTime + number * DevnetSpec.l1BlockTime, extraData: DevnetSpec.extraData,
            mixHash: Keccak256.hash(parent.mixHash.bytes + parentHash.bytes), baseFeePerGas: DevnetSpec.baseFee,
            withdrawalsRoot: DevnetSpec.emptyTrieRoot, blobGasUsed: 0, excessBlobGas: 0,
            parentBeaconBlockRoot: Keccak256.hash(Array("beacon root".utf8) + parentHash.bytes),
            requestsHash: DevnetSpec.emptyRequestsHash)
    }

    func finish(header: L1Header) -> L1Block {
        var block = L1Block(header: header, transactions: [])
        for (i, ((tx, from), receipt)) in zip(transactions, receipts).enumerated() {
            let hash = tx.hash
            block.transactions.append(L1Transaction(
                type: tx.type, hash: hash, from: from, to: tx.to, nonce: tx.nonce, chainID: tx.chainID,
                value: tx.value.bigEndianBytes, input: tx.input, raw: tx.canonicalEncoding, index: UInt32(i)))
            block.receipts[hash] = receipt
            block.logs += receipt.logs
        }
        return block
    }
}

import RollportToolkit

/// A singular batch (batch version 0): one L2 block,
/// `rlp([parent_hash, epoch_number, epoch_hash, timestamp, [tx, …]])`.
public struct SingularBatch: Sendable, Equatable {
    public var parentHash: Hash32
    /// The L1 origin's number and hash.
    public var epochNumber: UInt64
    public var epochHash: Hash32
    public var timestamp: UInt64
    /// EIP-2718 encodings.
    public var transactions: [[UInt8]]

    public init(parentHash: Hash32, epochNumber: UInt64, epochHash: Hash32, timestamp: UInt64, transactions: [[UInt8]]) {
        self.parentHash = parentHash; self.epochNumber = epochNumber; self.epochHash = epochHash
        self.timestamp = timestamp; self.transactions = transactions
    }

    /// Decodes the content after the version byte. Bytes after the RLP list are ignored, as
    /// op-node ignores them.
    public static func decode(_ content: [UInt8]) throws(BatchError) -> SingularBatch {
        let end: Int
        switch content.withUnsafeBufferPointer({ RLPHeader.read($0, at: 0, end: $0.count) }) {
        case .success(let header) where header.isList: end = header.end
        case .success: throw BatchError(offset: 1, message: "singular batch: expected an RLP list, found a string")
        case .failure(let problem): throw BatchError(offset: 1, message: "singular batch: \(problem)")
        }
        let item: RLP
        do { item = try RLP.decode(content[..<end]) } catch {
            throw BatchError(offset: 1 + error.offset, message: "singular batch: \(error)")
        }
        func field<T>(_ index: Int, _ name: String, _ read: (RLP) throws(RLP.ValueError) -> T) throws(BatchError) -> T {
            guard case .list(let fields) = item, fields.count == 5 else {
                throw BatchError(offset: 1, message: "singular batch: expected 5 fields [parent_hash, epoch_number, epoch_hash, timestamp, transactions]")
            }
            do { return try read(fields[index]) } catch {
                throw BatchError(offset: 1, message: "singular batch: field `\(name)` \(error)")
            }
        }
        let parent = try field(0, "parent_hash") { (r: RLP) throws(RLP.ValueError) in try r.hash32Value() }
        let epoch = try field(1, "epoch_number") { (r: RLP) throws(RLP.ValueError) in try r.uint64Value() }
        let epochHash = try field(2, "epoch_hash") { (r: RLP) throws(RLP.ValueError) in try r.hash32Value() }
        let timestamp = try field(3, "timestamp") { (r: RLP) throws(RLP.ValueError) in try r.uint64Value() }
        let txItems = try field(4, "transactions") { (r: RLP) throws(RLP.ValueError) in try r.listValue() }
        var txs = [[UInt8]]()
        txs.reserveCapacity(txItems.count)
        for (i, tx) in txItems.enumerated() {
            guard case .bytes(let bytes) = tx else {
                throw BatchError(offset: 1, message: "singular batch: transaction \(i) is a list; each is a byte string holding its EIP-2718 encoding")
            }
            txs.append(bytes)
        }
        return SingularBatch(parentHash: parent, epochNumber: epoch, epochHash: epochHash, timestamp: timestamp, transactions: txs)
    }

    /// The content after the version byte.
    public func encoded() -> [UInt8] {
        RLP.list([.bytes(parentHash.bytes), RLP(epochNumber), .bytes(epochHash.bytes), RLP(timestamp), .list(transactions.map(RLP.bytes))]).encoded()
    }

    /// The block it describes on `config`'s chain (its number from the timestamp and genesis).
    public func block(config: RollupConfig) -> DerivedL2Block {
        let elapsed = timestamp >= config.genesisL2Time ? timestamp - config.genesisL2Time : 0
        return DerivedL2Block(number: config.genesisL2.number + elapsed / max(1, config.blockTime), timestamp: timestamp,
                              l1OriginNumber: epochNumber, startsEpoch: nil, transactions: transactions,
                              transactionHashes: transactions.map { Keccak256.hash($0) })
    }
}

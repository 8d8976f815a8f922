import RollportToolkit

/// The part of an L1 block header the follower links and the adapters see.
public struct L1Header: Sendable, Equatable, Hashable {
    public var number: UInt64
    public var hash: Hash32
    public var parentHash: Hash32
    public var timestamp: UInt64
    /// EIP-4788: the beacon block root of the parent slot; locates blob sidecars.
    public var parentBeaconBlockRoot: Hash32?
    /// Every field of the header, when the source gave them all and they hash to `hash`.
    public var fields: BlockHeader?

    public init(number: UInt64, hash: Hash32, parentHash: Hash32, timestamp: UInt64, parentBeaconBlockRoot: Hash32? = nil,
                fields: BlockHeader? = nil) {
        self.number = number; self.hash = hash; self.parentHash = parentHash
        self.timestamp = timestamp; self.parentBeaconBlockRoot = parentBeaconBlockRoot; self.fields = fields
    }

    /// The header of a complete set of fields: its hash is keccak256 of their RLP.
    public init(fields: BlockHeader) {
        self.init(number: fields.number, hash: fields.hash, parentHash: fields.parentHash, timestamp: fields.timestamp,
                  parentBeaconBlockRoot: fields.parentBeaconBlockRoot, fields: fields)
    }

    public var reference: L1BlockReference {
        L1BlockReference(number: number, hash: hash, parentHash: parentHash, timestamp: timestamp)
    }
}

/// What a receipt says that routing needs.
public struct L1Receipt: Sendable, Equatable {
    /// 1 success, 0 reverted.
    public var status: UInt8
    public var logs: [L1Log]
    /// Gas used by the transaction and by the block up to and including it, when known.
    public var gasUsed: UInt64?
    public var cumulativeGasUsed: UInt64?

    public init(status: UInt8, logs: [L1Log], gasUsed: UInt64? = nil, cumulativeGasUsed: UInt64? = nil) {
        self.status = status; self.logs = logs; self.gasUsed = gasUsed; self.cumulativeGasUsed = cumulativeGasUsed
    }
}

/// One L1 block as a source delivers it: every transaction, and the receipts and logs that the
/// filter it was asked with selects. Everything in it belongs to the block `header.hash`; a
/// source that sees data of another fork refetches instead of mixing them.
public struct L1Block: Sendable, Equatable {
    public var header: L1Header
    /// Every transaction of the block, in block order, with `index`, `hash` and `from` set.
    public var transactions: [L1Transaction]
    /// Receipts of the transactions the filter selects, by transaction hash.
    public var receipts: [Hash32: L1Receipt]
    /// The logs the filter selects, in block order, with `transactionHash` and `logIndex` set.
    public var logs: [L1Log]

    public init(header: L1Header, transactions: [L1Transaction], receipts: [Hash32: L1Receipt] = [:], logs: [L1Log] = []) {
        self.header = header; self.transactions = transactions; self.receipts = receipts; self.logs = logs
    }
}

/// Which receipts and logs a block fetch must include: those of transactions sent to one of
/// `transactionTargets`, and logs emitted by one of `logAddresses`. Built from the enabled
/// manifests' claim rules, so that a follower fetches only what some adapter may claim.
public struct L1Filter: Sendable, Equatable {
    public var transactionTargets: Set<Address>
    public var logAddresses: Set<Address>

    public init(transactionTargets: Set<Address> = [], logAddresses: Set<Address> = []) {
        self.transactionTargets = transactionTargets; self.logAddresses = logAddresses
    }

    public func selects(_ transaction: L1Transaction) -> Bool {
        transaction.to.map(transactionTargets.contains) ?? false
    }

    public func selects(_ log: L1Log) -> Bool { logAddresses.contains(log.address) }

    /// The block cut down to what this filter selects (all transactions stay: claim rules may
    /// match on the sender or the selector of any of them).
    public func applied(to block: L1Block) -> L1Block {
        var out = block
        out.receipts = block.receipts.filter { hash, _ in
            block.transactions.contains { $0.hash == hash && selects($0) }
        }
        out.logs = block.logs.filter(selects)
        return out
    }
}

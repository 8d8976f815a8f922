import RollportToolkit

extension SpanBatchTransaction {
    /// The signed EIP-2718 encoding on a chain: the stored fields spliced into the transaction's
    /// own field order around nonce, gas, `to`, chain id and signature, in one allocation.
    public func encodedTransaction(chainID: UInt64) throws(SpanBatchError) -> [UInt8] {
        try data.withUnsafeBufferPointer { d throws(SpanBatchError) in
            guard let layout = TxDataLayout.trusted(d) else {
                throw SpanBatchError(field: "tx_data", offset: 0, reason: .invalidTransactionData("not a valid span-batch tx_data"))
            }
            if type == 4, to == nil { throw SpanBatchError(field: "tx_data", offset: 0, reason: .creationNotAllowed(type: 4)) }
            let fees = layout.valueEnd..<layout.feesEnd
            let value = layout.fieldsStart..<layout.valueEnd
            let rest = layout.feesEnd..<(layout.end)
            let toSize = to == nil ? 1 : 21
            let v: UInt256
            if type == 0 {
                v = isProtected
                    ? UInt256(chainID).multipliedReportingOverflow(by: 2).partialValue.addingReportingOverflow(UInt256(35 + UInt64(yParity))).partialValue
                    : UInt256(27 + UInt64(yParity))
            } else {
                v = UInt256(UInt64(yParity))
            }
            var payload = RLPWrite.intSize(nonce) + fees.count + RLPWrite.intSize(gasLimit) + toSize + value.count
                + rest.count + RLPWrite.intSize(v) + RLPWrite.intSize(r) + RLPWrite.intSize(s)
            if type != 0 { payload += RLPWrite.intSize(chainID) }
            let total = (type == 0 ? 0 : 1) + RLPWrite.headerSize(payload) + payload
            return [UInt8](unsafeUninitializedCapacity: total) { out, initialized in
                var p = out.baseAddress!
                if type != 0 { p.pointee = type; p += 1 }
                RLPWrite.header(payload, list: true, to: &p)
                if type != 0 { RLPWrite.int(chainID, to: &p) }
                RLPWrite.int(nonce, to: &p)
                RLPWrite.copy(d, fees, to: &p)
                RLPWrite.int(gasLimit, to: &p)
                if let to {
                    p.pointee = 0x94; p += 1
                    to.store(to: UnsafeMutableRawPointer(p)); p += 20
                } else {
                    p.pointee = 0x80; p += 1
                }
                RLPWrite.copy(d, value, to: &p)
                RLPWrite.copy(d, rest, to: &p)
                RLPWrite.int(v, to: &p)
                RLPWrite.int(r, to: &p)
                RLPWrite.int(s, to: &p)
                initialized = total
            }
        }
    }

    /// The same transaction as the toolkit's `SignedTransaction` (for sender recovery).
    public func signedTransaction(chainID: UInt64) throws(SpanBatchError) -> SignedTransaction {
        let bytes = try encodedTransaction(chainID: chainID)
        do { return try SignedTransaction(encoded: bytes) } catch {
            throw SpanBatchError(field: "tx_data", offset: 0, reason: .invalidTransactionData("rebuilt transaction does not decode: \(error)"))
        }
    }

    /// The span-batch form of a signed transaction (legacy, 1, 2 or 4).
    public init(_ tx: SignedTransaction) throws(SpanBatchError) {
        func value(_ v: UInt256) -> RLP { RLP(v) }
        let accessList = RLP.list(tx.accessList.map { .list([.bytes($0.address.bytes), .list($0.storageKeys.map { .bytes($0.bytes) })]) })
        let fields: [RLP]
        switch tx.type {
        case 0: fields = [value(tx.value), value(tx.gasPrice), .bytes(tx.input)]
        case 1: fields = [value(tx.value), value(tx.gasPrice), .bytes(tx.input), accessList]
        case 2: fields = [value(tx.value), value(tx.maxPriorityFeePerGas), value(tx.maxFeePerGas), .bytes(tx.input), accessList]
        case 4:
            guard tx.to != nil else { throw SpanBatchError(field: "to", offset: 0, reason: .creationNotAllowed(type: 4)) }
            let auths = RLP.list(tx.authorizationList.map {
                .list([RLP($0.chainID), .bytes($0.address.bytes), RLP($0.nonce), RLP(UInt64($0.yParity)), RLP($0.r), RLP($0.s)])
            })
            fields = [value(tx.value), value(tx.maxPriorityFeePerGas), value(tx.maxFeePerGas), .bytes(tx.input), accessList, auths]
        default:
            throw SpanBatchError(field: "type", offset: 0, reason: .unknownTransactionType(tx.type))
        }
        let body = RLP.list(fields).encoded()
        self.init(type: tx.type, data: tx.type == 0 ? body : [tx.type] + body, to: tx.to, yParity: tx.yParity,
                  r: tx.r, s: tx.s, nonce: tx.nonce, gasLimit: tx.gasLimit, isProtected: tx.type == 0 && tx.chainID != nil)
    }
}

/// An L2 block as a batch describes it: its place in the chain, its L1 origin and its
/// sequencer transactions (EIP-2718 encodings) with their hashes.
public struct DerivedL2Block: Sendable, Equatable {
    public var number: UInt64
    public var timestamp: UInt64
    public var l1OriginNumber: UInt64
    /// Span batches: the block's origin bit (its L1 origin differs from its parent's).
    /// Singular batches do not say; nil.
    public var startsEpoch: Bool?
    public var transactions: [[UInt8]]
    /// keccak256 of each transaction's encoding.
    public var transactionHashes: [Hash32]

    public init(number: UInt64, timestamp: UInt64, l1OriginNumber: UInt64, startsEpoch: Bool?,
                transactions: [[UInt8]], transactionHashes: [Hash32]) {
        self.number = number; self.timestamp = timestamp; self.l1OriginNumber = l1OriginNumber
        self.startsEpoch = startsEpoch; self.transactions = transactions; self.transactionHashes = transactionHashes
    }

    /// The transactions as the toolkit's `SignedTransaction`.
    public func signedTransactions() throws(SignedTransaction.DecodingError) -> [SignedTransaction] {
        var out = [SignedTransaction]()
        out.reserveCapacity(transactions.count)
        for tx in transactions { out.append(try SignedTransaction(encoded: tx)) }
        return out
    }

    /// The senders of every transaction of `blocks`, in order, recovered on up to `threads`
    /// threads (decoding included).
    public static func recoverSenders(_ blocks: [DerivedL2Block], threads: Int) -> [Result<Address, SenderRecoveryError>] {
        let all = blocks.flatMap(\.transactions)
        return ParallelMap.map(all, threads: threads) { bytes in
            Result { () throws(SenderRecoveryError) -> Address in
                let tx: SignedTransaction
                do throws(SignedTransaction.DecodingError) { tx = try SignedTransaction(encoded: bytes) } catch { throw .decoding(error) }
                do throws(SignedTransaction.SenderError) { return try tx.recoverSender() } catch { throw .signature(error) }
            }
        }
    }
}

public enum SenderRecoveryError: Error, Equatable, Sendable, CustomStringConvertible {
    case decoding(SignedTransaction.DecodingError)
    case signature(SignedTransaction.SenderError)

    public var description: String {
        switch self {
        case .decoding(let e): return e.description
        case .signature(let e): return e.description
        }
    }
}

public struct BatchDerivationError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension SpanBatch {
    /// The L2 blocks this span batch describes on the chain of `config`: timestamps from the
    /// genesis time and block time, L1 origins from `l1_origin_num` and the origin bits, and
    /// the full signed transactions rebuilt with the chain id. Rebuilding and hashing, the bulk
    /// of the work, is spread over up to `threads` threads for large batches.
    public func blocks(config: RollupConfig, threads: Int = 1) throws(BatchDerivationError) -> [DerivedL2Block] {
        let bitSum = UInt64(originBits.reduce(0) { $0 + ($1 ? 1 : 0) })
        guard bitSum <= l1OriginNumber else {
            throw BatchDerivationError("span batch: \(bitSum) origin changes but l1_origin_num is only \(l1OriginNumber)")
        }
        guard originBits.count == blockCount else {
            throw BatchDerivationError("span batch: \(originBits.count) origin bits for \(blockCount) blocks")
        }
        guard transactions.count == Int(blockTransactionCounts.reduce(0, +)) else {
            throw BatchDerivationError("span batch: block_tx_counts sum to \(blockTransactionCounts.reduce(0, +)) but there are \(transactions.count) transactions")
        }
        let start = config.genesisL2Time.addingReportingOverflow(relTimestamp)
        let span = config.blockTime.multipliedReportingOverflow(by: UInt64(blockCount))
        guard !start.overflow, !span.overflow, !start.partialValue.addingReportingOverflow(span.partialValue).overflow else {
            throw BatchDerivationError("span batch: rel_timestamp \(relTimestamp) puts its blocks past 2^64 seconds")
        }
        let chainID = config.l2ChainID
        // Below a few hundred transactions a second thread costs more than it saves.
        let rebuilt = ParallelMap.map(transactions, threads: transactions.count >= 256 ? threads : 1) { tx in
            Result { () throws(SpanBatchError) -> ([UInt8], Hash32) in
                let bytes = try tx.encodedTransaction(chainID: chainID)
                return (bytes, Keccak256.hash(bytes))
            }
        }
        var origin = l1OriginNumber - bitSum
        var blocks = [DerivedL2Block]()
        blocks.reserveCapacity(blockCount)
        var next = 0
        for (i, count) in blockTransactionCounts.enumerated() {
            if originBits[i] { origin += 1 }
            let timestamp = start.partialValue + UInt64(i) * config.blockTime
            var txs = [[UInt8]]()
            var hashes = [Hash32]()
            txs.reserveCapacity(Int(count)); hashes.reserveCapacity(Int(count))
            for k in next..<(next + Int(count)) {
                switch rebuilt[k] {
                case .success(let (bytes, hash)):
                    txs.append(bytes)
                    hashes.append(hash)
                case .failure(let error):
                    throw BatchDerivationError("span batch transaction \(k) (block \(i)): \(error)")
                }
            }
            next += Int(count)
            blocks.append(DerivedL2Block(
                number: config.genesisL2.number + (timestamp - config.genesisL2Time) / max(1, config.blockTime),
                timestamp: timestamp, l1OriginNumber: origin, startsEpoch: originBits[i], transactions: txs, transactionHashes: hashes))
        }
        return blocks
    }
}

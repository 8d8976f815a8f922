import RollportToolkit

/// The L1 model in the JSON shapes of execution clients' and beacon nodes' answers, both ways:
/// the devnet's node and the recording writer render with it, the RPC client and the recording
/// reader read with it, so a block that goes out comes back equal.
public enum L1RPCShapes {
    // MARK: rendering

    /// `eth_getBlockByNumber` / `eth_getBlockByHash`: all header fields when known, and the
    /// transactions as objects (`full`) or hashes.
    public static func block(_ block: L1Block, fullTransactions: Bool) -> JSONValue {
        let h = block.header
        var m: [(String, JSONValue)]
        if let fields = h.fields {
            m = [("hash", .string(h.hash.description))] + fields.jsonMembers
            if fields.withdrawalsRoot != nil { m.append(("withdrawals", .array([]))) }
        } else {
            m = [("hash", .string(h.hash.description)), ("parentHash", .string(h.parentHash.description)),
                 ("number", quantity(h.number)), ("timestamp", quantity(h.timestamp))]
            if let root = h.parentBeaconBlockRoot { m.append(("parentBeaconBlockRoot", .string(root.description))) }
        }
        m.append(("uncles", .array([])))
        let baseFee = h.fields?.baseFeePerGas
        m.append(("transactions", .array(block.transactions.map { tx in
            fullTransactions ? transaction(tx, header: h, baseFee: baseFee) : .string(tx.hash?.description ?? Hash32.zero.description)
        })))
        return .object(m)
    }

    /// A transaction as full blocks and `eth_getTransactionByHash` give it. With the signed
    /// encoding every field is written, signature included; without it, what the model holds.
    public static func transaction(_ tx: L1Transaction, header: L1Header?, baseFee: UInt256? = nil) -> JSONValue {
        var m: [(String, JSONValue)] = []
        if let header {
            m += [("blockHash", .string(header.hash.description)), ("blockNumber", quantity(header.number))]
        }
        m.append(("from", tx.from.map { .string($0.description) } ?? .null))
        let signed = tx.raw.flatMap { try? SignedTransaction(encoded: $0) }
        if let s = signed {
            m.append(("gas", quantity(s.gasLimit)))
            if s.type >= 2 {
                let tip = s.maxPriorityFeePerGas
                let effective = baseFee.map { fee -> UInt256 in
                    let (sum, overflow) = fee.addingReportingOverflow(tip)
                    return overflow || sum > s.maxFeePerGas ? s.maxFeePerGas : sum
                } ?? s.maxFeePerGas
                m += [("gasPrice", .string(effective.hexQuantity)), ("maxFeePerGas", .string(s.maxFeePerGas.hexQuantity)),
                      ("maxPriorityFeePerGas", .string(tip.hexQuantity))]
            } else {
                m.append(("gasPrice", .string(s.gasPrice.hexQuantity)))
            }
            if s.type == 3 { m.append(("maxFeePerBlobGas", .string(s.maxFeePerBlobGas.hexQuantity))) }
        }
        m += [("hash", tx.hash.map { .string($0.description) } ?? .null), ("input", .string(Hex.encode(tx.input))),
              ("nonce", quantity(tx.nonce)), ("to", tx.to.map { .string($0.description) } ?? .null)]
        if let index = tx.index { m.append(("transactionIndex", quantity(UInt64(index)))) }
        m += [("value", .string((UInt256(bigEndian: tx.value) ?? .zero).hexQuantity)), ("type", quantity(UInt64(tx.type)))]
        if let s = signed, s.type >= 1 {
            m.append(("accessList", .array(s.accessList.map { e in
                .object([("address", .string(e.address.description)), ("storageKeys", .array(e.storageKeys.map { .string($0.description) }))])
            })))
        }
        if let chainID = tx.chainID { m.append(("chainId", quantity(chainID))) }
        if !tx.blobVersionedHashes.isEmpty || tx.type == 3 {
            m.append(("blobVersionedHashes", .array(tx.blobVersionedHashes.map { .string($0.description) })))
        }
        if let s = signed {
            if s.type == 4 {
                m.append(("authorizationList", .array(s.authorizationList.map { a in
                    .object([("chainId", .string(a.chainID.hexQuantity)), ("address", .string(a.address.description)),
                             ("nonce", quantity(a.nonce)), ("yParity", quantity(UInt64(a.yParity))),
                             ("r", .string(a.r.hexQuantity)), ("s", .string(a.s.hexQuantity))])
                })))
            }
            m += [("v", .string(s.v.hexQuantity)), ("r", .string(s.r.hexQuantity)), ("s", .string(s.s.hexQuantity))]
            if s.type >= 1 { m.append(("yParity", quantity(UInt64(s.yParity)))) }
        }
        return .object(m)
    }

    /// `eth_getTransactionReceipt` for `tx` of the block `header`.
    public static func receipt(_ receipt: L1Receipt, of tx: L1Transaction, header: L1Header) -> JSONValue {
        var m: [(String, JSONValue)] = [
            ("blockHash", .string(header.hash.description)), ("blockNumber", quantity(header.number)),
            ("contractAddress", .null),
        ]
        if let v = receipt.cumulativeGasUsed { m.append(("cumulativeGasUsed", quantity(v))) }
        m.append(("from", tx.from.map { .string($0.description) } ?? .null))
        if let v = receipt.gasUsed { m.append(("gasUsed", quantity(v))) }
        m += [
            ("logs", .array(receipt.logs.map { log($0, header: header, transactionIndex: tx.index) })),
            ("logsBloom", .string(Hex.encode(LogsBloom(receipt.logs).bytes))),
            ("status", quantity(UInt64(receipt.status))), ("to", tx.to.map { .string($0.description) } ?? .null),
            ("transactionHash", tx.hash.map { .string($0.description) } ?? .null),
        ]
        if let index = tx.index { m.append(("transactionIndex", quantity(UInt64(index)))) }
        m.append(("type", quantity(UInt64(tx.type))))
        return .object(m)
    }

    /// A log as `eth_getLogs` and receipts give it.
    public static func log(_ log: L1Log, header: L1Header, transactionIndex: UInt32?) -> JSONValue {
        var m: [(String, JSONValue)] = [
            ("address", .string(log.address.description)), ("topics", .array(log.topics.map { .string($0.description) })),
            ("data", .string(Hex.encode(log.data))), ("blockNumber", quantity(header.number)),
            ("blockHash", .string(header.hash.description)), ("blockTimestamp", quantity(header.timestamp)),
        ]
        if let h = log.transactionHash { m.append(("transactionHash", .string(h.description))) }
        if let i = transactionIndex { m.append(("transactionIndex", quantity(UInt64(i)))) }
        if let i = log.logIndex { m.append(("logIndex", quantity(UInt64(i)))) }
        m.append(("removed", .bool(false)))
        return .object(m)
    }

    /// A beacon blob sidecar (`/eth/v1/beacon/blob_sidecars/{slot}` lists them in `data`).
    public static func sidecar(_ sidecar: BlobSidecar, index: Int) -> JSONValue {
        var m: [(String, JSONValue)] = [
            ("index", .string(String(index))), ("blob", .string(Hex.encode(sidecar.blob))),
            ("kzg_commitment", .string(Hex.encode(sidecar.kzgCommitment))),
        ]
        if !sidecar.kzgProof.isEmpty { m.append(("kzg_proof", .string(Hex.encode(sidecar.kzgProof)))) }
        return .object(m)
    }

    static func quantity(_ n: UInt64) -> JSONValue { .string(UInt256(n).hexQuantity) }

    // MARK: reading

    /// A block object: its header, and its transactions when they are full objects (hashes
    /// alone give an empty list).
    public static func block(_ json: JSONValue, path: String) throws(RPCShapeError) -> (header: L1Header, transactions: [L1Transaction]) {
        let o = try RPCObject(json, path: path)
        let rpc = try RPCBlock(json, path: path)
        var header = L1Header(number: rpc.number, hash: rpc.hash, parentHash: rpc.parentHash, timestamp: rpc.timestamp,
                              parentBeaconBlockRoot: rpc.parentBeaconBlockRoot)
        // Kept only when they hash to the block hash: a node of a fork whose fields this
        // reader does not know still gives a usable header.
        if let fields = try BlockHeader.ifComplete(json, path: path), fields.hash == rpc.hash { header.fields = fields }
        var transactions = [L1Transaction]()
        if case .full = rpc.transactions, let items = try o.array("transactions") {
            for (i, item) in items.enumerated() {
                transactions.append(try transaction(item, path: o.field("transactions") + "[\(i)]"))
            }
        }
        return (header, transactions)
    }

    /// A transaction object. When its fields re-encode to a signed transaction whose hash is
    /// the one given, the encoding is kept as `raw`.
    public static func transaction(_ json: JSONValue, path: String) throws(RPCShapeError) -> L1Transaction {
        let o = try RPCObject(json, path: path)
        let rpc = try RPCTransaction(json, path: path)
        var index: UInt32?
        if let i = rpc.transactionIndex {
            guard i <= UInt64(UInt32.max) else { throw RPCShapeError(field: o.field("transactionIndex"), message: "\(i) is too large") }
            index = UInt32(i)
        }
        var raw = rpc.raw
        if raw == nil, let hash = rpc.hash, let signed = try signedTransaction(o, rpc: rpc), signed.hash == hash {
            raw = signed.canonicalEncoding
        }
        return L1Transaction(type: rpc.type, hash: rpc.hash, from: rpc.from, to: rpc.to, nonce: rpc.nonce, chainID: rpc.chainID,
                             value: rpc.value.bigEndianBytes, input: rpc.input, raw: raw,
                             blobVersionedHashes: rpc.blobVersionedHashes, index: index)
    }

    /// The signed transaction the fields describe; nil when the signature or gas is absent or
    /// the type is not one of Ethereum's (0-4).
    static func signedTransaction(_ o: RPCObject, rpc: RPCTransaction) throws(RPCShapeError) -> SignedTransaction? {
        guard rpc.type <= 4, let gas = rpc.gas, let r = try o.optionalQuantity256("r"), let s = try o.optionalQuantity256("s") else { return nil }
        var chainID = rpc.chainID
        let parity: UInt8
        if rpc.type == 0 {
            guard let v = try o.optionalQuantity("v") else { return nil }
            if v == 27 || v == 28 {
                parity = UInt8(v - 27); chainID = nil
            } else if v >= 35 {
                parity = UInt8((v - 35) % 2); chainID = (v - 35) / 2
            } else { return nil }
        } else {
            var p = try o.optionalQuantity("yParity")
            if p == nil { p = try o.optionalQuantity("v") }
            guard let p, p <= 1 else { return nil }
            parity = UInt8(p)
        }
        var accessList = [SignedTransaction.AccessListEntry]()
        for (i, item) in (try o.array("accessList") ?? []).enumerated() {
            let e = try RPCObject(item, path: o.field("accessList") + "[\(i)]")
            accessList.append(.init(address: try e.address("address"), storageKeys: try e.hashes("storageKeys")))
        }
        var authorizations = [SignedTransaction.Authorization]()
        for (i, item) in (try o.array("authorizationList") ?? []).enumerated() {
            let a = try RPCObject(item, path: o.field("authorizationList") + "[\(i)]")
            let p = try a.quantity("yParity")
            guard p <= 1 else { throw RPCShapeError(field: a.field("yParity"), message: "\(p) is not 0 or 1") }
            authorizations.append(.init(chainID: try a.quantity256("chainId"), address: try a.address("address"), nonce: try a.quantity("nonce"),
                                        yParity: UInt8(p), r: try a.quantity256("r"), s: try a.quantity256("s")))
        }
        return SignedTransaction(
            type: rpc.type, chainID: chainID, nonce: rpc.nonce, gasPrice: rpc.type < 2 ? rpc.gasPrice ?? .zero : .zero,
            maxPriorityFeePerGas: rpc.maxPriorityFeePerGas ?? .zero, maxFeePerGas: rpc.maxFeePerGas ?? .zero, gasLimit: gas,
            to: rpc.to, value: rpc.value, input: rpc.input, accessList: accessList, maxFeePerBlobGas: rpc.maxFeePerBlobGas ?? .zero,
            blobVersionedHashes: rpc.blobVersionedHashes, authorizationList: authorizations, yParity: parity, r: r, s: s)
    }

    /// A receipt object with its block hash (to check which block it came from).
    public static func receipt(_ json: JSONValue, path: String) throws(RPCShapeError) -> (receipt: L1Receipt, transactionHash: Hash32?, blockHash: Hash32?) {
        let rpc = try RPCReceipt(json, path: path)
        guard let status = rpc.status else {
            throw RPCShapeError(field: path.isEmpty ? "status" : path + ".status", message: "missing; expected 0x0 or 0x1 (pre-Byzantium receipts are not followed)")
        }
        var logs = [L1Log]()
        for (i, l) in rpc.logs.enumerated() { logs.append(try log(l, path: "\(path.isEmpty ? "" : path + ".")logs[\(i)]")) }
        return (L1Receipt(status: status, logs: logs, gasUsed: rpc.gasUsed, cumulativeGasUsed: rpc.cumulativeGasUsed),
                rpc.transactionHash, rpc.blockHash)
    }

    public static func log(_ rpc: RPCLog, path: String) throws(RPCShapeError) -> L1Log {
        var logIndex: UInt32?
        if let n = rpc.logIndex {
            guard n <= UInt64(UInt32.max) else { throw RPCShapeError(field: path + ".logIndex", message: "\(n) is too large") }
            logIndex = UInt32(n)
        }
        return L1Log(address: rpc.address, topics: rpc.topics, data: rpc.data, transactionHash: rpc.transactionHash, logIndex: logIndex)
    }

    public static func sidecar(_ json: JSONValue, path: String) throws(RPCShapeError) -> BlobSidecar {
        let rpc = try RPCBlobSidecar(json, path: path)
        return BlobSidecar(blob: rpc.blob, kzgCommitment: rpc.kzgCommitment, kzgProof: rpc.kzgProof ?? [])
    }
}

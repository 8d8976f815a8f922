import Foundation
import RollportToolkit

/// A recorded L1 segment in the JSON shapes of the RPC answers, so that a capture from a node
/// and a devnet recording read the same way:
///
///     {"format": "rollport-l1-recording/1",
///      "chainId": "0x384",
///      "beacon": {"genesisTime": 1767225600, "secondsPerSlot": 12},
///      "blocks": [<eth_getBlockByNumber(n, true) result> + {"receipts": [<eth_getTransactionReceipt results>],
///                                                          "logs": [<eth_getLogs results not in a receipt>]}],
///      "blobSidecars": {"<slot>": [<beacon blob sidecars, as /eth/v1/beacon/blob_sidecars/{slot} lists them in data>]}}
///
/// Blocks are consecutive and hash-linked, oldest first. `receipts` and `logs` are optional per
/// block; a block's logs are those of its receipts plus its `logs`. `beacon` and `blobSidecars`
/// are optional (no blobs without them).
public struct L1Recording: Sendable {
    public static let format = "rollport-l1-recording/1"

    public var chainID: UInt64
    public var beacon: BeaconTiming?
    public var blocks: [L1Block]
    /// Sidecars by block hash, in the block's order.
    public var blobSidecars: [Hash32: [BlobSidecar]]

    public init(chainID: UInt64, beacon: BeaconTiming?, blocks: [L1Block], blobSidecars: [Hash32: [BlobSidecar]] = [:]) {
        self.chainID = chainID; self.beacon = beacon; self.blocks = blocks; self.blobSidecars = blobSidecars
    }

    /// What a chain holds: every block, receipt, log and blob sidecar.
    public init(chain: MemoryL1Chain, beacon: BeaconTiming?) async {
        let id = (try? await chain.chainID()) ?? 0
        let blocks = chain.head.map { chain.blocks(in: chain.firstNumber...$0.number) } ?? []
        var sidecars = [Hash32: [BlobSidecar]]()
        for block in blocks {
            let held = chain.blobSidecars(of: block.header)
            if !held.isEmpty { sidecars[block.header.hash] = held }
        }
        self.init(chainID: id, beacon: beacon, blocks: blocks, blobSidecars: sidecars)
    }

    public struct ReadError: Error, Sendable, CustomStringConvertible {
        public var field: String
        public var message: String
        public var description: String { "recording \(field): \(message)" }
    }

    // MARK: writing

    public var json: JSONValue {
        var m: [(String, JSONValue)] = [("format", .string(Self.format)), ("chainId", .string(UInt256(chainID).hexQuantity))]
        if let beacon {
            m.append(("beacon", .object([("genesisTime", .number(beacon.genesisTime)), ("secondsPerSlot", .number(beacon.secondsPerSlot))])))
        }
        m.append(("blocks", .array(blocks.map(Self.blockJSON))))
        if let beacon, !blobSidecars.isEmpty {
            var slots = [(String, JSONValue)]()
            for block in blocks {
                guard let sidecars = blobSidecars[block.header.hash], !sidecars.isEmpty,
                      let slot = beacon.slot(forTimestamp: block.header.timestamp) else { continue }
                slots.append((String(slot), .array(sidecars.enumerated().map { L1RPCShapes.sidecar($1, index: $0) })))
            }
            m.append(("blobSidecars", .object(slots)))
        }
        return .object(m)
    }

    static func blockJSON(_ block: L1Block) -> JSONValue {
        guard case .object(var m) = L1RPCShapes.block(block, fullTransactions: true) else { return .null }
        let receipts = block.transactions.compactMap { tx -> JSONValue? in
            guard let hash = tx.hash, let receipt = block.receipts[hash] else { return nil }
            return L1RPCShapes.receipt(receipt, of: tx, header: block.header)
        }
        let inReceipts = Set(block.receipts.values.flatMap { $0.logs.map(LogKey.init) })
        let index = Dictionary(block.transactions.compactMap { tx in tx.hash.map { ($0, tx.index) } }, uniquingKeysWith: { a, _ in a })
        let loose = block.logs.filter { !inReceipts.contains(LogKey($0)) }.map { log in
            L1RPCShapes.log(log, header: block.header, transactionIndex: log.transactionHash.flatMap { index[$0] ?? nil })
        }
        if !receipts.isEmpty { m.append(("receipts", .array(receipts))) }
        if !loose.isEmpty { m.append(("logs", .array(loose))) }
        return .object(m)
    }

    /// Logs are told apart by transaction and index within the block.
    struct LogKey: Hashable {
        var transaction: Hash32?
        var index: UInt32?
        var address: Address
        init(_ log: L1Log) { transaction = log.transactionHash; index = log.logIndex; address = log.address }
    }

    public func write(to path: String) throws {
        try Data(json.compact.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    // MARK: reading

    public static func load(file path: String) throws(ReadError) -> L1Recording {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ReadError(field: "file", message: "cannot read \(path): \(error.localizedDescription)")
        }
        let json: JSONValue
        do { json = try JSONValue.parse([UInt8](data)) } catch {
            throw ReadError(field: "file", message: "\(path) is not JSON: \(error)")
        }
        return try L1Recording(json)
    }

    public init(_ json: JSONValue) throws(ReadError) {
        do throws(RPCShapeError) {
            let o = try RPCObject(json)
            if let format = try o.string("format"), format != Self.format {
                throw RPCShapeError(field: "format", message: "\(format) is not \(Self.format)")
            }
            chainID = try o.quantity("chainId")
            if let b = try o.object("beacon") {
                let seconds = try b.quantity("secondsPerSlot")
                guard seconds > 0 else { throw RPCShapeError(field: b.field("secondsPerSlot"), message: "must be at least 1") }
                beacon = BeaconTiming(genesisTime: try b.quantity("genesisTime"), secondsPerSlot: seconds)
            }
            blocks = []
            for (i, item) in (try o.array("blocks") ?? []).enumerated() {
                blocks.append(try Self.block(item, path: "blocks[\(i)]"))
            }
            for (a, b) in zip(blocks.indices, blocks.indices.dropFirst()) {
                let (x, y) = (blocks[a].header, blocks[b].header)
                guard y.number == x.number + 1, y.parentHash == x.hash else {
                    throw RPCShapeError(field: "blocks[\(b)]", message: "block \(y.number) does not follow block \(x.number) (numbers must be consecutive and parentHash the previous hash)")
                }
            }
            blobSidecars = [:]
            if let slots = try o.object("blobSidecars"), case .object(let members) = slots.json {
                guard let beacon else { throw RPCShapeError(field: "beacon", message: "missing; blob sidecars are placed by slot, which needs genesisTime and secondsPerSlot") }
                var bySlot = [UInt64: Hash32]()
                for block in blocks {
                    if let slot = beacon.slot(forTimestamp: block.header.timestamp) { bySlot[slot] = block.header.hash }
                }
                for (key, value) in members {
                    let field = slots.field(key)
                    guard let slot = UInt64(key) else { throw RPCShapeError(field: field, message: "a slot is a decimal number") }
                    guard let hash = bySlot[slot] else { throw RPCShapeError(field: field, message: "no recorded block is in slot \(slot)") }
                    guard let items = value.arrayValue else { throw RPCShapeError(field: field, message: "expected an array of blob sidecars") }
                    var sidecars = [BlobSidecar]()
                    for (i, item) in items.enumerated() { sidecars.append(try L1RPCShapes.sidecar(item, path: "\(field)[\(i)]")) }
                    blobSidecars[hash] = sidecars
                }
            }
        } catch {
            throw ReadError(field: error.field, message: error.message)
        }
    }

    static func block(_ json: JSONValue, path: String) throws(RPCShapeError) -> L1Block {
        let o = try RPCObject(json, path: path)
        let (header, transactions) = try L1RPCShapes.block(json, path: path)
        var block = L1Block(header: header, transactions: transactions)
        let known = Set(transactions.compactMap(\.hash))
        var logs = [L1Log]()
        for (i, item) in (try o.array("receipts") ?? []).enumerated() {
            let field = o.field("receipts") + "[\(i)]"
            let (receipt, txHash, blockHash) = try L1RPCShapes.receipt(item, path: field)
            guard let txHash, known.contains(txHash) else {
                throw RPCShapeError(field: field + ".transactionHash", message: "missing or not a transaction of block \(header.number)")
            }
            if let blockHash, blockHash != header.hash {
                throw RPCShapeError(field: field + ".blockHash", message: "\(blockHash) is not the block's hash \(header.hash)")
            }
            block.receipts[txHash] = receipt
            logs += receipt.logs
        }
        for (i, item) in (try o.array("logs") ?? []).enumerated() {
            let field = o.field("logs") + "[\(i)]"
            let rpc = try RPCLog(item, path: field)
            if let blockHash = rpc.blockHash, blockHash != header.hash {
                throw RPCShapeError(field: field + ".blockHash", message: "\(blockHash) is not the block's hash \(header.hash)")
            }
            logs.append(try L1RPCShapes.log(rpc, path: field))
        }
        block.logs = logs.sorted { ($0.logIndex ?? 0) < ($1.logIndex ?? 0) }
        return block
    }

    /// The recording as an in-memory chain, ready to be followed or served.
    public func chain() throws(MemoryL1Chain.ChainError) -> MemoryL1Chain {
        let chain = MemoryL1Chain(chainID: chainID)
        for block in blocks { try chain.append(block, blobs: blobSidecars[block.header.hash] ?? []) }
        return chain
    }
}

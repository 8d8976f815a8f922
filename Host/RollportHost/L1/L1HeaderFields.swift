import RollportToolkit

/// Every field of an Ethereum block header in RLP order. The block hash is keccak256 of the
/// RLP list; fields added by forks (London's base fee through Prague's requests hash) are
/// present from their fork on, and each one present implies all earlier ones.
public struct L1HeaderFields: Sendable, Hashable {
    public var parentHash: Hash32
    public var ommersHash: Hash32
    public var beneficiary: Address
    public var stateRoot: Hash32
    public var transactionsRoot: Hash32
    public var receiptsRoot: Hash32
    /// 256 bytes.
    public var logsBloom: [UInt8]
    public var difficulty: UInt256
    public var number: UInt64
    public var gasLimit: UInt64
    public var gasUsed: UInt64
    public var timestamp: UInt64
    public var extraData: [UInt8]
    public var mixHash: Hash32
    /// 8 bytes.
    public var nonce: [UInt8]
    public var baseFeePerGas: UInt256?
    public var withdrawalsRoot: Hash32?
    public var blobGasUsed: UInt64?
    public var excessBlobGas: UInt64?
    public var parentBeaconBlockRoot: Hash32?
    public var requestsHash: Hash32?

    public init(parentHash: Hash32, ommersHash: Hash32 = L1HeaderFields.emptyOmmersHash, beneficiary: Address = .zero,
                stateRoot: Hash32, transactionsRoot: Hash32, receiptsRoot: Hash32, logsBloom: [UInt8],
                difficulty: UInt256 = .zero, number: UInt64, gasLimit: UInt64, gasUsed: UInt64, timestamp: UInt64,
                extraData: [UInt8] = [], mixHash: Hash32, nonce: [UInt8] = [UInt8](repeating: 0, count: 8),
                baseFeePerGas: UInt256? = nil, withdrawalsRoot: Hash32? = nil, blobGasUsed: UInt64? = nil,
                excessBlobGas: UInt64? = nil, parentBeaconBlockRoot: Hash32? = nil, requestsHash: Hash32? = nil) {
        self.parentHash = parentHash; self.ommersHash = ommersHash; self.beneficiary = beneficiary
        self.stateRoot = stateRoot; self.transactionsRoot = transactionsRoot; self.receiptsRoot = receiptsRoot
        self.logsBloom = logsBloom; self.difficulty = difficulty; self.number = number; self.gasLimit = gasLimit
        self.gasUsed = gasUsed; self.timestamp = timestamp; self.extraData = extraData; self.mixHash = mixHash
        self.nonce = nonce; self.baseFeePerGas = baseFeePerGas; self.withdrawalsRoot = withdrawalsRoot
        self.blobGasUsed = blobGasUsed; self.excessBlobGas = excessBlobGas
        self.parentBeaconBlockRoot = parentBeaconBlockRoot; self.requestsHash = requestsHash
    }

    /// keccak256(rlp([])): every block since the merge has no ommers.
    public static let emptyOmmersHash = Keccak256.hash(RLP.list([]).encoded())

    public var rlp: [UInt8] {
        var items: [RLP] = [
            .bytes(parentHash.bytes), .bytes(ommersHash.bytes), .bytes(beneficiary.bytes), .bytes(stateRoot.bytes),
            .bytes(transactionsRoot.bytes), .bytes(receiptsRoot.bytes), .bytes(logsBloom), RLP(difficulty),
            RLP(number), RLP(gasLimit), RLP(gasUsed), RLP(timestamp), .bytes(extraData), .bytes(mixHash.bytes), .bytes(nonce),
        ]
        // Fork fields in order; the list ends at the first one absent.
        let forkFields: [RLP?] = [
            baseFeePerGas.map(RLP.init), withdrawalsRoot.map { .bytes($0.bytes) }, blobGasUsed.map(RLP.init),
            excessBlobGas.map(RLP.init), parentBeaconBlockRoot.map { .bytes($0.bytes) }, requestsHash.map { .bytes($0.bytes) },
        ]
        for field in forkFields {
            guard let field else { break }
            items.append(field)
        }
        return RLP.list(items).encoded()
    }

    public var hash: Hash32 { Keccak256.hash(rlp) }

    /// The members of a JSON-RPC block object, as execution clients name them.
    public var jsonMembers: [(String, JSONValue)] {
        var m: [(String, JSONValue)] = [
            ("parentHash", .string(parentHash.description)), ("sha3Uncles", .string(ommersHash.description)),
            ("miner", .string(beneficiary.description)), ("stateRoot", .string(stateRoot.description)),
            ("transactionsRoot", .string(transactionsRoot.description)), ("receiptsRoot", .string(receiptsRoot.description)),
            ("logsBloom", .string(Hex.encode(logsBloom))), ("difficulty", .string(difficulty.hexQuantity)),
            ("number", .string(UInt256(number).hexQuantity)), ("gasLimit", .string(UInt256(gasLimit).hexQuantity)),
            ("gasUsed", .string(UInt256(gasUsed).hexQuantity)), ("timestamp", .string(UInt256(timestamp).hexQuantity)),
            ("extraData", .string(Hex.encode(extraData))), ("mixHash", .string(mixHash.description)),
            ("nonce", .string(Hex.encode(nonce))),
        ]
        if let v = baseFeePerGas { m.append(("baseFeePerGas", .string(v.hexQuantity))) }
        if let v = withdrawalsRoot { m.append(("withdrawalsRoot", .string(v.description))) }
        if let v = blobGasUsed { m.append(("blobGasUsed", .string(UInt256(v).hexQuantity))) }
        if let v = excessBlobGas { m.append(("excessBlobGas", .string(UInt256(v).hexQuantity))) }
        if let v = parentBeaconBlockRoot { m.append(("parentBeaconBlockRoot", .string(v.description))) }
        if let v = requestsHash { m.append(("requestsHash", .string(v.description))) }
        return m
    }

    /// The fields of a JSON-RPC block object; nil when one of the fields every header has is
    /// absent (a capture cut down to a few fields). Malformed values are errors naming the field.
    public init?(_ o: RPCObject) throws(RPCShapeError) {
        let always = ["parentHash", "sha3Uncles", "miner", "stateRoot", "transactionsRoot", "receiptsRoot", "logsBloom",
                      "difficulty", "number", "gasLimit", "gasUsed", "timestamp", "extraData", "mixHash", "nonce"]
        guard always.allSatisfy(o.has) else { return nil }
        self.init(
            parentHash: try o.hash("parentHash"), ommersHash: try o.hash("sha3Uncles"), beneficiary: try o.address("miner"),
            stateRoot: try o.hash("stateRoot"), transactionsRoot: try o.hash("transactionsRoot"),
            receiptsRoot: try o.hash("receiptsRoot"), logsBloom: try o.data("logsBloom", count: 256),
            difficulty: try o.quantity256("difficulty"), number: try o.quantity("number"), gasLimit: try o.quantity("gasLimit"),
            gasUsed: try o.quantity("gasUsed"), timestamp: try o.quantity("timestamp"), extraData: try o.data("extraData"),
            mixHash: try o.hash("mixHash"), nonce: try o.data("nonce", count: 8),
            baseFeePerGas: try o.optionalQuantity256("baseFeePerGas"), withdrawalsRoot: try o.optionalHash("withdrawalsRoot"),
            blobGasUsed: try o.optionalQuantity("blobGasUsed"), excessBlobGas: try o.optionalQuantity("excessBlobGas"),
            parentBeaconBlockRoot: try o.optionalHash("parentBeaconBlockRoot"), requestsHash: try o.optionalHash("requestsHash"))
    }
}

/// The 2048-bit bloom of receipts and headers: for each log, its address and each topic set
/// three bits taken from the first six bytes of their keccak256.
public struct LogsBloom: Sendable, Equatable {
    public private(set) var bytes = [UInt8](repeating: 0, count: 256)

    public init() {}

    public init(_ logs: some Sequence<L1Log>) {
        for log in logs { add(log) }
    }

    public mutating func add(_ log: L1Log) {
        add(log.address.bytes)
        for topic in log.topics { add(topic.bytes) }
    }

    public mutating func formUnion(_ other: LogsBloom) {
        for i in 0..<256 { bytes[i] |= other.bytes[i] }
    }

    private mutating func add(_ value: [UInt8]) {
        let h = Keccak256.hash(value).bytes
        for pair in stride(from: 0, to: 6, by: 2) {
            let bit = (Int(h[pair]) << 8 | Int(h[pair + 1])) & 2047
            bytes[255 - bit / 8] |= 1 << UInt8(bit % 8)
        }
    }
}

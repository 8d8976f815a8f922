import RollportHost
import RollportToolkit

/// A deposit through the OptimismPortal: `depositTransaction(address,uint256,uint64,bool,bytes)`
/// sent with `mint` as the L1 value, and the `TransactionDeposited` log the portal emits
/// (version 0: data is the ABI `bytes` of mint ‖ value ‖ gasLimit ‖ isCreation ‖ data, packed).
struct Deposit {
    var to: Address
    var mint: UInt256
    var gasLimit: UInt64
    var data: [UInt8]

    static let selector = Keccak256.selector("depositTransaction(address,uint256,uint64,bool,bytes)")

    func calldata() throws(DevnetError) -> [UInt8] {
        try call(Self.selector, [.address(to), .uint(mint, bits: 256), .uint(gasLimit, bits: 64), .bool(false), .bytes(data)],
                 as: [.address, .uint256, .uint(bits: 64), .bool, .bytes])
    }

    var opaqueData: [UInt8] {
        let gas = (0..<8).map { UInt8(truncatingIfNeeded: gasLimit >> (56 - 8 * $0)) }
        return mint.bigEndianBytes + mint.bigEndianBytes + gas + [0] + data
    }

    func log(from: Address) throws(DevnetError) -> L1Log {
        L1Log(address: DevnetSpec.OP.optimismPortal,
              topics: [DevnetSpec.transactionDeposited, word(from), word(to), .zero],
              data: try encode([.bytes(opaqueData)], as: [.bytes]))
    }
}

/// An L2→L1 withdrawal as the portal sees it: `Types.WithdrawalTransaction` and its hash
/// (keccak256 of the ABI encoding of the six fields, as `Hashing.hashWithdrawal`).
struct Withdrawal {
    var nonce: UInt256
    var sender: Address
    var target: Address
    var value: UInt256
    var gasLimit: UInt64
    var data: [UInt8]

    static let tupleType: ABIType = .tuple([.uint256, .address, .address, .uint256, .uint256, .bytes])
    static let proveSelector = Keccak256.selector(
        "proveWithdrawalTransaction((uint256,address,address,uint256,uint256,bytes),uint256,(bytes32,bytes32,bytes32,bytes32),bytes[])")
    static let finalizeSelector = Keccak256.selector("finalizeWithdrawalTransaction((uint256,address,address,uint256,uint256,bytes))")

    var fields: [ABIValue] {
        [.uint(nonce, bits: 256), .address(sender), .address(target), .uint(value, bits: 256), .uint(gasLimit), .bytes(data)]
    }

    var hash: Hash32 {
        get throws(DevnetError) {
            Keccak256.hash(try encode(fields, as: [.uint256, .address, .address, .uint256, .uint256, .bytes]))
        }
    }

    /// The devnet has no L2 state to prove against: the dispute game index, output root proof
    /// and storage proof are random words of the right shapes.
    func proveCalldata(_ rng: inout SplitMix64) throws(DevnetError) -> [UInt8] {
        let proof: ABIValue = .tuple((0..<4).map { _ in .fixedBytes(rng.bytes(32)) })
        let nodes: ABIValue = .array((0..<3).map { _ in .bytes(rng.bytes(64 + Int(rng.next() % 64))) })
        return try call(Self.proveSelector, [.tuple(fields), .uint(rng.next() % 1000), proof, nodes],
                        as: [Self.tupleType, .uint256, .tuple([.bytes32, .bytes32, .bytes32, .bytes32]), .array(.bytes)])
    }

    func finalizeCalldata() throws(DevnetError) -> [UInt8] {
        try call(Self.finalizeSelector, [.tuple(fields)], as: [Self.tupleType])
    }

    func provenLog() throws(DevnetError) -> L1Log {
        L1Log(address: DevnetSpec.OP.optimismPortal, topics: [DevnetSpec.withdrawalProven, try hash, word(sender), word(target)], data: [])
    }

    func finalizedLog() throws(DevnetError) -> L1Log {
        L1Log(address: DevnetSpec.OP.optimismPortal, topics: [DevnetSpec.withdrawalFinalized, try hash],
              data: try encode([.bool(true)], as: [.bool]))
    }
}

/// An address as an indexed topic: left-padded to 32 bytes.
private func word(_ address: Address) -> Hash32 {
    Hash32(bytes: [UInt8](repeating: 0, count: 12) + address.bytes) ?? .zero
}

private func encode(_ values: [ABIValue], as types: [ABIType]) throws(DevnetError) -> [UInt8] {
    do { return try ABICodec.encode(values, as: types) } catch { throw DevnetError("ABI encoding: \(error)") }
}

private func call(_ selector: UInt32, _ values: [ABIValue], as types: [ABIType]) throws(DevnetError) -> [UInt8] {
    [UInt8(selector >> 24), UInt8(truncatingIfNeeded: selector >> 16), UInt8(truncatingIfNeeded: selector >> 8), UInt8(truncatingIfNeeded: selector)]
        + (try encode(values, as: types))
}

import RollportHost
import RollportToolkit
import Testing

/// Transactions of every Ethereum type, rendered as nodes give them and read back: the fields
/// re-encode to the signed bytes, so the reader keeps them as `raw`.
@Suite struct L1RPCShapesTests {
    static let key = try! Secp256k1.PrivateKey(bytes: Keccak256.hash("shapes test key").bytes)
    static let to = Address(bytes: [UInt8](repeating: 0x42, count: 20))!

    static var transactions: [SignedTransaction] {
        let slot = Keccak256.hash("slot")
        return [
            SignedTransaction(type: 0, chainID: nil, nonce: 1, gasPrice: UInt256(7), gasLimit: 21_000, to: to, value: UInt256(3)),
            SignedTransaction(type: 0, chainID: 1, nonce: 2, gasPrice: UInt256(7), gasLimit: 21_000, to: to, value: UInt256(3)),
            SignedTransaction(type: 1, chainID: 1, nonce: 3, gasPrice: UInt256(9), gasLimit: 50_000, to: nil, input: [0x60, 0x00],
                              accessList: [.init(address: to, storageKeys: [slot])]),
            SignedTransaction(type: 2, chainID: 900, nonce: 4, maxPriorityFeePerGas: UInt256(1), maxFeePerGas: UInt256(5),
                              gasLimit: 60_000, to: to, input: [1, 2, 3]),
            SignedTransaction(type: 3, chainID: 900, nonce: 5, maxPriorityFeePerGas: UInt256(1), maxFeePerGas: UInt256(5),
                              gasLimit: 60_000, to: to, maxFeePerBlobGas: UInt256(2),
                              blobVersionedHashes: [Hash32(bytes: [0x01] + [UInt8](repeating: 9, count: 31))!]),
            SignedTransaction(type: 4, chainID: 900, nonce: 6, maxPriorityFeePerGas: UInt256(1), maxFeePerGas: UInt256(5),
                              gasLimit: 60_000, to: to,
                              authorizationList: [.init(chainID: UInt256(900), address: to, nonce: 0, yParity: 1, r: UInt256(11), s: UInt256(12))]),
        ]
    }

    @Test(arguments: 0..<6) func signedFieldsReadBackToTheSameBytes(_ index: Int) throws {
        let signed = try Self.transactions[index].signed(with: Self.key)
        let tx = L1Transaction(type: signed.type, hash: signed.hash, from: Self.key.address, to: signed.to, nonce: signed.nonce,
                               chainID: signed.chainID, value: signed.value.bigEndianBytes, input: signed.input,
                               raw: signed.canonicalEncoding, blobVersionedHashes: signed.blobVersionedHashes, index: 3)
        let header = L1Header(number: 9, hash: Keccak256.hash("block"), parentHash: .zero, timestamp: 100)
        let json = L1RPCShapes.transaction(tx, header: header, baseFee: UInt256(2))
        let read = try L1RPCShapes.transaction(JSONValue.parse(json.compact), path: "result")
        #expect(read == tx)
        #expect(read.raw == signed.canonicalEncoding)
        // A field changed: the bytes no longer hash to the transaction hash, so none are kept.
        guard case .object(var members) = json, let n = members.firstIndex(where: { $0.0 == "nonce" }) else { return }
        members[n].1 = .string("0x63")
        #expect(try L1RPCShapes.transaction(.object(members), path: "result").raw == nil)
    }
}

import Foundation
import Testing
import RollportToolkit

/// Signing, sender recovery and the strict corners of decoding that the hand-built samples in
/// SignedTransactionTests do not reach.
@Suite("Transactions")
struct TransactionTests {
    static let key = try! Secp256k1.PrivateKey(bytes: [UInt8](repeating: 0x46, count: 32))

    // MARK: shared vectors

    @Test("the sender-recovery vectors: senders, hashes, and the high-s transaction refused")
    func senderRecoveryVectors() throws {
        guard let dir = SharedVectors.locate() else { return }
        let json = try SharedVectors.json("proofs/secp256k1/tx_sender_recovery.json", in: dir)
        let vectors = try #require(json["vectors"] as? [[String: Any]])
        let expectedKey = try Secp256k1.PrivateKey(hex: try #require(json["private_key"] as? String))
        var recovered = 0, refused = 0
        for vector in vectors {
            let name = vector["name"] as? String ?? "?"
            let tx = try SignedTransaction(encoded: try Hex.decode(try #require(vector["raw_tx"] as? String)))
            #expect(tx.signingHash == (try Hash32(hex: try #require(vector["signing_hash"] as? String))), "\(name)")
            if let sender = vector["expected_sender"] as? String {
                #expect(try tx.recoverSender() == (try Address(hex: sender)), "\(name)")
                #expect(expectedKey.address == (try Address(hex: sender)))
                #expect(tx.hash == (try Hash32(hex: try #require(vector["tx_hash"] as? String))), "\(name)")
                #expect(try tx.signed(with: expectedKey) == tx, "\(name): re-signing gives the same signature")
                recovered += 1
            } else {
                #expect(vector["expected_error"] as? String != nil)
                #expect(tx.s > Secp256k1.halfOrder)
                #expect(throws: SignedTransaction.SenderError(field: "s", reason: .highS)) { try tx.recoverSender() }
                // The same signature with the low s recovers the key's address.
                var twin = tx
                twin.s = Secp256k1.order.subtractingReportingOverflow(tx.s).partialValue
                twin.yParity ^= 1
                #expect(try twin.recoverSender() == expectedKey.address)
                refused += 1
            }
        }
        #expect(recovered == 6 && refused == 1)
    }

    // MARK: signing

    @Test("signing the EIP-155 example gives the bytes printed in EIP-155")
    func eip155Example() throws {
        var tx = SignedTransaction(type: 0, chainID: 1, nonce: 9, gasPrice: UInt256(20_000_000_000), gasLimit: 21_000,
                                   to: Samples.to, value: UInt256(Samples.oneEther))
        #expect(tx.signingHash == (try Hash32(hex: "0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53")))
        try tx.sign(with: Self.key)
        #expect(tx.encoded() == Samples.legacy(Samples.legacyFields(v: 37)))
        #expect(tx.v == UInt256(37))
        #expect(try tx.recoverSender() == Self.key.address)
    }

    @Test("every type signs and recovers; legacy v follows the chain id", arguments: [UInt8(0), 1, 2, 3, 4])
    func signAndRecover(type: UInt8) throws {
        var tx = SignedTransaction(type: type, chainID: 1 << 40, nonce: 3, gasPrice: UInt256(7), maxPriorityFeePerGas: UInt256(1),
                                   maxFeePerGas: UInt256(9), to: Samples.to, value: .max, input: [1, 2, 3])
        if type == 3 { tx.blobVersionedHashes = Samples.blobHashes }
        if type == 4 {
            var authorization = SignedTransaction.Authorization(chainID: .zero, address: Samples.to, nonce: 1)
            try authorization.sign(with: Self.key)
            tx.authorizationList = [authorization]
        }
        let signed = try tx.signed(with: Self.key)
        let decoded = try SignedTransaction(encoded: signed.encoded())
        // Fields the type does not have (gasPrice on type 2, …) are neither encoded nor decoded.
        #expect(decoded.encoded() == signed.encoded() && decoded.hash == signed.hash)
        #expect(decoded.value == .max && decoded.input == [1, 2, 3] && decoded.nonce == 3 && decoded.chainID == 1 << 40)
        #expect(try decoded.recoverSender() == Self.key.address)
        #expect(decoded.recoverAuthorities().map { try? $0.get() } == (type == 4 ? [Self.key.address] : []))
        if type == 0 {
            #expect(decoded.v == UInt256((1 << 41) + 35 + UInt64(decoded.yParity)))
            var pre155 = tx
            pre155.chainID = nil
            let old = try SignedTransaction(encoded: try pre155.signed(with: Self.key).encoded())
            #expect(old.chainID == nil && (old.v == UInt256(27) || old.v == UInt256(28)))
            #expect(try old.recoverSender() == Self.key.address)
            #expect(old.signingHash != decoded.signingHash)
        }
    }

    @Test("a legacy chain id near 2^64 gives a v wider than 64 bits, and decodes back")
    func hugeLegacyChainID() throws {
        let tx = try SignedTransaction(type: 0, chainID: .max, to: Samples.to).signed(with: Self.key)
        #expect(tx.v.bitWidth == 66)
        let decoded = try SignedTransaction(encoded: tx.encoded())
        #expect(decoded.chainID == .max)
        #expect(try decoded.recoverSender() == Self.key.address)
        // One more and the chain id no longer fits.
        var fields = Samples.legacyFields()
        fields[6] = .bytes(tx.v.addingReportingOverflow(UInt256(2)).partialValue.minimalBigEndianBytes)
        let error = expectTransactionError(Samples.legacy(fields), "does not fit 64 bits")
        #expect(error?.contains("(at byte ") == true)
    }

    @Test("signature problems name the field")
    func senderErrors() throws {
        let good = try SignedTransaction(type: 2, chainID: 1, to: Samples.to).signed(with: Self.key)
        var tx = good
        tx.r = .zero
        #expect(throws: SignedTransaction.SenderError(field: "r", reason: .rOutOfRange)) { try tx.recoverSender() }
        tx = good
        tx.s = Secp256k1.order
        #expect(throws: SignedTransaction.SenderError(field: "s", reason: .sOutOfRange)) { try tx.recoverSender() }
        tx = good
        tx.yParity = 2
        #expect(throws: SignedTransaction.SenderError(field: "yParity", reason: .invalidRecoveryID(2))) { try tx.recoverSender() }
        tx = good
        tx.r = UInt256(5)
        do {
            _ = try tx.recoverSender()
            Issue.record("recovered a sender for r = 5")
        } catch {
            #expect(error.field == "r" && error.reason == .unrecoverable)
            #expect(error.description.contains("invalid transaction signature: field `r`"))
        }
        // A different signature recovers someone else: the sender is whoever signed.
        tx = good
        tx.yParity ^= 1
        #expect(try tx.recoverSender() != Self.key.address)
    }

    @Test("parallel recovery: one result per transaction, in order, errors where they belong")
    func parallelRecovery() throws {
        var txs = [SignedTransaction]()
        var keys = [Address?]()
        for i in 0..<37 {
            let key = try Secp256k1.PrivateKey(bytes: Keccak256.hash("parallel \(i)").bytes)
            var tx = try SignedTransaction(type: UInt8(i % 3), chainID: 10, nonce: UInt64(i), to: Samples.to).signed(with: key)
            if i % 5 == 0 {
                tx.s = Secp256k1.order.subtractingReportingOverflow(tx.s).partialValue
                keys.append(nil)
            } else {
                keys.append(key.address)
            }
            txs.append(tx)
        }
        for threads in [0, 1, 2, 4, 64] {
            let results = SignedTransaction.recoverSenders(txs, threads: threads)
            #expect(results.count == txs.count)
            #expect(results.map { try? $0.get() } == keys, "\(threads) threads")
            for (i, result) in results.enumerated() where keys[i] == nil {
                if case .failure(let error) = result { #expect(error.reason == .highS && error.field == "s") }
            }
        }
        #expect(SignedTransaction.recoverSenders([], threads: 2).isEmpty)
    }

    // MARK: EIP-7702

    @Test("authorization signing hash is keccak256(0x05 ‖ rlp([chain_id, address, nonce]))")
    func authorizationHash() throws {
        let authorization = SignedTransaction.Authorization(chainID: UInt256(1), address: Samples.to, nonce: 6)
        let expected = Keccak256.hash([0x05] + RLP.list([.bytes([1]), .bytes(Samples.to.bytes), .bytes([6])]).encoded())
        #expect(authorization.signingHash == expected)
        let zero = SignedTransaction.Authorization(chainID: .zero, address: Samples.to, nonce: 0)
        #expect(zero.signingHash == Keccak256.hash([0x05] + RLP.list([.bytes([]), .bytes(Samples.to.bytes), .bytes([])]).encoded()))
    }

    @Test("invalid authorizations are reported one by one, not thrown")
    func invalidAuthorizations() throws {
        var valid = SignedTransaction.Authorization(chainID: UInt256(1), address: Samples.to, nonce: 0)
        try valid.sign(with: Self.key)
        var highS = valid
        highS.s = Secp256k1.order.subtractingReportingOverflow(valid.s).partialValue
        highS.yParity ^= 1
        var badParity = valid
        badParity.yParity = 27
        var zeroR = valid
        zeroR.r = .zero
        let tx = try SignedTransaction(type: 4, chainID: 1, to: Samples.to, authorizationList: [valid, highS, badParity, zeroR])
            .signed(with: Self.key)
        let decoded = try SignedTransaction(encoded: tx.encoded())
        #expect(decoded.authorizationList == [valid, highS, badParity, zeroR])
        let results = decoded.recoverAuthorities()
        #expect(try results[0].get() == Self.key.address)
        #expect(results.dropFirst().map { result -> Secp256k1.Error? in
            if case .failure(let e) = result { return e }
            return nil
        } == [.highS, .invalidRecoveryID(27), .rOutOfRange])
        #expect(try decoded.recoverSender() == Self.key.address)
    }

    // MARK: strict decoding

    @Test("typed yParity must be 0 or 1", arguments: [UInt64(2), 27, 255, 256])
    func typedParity(parity: UInt64) {
        var fields = Samples.type2Fields()
        fields[9] = rlpInt(parity)
        expectTransactionError(Samples.typed(2, fields), "type-2 transaction: field `yParity` is \(parity); expected 0 or 1")
    }

    @Test("errors carry the field and the byte where it starts")
    func fieldAndOffset() throws {
        var fields = Samples.type2Fields()
        fields[1] = rlpHex("0x0007")
        let raw = Samples.typed(2, fields)
        do {
            _ = try SignedTransaction(encoded: raw)
            Issue.record("decoded a nonce with a leading zero")
        } catch {
            #expect(error.field == "nonce")
            // 0x02, the list header (2 bytes: the body is 56 bytes or more), chainId (3 bytes).
            #expect(error.offset == 1 + 2 + 3)
            #expect(raw[error.offset ?? 0] == 0x82)
            #expect(error.message.contains("(at byte 6)"))
        }
        do {
            _ = try SignedTransaction(encoded: [0x02, 0xc1])
        } catch {
            #expect(error.offset == 1)
        }
    }

    @Test("access lists are [[address, [key…]]…] with 20- and 32-byte strings")
    func accessLists() {
        let to = Samples.toItem
        let key = RLP.bytes([UInt8](repeating: 7, count: 32))
        let cases: [(RLP, String)] = [
            (.bytes([]), "field `accessList` is not a list"),
            (.list([.bytes([])]), "field `accessList[0]` is not a list of [address, storageKeys]"),
            (.list([.list([to])]), "field `accessList[0]` is not a list of [address, storageKeys]"),
            (.list([.list([to, .list([]), .list([])])]), "field `accessList[0]` is not a list"),
            (.list([.list([.bytes([1]), .list([])])]), "field `accessList[0].address` is not 20 bytes"),
            (.list([.list([.list([]), .list([])])]), "field `accessList[0].address` is not 20 bytes"),
            (.list([.list([to, key])]), "field `accessList[0].storageKeys` is not a list"),
            (.list([.list([to, .list([]), ]), .list([to, .list([key, .bytes([1])])])]), "field `accessList[1].storageKeys[1]` is not 32 bytes"),
            (.list([.list([to, .list([.list([])])])]), "field `accessList[0].storageKeys[0]` is not 32 bytes"),
        ]
        for (item, message) in cases {
            var fields = Samples.type2Fields()
            fields[8] = item
            expectTransactionError(Samples.typed(2, fields), message)
            var type1 = Samples.type1Fields()
            type1[7] = item
            expectTransactionError(Samples.typed(1, type1), message)
        }
    }

    @Test("authorization lists are [[chain_id, address, nonce, y_parity, r, s]…], each value canonical and in size")
    func authorizationLists() {
        let good: [RLP] = [rlpInt(1), .bytes([UInt8](repeating: 0x77, count: 20)), rlpInt(6), rlpInt(1), Samples.r, Samples.s]
        func with(_ index: Int, _ item: RLP) -> RLP {
            var copy = good
            copy[index] = item
            return .list(copy)
        }
        let cases: [(RLP, String)] = [
            (.bytes([]), "field `authorizationList` is not a list"),
            (.list([.list(Array(good.dropLast()))]), "field `authorizationList[0]` is not a list of [chainId, address, nonce, yParity, r, s]"),
            (.list([.list(good + [rlpInt(1)])]), "is not a list of [chainId, address, nonce, yParity, r, s]"),
            (.list([.bytes([])]), "is not a list of"),
            (.list([.list(good), with(1, .bytes([1, 2]))]), "field `authorizationList[1].address` is not 20 bytes"),
            (.list([with(0, rlpHex("0x0001"))]), "field `authorizationList[0].chainId` has a leading zero byte"),
            (.list([with(0, .bytes([UInt8](repeating: 1, count: 33)))]), "field `authorizationList[0].chainId` has 33 bytes; at most 32 fit"),
            (.list([with(2, .bytes([UInt8](repeating: 1, count: 9)))]), "field `authorizationList[0].nonce` has 9 bytes; at most 8 fit"),
            (.list([with(3, rlpInt(256))]), "field `authorizationList[0].yParity` has 2 bytes; at most 1 fit"),
            (.list([with(3, rlpHex("0x00"))]), "field `authorizationList[0].yParity` has a leading zero byte"),
            (.list([with(4, .list([]))]), "field `authorizationList[0].r` is a list; expected bytes"),
            (.list([with(5, .bytes([0] + [UInt8](repeating: 1, count: 31)))]), "field `authorizationList[0].s` has a leading zero byte"),
        ]
        for (item, message) in cases {
            var fields = Samples.type4Fields()
            fields[9] = item
            expectTransactionError(Samples.typed(4, fields), "type-4 transaction:", message)
        }
        // y_parity up to 255 and chain ids beyond 64 bits decode; recovery judges them.
        var fields = Samples.type4Fields()
        fields[9] = .list([with(3, rlpInt(255)), with(0, .bytes([UInt8](repeating: 0xff, count: 32)))])
        #expect(throws: Never.self) {
            let tx = try SignedTransaction(encoded: Samples.typed(4, fields))
            #expect(tx.authorizationList.map(\.yParity) == [255, 1])
            #expect(tx.authorizationList[1].chainID == .max)
            #expect(tx.encoded() == Samples.typed(4, fields))
        }
    }

    @Test("fees, gas and the signature values are canonical integers of bounded size")
    func integerFields() {
        let names = SignedTransaction.fieldNames(type: 3)
        for (index, name) in names.enumerated() where !["to", "data", "accessList", "blobVersionedHashes"].contains(name) {
            var fields = Samples.type3Fields()
            fields[index] = rlpHex("0x0001")
            expectTransactionError(Samples.typed(3, fields), "field `\(name)` has a leading zero byte")
            let limit = ["chainId", "nonce", "gas", "yParity"].contains(name) ? 8 : 32
            fields[index] = .bytes([UInt8](repeating: 1, count: limit + 1))
            expectTransactionError(Samples.typed(3, fields), "field `\(name)` has \(limit + 1) bytes; at most \(limit) fit")
            // A list first is the network form; everywhere else it is a misplaced list.
            guard index > 0 else { continue }
            fields[index] = .list([])
            expectTransactionError(Samples.typed(3, fields), "field `\(name)` is a list; expected bytes")
        }
        for (index, name) in SignedTransaction.fieldNames(type: 0).enumerated() where !["to", "data"].contains(name) {
            var fields = Samples.legacyFields()
            fields[index] = rlpHex("0x0001")
            expectTransactionError(Samples.legacy(fields), "legacy transaction: field `\(name)` has a leading zero byte")
        }
    }

    @Test("network form: encoded() gives back the sidecar, the hash covers only the transaction")
    func networkForm() throws {
        let raw = Samples.type3Network(Samples.type3Fields(), Samples.sidecar(blobSize: 100))
        let tx = try SignedTransaction(encoded: raw)
        #expect(tx.encoded() == raw)
        #expect(tx.hash == Keccak256.hash(Samples.typed(3, Samples.type3Fields())))
        var bare = tx
        bare.sidecar = nil
        #expect(bare.encoded() == tx.canonicalEncoding && bare.hash == tx.hash && bare.signingHash == tx.signingHash)
    }
}

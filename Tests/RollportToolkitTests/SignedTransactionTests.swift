import Testing
import RollportToolkit

@Suite("SignedTransaction")
struct SignedTransactionTests {
    // MARK: Legacy

    @Test("legacy EIP-155 (v = 37) is chain 1, and encodes to the EIP-155 example bytes")
    func legacyEIP155() throws {
        let raw = Samples.legacy(Samples.legacyFields(v: 37))
        // The signed example printed in EIP-155 itself.
        #expect(raw == hex("0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83"))
        let tx = try SignedTransaction(encoded: raw)
        #expect(tx.type == 0)
        #expect(tx.chainID == 1)
        #expect(tx.nonce == 9)
        #expect(tx.to == Samples.to)
        #expect(tx.value == UInt256(Samples.oneEther))
        #expect(tx.input == [])
        #expect(tx.blobVersionedHashes == [])
        #expect(tx.sidecar == nil)
        #expect(tx.canonicalEncoding == raw)
    }

    static let legacyChainIDs: [(v: UInt64, chainID: UInt64?)] = [
        (27, nil), (28, nil), (35, 0), (36, 0), (37, 1), (38, 1), (55, 10), (56, 10),
        (84357, 42161), (84358, 42161), (162950, 81457), (UInt64.max, (UInt64.max - 35) / 2),
    ]

    @Test("legacy v maps to the chain ID", arguments: legacyChainIDs)
    func legacyChainID(v: UInt64, chainID: UInt64?) throws {
        let tx = try SignedTransaction(encoded: Samples.legacy(Samples.legacyFields(v: v)))
        #expect(tx.chainID == chainID)
        #expect(tx.type == 0)
    }

    @Test("legacy pre-EIP-155 (v = 27) has no chain ID")
    func legacyPreEIP155() throws {
        var fields = Samples.legacyFields(v: 27)
        fields[0] = rlpInt(0)
        fields[4] = rlpInt(1)
        fields[5] = rlpHex("0x00")
        let raw = Samples.legacy(fields)
        let tx = try SignedTransaction(encoded: raw)
        #expect(tx.type == 0)
        #expect(tx.chainID == nil)
        #expect(tx.nonce == 0)
        #expect(tx.to == Samples.to)
        #expect(tx.value == UInt256(1))
        #expect(tx.input == [0x00])
        #expect(tx.blobVersionedHashes.isEmpty)
        #expect(tx.sidecar == nil)
        #expect(tx.canonicalEncoding == raw)
    }

    @Test("legacy contract creation has no `to`")
    func legacyCreation() throws {
        var fields = Samples.legacyFields()
        fields[3] = .bytes([])
        fields[5] = .bytes([UInt8](repeating: 0x60, count: 300))
        let tx = try SignedTransaction(encoded: Samples.legacy(fields))
        #expect(tx.to == nil)
        #expect(tx.input == [UInt8](repeating: 0x60, count: 300))
    }

    // MARK: Typed

    @Test("type 1 (EIP-2930)")
    func type1() throws {
        let raw = Samples.typed(1, Samples.type1Fields())
        let tx = try SignedTransaction(encoded: raw)
        #expect(tx.type == 1)
        #expect(tx.chainID == 10)
        #expect(tx.nonce == 1)
        #expect(tx.to == Samples.to)
        #expect(tx.value == UInt256(0))
        #expect(tx.input == [0x12, 0x34])
        #expect(tx.blobVersionedHashes.isEmpty)
        #expect(tx.sidecar == nil)
        #expect(tx.canonicalEncoding == raw)

        var creation = Samples.type1Fields()
        creation[4] = .bytes([])
        #expect(try SignedTransaction(encoded: Samples.typed(1, creation)).to == nil)
    }

    @Test("type 2 (EIP-1559), including contract creation")
    func type2() throws {
        let raw = Samples.typed(2, Samples.type2Fields())
        let tx = try SignedTransaction(encoded: raw)
        #expect(tx.type == 2)
        #expect(tx.chainID == 42161)
        #expect(tx.nonce == 7)
        #expect(tx.to == Samples.to)
        #expect(tx.value == UInt256(12345))
        #expect(tx.input == [0xde, 0xad, 0xbe, 0xef])
        #expect(tx.blobVersionedHashes.isEmpty)
        #expect(tx.sidecar == nil)
        #expect(tx.canonicalEncoding == raw)

        let creation = try SignedTransaction(encoded: Samples.typed(2, Samples.type2Fields(to: .bytes([]))))
        #expect(creation.to == nil)
        #expect(creation.type == 2)
    }

    @Test("the largest nonce and value fit")
    func extremes() throws {
        var fields = Samples.type2Fields()
        fields[1] = rlpInt(.max)
        fields[6] = .bytes([UInt8](repeating: 0xff, count: 32))
        let tx = try SignedTransaction(encoded: Samples.typed(2, fields))
        #expect(tx.nonce == .max)
        #expect(tx.value == .max)
        fields[0] = rlpInt(0)
        fields[1] = rlpInt(0)
        let zero = try SignedTransaction(encoded: Samples.typed(2, fields))
        #expect(zero.chainID == 0)
        #expect(zero.nonce == 0)
    }

    @Test("type 3 (EIP-4844) with two blob versioned hashes")
    func type3() throws {
        let raw = Samples.typed(3, Samples.type3Fields())
        let tx = try SignedTransaction(encoded: raw)
        #expect(tx.type == 3)
        #expect(tx.chainID == 1)
        #expect(tx.nonce == 3)
        #expect(tx.to == Samples.to)
        #expect(tx.value == UInt256(0))
        #expect(tx.input == [])
        #expect(tx.blobVersionedHashes == Samples.blobHashes)
        #expect(tx.blobVersionedHashes.map(\.description) == [
            "0x01" + String(repeating: "ab", count: 31), "0x01" + String(repeating: "cd", count: 31),
        ])
        #expect(tx.sidecar == nil)
        #expect(tx.canonicalEncoding == raw)
    }

    @Test("type 3 in network form: the sidecar is read and the canonical encoding drops it")
    func type3NetworkForm() throws {
        let body = Samples.type3Fields()
        let sidecar = Samples.sidecar(blobSize: 131_072)
        let raw = Samples.type3Network(body, sidecar)
        let tx = try SignedTransaction(encoded: raw)
        #expect(tx.canonicalEncoding == [0x03] + RLP.list(body).encoded())
        #expect(tx.canonicalEncoding == Samples.typed(3, body))
        #expect(tx.canonicalEncoding.count < raw.count)
        let plain = try SignedTransaction(encoded: Samples.typed(3, body))
        #expect(tx.type == 3)
        #expect(tx.chainID == 1)
        #expect(tx.nonce == 3)
        #expect(tx.to == Samples.to)
        #expect(tx.value == UInt256(0))
        #expect(tx.input == [])
        #expect(tx.blobVersionedHashes == Samples.blobHashes)
        let decoded = try #require(tx.sidecar)
        #expect(decoded.blobs == sidecar.blobs)
        #expect(decoded.commitments == sidecar.commitments)
        #expect(decoded.proofs == sidecar.proofs)
        var withoutSidecar = tx
        withoutSidecar.sidecar = nil
        #expect(withoutSidecar == plain)
        // The canonical encoding is itself a valid transaction.
        #expect(try SignedTransaction(encoded: tx.canonicalEncoding) == plain)
    }

    @Test("type 3 in the EIP-7594 network form: wrapper version 1 and cell proofs")
    func type3CellProofForm() throws {
        let body = Samples.type3Fields()
        let sidecar = Samples.sidecar(blobSize: 64)
        let cellProofs = (0..<4).map { [UInt8](repeating: UInt8($0), count: 48) }
        let raw = Samples.typed(3, [.list(body), .bytes([1]), .list(sidecar.blobs.map(RLP.bytes)),
                                    .list(sidecar.commitments.map(RLP.bytes)), .list(cellProofs.map(RLP.bytes))])
        let tx = try SignedTransaction(encoded: raw)
        #expect(tx.canonicalEncoding == Samples.typed(3, body))
        let decoded = try #require(tx.sidecar)
        #expect(decoded.wrapperVersion == 1 && decoded.proofs == cellProofs && decoded.blobs == sidecar.blobs)
        #expect(try SignedTransaction(encoded: Samples.type3Network(body, sidecar)).sidecar?.wrapperVersion == 0)
        let unknownVersion = Samples.typed(3, [.list(body), .bytes([2]), .list([]), .list([]), .list([])])
        #expect(throws: SignedTransaction.DecodingError.self) { try SignedTransaction(encoded: unknownVersion) }
    }

    @Test("type 4 (EIP-7702)")
    func type4() throws {
        let raw = Samples.typed(4, Samples.type4Fields())
        let tx = try SignedTransaction(encoded: raw)
        #expect(tx.type == 4)
        #expect(tx.chainID == 1)
        #expect(tx.nonce == 5)
        #expect(tx.to == Samples.to)
        #expect(tx.value == UInt256(0))
        #expect(tx.input == [0xa9, 0x05, 0x9c, 0xbb])
        #expect(tx.blobVersionedHashes.isEmpty)
        #expect(tx.sidecar == nil)
        #expect(tx.canonicalEncoding == raw)
    }

    // MARK: Errors

    @Test("empty input")
    func emptyInput() {
        let message = expectTransactionError([], "no bytes")
        #expect(message == "transaction: no bytes")
    }

    @Test("byte 0 that is neither a known type nor a list", arguments: [UInt8(0x00), 0x05, 0x7e, 0x7f, 0x80, 0xbf])
    func unknownType(first: UInt8) {
        expectTransactionError([first] + RLP.list(Samples.type2Fields()).encoded(),
                               "byte 0 is 0x\(Hex.encode([first], prefix: false));", "expected a type (0x01-0x04)")
    }

    @Test("0x05 is named in the message")
    func type5() {
        let message = expectTransactionError([0x05, 0xc0], "byte 0 is 0x05")
        #expect(message?.contains("legacy, 0xc0 and above") == true)
    }

    @Test("wrong field counts name the type and both counts")
    func fieldCounts() {
        expectTransactionError(Samples.legacy(Array(Samples.legacyFields().dropLast())),
                               "legacy transaction: 8 fields; expected 9")
        expectTransactionError(Samples.legacy(Samples.legacyFields() + [rlpInt(1)]),
                               "legacy transaction: 10 fields; expected 9")
        expectTransactionError(Samples.legacy([]), "legacy transaction: 0 fields; expected 9")
        expectTransactionError(Samples.typed(1, Array(Samples.type1Fields().dropLast())), "type-1 transaction: 10 fields; expected 11")
        expectTransactionError(Samples.typed(1, Samples.type2Fields()), "type-1 transaction: 12 fields; expected 11")
        expectTransactionError(Samples.typed(2, Samples.type1Fields()), "type-2 transaction: 11 fields; expected 12")
        expectTransactionError(Samples.typed(2, Samples.type3Fields()), "type-2 transaction: 14 fields; expected 12")
        expectTransactionError(Samples.typed(3, Samples.type4Fields()), "type-3 transaction: 13 fields; expected 14")
        expectTransactionError(Samples.typed(4, Samples.type3Fields()), "type-4 transaction: 14 fields; expected 13")
        expectTransactionError(Samples.typed(4, []), "type-4 transaction: 0 fields; expected 13")
    }

    @Test("network form needs four parts (or five with a wrapper version), and a well-formed body")
    func networkFormShape() {
        let body = RLP.list(Samples.type3Fields())
        let blobs = RLP.list([.bytes([1, 2, 3])])
        expectTransactionError(Samples.typed(3, [body, blobs, blobs]),
                               "blob transaction (network form): 3 fields; expected 4")
        expectTransactionError(Samples.typed(3, [body, blobs, blobs, blobs, blobs]),
                               "field `wrapper_version` is a list; expected bytes")
        expectTransactionError(Samples.typed(3, [body, blobs, blobs, blobs, blobs, blobs]),
                               "blob transaction (network form): 6 fields; expected 4")
        expectTransactionError(Samples.typed(3, [body, rlpInt(1), blobs, blobs]), "field `blobs` is not a list")
        expectTransactionError(Samples.typed(3, [body, blobs, blobs, .list([.list([])])]), "field `proofs` is a list; expected bytes")
        expectTransactionError(Samples.typed(3, [.list(Samples.type2Fields()), blobs, blobs, blobs]),
                               "type-3 transaction: 12 fields; expected 14")
    }

    @Test("a leading zero in an integer field is non-canonical")
    func leadingZero() {
        var fields = Samples.type2Fields()
        fields[1] = rlpHex("0x0001")
        expectTransactionError(Samples.typed(2, fields), "field `nonce` has a leading zero byte")
        // Zero as the byte 0x00 rather than the empty string.
        fields[1] = rlpHex("0x00")
        expectTransactionError(Samples.typed(2, fields), "field `nonce` has a leading zero byte")

        var legacy = Samples.legacyFields()
        legacy[0] = rlpHex("0x0009")
        expectTransactionError(Samples.legacy(legacy), "field `nonce` has a leading zero byte")
        legacy = Samples.legacyFields()
        legacy[4] = rlpHex("0x000de0b6b3a7640000")
        expectTransactionError(Samples.legacy(legacy), "field `value` has a leading zero byte")
        legacy = Samples.legacyFields()
        legacy[6] = rlpHex("0x0025")
        expectTransactionError(Samples.legacy(legacy), "field `v` has a leading zero byte")

        fields = Samples.type2Fields()
        fields[0] = rlpHex("0x00a4b1")
        expectTransactionError(Samples.typed(2, fields), "field `chainId` has a leading zero byte")
    }

    @Test("integers wider than their type are rejected")
    func oversizedIntegers() {
        var fields = Samples.type2Fields()
        fields[1] = .bytes([UInt8](repeating: 1, count: 9))
        expectTransactionError(Samples.typed(2, fields), "field `nonce` has 9 bytes; at most 8 fit")
        fields = Samples.type2Fields()
        fields[6] = .bytes([UInt8](repeating: 1, count: 33))
        expectTransactionError(Samples.typed(2, fields), "field `value` has 33 bytes; at most 32 fit")
    }

    @Test("`to` must be 20 bytes or empty", arguments: [1, 19, 21, 32])
    func badTo(count: Int) {
        var fields = Samples.type2Fields()
        fields[5] = .bytes([UInt8](repeating: 0x11, count: count))
        expectTransactionError(Samples.typed(2, fields), "`to` has \(count) bytes; expected 20 or none")
        var legacy = Samples.legacyFields()
        legacy[3] = .bytes([UInt8](repeating: 0x11, count: count))
        expectTransactionError(Samples.legacy(legacy), "`to` has \(count) bytes")
        var type1 = Samples.type1Fields()
        type1[4] = .bytes([UInt8](repeating: 0x11, count: count))
        expectTransactionError(Samples.typed(1, type1), "`to` has \(count) bytes")
    }

    @Test("types 3 and 4 cannot create contracts")
    func emptyTo() {
        expectTransactionError(Samples.typed(3, Samples.type3Fields(to: .bytes([]))),
                               "type-3 transaction: `to` is empty, but this type cannot create contracts")
        expectTransactionError(Samples.type3Network(Samples.type3Fields(to: .bytes([])), Samples.sidecar(blobSize: 8)),
                               "type-3 transaction: `to` is empty")
        expectTransactionError(Samples.typed(4, Samples.type4Fields(to: .bytes([]))),
                               "type-4 transaction: `to` is empty, but this type cannot create contracts")
    }

    @Test("legacy v must be 27, 28 or at least 35", arguments: [UInt64(0), 1, 26, 29, 30, 34])
    func badV(v: UInt64) {
        expectTransactionError(Samples.legacy(Samples.legacyFields(v: v)),
                               "legacy transaction: v = \(v); expected 27, 28 or 35 + 2·chainId (+1)")
    }

    @Test("blob versioned hashes must be a list of 32-byte strings")
    func badBlobHashes() throws {
        expectTransactionError(Samples.typed(3, Samples.type3Fields(hashes: [.bytes(Samples.blobHashes[0].bytes), .bytes([UInt8](repeating: 1, count: 31))])),
                               "blobVersionedHashes[1] is not 32 bytes")
        expectTransactionError(Samples.typed(3, Samples.type3Fields(hashes: [.list([])])), "blobVersionedHashes[0] is not 32 bytes")
        var fields = Samples.type3Fields()
        fields[10] = .bytes(Samples.blobHashes[0].bytes)
        expectTransactionError(Samples.typed(3, fields), "blobVersionedHashes is not a list")
        // No blobs at all is a matter for validation, not decoding.
        #expect(try SignedTransaction(encoded: Samples.typed(3, Samples.type3Fields(hashes: []))).blobVersionedHashes == [])
    }

    @Test("a list where bytes belong is named")
    func listForBytes() {
        var fields = Samples.type2Fields()
        fields[7] = .list([])
        expectTransactionError(Samples.typed(2, fields), "field `data` is a list; expected bytes")
        fields = Samples.type2Fields()
        fields[5] = .list([])
        expectTransactionError(Samples.typed(2, fields), "field `to` is a list; expected bytes")
        var legacy = Samples.legacyFields()
        legacy[6] = .list([])
        expectTransactionError(Samples.legacy(legacy), "field `v` is a list; expected bytes")
    }

    @Test("RLP problems are reported at their offset in the whole transaction")
    func rlpErrors() {
        expectTransactionError([0x02], "RLP: input is empty")
        expectTransactionError([0x02, 0x80], "payload at byte 1 is an RLP string; expected a list")
        expectTransactionError([0x02, 0x05], "payload at byte 1 is an RLP string")
        expectTransactionError([0x02, 0xc1], "truncated", "at byte 1 ")
        let typed = Samples.typed(2, Samples.type2Fields())
        expectTransactionError(typed + [0x00], "unexpected bytes after the item, starting at byte \(typed.count)")
        let legacy = Samples.legacy(Samples.legacyFields())
        expectTransactionError(Array(legacy.dropLast()), "truncated", "at byte 0 ")
        expectTransactionError(legacy + [0x80], "1 unexpected bytes", "starting at byte \(legacy.count)")
        // `data` = 0x00 written as the non-canonical one-byte string 0x8100.
        let fields = Samples.type2Fields()
        let before = fields[..<7].flatMap { $0.encoded() }
        let body = before + [0x81, 0x00] + fields[8...].flatMap { $0.encoded() }
        let header = listHeader(bodyLength: body.count)
        let message = expectTransactionError([0x02] + header + body, "single byte 0x00 must be encoded as itself")
        #expect(message?.contains("at byte \(1 + header.count + before.count)") == true, "\(message ?? "")")
    }

    @Test("deep nesting inside a transaction is an error, not a crash")
    func deepNesting() {
        let (nested, _) = nestedLists(10_000)
        expectTransactionError([0x02] + nested, "nested deeper than \(RLP.maxDepth)")
        expectTransactionError(nested, "nested deeper than \(RLP.maxDepth)")
        expectTransactionError([0x02] + RLP.list([.list([])]).encoded(), "type-2 transaction: 1 fields; expected 12")
    }
}

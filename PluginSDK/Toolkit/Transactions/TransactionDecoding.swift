extension SignedTransaction {
    /// Decodes a signed transaction: `rlp([...])` for legacy, `type ‖ rlp([...])` for typed
    /// ones, and the EIP-4844 / EIP-7594 network forms of a blob transaction.
    public init(encoded raw: [UInt8]) throws(DecodingError) {
        guard let first = raw.first else { throw DecodingError("transaction: no bytes") }
        if first >= 0xc0 {
            self = try Self.legacy(raw)
        } else if (1...4).contains(first) {
            self = try Self.typed(first, raw)
        } else {
            throw DecodingError("transaction: byte 0 is 0x\(Hex.encode([first], prefix: false)); expected a type (0x01-0x04) or an RLP list (legacy, 0xc0 and above)",
                                field: "type", offset: 0)
        }
    }

    private static func list(_ bytes: ArraySlice<UInt8>, offset: Int) throws(DecodingError) -> [RLP] {
        let item: RLP
        do { item = try RLP.decode(bytes) } catch {
            throw DecodingError("transaction: \(error.shifted(by: offset).description)", offset: offset + error.offset)
        }
        guard case .list(let fields) = item else {
            throw DecodingError("transaction: the payload at byte \(offset) is an RLP string; expected a list", offset: offset)
        }
        return fields
    }

    private static func legacy(_ raw: [UInt8]) throws(DecodingError) -> SignedTransaction {
        let f = Fields(try list(raw[...], offset: 0), base: { 0 }, context: "legacy transaction", names: fieldNames(type: 0))
        try f.expectCount()
        let v = try f.u256(6)
        var chainID: UInt64?
        var yParity: UInt8
        if v == UInt256(27) || v == UInt256(28) {
            yParity = UInt8(truncatingIfNeeded: (v.uint64 ?? 27) - 27)
        } else if v >= UInt256(35) {
            let (id, parity) = v.subtractingReportingOverflow(UInt256(35)).partialValue.quotientAndRemainder(dividingBy: 2)
            guard let fits = id.uint64 else {
                throw f.error(6, "v = \(v) implies chain id \(id), which does not fit 64 bits")
            }
            chainID = fits
            yParity = UInt8(parity)
        } else {
            throw f.error(6, "v = \(v); expected 27, 28 or 35 + 2·chainId (+1)", named: false)
        }
        return SignedTransaction(
            type: 0, chainID: chainID, nonce: try f.uint64(0), gasPrice: try f.u256(1), gasLimit: try f.uint64(2),
            to: try f.to(3, creationAllowed: true), value: try f.u256(4), input: try f.bytes(5),
            yParity: yParity, r: try f.u256(7), s: try f.u256(8))
    }

    private static func typed(_ type: UInt8, _ raw: [UInt8]) throws(DecodingError) -> SignedTransaction {
        var items = try list(raw[1...], offset: 1)
        var base: @Sendable () -> Int = { 1 }
        var sidecar: BlobSidecarFields?
        if type == 3, let body = items.first, case .list(let inner) = body {
            // Network form: [tx_payload_body, blobs, commitments, proofs] (EIP-4844), or
            // [tx_payload_body, wrapper_version, blobs, commitments, cell_proofs] (EIP-7594).
            let outer = Fields(items, base: { 1 }, context: "blob transaction (network form)", names: [])
            switch items.count {
            case 4:
                sidecar = BlobSidecarFields(wrapperVersion: 0, blobs: try outer.byteList(1, "blobs"),
                                            commitments: try outer.byteList(2, "commitments"), proofs: try outer.byteList(3, "proofs"))
            case 5:
                let version = try outer.bytes(1, "wrapper_version")
                guard version == [1] else {
                    throw outer.error(1, "wrapper_version is 0x\(Hex.encode(version, prefix: false)); only 1 (EIP-7594 cell proofs) is known", named: false)
                }
                sidecar = BlobSidecarFields(wrapperVersion: 1, blobs: try outer.byteList(2, "blobs"),
                                            commitments: try outer.byteList(3, "commitments"), proofs: try outer.byteList(4, "cell_proofs"))
            default:
                throw DecodingError("blob transaction (network form): \(items.count) fields; expected 4 (tx, blobs, commitments, proofs) or 5 (tx, wrapper_version, blobs, commitments, cell_proofs)",
                                    offset: 1)
            }
            base = { outer.offset(of: 0) }
            items = inner
        }
        let f = Fields(items, base: base, context: "type-\(type) transaction", names: fieldNames(type: type))
        try f.expectCount()
        let dynamicFees = type >= 2
        let toIndex = dynamicFees ? 5 : 4
        let to = try f.to(toIndex, creationAllowed: type <= 2)
        var tx = SignedTransaction(
            type: type, chainID: try f.uint64(0), nonce: try f.uint64(1), gasLimit: try f.uint64(toIndex - 1), to: to,
            value: try f.u256(toIndex + 1), input: try f.bytes(toIndex + 2), accessList: try f.accessList(toIndex + 3),
            sidecar: sidecar)
        if dynamicFees {
            tx.maxPriorityFeePerGas = try f.u256(2)
            tx.maxFeePerGas = try f.u256(3)
        } else {
            tx.gasPrice = try f.u256(2)
        }
        if type == 3 {
            tx.maxFeePerBlobGas = try f.u256(9)
            tx.blobVersionedHashes = try f.hashes(10)
        }
        if type == 4 { tx.authorizationList = try f.authorizations(9) }
        let signature = items.count - 3
        let parity = try f.uint64(signature)
        guard parity <= 1 else { throw f.error(signature, "is \(parity); expected 0 or 1") }
        tx.yParity = UInt8(parity)
        tx.r = try f.u256(signature + 1)
        tx.s = try f.u256(signature + 2)
        return tx
    }

    /// The fields of one RLP list, read strictly, with errors that name the field and the byte
    /// at which it starts.
    private struct Fields {
        let items: [RLP]
        /// Where the list's header starts in the whole encoding; only asked for an error.
        let base: @Sendable () -> Int
        let context: String
        let names: [String]

        init(_ items: [RLP], base: @escaping @Sendable () -> Int, context: String, names: [String]) {
            self.items = items; self.base = base; self.context = context; self.names = names
        }

        func expectCount() throws(DecodingError) {
            guard items.count == names.count else {
                throw DecodingError("\(context): \(items.count) fields; expected \(names.count) (\(names.joined(separator: ", ")))", offset: base())
            }
        }

        /// Only computed for an error, so decoding valid input never pays for it.
        func offset(of index: Int) -> Int {
            let sizes = items.map { $0.encoded().count }
            let body = sizes.reduce(0, +)
            let header = body < 56 ? 1 : 1 + UInt64(body).minimalBigEndianBytes.count
            return base() + header + sizes.prefix(index).reduce(0, +)
        }

        func name(_ index: Int) -> String { index < names.count ? names[index] : "#\(index)" }

        /// `named` puts "field `x`" before the detail; otherwise the detail names it itself.
        func error(_ index: Int, _ detail: String, field: String? = nil, named: Bool = true) -> DecodingError {
            let field = field ?? name(index)
            let at = offset(of: index)
            let text = named ? "\(context): field `\(field)` \(detail) (at byte \(at))" : "\(context): \(detail) (at byte \(at))"
            return DecodingError(text, field: field, offset: at)
        }

        func bytes(_ index: Int, _ field: String? = nil) throws(DecodingError) -> [UInt8] {
            guard case .bytes(let b) = items[index] else { throw error(index, "is a list; expected bytes", field: field) }
            return b
        }

        func byteList(_ index: Int, _ field: String) throws(DecodingError) -> [[UInt8]] {
            guard case .list(let elements) = items[index] else { throw error(index, "is not a list", field: field) }
            var out = [[UInt8]]()
            out.reserveCapacity(elements.count)
            for element in elements {
                guard case .bytes(let b) = element else { throw error(index, "is a list; expected bytes", field: field) }
                out.append(b)
            }
            return out
        }

        func uint64(_ index: Int) throws(DecodingError) -> UInt64 {
            let b = try integerBytes(index, limit: 8, items[index], field: name(index))
            return b.reduce(0) { $0 << 8 | UInt64($1) }
        }

        func u256(_ index: Int) throws(DecodingError) -> UInt256 {
            let b = try integerBytes(index, limit: 32, items[index], field: name(index))
            return UInt256(bigEndian: b) ?? .zero
        }

        /// Big-endian bytes of a canonical RLP integer of at most `limit` bytes.
        func integerBytes(_ index: Int, limit: Int, _ item: RLP, field: String) throws(DecodingError) -> [UInt8] {
            do { return try item.integerBytes(limit: limit) } catch { throw self.error(index, error.description, field: field) }
        }

        func to(_ index: Int, creationAllowed: Bool) throws(DecodingError) -> Address? {
            let b = try bytes(index)
            if b.isEmpty {
                if creationAllowed { return nil }
                throw error(index, "`to` is empty, but this type cannot create contracts", named: false)
            }
            guard let address = Address(bytes: b) else { throw error(index, "has \(b.count) bytes; expected 20 or none", field: "to") }
            return address
        }

        func hashes(_ index: Int) throws(DecodingError) -> [Hash32] {
            let field = name(index)
            guard case .list(let elements) = items[index] else { throw error(index, "\(field) is not a list", field: field, named: false) }
            var out = [Hash32]()
            out.reserveCapacity(elements.count)
            for (i, element) in elements.enumerated() {
                guard case .bytes(let b) = element, let hash = Hash32(bytes: b) else {
                    throw error(index, "\(field)[\(i)] is not 32 bytes", field: "\(field)[\(i)]", named: false)
                }
                out.append(hash)
            }
            return out
        }

        func accessList(_ index: Int) throws(DecodingError) -> [AccessListEntry] {
            guard case .list(let entries) = items[index] else { throw error(index, "is not a list", field: "accessList") }
            var out = [AccessListEntry]()
            out.reserveCapacity(entries.count)
            for (i, entry) in entries.enumerated() {
                let field = "accessList[\(i)]"
                guard case .list(let parts) = entry, parts.count == 2 else {
                    throw error(index, "is not a list of [address, storageKeys]", field: field)
                }
                guard case .bytes(let a) = parts[0], let address = Address(bytes: a) else {
                    throw error(index, "is not 20 bytes", field: "\(field).address")
                }
                guard case .list(let keys) = parts[1] else { throw error(index, "is not a list", field: "\(field).storageKeys") }
                var storageKeys = [Hash32]()
                storageKeys.reserveCapacity(keys.count)
                for (k, key) in keys.enumerated() {
                    guard case .bytes(let b) = key, let hash = Hash32(bytes: b) else {
                        throw error(index, "is not 32 bytes", field: "\(field).storageKeys[\(k)]")
                    }
                    storageKeys.append(hash)
                }
                out.append(AccessListEntry(address: address, storageKeys: storageKeys))
            }
            return out
        }

        func authorizations(_ index: Int) throws(DecodingError) -> [Authorization] {
            guard case .list(let entries) = items[index] else { throw error(index, "is not a list", field: "authorizationList") }
            var out = [Authorization]()
            out.reserveCapacity(entries.count)
            for (i, entry) in entries.enumerated() {
                let field = "authorizationList[\(i)]"
                guard case .list(let parts) = entry, parts.count == 6 else {
                    throw error(index, "is not a list of [chainId, address, nonce, yParity, r, s]", field: field)
                }
                guard case .bytes(let a) = parts[1], let address = Address(bytes: a) else {
                    throw error(index, "is not 20 bytes", field: "\(field).address")
                }
                let chainID = try integerBytes(index, limit: 32, parts[0], field: "\(field).chainId")
                let nonce = try integerBytes(index, limit: 8, parts[2], field: "\(field).nonce")
                let parity = try integerBytes(index, limit: 1, parts[3], field: "\(field).yParity")
                let r = try integerBytes(index, limit: 32, parts[4], field: "\(field).r")
                let s = try integerBytes(index, limit: 32, parts[5], field: "\(field).s")
                out.append(Authorization(
                    chainID: UInt256(bigEndian: chainID) ?? .zero, address: address, nonce: nonce.reduce(0) { $0 << 8 | UInt64($1) },
                    yParity: parity.first ?? 0, r: UInt256(bigEndian: r) ?? .zero, s: UInt256(bigEndian: s) ?? .zero))
            }
            return out
        }
    }
}

extension SignedTransaction {
    /// The encoding as decoded: with the sidecar (network form) when there is one.
    public func encoded() -> [UInt8] {
        guard type == 3, let sidecar else { return canonicalEncoding }
        var parts: [RLP] = [.list(fields(signed: true))]
        if sidecar.wrapperVersion != 0 { parts.append(.bytes([sidecar.wrapperVersion])) }
        parts += [.list(sidecar.blobs.map(RLP.bytes)), .list(sidecar.commitments.map(RLP.bytes)), .list(sidecar.proofs.map(RLP.bytes))]
        return [3] + RLP.list(parts).encoded()
    }

    /// The signed encoding without a network-form sidecar: what the transaction hash covers and
    /// what a block holds.
    public var canonicalEncoding: [UInt8] {
        let payload = RLP.list(fields(signed: true)).encoded()
        return type == 0 ? payload : [type] + payload
    }

    /// keccak256 of the canonical encoding.
    public var hash: Hash32 { Keccak256.hash(canonicalEncoding) }

    /// What the sender signs: keccak256(rlp([nonce, gasPrice, gas, to, value, data])) before
    /// EIP-155, with [chainId, 0, 0] appended after it; keccak256(type ‖ rlp(fields without
    /// the signature)) for typed transactions.
    public var signingHash: Hash32 {
        if type == 0 {
            var unsigned = Array(fields(signed: false))
            if let chainID { unsigned += [.bytes(chainID.minimalBigEndianBytes), .bytes([]), .bytes([])] }
            return Keccak256.hash(RLP.list(unsigned).encoded())
        }
        return Keccak256.hash([type] + RLP.list(fields(signed: false)).encoded())
    }

    /// The fields of the payload in encoding order, with or without v/yParity, r and s.
    func fields(signed: Bool) -> [RLP] {
        let to = RLP.bytes(self.to?.bytes ?? [])
        var out: [RLP]
        switch type {
        case 0:
            out = [.int(nonce), .int(gasPrice), .int(gasLimit), to, .int(value), .bytes(input)]
            if signed { out += [.int(v), .int(r), .int(s)] }
            return out
        case 1:
            out = [.int(chainID ?? 0), .int(nonce), .int(gasPrice), .int(gasLimit), to, .int(value), .bytes(input), accessListItem]
        default:
            out = [.int(chainID ?? 0), .int(nonce), .int(maxPriorityFeePerGas), .int(maxFeePerGas), .int(gasLimit), to,
                   .int(value), .bytes(input), accessListItem]
            if type == 3 { out += [.int(maxFeePerBlobGas), .list(blobVersionedHashes.map { .bytes($0.bytes) })] }
            if type == 4 { out.append(.list(authorizationList.map(\.item))) }
        }
        if signed { out += [.int(UInt64(yParity)), .int(r), .int(s)] }
        return out
    }

    private var accessListItem: RLP {
        .list(accessList.map { .list([.bytes($0.address.bytes), .list($0.storageKeys.map { .bytes($0.bytes) })]) })
    }
}

extension SignedTransaction.Authorization {
    /// What the authority signs: keccak256(0x05 ‖ rlp([chain_id, address, nonce])) (EIP-7702).
    public var signingHash: Hash32 {
        Keccak256.hash([0x05] + RLP.list([.int(chainID), .bytes(address.bytes), .int(nonce)]).encoded())
    }

    var item: RLP {
        .list([.int(chainID), .bytes(address.bytes), .int(nonce), .int(UInt64(yParity)), .int(r), .int(s)])
    }
}

fileprivate extension RLP {
    /// An integer in RLP's minimal big-endian form.
    static func int(_ value: UInt64) -> RLP { .bytes(value.minimalBigEndianBytes) }
    static func int(_ value: UInt256) -> RLP { .bytes(value.minimalBigEndianBytes) }
}

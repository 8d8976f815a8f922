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
            if let chainID { unsigned += [RLP(chainID), .bytes([]), .bytes([])] }
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
            out = [RLP(nonce), RLP(gasPrice), RLP(gasLimit), to, RLP(value), .bytes(input)]
            if signed { out += [RLP(v), RLP(r), RLP(s)] }
            return out
        case 1:
            out = [RLP(chainID ?? 0), RLP(nonce), RLP(gasPrice), RLP(gasLimit), to, RLP(value), .bytes(input), accessListItem]
        default:
            out = [RLP(chainID ?? 0), RLP(nonce), RLP(maxPriorityFeePerGas), RLP(maxFeePerGas), RLP(gasLimit), to,
                   RLP(value), .bytes(input), accessListItem]
            if type == 3 { out += [RLP(maxFeePerBlobGas), .list(blobVersionedHashes.map { .bytes($0.bytes) })] }
            if type == 4 { out.append(.list(authorizationList.map(\.item))) }
        }
        if signed { out += [RLP(UInt64(yParity)), RLP(r), RLP(s)] }
        return out
    }

    private var accessListItem: RLP {
        .list(accessList.map { .list([.bytes($0.address.bytes), .list($0.storageKeys.map { .bytes($0.bytes) })]) })
    }
}

extension SignedTransaction.Authorization {
    /// What the authority signs: keccak256(0x05 ‖ rlp([chain_id, address, nonce])) (EIP-7702).
    public var signingHash: Hash32 {
        Keccak256.hash([0x05] + RLP.list([RLP(chainID), .bytes(address.bytes), RLP(nonce)]).encoded())
    }

    var item: RLP {
        .list([RLP(chainID), .bytes(address.bytes), RLP(nonce), RLP(UInt64(yParity)), RLP(r), RLP(s)])
    }
}

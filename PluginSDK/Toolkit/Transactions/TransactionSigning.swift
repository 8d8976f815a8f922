import Dispatch

extension SignedTransaction {
    /// Why a transaction's sender cannot be recovered: the signature field at fault and the rule
    /// it breaks.
    public struct SenderError: Error, Equatable, Sendable, CustomStringConvertible {
        /// `r`, `s`, `v` or `yParity`.
        public let field: String
        public let reason: Secp256k1.Error

        public init(field: String, reason: Secp256k1.Error) {
            self.field = field; self.reason = reason
        }

        public var description: String { "invalid transaction signature: field `\(field)`: \(reason)" }
    }

    /// The signature as libsecp256k1 takes it.
    public var signature: Secp256k1.RecoverableSignature {
        Secp256k1.RecoverableSignature(r: r, s: s, recoveryID: yParity)
    }

    /// The address that signed the transaction, under Ethereum's transaction rules: 0 < r < n,
    /// 0 < s ≤ n/2 (EIP-2) and a y parity of 0 or 1.
    public func recoverSender() throws(SenderError) -> Address {
        do {
            return try Secp256k1.recoverAddress(hash: signingHash, signature: signature, rule: .lowS)
        } catch {
            throw SenderError(field: Self.field(for: error, legacy: type == 0), reason: error)
        }
    }

    static func field(for error: Secp256k1.Error, legacy: Bool) -> String {
        switch error {
        case .sOutOfRange, .highS: return "s"
        case .invalidRecoveryID: return legacy ? "v" : "yParity"
        default: return "r"
        }
    }

    /// Fills yParity, r and s with a deterministic (RFC 6979) low-s signature by `key`.
    public mutating func sign(with key: Secp256k1.PrivateKey) throws(Secp256k1.Error) {
        let signature = try Secp256k1.sign(hash: signingHash, privateKey: key)
        yParity = signature.recoveryID
        r = signature.r
        s = signature.s
    }

    public func signed(with key: Secp256k1.PrivateKey) throws(Secp256k1.Error) -> SignedTransaction {
        var copy = self
        try copy.sign(with: key)
        return copy
    }

    /// The authority of every EIP-7702 authorization, in order. An authorization whose signature
    /// is invalid is reported rather than thrown: the EVM skips it and goes on.
    public func recoverAuthorities() -> [Result<Address, Secp256k1.Error>] {
        authorizationList.map { authorization in
            Result { () throws(Secp256k1.Error) -> Address in try authorization.recoverAuthority() }
        }
    }

    /// Recovers the senders of many transactions on up to `threads` threads. The results are in
    /// the order of `transactions`, one per transaction.
    public static func recoverSenders(_ transactions: [SignedTransaction], threads: Int) -> [Result<Address, SenderError>] {
        ParallelMap.map(transactions, threads: threads) { tx in
            Result { () throws(SenderError) -> Address in try tx.recoverSender() }
        }
    }
}

extension SignedTransaction.Authorization {
    /// The account that signed this authorization, under EIP-7702's rules (those of EIP-2).
    public func recoverAuthority() throws(Secp256k1.Error) -> Address {
        try Secp256k1.recoverAddress(hash: signingHash, signature: Secp256k1.RecoverableSignature(r: r, s: s, recoveryID: yParity), rule: .lowS)
    }

    public mutating func sign(with key: Secp256k1.PrivateKey) throws(Secp256k1.Error) {
        let signature = try Secp256k1.sign(hash: signingHash, privateKey: key)
        yParity = signature.recoveryID
        r = signature.r
        s = signature.s
    }
}

/// Applies a function to every element on several threads, in contiguous chunks, keeping order.
public enum ParallelMap {
    public static func map<Element: Sendable, Output: Sendable>(
        _ elements: [Element], threads: Int, _ transform: @Sendable (Element) -> Output
    ) -> [Output] {
        let count = elements.count
        let workers = max(1, min(threads, count))
        guard workers > 1 else { return elements.map(transform) }
        let chunk = (count + workers - 1) / workers
        return [Output](unsafeUninitializedCapacity: count) { buffer, initialized in
            // Each worker writes only its own range of the buffer.
            let output = UnsafeSendableBuffer(buffer: buffer)
            elements.withUnsafeBufferPointer { input in
                let source = UnsafeSendableInput(buffer: input)
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    let start = worker * chunk
                    let end = min(start + chunk, count)
                    guard start < end else { return }
                    for i in start..<end {
                        output.buffer.initializeElement(at: i, to: transform(source.buffer[i]))
                    }
                }
            }
            initialized = count
        }
    }

    private struct UnsafeSendableBuffer<T>: @unchecked Sendable { let buffer: UnsafeMutableBufferPointer<T> }
    private struct UnsafeSendableInput<T>: @unchecked Sendable { let buffer: UnsafeBufferPointer<T> }
}

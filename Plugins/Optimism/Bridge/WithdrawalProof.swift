import RollportToolkit

/// What `proveWithdrawalTransaction` needs besides the withdrawal, checked the way the portal
/// checks it, plus what the portal takes on trust: the output root proof's state root is shown
/// to hold the message passer with that storage root when an account proof is given.
public struct WithdrawalProof: Sendable, Equatable {
    public var withdrawal: Withdrawal
    public var outputRootProof: OutputRootProof
    /// Storage-trie nodes from `messagePasserStorageRoot` to the withdrawal's slot.
    public var withdrawalProof: [[UInt8]]
    /// The message passer's account-trie nodes from `stateRoot`, when known.
    public var accountProof: [[UInt8]]?

    public init(withdrawal: Withdrawal, outputRootProof: OutputRootProof, withdrawalProof: [[UInt8]], accountProof: [[UInt8]]? = nil) {
        self.withdrawal = withdrawal; self.outputRootProof = outputRootProof
        self.withdrawalProof = withdrawalProof; self.accountProof = accountProof
    }

    public struct Verified: Sendable, Equatable {
        public var withdrawalHash: Hash32
        public var storageSlot: Hash32
        public var outputRoot: Hash32
        /// Whether the account proof tied the storage root to the state root.
        public var accountProven: Bool
    }

    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public enum Reason: Sendable, Equatable {
            /// The output root proof has a version other than 0.
            case outputRootVersion
            /// The output root is not the one the proposal or game commits to.
            case outputRootMismatch(expected: Hash32, computed: Hash32)
            /// The message passer's account proof does not hold.
            case accountProof
            /// The proven account's storage root is not `messagePasserStorageRoot`.
            case storageRootMismatch(proven: Hash32)
            /// The storage proof does not hold, or proves another value.
            case storageProof
        }
        public var reason: Reason
        public var message: String
        public var description: String { message }
    }

    /// Verifies the proof; `expectedOutputRoot` is the root the game or proposal commits to.
    public func verify(expectedOutputRoot: Hash32? = nil) throws(Failure) -> Verified {
        let hash = withdrawal.hash
        let slot = Withdrawal.storageSlot(withdrawalHash: hash)
        let root: Hash32
        do { root = try outputRootProof.outputRoot() } catch { throw Failure(reason: .outputRootVersion, message: error.description) }
        if let expectedOutputRoot, expectedOutputRoot != root {
            throw Failure(reason: .outputRootMismatch(expected: expectedOutputRoot, computed: root),
                          message: "the output root proof hashes to \(root), not the committed output root \(expectedOutputRoot)")
        }
        if let accountProof {
            let leaf: [UInt8]?
            do {
                leaf = try MerkleProof.verify(root: outputRootProof.stateRoot, key: Keccak256.hash(Withdrawal.messagePasser.bytes).bytes,
                                              proof: accountProof, uniformKeyLength: true)
            } catch {
                throw Failure(reason: .accountProof, message: "account proof of the message passer \(Withdrawal.messagePasser) against stateRoot \(outputRootProof.stateRoot): \(error)")
            }
            guard let leaf else {
                throw Failure(reason: .accountProof, message: "the account proof shows no message passer \(Withdrawal.messagePasser) under stateRoot \(outputRootProof.stateRoot)")
            }
            let account: StateAccount
            do { account = try StateAccount(encoded: leaf) } catch { throw Failure(reason: .accountProof, message: "account proof: \(error)") }
            guard account.storageRoot == outputRootProof.messagePasserStorageRoot else {
                throw Failure(reason: .storageRootMismatch(proven: account.storageRoot),
                              message: "the message passer's storage root under stateRoot is \(account.storageRoot), not messagePasserStorageRoot \(outputRootProof.messagePasserStorageRoot)")
            }
        }
        let value: [UInt8]?
        do {
            value = try MerkleProof.verify(root: outputRootProof.messagePasserStorageRoot, key: Keccak256.hash(slot.bytes).bytes,
                                           proof: withdrawalProof, uniformKeyLength: true)
        } catch {
            throw Failure(reason: .storageProof, message: "withdrawal proof of slot \(slot) against messagePasserStorageRoot \(outputRootProof.messagePasserStorageRoot): \(error)")
        }
        // sentMessages[hash] = true is stored as rlp(0x01).
        guard value == [0x01] else {
            throw Failure(reason: .storageProof, message: value == nil
                ? "the proof shows slot \(slot) empty: withdrawal \(hash) was never sent from this L2 state"
                : "slot \(slot) holds \(Hex.encode(value ?? [])), not rlp(true) = 0x01")
        }
        return Verified(withdrawalHash: hash, storageSlot: slot, outputRoot: root, accountProven: accountProof != nil)
    }

    /// `proveWithdrawalTransaction((uint256,address,address,uint256,uint256,bytes),uint256,(bytes32,bytes32,bytes32,bytes32),bytes[])`;
    /// `disputeGameIndex` is the L2OutputOracle's output index before fault proofs.
    public static let proveFunction = try! ABIFunction("proveWithdrawalTransaction((uint256,address,address,uint256,uint256,bytes),uint256,(bytes32,bytes32,bytes32,bytes32),bytes[])")

    public func proveCalldata(disputeGameIndex: UInt256) -> [UInt8] {
        let w = withdrawal, p = outputRootProof
        let arguments: [ABIValue] = [
            .tuple([.uint(w.nonce, bits: 256), .address(w.sender), .address(w.target), .uint(w.value, bits: 256), .uint(w.gasLimit, bits: 256), .bytes(w.data)]),
            .uint(disputeGameIndex, bits: 256),
            .tuple([.fixedBytes(p.version.bytes), .fixedBytes(p.stateRoot.bytes), .fixedBytes(p.messagePasserStorageRoot.bytes), .fixedBytes(p.latestBlockhash.bytes)]),
            .array(withdrawalProof.map { .bytes($0) }),
        ]
        // The values are built to the function's types, so encoding cannot fail.
        return (try? Self.proveFunction.encodeCall(arguments)) ?? []
    }
}

import RollportToolkit

/// The commitment to an L2 block that L1 settles on (version 0):
/// `keccak256(version ‖ stateRoot ‖ messagePasserStorageRoot ‖ latestBlockhash)`. Its
/// preimage is the portal's `OutputRootProof`.
public struct OutputRootProof: Sendable, Equatable {
    public var version: Hash32
    public var stateRoot: Hash32
    /// The storage root of the L2ToL1MessagePasser at that block.
    public var messagePasserStorageRoot: Hash32
    public var latestBlockhash: Hash32

    public init(version: Hash32 = .zero, stateRoot: Hash32, messagePasserStorageRoot: Hash32, latestBlockhash: Hash32) {
        self.version = version; self.stateRoot = stateRoot
        self.messagePasserStorageRoot = messagePasserStorageRoot; self.latestBlockhash = latestBlockhash
    }

    public struct UnsupportedVersion: Error, Sendable, Equatable, CustomStringConvertible {
        public var version: Hash32
        public var description: String { "output root version \(version) is not defined; only version 0 is" }
    }

    /// The 128-byte preimage.
    public var encoded: [UInt8] { version.bytes + stateRoot.bytes + messagePasserStorageRoot.bytes + latestBlockhash.bytes }

    public func outputRoot() throws(UnsupportedVersion) -> Hash32 {
        guard version == .zero else { throw UnsupportedVersion(version: version) }
        return Keccak256.hash(encoded)
    }
}

/// What can go wrong building an output root from an L2 header and the message passer's proof.
public struct OutputRootFromHeaderError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

extension OutputRootProof {
    /// From an L2 block header and an `eth_getProof` of the message passer at that block: the
    /// account proof is verified against the header's state root, and its storage root becomes
    /// `messagePasserStorageRoot`. The header's own hash is `latestBlockhash`; a header that
    /// carries `hash` must agree with it.
    public init(header: BlockHeader, messagePasserProof: AccountProof) throws(OutputRootFromHeaderError) {
        let proven: ProvenAccount
        do { proven = try messagePasserProof.verify(stateRoot: header.stateRoot) } catch {
            throw OutputRootFromHeaderError(message: "the account proof of \(messagePasserProof.address) does not verify against the header's stateRoot \(header.stateRoot): \(error)")
        }
        guard let account = proven.account else {
            throw OutputRootFromHeaderError(message: "the proof shows no account \(messagePasserProof.address) in the state of block \(header.number)")
        }
        self.init(stateRoot: header.stateRoot, messagePasserStorageRoot: account.storageRoot, latestBlockhash: header.hash)
    }

    /// Since Isthmus an L2 header's `withdrawalsRoot` is the message passer's storage root, so
    /// the header alone determines the output root.
    public init(isthmusHeader header: BlockHeader) throws(OutputRootFromHeaderError) {
        guard let root = header.withdrawalsRoot else {
            throw OutputRootFromHeaderError(message: "the header of block \(header.number) has no withdrawalsRoot; before Isthmus the message passer's storage root needs its account proof")
        }
        self.init(stateRoot: header.stateRoot, messagePasserStorageRoot: root, latestBlockhash: header.hash)
    }
}

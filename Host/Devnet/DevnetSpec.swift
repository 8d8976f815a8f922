import RollportHost
import RollportToolkit

/// The fixed facts of the development L1 and its OP Stack chain. The L1 genesis block, the
/// contract addresses and the batcher key do not depend on the seed, so the devnet manifest
/// (`Manifests/devnet/optimism.toml`) names them once; the seed decides the traffic.
public enum DevnetSpec {
    /// Printed wherever the devnet is shown: it is not Ethereum.
    public static let label = "development chain"
    public static let l1ChainID: UInt64 = 900
    /// 2026-01-01T00:00:00Z; block n is at genesisTime + 12 n, whatever the wall clock says,
    /// so that a chain rebuilt from its seed has the same hashes.
    public static let genesisTime: UInt64 = 1_767_225_600
    public static let l1BlockTime: UInt64 = 12
    public static let beacon = BeaconTiming(genesisTime: genesisTime, secondsPerSlot: l1BlockTime)
    public static let defaultSeed: UInt64 = 1
    public static let gasLimit: UInt64 = 36_000_000
    public static let baseFee = UInt256(1_000_000_000)
    public static let extraData = Array("rollport devnet".utf8)

    /// The OP Stack chain the devnet carries.
    public enum OP {
        public static let chain = "op-devnet"
        public static let chainID: UInt64 = 901
        public static let l2BlockTime: UInt64 = 2
        public static let genesisL2Hash = Keccak256.hash("rollport devnet op-devnet L2 genesis")
        // Recognisable, not mainnet's: 0xde7e… for the devnet's L1 contracts.
        public static let batchInbox = address("0xff00000000000000000000000000000000000901")
        public static let optimismPortal = address("0xde7e000000000000000000000000000000000901")
        public static let systemConfig = address("0xde7e000000000000000000000000000000000902")
        public static let disputeGameFactory = address("0xde7e000000000000000000000000000000000903")
        /// The batcher's key: keccak256 of a fixed phrase. A development key; it holds nothing.
        public static let batcherKey = key("rollport devnet op-devnet batcher")
    }

    /// `TransactionDeposited(address indexed from, address indexed to, uint256 indexed version, bytes opaqueData)`.
    public static let transactionDeposited = Keccak256.hash("TransactionDeposited(address,address,uint256,bytes)")
    /// `WithdrawalProven(bytes32 indexed withdrawalHash, address indexed from, address indexed to)`.
    public static let withdrawalProven = Keccak256.hash("WithdrawalProven(bytes32,address,address)")
    /// `WithdrawalFinalized(bytes32 indexed withdrawalHash, bool success)`.
    public static let withdrawalFinalized = Keccak256.hash("WithdrawalFinalized(bytes32,bool)")

    /// A secp256k1 key from a phrase: keccak256 of it, hashed again in the negligible case that
    /// it is not a valid scalar.
    public static func key(_ phrase: String) -> Secp256k1.PrivateKey {
        key(Array(phrase.utf8))
    }

    static func key(_ material: [UInt8]) -> Secp256k1.PrivateKey {
        var candidate = Keccak256.hash(material).bytes
        while true {
            if let key = try? Secp256k1.PrivateKey(bytes: candidate) { return key }
            candidate = Keccak256.hash(candidate).bytes
        }
    }

    static func address(_ text: String) -> Address {
        // The literals above are well-formed; a typo would fail every devnet test.
        (try? Address(hex: text)) ?? .zero
    }

    /// keccak256(rlp([])) of an empty trie.
    static let emptyTrieRoot = MerklePatriciaTrie().root
    /// sha256 of no requests (EIP-7685): what a Prague block without requests commits to.
    static let emptyRequestsHash = (try? Hash32(hex: "0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")) ?? .zero

    /// Block 0: no transactions, the same for every seed.
    public static let genesis: BlockHeader = BlockHeader(
        parentHash: .zero, stateRoot: Keccak256.hash("rollport devnet genesis state"),
        transactionsRoot: emptyTrieRoot, receiptsRoot: emptyTrieRoot, logsBloom: LogsBloom().bytes,
        number: 0, gasLimit: gasLimit, gasUsed: 0, timestamp: genesisTime, extraData: extraData,
        mixHash: Keccak256.hash("rollport devnet genesis randao"), baseFeePerGas: baseFee,
        withdrawalsRoot: emptyTrieRoot, blobGasUsed: 0, excessBlobGas: 0,
        parentBeaconBlockRoot: Keccak256.hash("rollport devnet genesis beacon root"), requestsHash: emptyRequestsHash)
}

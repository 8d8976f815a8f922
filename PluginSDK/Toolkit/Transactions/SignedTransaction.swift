/// A signed EIP-2718 transaction with every field of its type: legacy (with or without
/// EIP-155), EIP-2930, EIP-1559, EIP-4844 (also in the network form that carries the sidecar)
/// and EIP-7702.
///
/// Decoding is strict, so that `encoded()` gives back exactly the bytes that were decoded: an
/// integer with a leading zero, a field of the wrong size or a list of the wrong length is an
/// error naming the field. Fields a type does not have stay zero or empty and are not encoded.
public struct SignedTransaction: Sendable, Equatable {
    /// 0 for legacy, else the EIP-2718 type byte (1-4).
    public var type: UInt8
    /// nil only for a legacy transaction signed before EIP-155 (v = 27 or 28).
    public var chainID: UInt64?
    public var nonce: UInt64
    /// Types 0 and 1.
    public var gasPrice: UInt256
    /// Types 2, 3 and 4.
    public var maxPriorityFeePerGas: UInt256
    /// Types 2, 3 and 4.
    public var maxFeePerGas: UInt256
    public var gasLimit: UInt64
    /// nil creates a contract (types 0-2 only).
    public var to: Address?
    public var value: UInt256
    public var input: [UInt8]
    /// Types 1-4.
    public var accessList: [AccessListEntry]
    /// Type 3.
    public var maxFeePerBlobGas: UInt256
    /// Type 3.
    public var blobVersionedHashes: [Hash32]
    /// Type 4.
    public var authorizationList: [Authorization]
    /// The parity of the signature's nonce point: v - 27 or (v - 35) mod 2 for legacy.
    public var yParity: UInt8
    public var r: UInt256
    public var s: UInt256
    /// The sidecar of a type-3 transaction in network form.
    public var sidecar: BlobSidecarFields?

    public init(type: UInt8, chainID: UInt64?, nonce: UInt64 = 0, gasPrice: UInt256 = .zero,
                maxPriorityFeePerGas: UInt256 = .zero, maxFeePerGas: UInt256 = .zero, gasLimit: UInt64 = 21_000,
                to: Address?, value: UInt256 = .zero, input: [UInt8] = [], accessList: [AccessListEntry] = [],
                maxFeePerBlobGas: UInt256 = .zero, blobVersionedHashes: [Hash32] = [],
                authorizationList: [Authorization] = [], yParity: UInt8 = 0, r: UInt256 = .zero, s: UInt256 = .zero,
                sidecar: BlobSidecarFields? = nil) {
        self.type = type; self.chainID = chainID; self.nonce = nonce; self.gasPrice = gasPrice
        self.maxPriorityFeePerGas = maxPriorityFeePerGas; self.maxFeePerGas = maxFeePerGas; self.gasLimit = gasLimit
        self.to = to; self.value = value; self.input = input; self.accessList = accessList
        self.maxFeePerBlobGas = maxFeePerBlobGas; self.blobVersionedHashes = blobVersionedHashes
        self.authorizationList = authorizationList; self.yParity = yParity; self.r = r; self.s = s
        self.sidecar = sidecar
    }

    /// An address and the storage slots a transaction declares it will touch (EIP-2930).
    public struct AccessListEntry: Sendable, Equatable {
        public var address: Address
        public var storageKeys: [Hash32]

        public init(address: Address, storageKeys: [Hash32]) {
            self.address = address; self.storageKeys = storageKeys
        }
    }

    /// An EIP-7702 authorization: the authority (recovered from the signature) delegates its
    /// code to `address`. The values are kept as decoded, even out of the ranges the EVM accepts,
    /// because an invalid authorization is skipped, not a reason to reject the transaction.
    public struct Authorization: Sendable, Equatable {
        public var chainID: UInt256
        public var address: Address
        public var nonce: UInt64
        public var yParity: UInt8
        public var r: UInt256
        public var s: UInt256

        public init(chainID: UInt256, address: Address, nonce: UInt64, yParity: UInt8 = 0, r: UInt256 = .zero, s: UInt256 = .zero) {
            self.chainID = chainID; self.address = address; self.nonce = nonce
            self.yParity = yParity; self.r = r; self.s = s
        }
    }

    public struct BlobSidecarFields: Sendable, Equatable {
        /// 0 for the EIP-4844 form (one proof per blob), 1 for EIP-7594 (cell proofs).
        public var wrapperVersion: UInt8
        public var blobs: [[UInt8]]
        public var commitments: [[UInt8]]
        public var proofs: [[UInt8]]

        public init(wrapperVersion: UInt8, blobs: [[UInt8]], commitments: [[UInt8]], proofs: [[UInt8]]) {
            self.wrapperVersion = wrapperVersion; self.blobs = blobs; self.commitments = commitments; self.proofs = proofs
        }
    }

    public struct DecodingError: Error, Equatable, CustomStringConvertible, Sendable {
        /// The whole explanation, naming the field and where it starts.
        public let message: String
        /// The field at fault (`nonce`, `accessList[2].storageKeys[0]`, …), when one is.
        public let field: String?
        /// The byte at which the field (or the RLP item at fault) starts, when known.
        public let offset: Int?
        public var description: String { message }

        init(_ message: String, field: String? = nil, offset: Int? = nil) {
            self.message = message; self.field = field; self.offset = offset
        }
    }

    /// The legacy `v`: 27 + yParity before EIP-155, 35 + 2·chainId + yParity after; for typed
    /// transactions the y parity itself.
    public var v: UInt256 {
        guard type == 0 else { return UInt256(UInt64(yParity)) }
        guard let chainID else { return UInt256(27 + UInt64(yParity)) }
        let doubled = UInt256(chainID).multipliedReportingOverflow(by: 2).partialValue
        return doubled.addingReportingOverflow(UInt256(35 + UInt64(yParity))).partialValue
    }

    /// The names of the fields of each type, in encoding order.
    public static func fieldNames(type: UInt8) -> [String] {
        switch type {
        case 0: return ["nonce", "gasPrice", "gas", "to", "value", "data", "v", "r", "s"]
        case 1: return ["chainId", "nonce", "gasPrice", "gas", "to", "value", "data", "accessList", "yParity", "r", "s"]
        case 2: return ["chainId", "nonce", "maxPriorityFeePerGas", "maxFeePerGas", "gas", "to", "value", "data", "accessList", "yParity", "r", "s"]
        case 3: return ["chainId", "nonce", "maxPriorityFeePerGas", "maxFeePerGas", "gas", "to", "value", "data", "accessList",
                        "maxFeePerBlobGas", "blobVersionedHashes", "yParity", "r", "s"]
        case 4: return ["chainId", "nonce", "maxPriorityFeePerGas", "maxFeePerGas", "gas", "to", "value", "data", "accessList",
                        "authorizationList", "yParity", "r", "s"]
        default: return []
        }
    }
}

import RollportToolkit

/// One adapter's manifest (`Manifests/<adapter>.toml`): who the adapter is, which library holds
/// it, what it provides, and the chains it serves with their claim rules. Validated without
/// loading any code.
public struct Manifest: Sendable {
    public static let schemaVersion = 1

    public var file: String
    public var adapter: AdapterIdentity
    public var compat: Compatibility
    public var library: LibraryReference
    public var extensions: Extensions
    public var probeItem: String?
    public var chains: [Chain]

    /// The folder holding the manifest; the library is looked up there first.
    public var directory: String {
        guard let slash = file.lastIndex(of: "/") else { return "." }
        return String(file[..<slash])
    }

    public var enabledChains: [Chain] { chains.filter(\.enabled) }
}

public struct AdapterIdentity: Sendable {
    public var id: String
    public var name: String
    public var version: SemanticVersion
    public var description: String?
}

public struct Compatibility: Sendable {
    public var host: VersionRange
    public var abiMajor: UInt32
    public var abiMinor: UInt32
}

public struct LibraryReference: Sendable {
    public var file: String
    /// Lower-case hex; checked before the library is opened.
    public var sha256: String?
}

public struct Extensions: Sendable {
    public var provides: [String]
    public var requires: [String]
    public var threading: ThreadingMode
    public var rpcMethods: [String]
}

public enum ThreadingMode: String, Sendable, CaseIterable {
    case serial
    case parallelQueries = "parallel-queries"
    case parallel

    public var abiValue: UInt32 {
        switch self {
        case .serial: return 0
        case .parallelQueries: return 1
        case .parallel: return 2
        }
    }
}

public struct Chain: Sendable {
    public var name: String
    public var chainID: UInt64
    public var l1ChainID: UInt64
    public var enabled: Bool
    public var startL1Block: UInt64
    public var anchors: [(String, JSONValue)]
    public var upgrades: [(String, JSONValue)]
    public var claims: [ClaimRule]
}

/// The closed set of things a claim rule can match; the numbers are the ABI's `rollport_kind`.
public enum ClaimKind: String, Sendable, CaseIterable {
    case batch
    case stateCommitment = "state_commitment"
    case proof
    case deposit
    case withdrawal
    case message
    case dispute
    case configChange = "config_change"

    public var abiValue: UInt32 {
        switch self {
        case .batch: return 1
        case .stateCommitment: return 2
        case .proof: return 3
        case .deposit: return 4
        case .withdrawal: return 5
        case .message: return 6
        case .dispute: return 7
        case .configChange: return 8
        }
    }

    public init?(abiValue: UInt32) {
        guard let kind = Self.allCases.first(where: { $0.abiValue == abiValue }) else { return nil }
        self = kind
    }
}

/// A declarative routing rule. A transaction rule names `to` (and optionally senders, 4-byte
/// selectors, and whether blobs are required); a log rule names the emitting `address` and the
/// accepted topic0 values. Both hold from `sinceBlock` to `untilBlock` inclusive.
public struct ClaimRule: Sendable {
    public enum Target: Sendable {
        case transaction(to: Address, from: [Address], selectors: [UInt32], requiresBlobs: Bool)
        case log(address: Address, topics: [Hash32])
    }

    public var kind: ClaimKind
    public var target: Target
    public var sinceBlock: UInt64
    public var untilBlock: UInt64?
    /// Where the rule is written, e.g. `chains[0].claims[1]`.
    public var path: String

    public func inForce(at block: UInt64?) -> Bool {
        guard let block else { return true }
        if block < sinceBlock { return false }
        if let untilBlock, block > untilBlock { return false }
        return true
    }
}

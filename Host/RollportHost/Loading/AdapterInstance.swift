import Foundation
import Logging
import RollportABI
import RollportToolkit

/// A status returned by an adapter, with its name.
public struct AdapterStatus: Equatable, Sendable, CustomStringConvertible {
    public var code: Int32
    public init(_ code: Int32) { self.code = code }

    public static let ok = AdapterStatus(0)
    public static let notClaimed = AdapterStatus(1)
    public static let notFound = AdapterStatus(2)
    public static let invalidArgument = AdapterStatus(3)
    public static let decodeError = AdapterStatus(4)
    public static let verifyFailed = AdapterStatus(5)
    public static let unsupported = AdapterStatus(6)
    public static let unavailable = AdapterStatus(7)
    public static let `internal` = AdapterStatus(8)
    public static let abiMismatch = AdapterStatus(9)
    public static let outputRefused = AdapterStatus(10)

    public var name: String {
        let names = ["ok", "not_claimed", "not_found", "invalid_argument", "decode_error", "verify_failed",
                     "unsupported", "unavailable", "internal", "abi_mismatch", "output_refused"]
        return code >= 0 && Int(code) < names.count ? names[Int(code)] : "unknown(\(code))"
    }

    public var description: String { name }
}

/// What a call produced: its status, records and error text.
public struct AdapterCallResult: Sendable {
    public var status: AdapterStatus
    public var records: [Record]
    public var message: String
    /// Records the host refused, and why (a bug in the adapter).
    public var refusals: [String]
}

/// One initialized adapter. Calls into it respect the threading mode it declared: the host
/// serializes what the ABI tags [host-serial], and everything under `serial`.
public final class AdapterInstance: @unchecked Sendable {
    // @unchecked: the C tables are immutable after init; mutable adapter state is guarded by `gate`.
    public let library: AdapterLibrary
    public let manifest: Manifest?
    public var id: String { library.adapterID }
    public var threading: UInt32 { library.entry.pointee.threading }

    let context: HostContext
    private let instance: OpaquePointer
    private let ingest: UnsafePointer<rollport_l1_ingest_v1>?
    private let rpc: UnsafePointer<rollport_rpc_v1>?
    private let batch: UnsafePointer<rollport_batch_v1>?
    private let batchEncode: UnsafePointer<rollport_batch_encode_v1>?
    private let gate = ReadWriteGate()
    private var isShutDown = false

    /// Calls init. `config` is the JSON object described in rollport.h; `namespace` is the
    /// adapter's key-value store (the follower passes the contents it persisted).
    public init(library: AdapterLibrary, manifest: Manifest?, logger: Logger, config: JSONValue? = nil,
                namespace: KeyValueNamespace = KeyValueNamespace()) throws(LoadError) {
        self.library = library
        self.manifest = manifest
        let id = library.adapterID
        let context = HostContext(adapterID: id, logger: logger, store: namespace)
        self.context = context
        let configText = (config ?? AdapterInstance.configuration(for: manifest, library: library)).compact
        let collector = OutputCollector(adapter: id, defaultChain: "")
        var out: OpaquePointer?
        let status = Array(configText.utf8).withUnsafeBufferPointer { buffer in
            collector.withABI { output in
                library.entry.pointee.`init`!(UnsafePointer(context.raw), rollport_bytes(ptr: buffer.baseAddress, len: buffer.count), &out, output)
            }
        }
        context.metrics.close()
        guard status == ROLLPORT_OK, let made = out else {
            let code = AdapterStatus(status)
            throw LoadError(reason: .initFailed, adapter: id,
                            message: "init returned \(code)\(status == ROLLPORT_OK ? " without an instance" : "")\(collector.errorText.isEmpty ? "" : ": \(collector.errorText)")",
                            fix: "see the adapter's message; check the manifest's chains, anchors and upgrades")
        }
        instance = made
        let getExtension = library.entry.pointee.get_extension!
        func table<T>(_ extensionID: String, _ type: T.Type) -> UnsafePointer<T>? {
            guard let p = getExtension(made, extensionID) else { return nil }
            let t = p.assumingMemoryBound(to: T.self)
            // Every extension table starts with its struct_size.
            let size = p.load(as: UInt32.self)
            return Int(size) >= MemoryLayout<T>.size ? t : nil
        }
        ingest = table(ROLLPORT_L1_INGEST_V1, rollport_l1_ingest_v1.self)
        rpc = table(ROLLPORT_RPC_V1, rollport_rpc_v1.self)
        batch = table(ROLLPORT_BATCH_V1, rollport_batch_v1.self)
        batchEncode = table(ROLLPORT_BATCH_ENCODE_V1, rollport_batch_encode_v1.self)
        if let manifest {
            for ext in manifest.extensions.provides where !supports(ext) {
                let e = LoadError(reason: .missingExtension, adapter: id,
                                  message: "the manifest says the adapter provides \(ext), but get_extension(\"\(ext)\") returned NULL (or a table smaller than its ABI size)",
                                  fix: "implement \(ext) in the adapter, or remove it from extensions.provides")
                shutdown()
                throw e
            }
        }
    }

    deinit { shutdown() }

    /// Whether get_extension returned a usable table for `extensionID`.
    public func supports(_ extensionID: String) -> Bool {
        switch extensionID {
        case ROLLPORT_L1_INGEST_V1: return ingest != nil
        case ROLLPORT_RPC_V1: return rpc != nil
        case ROLLPORT_BATCH_V1: return batch != nil
        case ROLLPORT_BATCH_ENCODE_V1: return batchEncode != nil
        default: return library.entry.pointee.get_extension!(instance, extensionID) != nil
        }
    }

    public func shutdown() {
        gate.write {
            guard !isShutDown else { return }
            isShutDown = true
            library.entry.pointee.shutdown!(instance)
        }
    }

    public var rpcMethods: [String] {
        guard let rpc, let methods = rpc.pointee.methods else { return [] }
        return (0..<rpc.pointee.method_count).compactMap { methods[$0].map { String(cString: $0) } }
    }

    public var store: KeyValueNamespace { context.store }
    public var metrics: AdapterMetrics { context.metrics }

    // MARK: calls

    private func concurrent<R>(_ body: () -> R) -> R {
        threading == ROLLPORT_THREADING_SERIAL ? gate.write(body) : gate.read(body)
    }

    private func serial<R>(_ body: () -> R) -> R {
        threading == ROLLPORT_THREADING_PARALLEL ? gate.read(body) : gate.write(body)
    }

    /// The router's confirmation. `nil` when the adapter lacks rollport.l1-ingest/1.
    public func claim(_ item: UnsafePointer<rollport_item>) -> AdapterStatus? {
        guard let claim = ingest?.pointee.claim else { return nil }
        return concurrent {
            isShutDown ? .unavailable : KeyValueWriteGuard.readOnly(during: .claim) { AdapterStatus(claim(instance, item)) }
        }
    }

    public func handle(_ item: UnsafePointer<rollport_item>, chain: String) -> AdapterCallResult {
        guard let handle = ingest?.pointee.handle else {
            return AdapterCallResult(status: .unsupported, records: [], message: "no \(ROLLPORT_L1_INGEST_V1)", refusals: [])
        }
        let collector = OutputCollector(adapter: id, defaultChain: chain)
        let status: Int32 = serial {
            if isShutDown { return Int32(ROLLPORT_UNAVAILABLE) }
            context.store.begin(block: item.pointee.block.has_block ? item.pointee.block.number : nil)
            defer { context.store.begin(block: nil) }
            return collector.withABI { handle(instance, item, $0) }
        }
        return AdapterCallResult(status: AdapterStatus(status), records: collector.records, message: collector.errorText, refusals: collector.refusals)
    }

    public func commit(_ block: L1BlockReference) -> (AdapterCallResult, finished: UInt64?) {
        guard let commit = ingest?.pointee.commit else {
            return (AdapterCallResult(status: .unsupported, records: [], message: "no \(ROLLPORT_L1_INGEST_V1)", refusals: []), nil)
        }
        let collector = OutputCollector(adapter: id, defaultChain: "")
        var finished: UInt64 = .max
        var ref = Optional(block).abi
        let status: Int32 = serial {
            if isShutDown { return Int32(ROLLPORT_UNAVAILABLE) }
            context.store.begin(block: block.number)
            defer { context.store.begin(block: nil) }
            return collector.withABI { out in withUnsafePointer(to: &ref) { commit(instance, $0, out, &finished) } }
        }
        let result = AdapterCallResult(status: AdapterStatus(status), records: collector.records, message: collector.errorText, refusals: collector.refusals)
        return (result, finished == .max ? nil : finished)
    }

    public func revert(_ block: L1BlockReference) -> AdapterStatus {
        guard let revert = ingest?.pointee.revert else { return .unsupported }
        context.store.revert(block: block.number)
        var ref = Optional(block).abi
        return serial { isShutDown ? .unavailable : AdapterStatus(withUnsafePointer(to: &ref) { revert(instance, $0) }) }
    }

    /// A `rollport.rpc/1` call; `params` is a JSON array or object.
    public func call(method: String, chain: String, params: String) -> AdapterCallResult {
        guard let call = rpc?.pointee.call else {
            return AdapterCallResult(status: .unsupported, records: [], message: "\(id) does not provide \(ROLLPORT_RPC_V1)", refusals: [])
        }
        let collector = OutputCollector(adapter: id, defaultChain: chain)
        let status: Int32 = concurrent {
            if isShutDown { return Int32(ROLLPORT_UNAVAILABLE) }
            return collector.withABI { out in
                withBytes(chain) { c in withBytes(method) { m in withBytes(params) { p in call(instance, c, m, p, out) } } }
            }
        }
        return AdapterCallResult(status: AdapterStatus(status), records: collector.records, message: collector.errorText, refusals: collector.refusals)
    }

    /// A `rollport.batch/1` decode of one transaction item, laid out for `chain` (any chain of
    /// the manifest, enabled or not). Nothing is stored: the records are the caller's to print.
    public func decodeBatch(_ item: L1Item, chain: String, recoverSenders: Bool = false) -> AdapterCallResult {
        guard let decode = batch?.pointee.decode else {
            return AdapterCallResult(status: .unsupported, records: [], message: "\(id) does not provide \(ROLLPORT_BATCH_V1)", refusals: [])
        }
        guard case .transaction = item else {
            return AdapterCallResult(status: .invalidArgument, records: [], message: "\(ROLLPORT_BATCH_V1) decodes transactions; this item is a log", refusals: [])
        }
        let flags: rollport_batch_flags = recoverSenders ? rollport_batch_flags(ROLLPORT_BATCH_RECOVER_SENDERS) : 0
        let collector = OutputCollector(adapter: id, defaultChain: chain)
        let status: Int32 = item.withABI(chain: chain, kind: .batch) { abiItem in
            concurrent {
                if isShutDown { return Int32(ROLLPORT_UNAVAILABLE) }
                return KeyValueWriteGuard.readOnly(during: .batchDecode) {
                    collector.withABI { decode(instance, abiItem, flags, $0) }
                }
            }
        }
        return AdapterCallResult(status: AdapterStatus(status), records: collector.records, message: collector.errorText, refusals: collector.refusals)
    }

    /// A `rollport.batch-encode/1` call: `request` is the JSON object the adapter documents.
    public func encodeBatch(chain: String, request: String) -> AdapterCallResult {
        guard let encode = batchEncode?.pointee.encode else {
            return AdapterCallResult(status: .unsupported, records: [], message: "\(id) does not provide \(ROLLPORT_BATCH_ENCODE_V1)", refusals: [])
        }
        let collector = OutputCollector(adapter: id, defaultChain: chain)
        let status: Int32 = concurrent {
            if isShutDown { return Int32(ROLLPORT_UNAVAILABLE) }
            return collector.withABI { out in withBytes(chain) { c in withBytes(request) { r in encode(instance, c, r, out) } } }
        }
        return AdapterCallResult(status: AdapterStatus(status), records: collector.records, message: collector.errorText, refusals: collector.refusals)
    }

    // MARK: config

    /// The init config: the manifest's identity and chains (see rollport.h).
    public static func configuration(for manifest: Manifest?, library: AdapterLibrary) -> JSONValue {
        let adapter: JSONValue = .object([("id", .string(library.adapterID)), ("version", .string(library.adapterVersion))])
        let chains = (manifest?.chains ?? []).map { c -> JSONValue in
            .object([
                ("name", .string(c.name)), ("chainId", .number(c.chainID)), ("l1ChainId", .number(c.l1ChainID)),
                ("enabled", .bool(c.enabled)), ("startL1Block", .number(c.startL1Block)),
                ("anchors", .object(c.anchors)), ("upgrades", .object(c.upgrades)),
            ])
        }
        return .object([("adapter", adapter), ("chains", .array(chains))])
    }
}

func withBytes<R>(_ text: String, _ body: (rollport_bytes) -> R) -> R {
    var copy = text
    return copy.withUTF8 { body(rollport_bytes(ptr: $0.baseAddress, len: $0.count)) }
}

/// A reader-writer lock: [concurrent] calls share it, [host-serial] calls take it alone.
final class ReadWriteGate: @unchecked Sendable {
    private let lock: UnsafeMutablePointer<pthread_rwlock_t>
    init() {
        lock = .allocate(capacity: 1)
        pthread_rwlock_init(lock, nil)
    }
    deinit {
        pthread_rwlock_destroy(lock)
        lock.deallocate()
    }
    func read<R>(_ body: () -> R) -> R {
        pthread_rwlock_rdlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return body()
    }
    func write<R>(_ body: () -> R) -> R {
        pthread_rwlock_wrlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return body()
    }
}

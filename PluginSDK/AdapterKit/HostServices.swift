import RollportABI

/// The host's services for one adapter instance: logging, metrics and the key-value store.
/// Valid from init until shutdown; the kit hands one to the adapter's initializer.
public struct HostServices: @unchecked Sendable {
    // @unchecked: the pointers are the host's, valid until shutdown, and its callbacks are
    // [any-thread] by the ABI's rules.
    public let raw: UnsafePointer<rollport_host>
    private let logTable: UnsafePointer<rollport_host_log_v1>?
    private let kvTable: UnsafePointer<rollport_host_kv_v1>?
    private let metricsTable: UnsafePointer<rollport_host_metrics_v1>?
    let l1Table: UnsafePointer<rollport_host_l1_v1>?

    init(_ raw: UnsafePointer<rollport_host>) {
        self.raw = raw
        func table<T>(_ id: String, _ type: T.Type) -> UnsafePointer<T>? {
            guard let get = raw.pointee.get_extension, let p = get(raw, id) else { return nil }
            return p.assumingMemoryBound(to: T.self)
        }
        logTable = table(ROLLPORT_HOST_LOG_V1, rollport_host_log_v1.self)
        kvTable = table(ROLLPORT_HOST_KV_V1, rollport_host_kv_v1.self)
        metricsTable = table(ROLLPORT_HOST_METRICS_V1, rollport_host_metrics_v1.self)
        l1Table = table(ROLLPORT_HOST_L1_V1, rollport_host_l1_v1.self)
    }

    public var hostVersion: String { raw.pointee.host_version.map { String(cString: $0) } ?? "" }

    public enum LogLevel: UInt32, Sendable { case trace = 0, debug, info, warning, error }

    public func log(_ level: LogLevel, _ message: @autoclosure () -> String) {
        guard let table = logTable, let log = table.pointee.log else { return }
        if let enabled = table.pointee.enabled, !enabled(raw, level.rawValue) { return }
        message().withBytes { log(raw, level.rawValue, $0) }
    }

    // MARK: key-value store

    public var hasStore: Bool { kvTable != nil }

    public func get(_ key: [UInt8]) throws(AdapterError) -> [UInt8]? {
        guard let get = kvTable?.pointee.get else { throw AdapterError.unsupported("the host offers no \(ROLLPORT_HOST_KV_V1)") }
        final class Box { var value: [UInt8]? }
        let box = Box()
        let status = key.withBytes { k in
            get(raw, k, Unmanaged.passUnretained(box).toOpaque()) { ctx, value in
                guard let ctx else { return }
                Unmanaged<Box>.fromOpaque(ctx).takeUnretainedValue().value = Array(value.buffer)
            }
        }
        if status == ROLLPORT_NOT_FOUND { return nil }
        guard status == ROLLPORT_OK else { throw AdapterError(Status(rawValue: status) ?? .internal, "kv get failed") }
        return box.value ?? []
    }

    public func put(_ key: [UInt8], _ value: [UInt8]) throws(AdapterError) {
        guard let put = kvTable?.pointee.put else { throw AdapterError.unsupported("the host offers no \(ROLLPORT_HOST_KV_V1)") }
        let status = key.withBytes { k in value.withBytes { v in put(raw, k, v) } }
        guard status == ROLLPORT_OK else { throw AdapterError(Status(rawValue: status) ?? .internal, "kv put refused (key \(key.count) B, value \(value.count) B)") }
    }

    public func remove(_ key: [UInt8]) throws(AdapterError) {
        guard let remove = kvTable?.pointee.remove else { throw AdapterError.unsupported("the host offers no \(ROLLPORT_HOST_KV_V1)") }
        let status = key.withBytes { remove(raw, $0) }
        guard status == ROLLPORT_OK else { throw AdapterError(Status(rawValue: status) ?? .internal, "kv remove refused") }
    }

    // MARK: metrics

    public enum MetricType: UInt32, Sendable { case counter = 1, gauge, histogram }

    /// Only during init. Returns nil when the host has no metrics service or refuses the name.
    public func defineMetric(_ type: MetricType, name: String, help: String) -> Int32? {
        guard let define = metricsTable?.pointee.define else { return nil }
        let id = name.withBytes { n in help.withBytes { h in define(raw, type.rawValue, n, h) } }
        return id >= 0 ? id : nil
    }

    public func add(_ metric: Int32?, chain: String, _ value: Double = 1) {
        guard let metric, let add = metricsTable?.pointee.add else { return }
        chain.withBytes { add(raw, metric, $0, value) }
    }

    public func set(_ metric: Int32?, chain: String, _ value: Double) {
        guard let metric, let set = metricsTable?.pointee.set else { return }
        chain.withBytes { set(raw, metric, $0, value) }
    }

    public func observe(_ metric: Int32?, chain: String, _ value: Double) {
        guard let metric, let observe = metricsTable?.pointee.observe else { return }
        chain.withBytes { observe(raw, metric, $0, value) }
    }
}

/// Where a call writes its records and error text. Valid for one call.
public struct Output {
    public let raw: UnsafePointer<rollport_output>

    /// Emits one record; `json` must be a JSON object (any JSON value for an RPC result).
    public func emit(_ kind: Kind, json: String, key: [UInt8] = [], chain: String = "") throws(AdapterError) {
        guard let emit = raw.pointee.emit else { throw AdapterError(.internal, "the host gave no record sink") }
        let status = json.withBytes { j in
            key.withBytes { k in
                chain.withBytes { c in
                    var record = rollport_record(
                        struct_size: UInt32(MemoryLayout<rollport_record>.size), kind: kind.rawValue,
                        chain: c, key: k, json: j)
                    return emit(raw.pointee.host_ctx, &record)
                }
            }
        }
        guard status == ROLLPORT_OK else { throw AdapterError(.outputRefused, "the host refused a \(kind) record (status \(status))") }
    }

    public func error(_ message: String) {
        guard let error = raw.pointee.error else { return }
        message.withBytes { error(raw.pointee.host_ctx, $0) }
    }
}

extension String {
    func withBytes<R>(_ body: (rollport_bytes) -> R) -> R {
        var copy = self
        return copy.withUTF8 { body(rollport_bytes(ptr: $0.baseAddress, len: $0.count)) }
    }
}

extension Array where Element == UInt8 {
    func withBytes<R>(_ body: (rollport_bytes) -> R) -> R {
        withUnsafeBufferPointer { body(rollport_bytes(ptr: $0.baseAddress, len: $0.count)) }
    }
}

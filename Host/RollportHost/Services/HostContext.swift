import Foundation
import Logging
import RollportABI
import Synchronization

/// The host as one adapter instance sees it: the `rollport_host` struct handed to init, and the
/// services behind its extensions. One per instance; it outlives the instance's shutdown.
final class HostContext: @unchecked Sendable {
    // @unchecked: the C struct is written once in init and only read afterwards.

    /// The host services, by extension id: the one list `get_extension` answers from and the
    /// loader checks a manifest's `requires` against.
    nonisolated(unsafe) static let services: [String: UnsafeRawPointer] = [
        ROLLPORT_HOST_LOG_V1: UnsafeRawPointer(logTable),
        ROLLPORT_HOST_METRICS_V1: UnsafeRawPointer(metricsTable),
        ROLLPORT_HOST_KV_V1: UnsafeRawPointer(kvTable),
        ROLLPORT_HOST_CRYPTO_V1: UnsafeRawPointer(hostCryptoTable),
        ROLLPORT_HOST_ZK_V1: UnsafeRawPointer(hostZKTable),
        ROLLPORT_HOST_L1_V1: UnsafeRawPointer(hostL1Table),
    ]
    static var hostExtensions: [String] { services.keys.sorted() }
    nonisolated(unsafe) private static let versionString = UnsafePointer(strdup(RollportVersion.host.description)!)

    let adapterID: String
    let logger: Logger
    let store: KeyValueNamespace
    let metrics: AdapterMetrics
    let raw: UnsafeMutablePointer<rollport_host>
    private let l1Reads = Mutex<L1Reads?>(nil)

    /// The follower's L1 reads for `rollport.host.l1/1`; nil when no follower runs.
    var l1: L1Reads? {
        get { l1Reads.withLock { $0 } }
        set { l1Reads.withLock { $0 = newValue } }
    }

    init(adapterID: String, logger: Logger, store: KeyValueNamespace = KeyValueNamespace()) {
        self.adapterID = adapterID
        var logger = logger
        logger[metadataKey: "adapter"] = .string(adapterID)
        self.logger = logger
        self.store = store
        self.metrics = AdapterMetrics(adapterID: adapterID)
        raw = .allocate(capacity: 1)
        raw.initialize(to: rollport_host(
            struct_size: UInt32(MemoryLayout<rollport_host>.size),
            abi_major: UInt16(ROLLPORT_ABI_MAJOR), abi_minor: UInt16(ROLLPORT_ABI_MINOR),
            host_version: Self.versionString, host_ctx: nil,
            get_extension: { _, id in id.flatMap { HostContext.services[String(cString: $0)] } }))
        raw.pointee.host_ctx = Unmanaged.passUnretained(self).toOpaque()
    }

    deinit { raw.deallocate() }

    /// Whether a kv write now breaks rollport.h (inside claim or a batch decode); if so, the
    /// adapter's bug is logged and the write refused, so nothing changes.
    func refusesWrite() -> Bool {
        guard let call = KeyValueWriteGuard.current else { return false }
        logger.warning("kv write refused: \(call.name) must not write the key-value store (rollport.h); nothing was changed")
        return true
    }

    static func from(_ host: UnsafePointer<rollport_host>?) -> HostContext? {
        guard let ctx = host?.pointee.host_ctx else { return nil }
        return Unmanaged<HostContext>.fromOpaque(ctx).takeUnretainedValue()
    }
}

private func level(_ l: rollport_log_level) -> Logger.Level {
    switch l {
    case 0: return .trace
    case 1: return .debug
    case 2: return .info
    case 3: return .warning
    default: return .error
    }
}

nonisolated(unsafe) private let logTable: UnsafeMutablePointer<rollport_host_log_v1> = {
    let t = UnsafeMutablePointer<rollport_host_log_v1>.allocate(capacity: 1)
    t.initialize(to: rollport_host_log_v1(
        struct_size: UInt32(MemoryLayout<rollport_host_log_v1>.size),
        log: { host, l, message in
            guard let ctx = HostContext.from(host) else { return }
            let text = String(decoding: message.span.prefix(64 << 10), as: UTF8.self)
            ctx.logger.log(level: level(l), "\(text)")
        },
        enabled: { host, l in
            guard let ctx = HostContext.from(host) else { return false }
            return ctx.logger.logLevel <= level(l)
        }))
    return t
}()

nonisolated(unsafe) private let kvTable: UnsafeMutablePointer<rollport_host_kv_v1> = {
    let t = UnsafeMutablePointer<rollport_host_kv_v1>.allocate(capacity: 1)
    t.initialize(to: rollport_host_kv_v1(
        struct_size: UInt32(MemoryLayout<rollport_host_kv_v1>.size),
        get: { host, key, readerCtx, reader in
            guard let ctx = HostContext.from(host), let reader else { return rollport_status(ROLLPORT_INVALID_ARGUMENT) }
            guard key.len <= KeyValueNamespace.maxKeyBytes else { return rollport_status(ROLLPORT_INVALID_ARGUMENT) }
            guard let value = ctx.store.get(Array(key.span)) else { return rollport_status(ROLLPORT_NOT_FOUND) }
            value.withUnsafeBufferPointer { reader(readerCtx, rollport_bytes(ptr: $0.baseAddress, len: $0.count)) }
            return rollport_status(ROLLPORT_OK)
        },
        put: { host, key, value in
            guard let ctx = HostContext.from(host) else { return rollport_status(ROLLPORT_INVALID_ARGUMENT) }
            guard !ctx.refusesWrite() else { return rollport_status(ROLLPORT_INVALID_ARGUMENT) }
            guard key.len <= KeyValueNamespace.maxKeyBytes, value.len <= KeyValueNamespace.maxValueBytes else {
                return rollport_status(ROLLPORT_INVALID_ARGUMENT)
            }
            ctx.store.put(Array(key.span), Array(value.span))
            return rollport_status(ROLLPORT_OK)
        },
        remove: { host, key in
            guard let ctx = HostContext.from(host) else { return rollport_status(ROLLPORT_INVALID_ARGUMENT) }
            guard !ctx.refusesWrite() else { return rollport_status(ROLLPORT_INVALID_ARGUMENT) }
            guard key.len <= KeyValueNamespace.maxKeyBytes else { return rollport_status(ROLLPORT_INVALID_ARGUMENT) }
            ctx.store.put(Array(key.span), nil)
            return rollport_status(ROLLPORT_OK)
        }))
    return t
}()

nonisolated(unsafe) private let metricsTable: UnsafeMutablePointer<rollport_host_metrics_v1> = {
    let t = UnsafeMutablePointer<rollport_host_metrics_v1>.allocate(capacity: 1)
    t.initialize(to: rollport_host_metrics_v1(
        struct_size: UInt32(MemoryLayout<rollport_host_metrics_v1>.size),
        define: { host, type, name, help in
            guard let ctx = HostContext.from(host) else { return -1 }
            return ctx.metrics.define(type: type, name: String(decoding: name.span, as: UTF8.self),
                                      help: String(decoding: help.span.prefix(1024), as: UTF8.self))
        },
        add: { host, id, chain, value in
            HostContext.from(host)?.metrics.record(id, chain: String(decoding: chain.span, as: UTF8.self), value: value, .add)
        },
        set: { host, id, chain, value in
            HostContext.from(host)?.metrics.record(id, chain: String(decoding: chain.span, as: UTF8.self), value: value, .set)
        },
        observe: { host, id, chain, value in
            HostContext.from(host)?.metrics.record(id, chain: String(decoding: chain.span, as: UTF8.self), value: value, .observe)
        }))
    return t
}()

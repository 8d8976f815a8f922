import Foundation
import Logging
import RollportABI

/// The host as one adapter instance sees it: the `rollport_host` struct handed to init, and the
/// services behind its extensions. One per instance, alive until the process ends (adapters are
/// never unloaded, and a host pointer must outlive shutdown).
final class HostContext: @unchecked Sendable {
    // @unchecked: the C struct is written once in init and only read afterwards.
    static let hostExtensions = ["rollport.host.log/1", "rollport.host.metrics/1", "rollport.host.kv/1"]

    let adapterID: String
    let logger: Logger
    let store: KeyValueNamespace
    let metrics: AdapterMetrics
    private(set) var raw: UnsafeMutablePointer<rollport_host>
    private let versionString: UnsafeMutablePointer<CChar>

    init(adapterID: String, logger: Logger, store: KeyValueNamespace = KeyValueNamespace()) {
        self.adapterID = adapterID
        var logger = logger
        logger[metadataKey: "adapter"] = .string(adapterID)
        self.logger = logger
        self.store = store
        self.metrics = AdapterMetrics(adapterID: adapterID)
        versionString = strdup(RollportVersion.host.description)!
        raw = .allocate(capacity: 1)
        raw.initialize(to: rollport_host(
            struct_size: UInt32(MemoryLayout<rollport_host>.size),
            abi_major: UInt16(ROLLPORT_ABI_MAJOR), abi_minor: UInt16(ROLLPORT_ABI_MINOR),
            host_version: UnsafePointer(versionString), host_ctx: nil, get_extension: hostGetExtension))
        raw.pointee.host_ctx = Unmanaged.passUnretained(self).toOpaque()
    }

    static func from(_ host: UnsafePointer<rollport_host>?) -> HostContext? {
        guard let ctx = host?.pointee.host_ctx else { return nil }
        return Unmanaged<HostContext>.fromOpaque(ctx).takeUnretainedValue()
    }
}

private func hostGetExtension(_ host: UnsafePointer<rollport_host>?, _ id: UnsafePointer<CChar>?) -> UnsafeRawPointer? {
    guard let id else { return nil }
    switch String(cString: id) {
    case ROLLPORT_HOST_LOG_V1: return UnsafeRawPointer(logTable)
    case ROLLPORT_HOST_METRICS_V1: return UnsafeRawPointer(metricsTable)
    case ROLLPORT_HOST_KV_V1: return UnsafeRawPointer(kvTable)
    default: return nil
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
            guard key.len <= KeyValueNamespace.maxKeyBytes, value.len <= KeyValueNamespace.maxValueBytes else {
                return rollport_status(ROLLPORT_INVALID_ARGUMENT)
            }
            ctx.store.put(Array(key.span), Array(value.span))
            return rollport_status(ROLLPORT_OK)
        },
        remove: { host, key in
            guard let ctx = HostContext.from(host) else { return rollport_status(ROLLPORT_INVALID_ARGUMENT) }
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
            HostContext.from(host)?.metrics.record(id, chain: String(decoding: chain.span, as: UTF8.self), value: value, operation: 0)
        },
        set: { host, id, chain, value in
            HostContext.from(host)?.metrics.record(id, chain: String(decoding: chain.span, as: UTF8.self), value: value, operation: 1)
        },
        observe: { host, id, chain, value in
            HostContext.from(host)?.metrics.record(id, chain: String(decoding: chain.span, as: UTF8.self), value: value, operation: 2)
        }))
    return t
}()

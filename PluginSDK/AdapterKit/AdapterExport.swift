#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RollportABI

/// Builds the C entry and extension tables for a ``RollportAdapter`` type. The kit is linked
/// statically into each adapter, so these globals are private to that adapter's library.
public enum AdapterExport {
    /// Call from the adapter's `@c(rollport_plugin_entry_v1)` function.
    public static func entry<A: RollportAdapter>(
        _ type: A.Type, hostMajor: UInt32, hostMinor: UInt32
    ) -> UnsafePointer<rollport_plugin_entry>? {
        guard hostMajor == ROLLPORT_ABI_MAJOR else { return nil }
        lock.lock()
        defer { lock.unlock() }
        if let built = entryTable { return UnsafePointer(built) }
        factory = { host, config in try A(host: host, config: config) }
        methodNames = A.rpcMethods
        methodTable = makeMethodTable(A.rpcMethods)
        offersBatchDecode = A.decodesBatches
        offersBatchEncode = A.encodesBatches
        let table = UnsafeMutablePointer<rollport_plugin_entry>.allocate(capacity: 1)
        table.initialize(to: rollport_plugin_entry(
            magic: ROLLPORT_ENTRY_MAGIC,
            struct_size: UInt32(MemoryLayout<rollport_plugin_entry>.size),
            abi_major: UInt16(ROLLPORT_ABI_MAJOR),
            abi_minor: UInt16(ROLLPORT_ABI_MINOR),
            threading: A.threading.rawValue,
            adapter_id: UnsafePointer(strdup(A.id)),
            adapter_version: UnsafePointer(strdup(A.version)),
            build_info: UnsafePointer(strdup("swift rollport-adapter-kit abi=\(ROLLPORT_ABI_MAJOR).\(ROLLPORT_ABI_MINOR)")),
            init: initTrampoline,
            shutdown: shutdownTrampoline,
            get_extension: getExtensionTrampoline))
        entryTable = table
        return UnsafePointer(table)
    }
}

// MARK: - process-wide tables (one adapter per library)

private final class Instance {
    let adapter: any RollportAdapter
    init(_ adapter: any RollportAdapter) { self.adapter = adapter }
}

private let lock = EntryLock()
nonisolated(unsafe) private var entryTable: UnsafeMutablePointer<rollport_plugin_entry>?
nonisolated(unsafe) private var factory: ((HostServices, [UInt8]) throws -> any RollportAdapter)?
nonisolated(unsafe) private var methodNames: [String] = []
nonisolated(unsafe) private var offersBatchDecode = false
nonisolated(unsafe) private var offersBatchEncode = false
nonisolated(unsafe) private var methodTable: UnsafeMutablePointer<UnsafePointer<CChar>?>?

private func makeMethodTable(_ names: [String]) -> UnsafeMutablePointer<UnsafePointer<CChar>?>? {
    guard !names.isEmpty else { return nil }
    let table = UnsafeMutablePointer<UnsafePointer<CChar>?>.allocate(capacity: names.count)
    for (i, name) in names.enumerated() { (table + i).initialize(to: UnsafePointer(strdup(name))) }
    return table
}

private func instance(_ raw: OpaquePointer?) -> Instance? {
    guard let raw else { return nil }
    return Unmanaged<Instance>.fromOpaque(UnsafeRawPointer(raw)).takeUnretainedValue()
}

/// Runs `body`, turning thrown errors into a status and error text.
private func guarded(_ output: UnsafePointer<rollport_output>?, _ body: () throws -> rollport_status) -> rollport_status {
    do {
        return try body()
    } catch let error as AdapterError {
        if let output { Output(raw: output).error(error.message) }
        return error.status.rawValue
    } catch {
        if let output { Output(raw: output).error("internal error: \(error)") }
        return Status.internal.rawValue
    }
}

private let initTrampoline: @convention(c) (
    UnsafePointer<rollport_host>?, rollport_bytes, UnsafeMutablePointer<OpaquePointer?>?, UnsafePointer<rollport_output>?
) -> rollport_status = { host, config, out, errorOutput in
    guarded(errorOutput) {
        guard let host, let out else { throw AdapterError.invalidArgument("init: host and out_instance must not be NULL") }
        out.pointee = nil
        guard let make = factory else { throw AdapterError(.internal, "init before the entry was built") }
        let adapter = try make(HostServices(host), Array(config.buffer))
        out.pointee = OpaquePointer(Unmanaged.passRetained(Instance(adapter)).toOpaque())
        return Status.ok.rawValue
    }
}

private let shutdownTrampoline: @convention(c) (OpaquePointer?) -> Void = { raw in
    guard let raw else { return }
    Unmanaged<Instance>.fromOpaque(UnsafeRawPointer(raw)).release()
}

private let getExtensionTrampoline: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> UnsafeRawPointer? = { _, id in
    guard let id else { return nil }
    switch String(cString: id) {
    case ROLLPORT_L1_INGEST_V1: return UnsafeRawPointer(ingestTable)
    case ROLLPORT_RPC_V1: return methodTable == nil ? nil : UnsafeRawPointer(rpcTable)
    case ROLLPORT_BATCH_V1: return offersBatchDecode ? UnsafeRawPointer(batchTable) : nil
    case ROLLPORT_BATCH_ENCODE_V1: return offersBatchEncode ? UnsafeRawPointer(batchEncodeTable) : nil
    default: return nil
    }
}

nonisolated(unsafe) private let ingestTable: UnsafeMutablePointer<rollport_l1_ingest_v1> = {
    let table = UnsafeMutablePointer<rollport_l1_ingest_v1>.allocate(capacity: 1)
    table.initialize(to: rollport_l1_ingest_v1(
        struct_size: UInt32(MemoryLayout<rollport_l1_ingest_v1>.size),
        claim: { raw, item in
            guarded(nil) {
                guard let adapter = instance(raw)?.adapter, let item else { return Status.invalidArgument.rawValue }
                return try adapter.claim(Item(raw: item)) ? Status.ok.rawValue : Status.notClaimed.rawValue
            }
        },
        handle: { raw, item, output in
            guarded(output) {
                guard let adapter = instance(raw)?.adapter, let item, let output else {
                    throw AdapterError.invalidArgument("handle: instance, item and output must not be NULL")
                }
                try adapter.handle(Item(raw: item), output: Output(raw: output))
                return Status.ok.rawValue
            }
        },
        commit: { raw, block, output, finished in
            guarded(output) {
                guard let adapter = instance(raw)?.adapter, let block, let output else {
                    throw AdapterError.invalidArgument("commit: instance, block and output must not be NULL")
                }
                let height = try adapter.commit(block: BlockRef(block.pointee), output: Output(raw: output))
                finished?.pointee = height
                return Status.ok.rawValue
            }
        },
        revert: { raw, block in
            guarded(nil) {
                guard let adapter = instance(raw)?.adapter, let block else { return Status.invalidArgument.rawValue }
                try adapter.revert(block: BlockRef(block.pointee))
                return Status.ok.rawValue
            }
        }))
    return table
}()

nonisolated(unsafe) private let rpcTable: UnsafeMutablePointer<rollport_rpc_v1> = {
    let table = UnsafeMutablePointer<rollport_rpc_v1>.allocate(capacity: 1)
    table.initialize(to: rollport_rpc_v1(
        struct_size: UInt32(MemoryLayout<rollport_rpc_v1>.size),
        methods: UnsafePointer(methodTable),
        method_count: methodNames.count,
        call: { raw, chain, method, params, output in
            guarded(output) {
                guard let adapter = instance(raw)?.adapter, let output else {
                    throw AdapterError.invalidArgument("call: instance and output must not be NULL")
                }
                let name = String(borrowed: method)
                guard methodNames.contains(name) else { throw AdapterError.notFound("no method \(name); this adapter serves \(methodNames.joined(separator: ", "))") }
                let result = try adapter.call(method: name, chain: String(borrowed: chain), params: Array(params.buffer))
                try Output(raw: output).emit(.rpcResult, json: result)
                return Status.ok.rawValue
            }
        }))
    return table
}()

nonisolated(unsafe) private let batchTable: UnsafeMutablePointer<rollport_batch_v1> = {
    let table = UnsafeMutablePointer<rollport_batch_v1>.allocate(capacity: 1)
    table.initialize(to: rollport_batch_v1(
        struct_size: UInt32(MemoryLayout<rollport_batch_v1>.size),
        decode: { raw, item, flags, output in
            guarded(output) {
                guard let adapter = instance(raw)?.adapter, let item, let output else {
                    throw AdapterError.invalidArgument("decode: instance, item and output must not be NULL")
                }
                guard item.pointee.type == UInt32(ROLLPORT_ITEM_TRANSACTION), item.pointee.tx != nil else {
                    throw AdapterError.invalidArgument("decode: the item must be a transaction")
                }
                try adapter.decodeBatch(Item(raw: item), flags: BatchFlags(rawValue: flags), output: Output(raw: output))
                return Status.ok.rawValue
            }
        }))
    return table
}()

nonisolated(unsafe) private let batchEncodeTable: UnsafeMutablePointer<rollport_batch_encode_v1> = {
    let table = UnsafeMutablePointer<rollport_batch_encode_v1>.allocate(capacity: 1)
    table.initialize(to: rollport_batch_encode_v1(
        struct_size: UInt32(MemoryLayout<rollport_batch_encode_v1>.size),
        encode: { raw, chain, request, output in
            guarded(output) {
                guard let adapter = instance(raw)?.adapter, let output else {
                    throw AdapterError.invalidArgument("encode: instance and output must not be NULL")
                }
                try adapter.encodeBatch(chain: String(borrowed: chain), request: Array(request.buffer), output: Output(raw: output))
                return Status.ok.rawValue
            }
        }))
    return table
}()

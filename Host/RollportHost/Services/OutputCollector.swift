import RollportABI
import RollportToolkit

/// The host side of `rollport_output` for one call: copies and checks what the adapter emits.
final class OutputCollector {
    static let maxRecordBytes = 16 << 20

    let adapter: String
    let defaultChain: String
    private(set) var records: [Record] = []
    private(set) var messages: [String] = []
    /// Why a record was refused, so that the caller can tell the adapter author.
    private(set) var refusals: [String] = []

    init(adapter: String, defaultChain: String) {
        self.adapter = adapter
        self.defaultChain = defaultChain
    }

    var errorText: String { messages.joined(separator: "; ") }

    func withABI<R>(_ body: (UnsafePointer<rollport_output>) throws -> R) rethrows -> R {
        var output = rollport_output(
            struct_size: UInt32(MemoryLayout<rollport_output>.size),
            host_ctx: Unmanaged.passUnretained(self).toOpaque(),
            emit: outputEmit, error: outputError)
        return try withExtendedLifetime(self) { try withUnsafePointer(to: &output) { try body($0) } }
    }

    fileprivate func emit(_ record: rollport_record) -> rollport_status {
        guard record.struct_size >= UInt32(MemoryLayout<rollport_record>.size) else {
            refusals.append("record struct_size \(record.struct_size) is smaller than rollport_record (\(MemoryLayout<rollport_record>.size))")
            return rollport_status(ROLLPORT_OUTPUT_REFUSED)
        }
        guard let kind = ClaimKind.recordName(record.kind) else {
            refusals.append("record kind \(record.kind) is not a rollport_kind")
            return rollport_status(ROLLPORT_OUTPUT_REFUSED)
        }
        guard record.json.len <= Self.maxRecordBytes, record.key.len <= 4096 else {
            refusals.append("a \(kind) record of \(record.json.len) bytes is over the \(Self.maxRecordBytes)-byte limit")
            return rollport_status(ROLLPORT_OUTPUT_REFUSED)
        }
        let details: JSONValue
        do {
            details = try JSONValue.parse(Array(record.json.span))
        } catch {
            refusals.append("a \(kind) record's json is not valid JSON: \(error)")
            return rollport_status(ROLLPORT_OUTPUT_REFUSED)
        }
        if kind != "rpc_result", !details.isObject {
            refusals.append("a \(kind) record's json must be an object")
            return rollport_status(ROLLPORT_OUTPUT_REFUSED)
        }
        let chain = record.chain.len == 0 ? defaultChain : String(decoding: record.chain.span, as: UTF8.self)
        records.append(Record(kind: kind, chain: chain, adapter: adapter, key: Array(record.key.span), details: details))
        return rollport_status(ROLLPORT_OK)
    }

    fileprivate func error(_ message: rollport_bytes) {
        guard message.len <= 64 << 10 else { messages.append("(error text over 64 KiB dropped)"); return }
        messages.append(String(decoding: message.span, as: UTF8.self))
    }
}

extension rollport_bytes {
    var span: UnsafeBufferPointer<UInt8> {
        guard let ptr, len > 0 else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: ptr, count: len)
    }
}

private let outputEmit: @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<rollport_record>?) -> rollport_status = { ctx, record in
    guard let ctx, let record else { return rollport_status(ROLLPORT_INVALID_ARGUMENT) }
    return Unmanaged<OutputCollector>.fromOpaque(ctx).takeUnretainedValue().emit(record.pointee)
}

private let outputError: @convention(c) (UnsafeMutableRawPointer?, rollport_bytes) -> Void = { ctx, message in
    guard let ctx else { return }
    Unmanaged<OutputCollector>.fromOpaque(ctx).takeUnretainedValue().error(message)
}

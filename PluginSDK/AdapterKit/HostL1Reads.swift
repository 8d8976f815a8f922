import RollportABI
import RollportToolkit

/// A log read through `rollport.host.l1/1`, copied out of the host's call.
public struct L1LogRead: Sendable, Equatable {
    public var block: BlockRef
    public var address: Address
    public var topics: [Hash32]
    public var data: [UInt8]
    public var transactionHash: Hash32?
    public var logIndex: UInt32?
}

extension BlockRef: Equatable {
    public static func == (a: BlockRef, b: BlockRef) -> Bool {
        a.number == b.number && a.hash == b.hash && a.parentHash == b.parentHash && a.timestamp == b.timestamp
    }
}

/// Reads of L1 through the host (`rollport.host.l1/1`). They may block on the network; call
/// them from handle, commit or rpc calls, never from claim. A block that is not (yet)
/// canonical is `nil`; everything else that fails throws with the host's reason.
extension HostServices {
    public var readsL1: Bool { l1Table != nil }

    public func l1Block(number: UInt64) throws(AdapterError) -> BlockRef? {
        try l1Block { table, out, error in table.block_by_number?(raw, number, out, error) }
    }

    public func l1Block(hash: Hash32) throws(AdapterError) -> BlockRef? {
        var h = hash.abi
        return try l1Block { table, out, error in table.block_by_hash?(raw, &h, out, error) }
    }

    private func l1Block(_ read: (rollport_host_l1_v1, UnsafeMutablePointer<rollport_l1_block_ref>, UnsafePointer<rollport_output>) -> rollport_status?) throws(AdapterError) -> BlockRef? {
        let table = try l1()
        var out = rollport_l1_block_ref()
        out.struct_size = UInt32(MemoryLayout<rollport_l1_block_ref>.size)
        let (status, message) = ErrorText.collect { read(table, &out, $0) ?? rollport_status(ROLLPORT_UNSUPPORTED) }
        if status == ROLLPORT_NOT_FOUND { return nil }
        try check(status, message)
        return BlockRef(out)
    }

    /// Logs of `address` (with first topic `topic0` when given) in blocks `from...to`.
    public func l1Logs(from: UInt64, to: UInt64, address: Address, topic0: Hash32? = nil) throws(AdapterError) -> [L1LogRead] {
        let table = try l1()
        guard let logs = table.logs else { throw AdapterError.unsupported("the host's \(ROLLPORT_HOST_L1_V1) has no logs") }
        var query = rollport_l1_log_query()
        query.struct_size = UInt32(MemoryLayout<rollport_l1_log_query>.size)
        query.from_block = from
        query.to_block = to
        query.address = address.abi
        if let topic0 { query.has_topic0 = true; query.topic0 = topic0.abi }
        final class Sink { var logs: [L1LogRead] = [] }
        let sink = Sink()
        let (status, message) = ErrorText.collect { error in
            logs(raw, &query, Unmanaged.passUnretained(sink).toOpaque(), { ctx, block, log in
                guard let ctx, let block, let log else { return }
                let view = Log(log)
                Unmanaged<Sink>.fromOpaque(ctx).takeUnretainedValue().logs.append(L1LogRead(
                    block: BlockRef(block.pointee), address: view.address, topics: view.topics, data: Array(view.data),
                    transactionHash: view.transactionHash, logIndex: view.logIndex))
            }, error)
        }
        try check(status, message)
        return sink.logs
    }

    /// eth_call of `to` with `data` after canonical block `block`. A revert throws
    /// `.verifyFailed` with the revert data in hex in its message.
    public func l1Call(to: Address, data: [UInt8], block: UInt64) throws(AdapterError) -> [UInt8] {
        let table = try l1()
        guard let call = table.call else { throw AdapterError.unsupported("the host's \(ROLLPORT_HOST_L1_V1) has no call") }
        final class Sink { var bytes: [UInt8] = [] }
        let sink = Sink()
        let (status, message) = ErrorText.collect { error in
            data.withBytes { d in
                call(raw, to.abi, d, block, Unmanaged.passUnretained(sink).toOpaque(), { ctx, bytes in
                    guard let ctx else { return }
                    Unmanaged<Sink>.fromOpaque(ctx).takeUnretainedValue().bytes = Array(bytes.buffer)
                }, error)
            }
        }
        if status == ROLLPORT_VERIFY_FAILED {
            throw AdapterError.verifyFailed("eth_call reverted with \(Hex.encode(sink.bytes))\(message.isEmpty ? "" : ": \(message)")")
        }
        try check(status, message)
        return sink.bytes
    }

    private func l1() throws(AdapterError) -> rollport_host_l1_v1 {
        guard let table = l1Table else { throw AdapterError.unsupported("the host offers no \(ROLLPORT_HOST_L1_V1)") }
        return table.pointee
    }

    private func check(_ status: rollport_status, _ message: String) throws(AdapterError) {
        guard status != ROLLPORT_OK else { return }
        throw AdapterError(Status(rawValue: status) ?? .internal, message.isEmpty ? "L1 read failed (status \(status))" : message)
    }
}

/// Collects the error text a host service writes through an optional `rollport_output`.
enum ErrorText {
    static func collect(_ body: (UnsafePointer<rollport_output>) -> rollport_status) -> (rollport_status, String) {
        final class Box { var text = "" }
        let box = Box()
        var output = rollport_output(
            struct_size: UInt32(MemoryLayout<rollport_output>.size), host_ctx: Unmanaged.passUnretained(box).toOpaque(),
            emit: { _, _ in rollport_status(ROLLPORT_OUTPUT_REFUSED) },
            error: { ctx, message in
                guard let ctx else { return }
                Unmanaged<Box>.fromOpaque(ctx).takeUnretainedValue().text += String(decoding: message.buffer, as: UTF8.self)
            })
        let status = withUnsafePointer(to: &output) { body($0) }
        return (status, box.text)
    }
}

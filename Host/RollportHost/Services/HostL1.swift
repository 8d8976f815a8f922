import RollportABI
import RollportToolkit

/// `rollport.host.l1/1`: an adapter's reads of L1, answered by the `L1Reads` the follower
/// attached to the adapter's host context (none for a one-off `rollport route`).
nonisolated(unsafe) let hostL1Table: UnsafeMutablePointer<rollport_host_l1_v1> = {
    let t = UnsafeMutablePointer<rollport_host_l1_v1>.allocate(capacity: 1)
    t.initialize(to: rollport_host_l1_v1(
        struct_size: UInt32(MemoryLayout<rollport_host_l1_v1>.size),
        block_by_number: { host, number, out, error in
            answer(host, error) { reads throws(L1Reads.ReadError) in
                try write(reads.block(number: number), to: out)
            }
        },
        block_by_hash: { host, hash, out, error in
            answer(host, error) { reads throws(L1Reads.ReadError) in
                guard let hash else { throw L1Reads.ReadError(reason: .invalidArgument, message: "hash must not be NULL") }
                try write(reads.block(hash: Hash32(hash.pointee)), to: out)
            }
        },
        logs: { host, query, ctx, reader, error in
            answer(host, error) { reads throws(L1Reads.ReadError) in
                guard let query, let reader else {
                    throw L1Reads.ReadError(reason: .invalidArgument, message: "query and reader must not be NULL")
                }
                let q = query.pointee
                let topic0 = q.has_topic0 ? Hash32(q.topic0) : nil
                for (header, logs) in try reads.logs(from: q.from_block, to: q.to_block, address: Address(q.address), topic0: topic0) {
                    var ref = Optional(header.reference).abi
                    for log in logs {
                        let hashes = log.topics.map(\.abi)
                        hashes.withUnsafeBufferPointer { topics in
                            log.data.withUnsafeBufferPointer { data in
                                var c = log.abi(topics: topics, data: rollport_bytes(ptr: data.baseAddress, len: data.count))
                                reader(ctx, &ref, &c)
                            }
                        }
                    }
                }
            }
        },
        call: { host, to, data, blockNumber, ctx, reader, error in
            answer(host, error) { reads throws(L1Reads.ReadError) in
                guard let reader else { throw L1Reads.ReadError(reason: .invalidArgument, message: "reader must not be NULL") }
                let returned: [UInt8]
                do throws(L1Reads.ReadError) {
                    returned = try reads.call(to: Address(to), data: Array(data.span), blockNumber: blockNumber)
                } catch where error.reason == .reverted {
                    let revert = error.revertData ?? []
                    revert.withUnsafeBufferPointer { reader(ctx, rollport_bytes(ptr: $0.baseAddress, len: $0.count)) }
                    throw error
                }
                returned.withUnsafeBufferPointer { reader(ctx, rollport_bytes(ptr: $0.baseAddress, len: $0.count)) }
            }
        }))
    return t
}()

private func answer(_ host: UnsafePointer<rollport_host>?, _ output: UnsafePointer<rollport_output>?,
                    _ body: (L1Reads) throws(L1Reads.ReadError) -> Void) -> rollport_status {
    guard let context = HostContext.from(host) else { return rollport_status(ROLLPORT_INVALID_ARGUMENT) }
    guard let reads = context.l1 else {
        report(output, "no L1 source: this host is not following L1 (reads work under `rollport run`)")
        return rollport_status(ROLLPORT_UNAVAILABLE)
    }
    do throws(L1Reads.ReadError) {
        try body(reads)
        return rollport_status(ROLLPORT_OK)
    } catch {
        report(output, error.message)
        switch error.reason {
        case .notFound: return rollport_status(ROLLPORT_NOT_FOUND)
        case .unavailable: return rollport_status(ROLLPORT_UNAVAILABLE)
        case .unsupported: return rollport_status(ROLLPORT_UNSUPPORTED)
        case .reverted: return rollport_status(ROLLPORT_VERIFY_FAILED)
        case .invalidArgument: return rollport_status(ROLLPORT_INVALID_ARGUMENT)
        }
    }
}

private func write(_ header: L1Header, to out: UnsafeMutablePointer<rollport_l1_block_ref>?) throws(L1Reads.ReadError) {
    guard let out else { throw L1Reads.ReadError(reason: .invalidArgument, message: "out must not be NULL") }
    // Fill only what the caller's struct covers (an adapter built against an older header).
    let size = min(Int(out.pointee.struct_size), MemoryLayout<rollport_l1_block_ref>.size)
    guard size >= MemoryLayout<UInt32>.size else {
        throw L1Reads.ReadError(reason: .invalidArgument, message: "out->struct_size is \(out.pointee.struct_size); set it to sizeof(rollport_l1_block_ref)")
    }
    var ref = Optional(header.reference).abi
    ref.struct_size = UInt32(size)
    withUnsafeBytes(of: &ref) { UnsafeMutableRawPointer(out).copyMemory(from: $0.baseAddress!, byteCount: size) }
}

extension Address {
    init(_ c: rollport_address) {
        self = withUnsafeBytes(of: c) { Address(bytes: $0)! }
    }
}

extension Hash32 {
    init(_ c: rollport_hash32) {
        self = withUnsafeBytes(of: c) { Hash32(bytes: $0)! }
    }
}

import RollportToolkit

/// Where the fields of one span-batch tx_data lie. The reader checks every field as Go's rlp
/// decoding into op-node's span-batch tx structs does (canonical integers that fit, 20-byte
/// addresses, 32-byte storage keys), so that the transactions rebuilt from them are exactly
/// the ones the sequencer signed.
struct TxDataLayout {
    var type: UInt8
    /// End of the whole tx_data.
    var end: Int
    /// Payload of the RLP list: value starts here.
    var fieldsStart: Int
    /// End of `value` (the first field).
    var valueEnd: Int
    /// End of the fee fields (gasPrice, or tip and feeCap); data (and the lists) follow.
    var feesEnd: Int

    struct Failure: Error {
        var offset: Int
        var reason: SpanBatchError.Reason
    }

    private enum Kind { case integer(maxBytes: Int), string, address, accessList, authorizationList }

    private static func kinds(_ type: UInt8) -> [Kind] {
        switch type {
        case 0: return [.integer(maxBytes: 32), .integer(maxBytes: 32), .string]
        case 1: return [.integer(maxBytes: 32), .integer(maxBytes: 32), .string, .accessList]
        case 2: return [.integer(maxBytes: 32), .integer(maxBytes: 32), .integer(maxBytes: 32), .string, .accessList]
        default: return [.integer(maxBytes: 32), .integer(maxBytes: 32), .integer(maxBytes: 32), .string, .accessList, .authorizationList]
        }
    }
    private static let fieldNames: [UInt8: [String]] = [
        0: ["value", "gasPrice", "data"],
        1: ["value", "gasPrice", "data", "accessList"],
        2: ["value", "maxPriorityFeePerGas", "maxFeePerGas", "data", "accessList"],
        4: ["value", "maxPriorityFeePerGas", "maxFeePerGas", "data", "accessList", "authorizationList"],
    ]
    private static let kindTable: [UInt8: [Kind]] = [0: kinds(0), 1: kinds(1), 2: kinds(2), 4: kinds(4)]

    /// Reads and checks the tx_data starting at `start` (offsets in failures are relative to it).
    static func read(_ b: UnsafeBufferPointer<UInt8>, at start: Int) -> Result<TxDataLayout, Failure> {
        guard start < b.count else { return .failure(Failure(offset: 0, reason: .truncated(needed: 1, available: 0))) }
        var p = start
        var type: UInt8 = 0
        if b[p] < 0xc0 {
            type = b[p]
            guard type == 1 || type == 2 || type == 4 else { return .failure(Failure(offset: 0, reason: .unknownTransactionType(type))) }
            p += 1
        }
        func fail(_ at: Int, _ message: String) -> Result<TxDataLayout, Failure> {
            .failure(Failure(offset: at - start, reason: .invalidTransactionData(message)))
        }
        let list: RLPHeader
        switch RLPHeader.read(b, at: p, end: b.count) {
        case .success(let h): list = h
        case .failure(.truncated(let needed, let available)):
            return .failure(Failure(offset: p - start, reason: .truncated(needed: needed, available: available)))
        case .failure(let problem): return fail(p, problem.description)
        }
        guard list.isList else { return fail(p, "expected an RLP list of the transaction's fields, found a string") }
        guard let kinds = kindTable[type], let names = fieldNames[type] else {
            return .failure(Failure(offset: 0, reason: .unknownTransactionType(type)))
        }
        var q = list.payloadStart
        var ends = [Int]()
        ends.reserveCapacity(kinds.count)
        for (k, kind) in kinds.enumerated() {
            guard q < list.end else { return fail(q, "the list has \(k) fields; a type-\(type) tx_data has \(kinds.count)") }
            let item: RLPHeader
            switch RLPHeader.read(b, at: q, end: list.end) {
            case .success(let h): item = h
            case .failure(let problem): return fail(q, "\(names[k]): \(problem)")
            }
            if let problem = check(b, item, kind) { return fail(q, "\(names[k]): \(problem)") }
            q = item.end
            ends.append(q)
        }
        guard q == list.end else { return fail(q, "more than the \(kinds.count) fields of a type-\(type) tx_data") }
        let feesEnd = type == 0 || type == 1 ? ends[1] : ends[2]
        return .success(TxDataLayout(type: type, end: list.end, fieldsStart: list.payloadStart, valueEnd: ends[0], feesEnd: feesEnd))
    }

    /// Reads the layout of tx_data already checked by `read`.
    static func trusted(_ b: UnsafeBufferPointer<UInt8>) -> TxDataLayout? {
        guard case .success(let layout) = read(b, at: 0) else { return nil }
        return layout
    }

    private static func check(_ b: UnsafeBufferPointer<UInt8>, _ item: RLPHeader, _ kind: Kind) -> String? {
        switch kind {
        case .integer(let maxBytes):
            guard !item.isList else { return "expected an integer, found a list" }
            guard item.payloadLength <= maxBytes else { return "integer of \(item.payloadLength) bytes; at most \(maxBytes)" }
            if item.payloadLength > 0, b[item.payloadStart] == 0 { return "integer with a leading zero byte" }
            return nil
        case .string:
            return item.isList ? "expected a byte string, found a list" : nil
        case .address:
            guard !item.isList, item.payloadLength == 20 else { return "expected a 20-byte address" }
            return nil
        case .accessList:
            guard item.isList else { return "expected the access list, found a string" }
            var p = item.payloadStart
            var index = 0
            while p < item.end {
                guard case .success(let entry) = RLPHeader.read(b, at: p, end: item.end), entry.isList else {
                    return "entry \(index) is not a valid list"
                }
                var q = entry.payloadStart
                guard case .success(let address) = RLPHeader.read(b, at: q, end: entry.end), check(b, address, .address) == nil else {
                    return "entry \(index): expected a 20-byte address"
                }
                q = address.end
                guard case .success(let keys) = RLPHeader.read(b, at: q, end: entry.end), keys.isList, keys.end == entry.end else {
                    return "entry \(index): expected [address, [storage keys]]"
                }
                var k = keys.payloadStart
                while k < keys.end {
                    guard case .success(let key) = RLPHeader.read(b, at: k, end: keys.end), !key.isList, key.payloadLength == 32 else {
                        return "entry \(index): a storage key is not 32 bytes"
                    }
                    k = key.end
                }
                p = entry.end
                index += 1
            }
            return nil
        case .authorizationList:
            guard item.isList else { return "expected the authorization list, found a string" }
            let fields: [Kind] = [.integer(maxBytes: 32), .address, .integer(maxBytes: 8), .integer(maxBytes: 1),
                                  .integer(maxBytes: 32), .integer(maxBytes: 32)]
            var p = item.payloadStart
            var index = 0
            while p < item.end {
                guard case .success(let entry) = RLPHeader.read(b, at: p, end: item.end), entry.isList else {
                    return "authorization \(index) is not a valid list"
                }
                var q = entry.payloadStart
                for field in fields {
                    guard case .success(let h) = RLPHeader.read(b, at: q, end: entry.end), check(b, h, field) == nil else {
                        return "authorization \(index): expected [chainId, address, nonce, yParity, r, s]"
                    }
                    q = h.end
                }
                guard q == entry.end else { return "authorization \(index): more than 6 fields" }
                p = entry.end
                index += 1
            }
            return nil
        }
    }
}

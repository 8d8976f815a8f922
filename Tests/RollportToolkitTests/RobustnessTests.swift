import Testing
import RollportToolkit

/// Offsets of every item header in the canonical encoding of `item`, which starts at `base`.
func headerOffsets(of item: RLP, at base: Int) -> [Int] {
    var out = [base]
    if case .list(let items) = item {
        let childSizes = items.map { $0.encoded().count }
        var position = base + item.encoded().count - childSizes.reduce(0, +)
        for (child, size) in zip(items, childSizes) {
            out += headerOffsets(of: child, at: position)
            position += size
        }
    }
    return out
}

/// Seeded mutations of a valid encoding. Length bytes get special attention: a flip anywhere in a
/// large payload mostly changes data, while the interesting failures live in headers.
struct Mutator {
    var rng: SplitMix64
    let headers: [Int]

    mutating func mutate(_ original: [UInt8]) -> [UInt8] {
        var bytes = original
        for _ in 0...Int(rng.next() % 3) {
            mutateOnce(&bytes)
        }
        return bytes
    }

    private mutating func position(in bytes: [UInt8]) -> Int {
        // Half the time near the start, where the outer headers are.
        if rng.next() % 2 == 0 { return Int(rng.next() % UInt64(min(bytes.count, 8))) }
        return Int(rng.next() % UInt64(bytes.count))
    }

    private mutating func mutateOnce(_ bytes: inout [UInt8]) {
        guard !bytes.isEmpty else {
            bytes.append(rng.byte())
            return
        }
        switch rng.next() % 9 {
        case 0:  // bit flip
            let i = position(in: bytes)
            bytes[i] ^= 1 << (rng.next() % 8)
        case 1:  // random byte
            bytes[position(in: bytes)] = rng.byte()
        case 2:  // truncate
            bytes.removeLast(1 + Int(rng.next() % UInt64(min(bytes.count, 40))))
        case 3:  // delete a byte
            bytes.remove(at: position(in: bytes))
        case 4:  // insert a byte
            bytes.insert(rng.byte(), at: Int(rng.next() % UInt64(bytes.count + 1)))
        case 5:  // append a byte
            bytes.append(rng.byte())
        case 6:  // rewrite a header with the same length in a non-canonical long form
            let eligible = headers.filter { $0 < bytes.count }
            guard !eligible.isEmpty else { return }
            let h = eligible[Int(rng.next() % UInt64(eligible.count))]
            guard let (base, length, headerLength) = Self.header(in: bytes, at: h) else { return }
            let lengthBytes = UInt64(length).minimalBigEndianBytes
            let padding = Int(rng.next() % 2)  // a leading zero in the length, or none
            let header = [base + 55 + UInt8(lengthBytes.count + padding)] + [UInt8](repeating: 0, count: padding) + lengthBytes
            bytes.replaceSubrange(h..<(h + headerLength), with: header)
        default:  // change a length: a header's prefix or one of its long-form length bytes
            let eligible = headers.filter { $0 < bytes.count }
            guard let h = eligible.isEmpty ? nil : eligible[Int(rng.next() % UInt64(eligible.count))] else { return }
            var target = h
            let prefix = bytes[h]
            let lengthOfLength = prefix >= 0xf8 ? Int(prefix - 0xf7) : (0xb8...0xbf).contains(prefix) ? Int(prefix - 0xb7) : 0
            if lengthOfLength > 0, rng.next() % 2 == 0 {
                target = min(h + 1 + Int(rng.next() % UInt64(lengthOfLength)), bytes.count - 1)
            }
            switch rng.next() % 5 {
            case 0: bytes[target] &+= 1
            case 1: bytes[target] &-= 1
            case 2: bytes[target] &+= UInt8(truncatingIfNeeded: 2 + rng.next() % 8)
            case 3: bytes[target] = 0
            default: bytes[target] = rng.byte()
            }
        }
    }
}

extension Mutator {
    /// The string or list header at `offset`: its base (0x80 or 0xc0), body length and size.
    static func header(in bytes: [UInt8], at offset: Int) -> (UInt8, Int, Int)? {
        let prefix = bytes[offset]
        guard prefix >= 0x80 else { return nil }
        let base: UInt8 = prefix >= 0xc0 ? 0xc0 : 0x80
        if prefix < base + 56 { return (base, Int(prefix - base), 1) }
        let lengthOfLength = Int(prefix - base - 55)
        guard lengthOfLength <= 4, offset + lengthOfLength < bytes.count else { return nil }
        let length = bytes[(offset + 1)...(offset + lengthOfLength)].reduce(0) { $0 << 8 | Int($1) }
        return (base, length, 1 + lengthOfLength)
    }
}

/// Records at most a handful of failures, so one broken invariant does not bury the log.
struct FailureBudget {
    var remaining = 5
    mutating func record(_ message: @autoclosure () -> String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard remaining > 0 else { return }
        remaining -= 1
        Issue.record(Comment(rawValue: message()), sourceLocation: sourceLocation)
    }
}

/// Decoding must fail cleanly or succeed on exactly the canonical encoding.
func checkRLPInvariant(_ bytes: [UInt8], context: @autoclosure () -> String, failures: inout FailureBudget) -> Bool {
    do {
        let item = try RLP.decode(bytes)
        let reencoded = item.encoded()
        if reencoded != bytes {
            failures.record("\(context()): accepted \(Hex.encode(bytes.prefix(80))) but it re-encodes as \(Hex.encode(reencoded.prefix(80)))")
        }
        return true
    } catch {
        if error.offset < 0 || error.offset > bytes.count || error.description.isEmpty {
            failures.record("\(context()): error \(error) has offset \(error.offset) outside 0...\(bytes.count)")
        }
        return false
    }
}

/// A decoded transaction must rest on strictly valid RLP and report the canonical encoding.
func checkTransactionInvariant(_ bytes: [UInt8], context: @autoclosure () -> String, failures: inout FailureBudget) -> Bool {
    let tx: SignedTransaction
    do {
        tx = try SignedTransaction(encoded: bytes)
    } catch {
        if error.message.isEmpty { failures.record("\(context()): empty error message") }
        return false
    }
    let isLegacy = bytes[0] >= 0xc0
    let payload = isLegacy ? bytes[...] : bytes[1...]
    guard let rlp = try? RLP.decode(payload), rlp.encoded() == Array(payload) else {
        failures.record("\(context()): transaction accepted over non-canonical RLP \(Hex.encode(bytes.prefix(80)))")
        return true
    }
    if tx.type != (isLegacy ? 0 : bytes[0]) { failures.record("\(context()): type \(tx.type) for byte 0 = \(bytes[0])") }
    if tx.encoded() != bytes { failures.record("\(context()): re-encodes as \(Hex.encode(tx.encoded().prefix(80)))") }
    if tx.type >= 3, tx.to == nil { failures.record("\(context()): type \(tx.type) without `to`") }
    if tx.type != 3, tx.sidecar != nil || !tx.blobVersionedHashes.isEmpty { failures.record("\(context()): blob fields on type \(tx.type)") }
    if let _ = tx.sidecar {
        guard case .list(let parts) = rlp, let body = parts.first else {
            failures.record("\(context()): sidecar without a network-form list")
            return true
        }
        if tx.canonicalEncoding != [0x03] + body.encoded() { failures.record("\(context()): wrong canonical encoding for the network form") }
    } else if tx.canonicalEncoding != bytes {
        failures.record("\(context()): canonicalEncoding differs from the input")
    }
    return true
}

@Suite("Robustness")
struct RobustnessTests {
    static let rlpSamples: [(name: String, bytes: [UInt8])] = canonicalVectors
        .filter { $0.encoding.count > 2 && $0.encoding.count < 200 }
        .map { ($0.name, $0.encoding) }
        + [("random tree", { var rng = SplitMix64(seed: 7); return randomItem(&rng, depth: 4).encoded() }()),
           ("nested lists", nestedLists(60).bytes)]

    @Test("every input of up to two bytes: only the canonical ones decode")
    func exhaustiveShortInputs() {
        var failures = FailureBudget()
        var accepted = 0
        for a in 0...255 {
            if checkRLPInvariant([UInt8(a)], context: "1 byte", failures: &failures) { accepted += 1 }
        }
        // 0x00-0x7f as themselves, 0x80 (empty string), 0xc0 (empty list).
        #expect(accepted == 130)

        accepted = 0
        var transactions = 0
        for a in 0...255 {
            for b in 0...255 {
                let bytes = [UInt8(a), UInt8(b)]
                if checkRLPInvariant(bytes, context: "2 bytes", failures: &failures) { accepted += 1 }
                if checkTransactionInvariant(bytes, context: "2 bytes", failures: &failures) { transactions += 1 }
            }
        }
        // 0x81 then a byte >= 0x80 (128), or 0xc1 around a one-byte item (130).
        #expect(accepted == 258)
        #expect(transactions == 0)
    }

    @Test("random short inputs never crash the decoders")
    func randomShortInputs() {
        var rng = SplitMix64(seed: 0x5348_4f52_54)
        var failures = FailureBudget()
        var accepted = 0
        for i in 0..<20_000 {
            let length = 3 + Int(rng.next() % 10)
            var bytes = rng.bytes(length)
            // Half the time, a short-form header whose length matches the input or nearly does.
            if i % 2 == 0 {
                let claimed = length - 1 - (rng.next() % 4 == 0 ? 1 : 0)
                bytes[0] = (i % 4 == 0 ? 0x80 : 0xc0) + UInt8(claimed)
            }
            if checkRLPInvariant(bytes, context: "random #\(i)", failures: &failures) { accepted += 1 }
            _ = checkTransactionInvariant(bytes, context: "random #\(i)", failures: &failures)
        }
        #expect(accepted > 0, "the bias should let some inputs through")
    }

    @Test("mutated RLP encodings decode strictly or fail cleanly")
    func mutatedRLP() throws {
        var failures = FailureBudget()
        var accepted = 0, rejected = 0
        for (index, sample) in Self.rlpSamples.enumerated() {
            let headers = headerOffsets(of: try RLP.decode(sample.bytes), at: 0)
            var mutator = Mutator(rng: SplitMix64(seed: 0x524c_5000 + UInt64(index)), headers: headers)
            for i in 0..<300 {
                let mutated = mutator.mutate(sample.bytes)
                if checkRLPInvariant(mutated, context: "\(sample.name), mutation \(i)", failures: &failures) {
                    accepted += 1
                } else {
                    rejected += 1
                }
            }
        }
        #expect(accepted > 0)
        #expect(rejected > accepted)
    }

    @Test("mutated signed transactions decode strictly or fail cleanly")
    func mutatedTransactions() throws {
        var failures = FailureBudget()
        var accepted = 0, rejected = 0
        for (index, sample) in Samples.all().enumerated() {
            let isLegacy = sample.raw[0] >= 0xc0
            let rlp = try RLP.decode(isLegacy ? sample.raw[...] : sample.raw[1...])
            let headers = headerOffsets(of: rlp, at: isLegacy ? 0 : 1) + (isLegacy ? [] : [0])
            var mutator = Mutator(rng: SplitMix64(seed: 0x5458_0000 + UInt64(index)), headers: headers)
            #expect(checkTransactionInvariant(sample.raw, context: sample.name, failures: &failures))
            for i in 0..<400 {
                let mutated = mutator.mutate(sample.raw)
                _ = checkRLPInvariant(isLegacy ? mutated : Array(mutated.dropFirst()), context: "\(sample.name), mutation \(i)", failures: &failures)
                if mutated.isEmpty { continue }
                if checkTransactionInvariant(mutated, context: "\(sample.name), mutation \(i)", failures: &failures) {
                    accepted += 1
                } else {
                    rejected += 1
                }
            }
        }
        #expect(accepted > 0, "some mutations (e.g. in data or signature bytes) keep a transaction valid")
        #expect(rejected > 0)
    }
}

import Testing
import RollportToolkit

/// Random types and values, from a seed.
struct ABIRandom {
    var rng: SplitMix64

    mutating func int(_ bound: Int) -> Int { Int(rng.next() % UInt64(bound)) }

    mutating func type(depth: Int = 0) -> ABIType {
        let leaf = depth >= 3 || int(3) == 0
        if leaf {
            switch int(7) {
            case 0: return .uint(bits: 8 * (1 + int(32)))
            case 1: return .int(bits: 8 * (1 + int(32)))
            case 2: return .address
            case 3: return .bool
            case 4: return .fixedBytes(1 + int(32))
            case 5: return .bytes
            default: return .string
            }
        }
        switch int(3) {
        case 0: return .array(type(depth: depth + 1))
        case 1: return .fixedArray(type(depth: depth + 1), count: 1 + int(3))
        default: return .tuple((0..<(1 + int(3))).map { _ in type(depth: depth + 1) })
        }
    }

    mutating func value(_ type: ABIType) -> ABIValue {
        switch type {
        case .uint(let bits):
            let bytes = rng.bytes(bits / 8)
            return .uint(UInt256(bigEndian: bytes) ?? .zero, bits: bits)
        case .int(let bits):
            // Sign-extend random low bytes.
            let low = rng.bytes(bits / 8)
            let fill: UInt8 = (low.first ?? 0) & 0x80 == 0 ? 0 : 0xff
            return .int(UInt256(bigEndian: [UInt8](repeating: fill, count: 32 - low.count) + low) ?? .zero, bits: bits)
        case .address: return .address(Address(bytes: rng.bytes(20)) ?? .zero)
        case .bool: return .bool(rng.next() % 2 == 0)
        case .fixedBytes(let n): return .fixedBytes(rng.bytes(n))
        case .bytes: return .bytes(rng.bytes(int(70)))
        case .string: return .string(String((0..<int(40)).map { _ in "aé✓😀,[]\"".randomElement(using: &rng) ?? "a" }))
        case .array(let element): return .array((0..<int(4)).map { _ in value(element) })
        case .fixedArray(let element, let count): return .array((0..<count).map { _ in value(element) })
        case .tuple(let components): return .tuple(components.map { value($0) })
        }
    }
}

/// Decoding must fail cleanly, or succeed on exactly the canonical encoding of what it returns.
func checkABIInvariant(_ types: [ABIType], _ bytes: [UInt8], context: @autoclosure () -> String, failures: inout FailureBudget) -> Bool {
    do {
        let values = try ABICodec.decode(types, from: bytes)
        do {
            let reencoded = try ABICodec.encode(values, as: types)
            if reencoded != bytes {
                failures.record("\(context()): accepted \(Hex.encode(bytes.prefix(96))) but it re-encodes as \(Hex.encode(reencoded.prefix(96)))")
            }
        } catch {
            failures.record("\(context()): decoded values do not re-encode: \(error)")
        }
        return true
    } catch {
        if error.offset < 0 || error.offset > bytes.count || error.description.isEmpty {
            failures.record("\(context()): error \(error) has offset \(error.offset) outside 0...\(bytes.count)")
        }
        return false
    }
}

@Suite("ABI robustness")
struct ABIRobustnessTests {
    /// Random parameter lists with random values: encode, decode, compare.
    static func samples(count: Int, seed: UInt64) -> [(types: [ABIType], values: [ABIValue], bytes: [UInt8])] {
        var random = ABIRandom(rng: SplitMix64(seed: seed))
        return (0..<count).compactMap { _ in
            let types = (0..<(1 + random.int(4))).map { _ in random.type() }
            let values = types.map { random.value($0) }
            guard let bytes = try? ABICodec.encode(values, as: types) else { return nil }
            return (types, values, bytes)
        }
    }

    @Test("random types and values round-trip")
    func roundTrips() throws {
        let samples = Self.samples(count: 300, seed: 0xAB1_0001)
        #expect(samples.count == 300)
        for (types, values, bytes) in samples {
            let decoded = try ABICodec.decode(types, from: bytes)
            #expect(decoded == values, "\(ABIType.tuple(types))")
            // The text forms parse back to the same values.
            for (value, type) in zip(values, types) {
                #expect(try ABIValue(parsing: value.plainText, as: type) == value, "\(type): \(value)")
            }
        }
    }

    @Test("mutated encodings decode canonically or fail cleanly")
    func mutations() throws {
        var failures = FailureBudget()
        var rng = SplitMix64(seed: 0xAB1_0002)
        var accepted = 0, rejected = 0
        let samples = Self.samples(count: 40, seed: 0xAB1_0003)
        for (index, sample) in samples.enumerated() {
            // Words that look like offsets or lengths (small values) are the interesting targets.
            let wordStarts = stride(from: 0, to: sample.bytes.count - 31, by: 32).filter { start in
                sample.bytes[start..<(start + 28)].allSatisfy { $0 == 0 } && sample.bytes[start + 28..<(start + 32)] != [0, 0, 0, 0]
            }
            for i in 0..<100 {
                var bytes = sample.bytes
                for _ in 0...Int(rng.next() % 3) { Self.mutate(&bytes, lengthWords: wordStarts, rng: &rng) }
                if checkABIInvariant(sample.types, bytes, context: "sample \(index) \(ABIType.tuple(sample.types)), mutation \(i)", failures: &failures) {
                    accepted += 1
                } else {
                    rejected += 1
                }
            }
        }
        print("abi mutations: \(accepted) accepted (canonical), \(rejected) refused")
        #expect(accepted > 0)
        #expect(rejected > accepted)
    }

    @Test("random bytes under random types never crash")
    func randomInputs() {
        var failures = FailureBudget()
        var random = ABIRandom(rng: SplitMix64(seed: 0xAB1_0004))
        for i in 0..<2_000 {
            let types = (0..<(1 + random.int(3))).map { _ in random.type() }
            // Small words, so that offsets and lengths often land inside the input.
            var bytes: [UInt8] = []
            for _ in 0..<random.int(8) {
                bytes += random.int(2) == 0 ? word(UInt64(random.int(200))) : random.rng.bytes(32)
            }
            if random.int(4) == 0, !bytes.isEmpty { bytes.removeLast(random.int(bytes.count)) }
            _ = checkABIInvariant(types, bytes, context: "random #\(i)", failures: &failures)
        }
    }

    private static func mutate(_ bytes: inout [UInt8], lengthWords: [Int], rng: inout SplitMix64) {
        guard !bytes.isEmpty else {
            bytes.append(rng.byte())
            return
        }
        let position = Int(rng.next() % UInt64(bytes.count))
        switch rng.next() % 8 {
        case 0: bytes[position] ^= 1 << (rng.next() % 8)
        case 1: bytes[position] = rng.byte()
        case 2: bytes.removeLast(1 + Int(rng.next() % UInt64(min(bytes.count, 64))))
        case 3: bytes.remove(at: position)
        case 4: bytes.insert(rng.byte(), at: position)
        case 5: bytes += rng.next() % 2 == 0 ? [rng.byte()] : word(0)
        default:
            // Change an offset or length word: ±1, ±32, zero, huge or random.
            let eligible = lengthWords.filter { $0 + 32 <= bytes.count }
            guard !eligible.isEmpty else { return }
            let start = eligible[Int(rng.next() % UInt64(eligible.count))]
            let current = UInt256(bigEndian: bytes[start..<(start + 32)])?.uint64 ?? 0
            let replacement: [UInt8]
            switch rng.next() % 6 {
            case 0: replacement = word(current &+ 1)
            case 1: replacement = word(current &- 1)
            case 2: replacement = word(current &+ 32)
            case 3: replacement = word(current >= 32 ? current - 32 : 0)
            case 4: replacement = [UInt8](repeating: 0xff, count: 32)
            default: replacement = word(rng.next() % 512)
            }
            bytes.replaceSubrange(start..<(start + 32), with: replacement)
        }
    }
}

import OptimismDerivation
import RollportAdapterKit
import RollportToolkit

/// The adapter's state in the host's key-value namespace. Everything written while a block is
/// delivered belongs to that block, so a revert restores exactly what the block changed:
///
///   l1/<number>                 hash (32) ‖ timestamp (8): L1 blocks seen (any chain)
///   <chain>/batchers            (block (8) ‖ address (20))*: batcher changes in block order
///   <chain>/frames              (L1 block ref (80) ‖ length (8) ‖ frame)* of unfinished channels
///   <chain>/head                the last L2 block derived here: number, timestamp, origin
///   <chain>/l2/<number>         origin (8) ‖ tx hashes (32 each) of each derived L2 block
struct AdapterStore {
    let host: HostServices

    // MARK: L1 blocks

    static func l1Key(_ number: UInt64) -> [UInt8] { Array("l1/".utf8) + number.bigEndianBytes }

    func rememberL1(number: UInt64, hash: Hash32, timestamp: UInt64) throws(AdapterError) {
        let value = hash.bytes + timestamp.bigEndianBytes
        if try host.get(Self.l1Key(number)) != value { try host.put(Self.l1Key(number), value) }
    }

    func l1Block(_ number: UInt64) -> KnownL1Block? {
        guard let v = try? host.get(Self.l1Key(number)), v.count == 40, let hash = Hash32(bytes: v[0..<32]) else { return nil }
        return KnownL1Block(hash: hash, timestamp: UInt64(bigEndianBytes: v[32..<40]))
    }

    // MARK: batchers

    func batcherChanges(chain: String) throws(AdapterError) -> [(block: UInt64, batcher: Address)] {
        guard let v = try host.get(Array("\(chain)/batchers".utf8)) else { return [] }
        guard v.count % 28 == 0 else { throw AdapterError(.internal, "stored batcher history of \(chain) is \(v.count) bytes, not a multiple of 28") }
        return stride(from: 0, to: v.count, by: 28).compactMap { i in
            Address(bytes: v[(i + 8)..<(i + 28)]).map { (UInt64(bigEndianBytes: v[i..<(i + 8)]), $0) }
        }
    }

    /// The batcher in force at `block`: the latest change at or before it, else genesis.
    func batcher(chain: ChainSettings, at block: UInt64?) throws(AdapterError) -> Address {
        let changes = try batcherChanges(chain: chain.name)
        guard let block else { return changes.last?.batcher ?? chain.genesisBatcher }
        return changes.last { $0.block <= block }?.batcher ?? chain.genesisBatcher
    }

    func recordBatcher(chain: String, block: UInt64, batcher: Address) throws(AdapterError) {
        var changes = try batcherChanges(chain: chain).filter { $0.block <= block }
        changes.append((block, batcher))
        try host.put(Array("\(chain)/batchers".utf8), changes.flatMap { $0.block.bigEndianBytes + $0.batcher.bytes })
    }

    // MARK: frames of unfinished channels

    struct BufferedFrame {
        var block: L1BlockRef
        var frame: Frame
    }

    func bufferedFrames(chain: String) throws(AdapterError) -> [BufferedFrame] {
        guard let v = try host.get(Array("\(chain)/frames".utf8)) else { return [] }
        var out = [BufferedFrame]()
        var i = 0
        while i < v.count {
            guard i + 88 <= v.count, let hash = Hash32(bytes: v[(i + 8)..<(i + 40)]), let parent = Hash32(bytes: v[(i + 40)..<(i + 72)]) else {
                throw AdapterError(.internal, "stored frames of \(chain) are truncated at byte \(i)")
            }
            let block = L1BlockRef(number: UInt64(bigEndianBytes: v[i..<(i + 8)]), hash: hash, parentHash: parent,
                                   timestamp: UInt64(bigEndianBytes: v[(i + 72)..<(i + 80)]))
            let length = Int(UInt64(bigEndianBytes: v[(i + 80)..<(i + 88)]))
            let start = i + 88
            guard length >= 0, start + length <= v.count else { throw AdapterError(.internal, "stored frames of \(chain) are truncated at byte \(start)") }
            let frames: [Frame]
            do { frames = try Frame.parseAll(v[start..<(start + length)]) } catch {
                throw AdapterError(.internal, "stored frames of \(chain): \(error)")
            }
            for f in frames { out.append(BufferedFrame(block: block, frame: f)) }
            i = start + length
        }
        return out
    }

    func storeFrames(chain: String, _ frames: [BufferedFrame]) throws(AdapterError) {
        let key = Array("\(chain)/frames".utf8)
        guard !frames.isEmpty else {
            if try host.get(key) != nil { try host.remove(key) }
            return
        }
        var out = [UInt8]()
        for f in frames {
            let encoded = f.frame.encoded()
            out += f.block.number.bigEndianBytes + f.block.hash.bytes + f.block.parentHash.bytes + f.block.timestamp.bigEndianBytes
            out += UInt64(encoded.count).bigEndianBytes + encoded
        }
        try host.put(key, out)
    }

    // MARK: derived L2 blocks

    func head(chain: String) -> DerivedBlockSummary? {
        guard let v = try? host.get(Array("\(chain)/head".utf8)), v.count == 24 else { return nil }
        let number = UInt64(bigEndianBytes: v[0..<8])
        return DerivedBlockSummary(number: number, timestamp: UInt64(bigEndianBytes: v[8..<16]),
                                   l1OriginNumber: UInt64(bigEndianBytes: v[16..<24]),
                                   transactionHashes: derived(chain: chain, number: number)?.transactionHashes ?? [])
    }

    func derived(chain: String, number: UInt64) -> DerivedBlockSummary? {
        guard let v = try? host.get(Array("\(chain)/l2/".utf8) + number.bigEndianBytes), v.count >= 16, (v.count - 16) % 32 == 0 else { return nil }
        let hashes = stride(from: 16, to: v.count, by: 32).compactMap { Hash32(bytes: v[$0..<($0 + 32)]) }
        return DerivedBlockSummary(number: number, timestamp: UInt64(bigEndianBytes: v[0..<8]),
                                   l1OriginNumber: UInt64(bigEndianBytes: v[8..<16]), transactionHashes: hashes)
    }

    func recordDerived(chain: String, _ blocks: [DerivedL2Block]) throws(AdapterError) {
        guard let last = blocks.last else { return }
        for b in blocks {
            try host.put(Array("\(chain)/l2/".utf8) + b.number.bigEndianBytes,
                         b.timestamp.bigEndianBytes + b.l1OriginNumber.bigEndianBytes + b.transactionHashes.flatMap(\.bytes))
        }
        try host.put(Array("\(chain)/head".utf8), last.number.bigEndianBytes + last.timestamp.bigEndianBytes + last.l1OriginNumber.bigEndianBytes)
    }
}

extension UInt64 {
    var bigEndianBytes: [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: self >> (56 - 8 * UInt64($0))) } }

    init(bigEndianBytes bytes: ArraySlice<UInt8>) {
        self = bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }
}

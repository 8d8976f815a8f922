import RollportToolkit
import Synchronization

/// An L1 chain held in memory: the devnet's chain, a recorded segment being replayed, or a
/// test's chain. It answers as an `L1Source` and can grow and reorganise while it is read, so
/// a follower reading it sees what it would see from a node.
public final class MemoryL1Chain: L1Source, Sendable {
    private struct State {
        var chainID: UInt64
        /// The canonical chain, oldest first; `blocks[i].header.number == first + i`.
        var blocks: [L1Block] = []
        var first: UInt64 = 0
        /// Blob sidecars by versioned hash, per block hash (a reorg may drop a block's blobs).
        var blobs: [Hash32: [Hash32: BlobSidecar]] = [:]
        /// The number of each canonical block by hash, for lookups by hash.
        var numbers: [Hash32: UInt64] = [:]
    }

    private let state: Mutex<State>

    public init(chainID: UInt64) {
        state = Mutex(State(chainID: chainID))
    }

    public enum ChainError: Error, Sendable, CustomStringConvertible, Equatable {
        case notLinked(number: UInt64, expectedParent: Hash32, parentHash: Hash32)
        case gap(number: UInt64, expected: UInt64)
        case beforeFirst(number: UInt64, first: UInt64)
        case badCommitment(block: UInt64, index: Int)

        public var description: String {
            switch self {
            case let .notLinked(n, expected, got):
                return "block \(n): parentHash \(got) does not match the hash of block \(n - 1) (\(expected))"
            case let .gap(n, expected):
                return "block \(n) does not follow the chain's head; the next block is \(expected)"
            case let .beforeFirst(n, first):
                return "block \(n) is below the first block held (\(first))"
            case let .badCommitment(block, index):
                return "block \(block): blob sidecar \(index) has a commitment that is not 48 bytes"
            }
        }
    }

    /// Appends `block`, which must follow the head (any number when the chain is empty), with
    /// the sidecars of its blob transactions.
    public func append(_ block: L1Block, blobs: [BlobSidecar] = []) throws(ChainError) {
        try state.withLock { (s: inout State) throws(ChainError) in
            if let head = s.blocks.last {
                guard block.header.number == head.header.number + 1 else {
                    throw .gap(number: block.header.number, expected: head.header.number + 1)
                }
                guard block.header.parentHash == head.header.hash else {
                    throw .notLinked(number: block.header.number, expectedParent: head.header.hash, parentHash: block.header.parentHash)
                }
            } else {
                s.first = block.header.number
            }
            try Self.store(blobs, of: block.header, in: &s)
            s.blocks.append(block)
            s.numbers[block.header.hash] = block.header.number
        }
    }

    /// Replaces the chain from `replacement[0]`'s number on with `replacement` (a reorg when
    /// hashes differ); the first new block must link to the block below it.
    public func reorganise(to replacement: [L1Block], blobs: [Hash32: [BlobSidecar]] = [:]) throws(ChainError) {
        guard let firstNew = replacement.first else { return }
        try state.withLock { (s: inout State) throws(ChainError) in
            let n = firstNew.header.number
            guard n >= s.first else { throw .beforeFirst(number: n, first: s.first) }
            let keep = Int(n - s.first)
            guard keep <= s.blocks.count else { throw .gap(number: n, expected: s.first + UInt64(s.blocks.count)) }
            if keep > 0 {
                let parent = s.blocks[keep - 1].header.hash
                guard firstNew.header.parentHash == parent else {
                    throw .notLinked(number: n, expectedParent: parent, parentHash: firstNew.header.parentHash)
                }
            }
            var next = s.blocks[..<keep].map { $0 }
            for block in replacement {
                if let head = next.last, block.header.parentHash != head.header.hash || block.header.number != head.header.number + 1 {
                    throw .notLinked(number: block.header.number, expectedParent: head.header.hash, parentHash: block.header.parentHash)
                }
                try Self.store(blobs[block.header.hash] ?? [], of: block.header, in: &s)
                next.append(block)
            }
            for dropped in s.blocks[keep...] where !next.contains(where: { $0.header.hash == dropped.header.hash }) {
                s.blobs[dropped.header.hash] = nil
            }
            for dropped in s.blocks[keep...] { s.numbers[dropped.header.hash] = nil }
            for block in replacement { s.numbers[block.header.hash] = block.header.number }
            s.blocks = next
        }
    }

    private static func store(_ sidecars: [BlobSidecar], of header: L1Header, in s: inout State) throws(ChainError) {
        guard !sidecars.isEmpty else { return }
        var byHash = s.blobs[header.hash] ?? [:]
        for (i, sidecar) in sidecars.enumerated() {
            guard let hash = try? KZGCommitment.versionedHash(sidecar.kzgCommitment) else {
                throw .badCommitment(block: header.number, index: i)
            }
            byHash[hash] = sidecar
        }
        s.blobs[header.hash] = byHash
    }

    /// The canonical block at `number`, if held.
    public func block(_ number: UInt64) -> L1Block? {
        state.withLock { s in
            guard number >= s.first, number - s.first < UInt64(s.blocks.count) else { return nil }
            return s.blocks[Int(number - s.first)]
        }
    }

    /// The canonical block with `hash`, if held.
    public func block(hash: Hash32) -> L1Block? {
        state.withLock { s in
            guard let number = s.numbers[hash], number >= s.first, number - s.first < UInt64(s.blocks.count) else { return nil }
            let block = s.blocks[Int(number - s.first)]
            return block.header.hash == hash ? block : nil
        }
    }

    /// The canonical blocks of `range` that are held, in order.
    public func blocks(in range: ClosedRange<UInt64>) -> [L1Block] {
        state.withLock { s in
            guard range.upperBound >= s.first, !s.blocks.isEmpty else { return [] }
            let start = Int(max(range.lowerBound, s.first) - s.first)
            let end = Int(min(range.upperBound - s.first, UInt64(s.blocks.count - 1)))
            return start <= end ? Array(s.blocks[start...end]) : []
        }
    }

    /// The blob sidecars held for `header`'s block, in the order its transactions list their
    /// versioned hashes (the beacon's sidecar order).
    public func blobSidecars(of header: L1Header) -> [BlobSidecar] {
        state.withLock { s in
            guard let held = s.blobs[header.hash], let number = s.numbers[header.hash],
                  number >= s.first, number - s.first < UInt64(s.blocks.count) else { return [] }
            let block = s.blocks[Int(number - s.first)]
            return block.transactions.flatMap(\.blobVersionedHashes).compactMap { held[$0] }
        }
    }

    public var head: L1Header? { state.withLock { $0.blocks.last?.header } }
    public var firstNumber: UInt64 { state.withLock { $0.first } }

    // MARK: L1Source

    public func chainID() async throws(L1SourceError) -> UInt64 { state.withLock { $0.chainID } }

    public func headNumber() async throws(L1SourceError) -> UInt64 {
        guard let head = head else {
            throw L1SourceError(.notFound, request: "eth_blockNumber", message: "the chain has no blocks yet", retryable: true)
        }
        return head.number
    }

    public func headers(_ range: ClosedRange<UInt64>) async throws(L1SourceError) -> [L1Header] {
        try slice(range, request: "headers").map(\.header)
    }

    public func blocks(_ range: ClosedRange<UInt64>, filter: L1Filter) async throws(L1SourceError) -> [L1Block] {
        try slice(range, request: "blocks").map(filter.applied(to:))
    }

    public func blobs(of block: L1Header, versionedHashes: [Hash32]) async throws(L1SourceError) -> [BlobSidecar] {
        let held = state.withLock { $0.blobs[block.hash] ?? [:] }
        let missing = versionedHashes.filter { held[$0] == nil }
        guard missing.isEmpty else {
            throw L1SourceError(.missingBlobs, request: "blobs of block \(block.number) (\(block.hash))",
                                message: "no sidecar for \(missing.map(\.description).joined(separator: ", "))", retryable: false)
        }
        return versionedHashes.compactMap { held[$0] }
    }

    private func slice(_ range: ClosedRange<UInt64>, request: String) throws(L1SourceError) -> [L1Block] {
        try state.withLock { (s: inout State) throws(L1SourceError) -> [L1Block] in
            guard range.lowerBound >= s.first else {
                throw L1SourceError(.notFound, request: "\(request) \(range.lowerBound)...\(range.upperBound)",
                                    message: "the chain starts at block \(s.first)", retryable: false)
            }
            let start = Int(range.lowerBound - s.first)
            guard start < s.blocks.count else { return [] }
            let end = min(s.blocks.count, start + range.count)
            return Array(s.blocks[start..<end])
        }
    }
}

import Foundation
import OptimismDerivation
import OptimismTestSupport
import RollportToolkit
import Testing

/// The batch-queue rules on the real Unichain span batch (3 blobs, 540 blocks) and the real
/// L1 origins it names, each rule broken by editing one field of the real data.
@Suite struct ValidityTests {
    /// The decoded vector, shared by every test (decoding it once keeps the suite fast).
    struct Fixture: Sendable {
        var span: SpanBatch
        var blocks: [DerivedL2Block]
        var l1: [UInt64: KnownL1Block]
        static let inclusionNumber: UInt64 = 24_149_392
        static let inclusionTimestamp: UInt64 = 1_767_386_303

        var first: DerivedL2Block { blocks[0] }
        var last: DerivedL2Block { blocks[blocks.count - 1] }

        /// The L2 block before the batch, as if derived here.
        var parentHead: DerivedBlockSummary {
            DerivedBlockSummary(number: first.number - 1, timestamp: first.timestamp - 1,
                                l1OriginNumber: first.l1OriginNumber - (first.startsEpoch == true ? 1 : 0), transactionHashes: [])
        }

        /// The parent's hash as an L2 source would give it: the batch's parent_check, completed.
        var parentHash: Hash32 { Hash32(bytes: span.parentCheck + [UInt8](repeating: 0xab, count: 12))! }

        func context(config: RollupConfig = .unichainMainnet, safeHead: DerivedBlockSummary?? = nil,
                     inclusion: UInt64?? = nil, l1: [UInt64: KnownL1Block]? = nil,
                     derived: [UInt64: DerivedBlockSummary] = [:], l2Hashes: Bool = true, parentNumber: UInt64? = nil) -> ValidityContext {
            let known = l1 ?? self.l1
            let parentNumber = parentNumber ?? first.number - 1
            let parentHash = self.parentHash
            let head: DerivedBlockSummary? = safeHead ?? parentHead
            let inclusionNumber: UInt64? = inclusion ?? Self.inclusionNumber
            let lookup: @Sendable (UInt64) -> Hash32? = { $0 == parentNumber ? parentHash : nil }
            let hashes = l2Hashes ? lookup : nil
            return ValidityContext(
                config: config, inclusionBlockNumber: inclusionNumber, inclusionTimestamp: Self.inclusionTimestamp,
                safeHead: head, l1Block: { known[$0] }, derivedBlock: { derived[$0] }, l2BlockHash: hashes)
        }

        func check(_ context: ValidityContext, span: SpanBatch? = nil, blocks: [DerivedL2Block]? = nil) -> ValidityVerdict {
            BatchValidity.check(.span(span ?? self.span), blocks: blocks ?? self.blocks, context: context)
        }
    }

    static let fixture: Fixture? = {
        guard let dir = OPVectors.locate() else { return nil }
        do {
            let expected = try OPVectors.json("blobs/unichain_blobs.expected.json", in: dir)
            var blobs = [[UInt8]]()
            for hash in expected["l1"]?["blob_order_in_tx"]?.array.compactMap(\.string) ?? [] {
                blobs.append(try OPVectors.bytes("blobs/unichain_blob_\(hash).bin", in: dir))
            }
            let frames = try BatcherPayload.frames(blobs: blobs)
            let compressed = frames.flatMap(\.data)
            let content = try ChannelReader.decompress(compressed, maxBytes: DerivationLimits.maxRLPBytesPerChannelFjord, brotliAllowed: true)
            let (batches, error) = BatchReader.readAll(content.data)
            guard error == nil, case .span(let span)? = batches.first else { return nil }
            let blocks = try span.blocks(config: .unichainMainnet)
            let origins = try OPVectors.json("blobs/unichain_l1_origins.json", in: dir)
            var l1 = [UInt64: KnownL1Block]()
            for b in origins["blocks"]?.array ?? [] {
                if let n = b["number"]?.u64, let t = b["timestamp"]?.u64, let hash = b["hash"]?.hash {
                    l1[n] = KnownL1Block(hash: hash, timestamp: t)
                }
            }
            return Fixture(span: span, blocks: blocks, l1: l1)
        } catch {
            Issue.record("decoding the Unichain vector: \(error)")
            return nil
        }
    }()

    static func configWithout(_ forks: [OPFork], base: RollupConfig = .unichainMainnet, at times: [OPFork: UInt64] = [:]) -> RollupConfig {
        var config = base
        for fork in forks { config.forkTimes[fork] = nil }
        for (fork, time) in times { config.forkTimes[fork] = time }
        return config
    }

    @Test func realBatchPassesEveryRule() throws {
        guard let f = Self.fixture else { return }
        #expect(f.blocks.count == 540)
        let verdict = f.check(f.context())
        #expect(verdict.label == .accept, "\(verdict)")
        #expect(verdict.rule == .allChecksPassed)
    }

    @Test func withoutAnL2SourceTheParentCheckIsUndecided() throws {
        guard let f = Self.fixture else { return }
        let verdict = f.check(f.context(l2Hashes: false))
        #expect(verdict.label == .undecided)
        #expect(verdict.rule == .parentHashNeedsL2)
        #expect(verdict.unchecked == [.parentHashNeedsL2])
    }

    @Test func parentCheckMismatchDrops() throws {
        guard let f = Self.fixture else { return }
        var span = f.span
        span.parentCheck[19] ^= 0x01
        let verdict = f.check(f.context(), span: span)
        #expect(verdict.label == .drop && verdict.rule == .parentHash, "\(verdict)")
    }

    @Test func spanBatchBeforeDeltaDrops() throws {
        guard let f = Self.fixture else { return }
        let config = Self.configWithout([], at: [.delta: f.first.timestamp + 1])
        let verdict = f.check(f.context(config: config))
        #expect(verdict.label == .drop && verdict.rule == .spanBatchBeforeDelta, "\(verdict)")
    }

    @Test func aGapIsFutureBeforeHoloceneAndDropAfter() throws {
        guard let f = Self.fixture else { return }
        var head = f.parentHead
        head.timestamp -= 5 // the batch starts 5 blocks after the next one
        head.number -= 5
        let pre = f.check(f.context(config: Self.configWithout([.holocene, .isthmus, .jovian]), safeHead: head))
        #expect(pre.label == .future && pre.rule == .timestampOrder, "\(pre)")
        let post = f.check(f.context(safeHead: head))
        #expect(post.label == .drop && post.rule == .timestampOrder, "\(post)")
    }

    @Test func aBatchBehindTheSafeHeadIsPastAfterHoloceneAndDropBefore() throws {
        guard let f = Self.fixture else { return }
        let head = DerivedBlockSummary(number: f.last.number + 1, timestamp: f.last.timestamp + 1,
                                       l1OriginNumber: f.last.l1OriginNumber, transactionHashes: [])
        let post = f.check(f.context(safeHead: head))
        #expect(post.label == .past && post.rule == .spanEndBeforeNextBlock, "\(post)")
        let pre = f.check(f.context(config: Self.configWithout([.holocene, .isthmus, .jovian]), safeHead: head))
        #expect(pre.label == .drop && pre.rule == .spanEndBeforeNextBlock, "\(pre)")
    }

    @Test func sequencingWindowExpiredDrops() throws {
        guard let f = Self.fixture else { return }
        let verdict = f.check(f.context(inclusion: f.first.l1OriginNumber + 3601))
        #expect(verdict.label == .drop && verdict.rule == .sequencingWindow, "\(verdict)")
        let edge = f.check(f.context(inclusion: f.first.l1OriginNumber + 3600))
        #expect(edge.label == .accept, "\(edge)")
    }

    @Test func originOlderThanTheSafeHeadsDrops() throws {
        guard let f = Self.fixture else { return }
        var head = f.parentHead
        head.l1OriginNumber = f.first.l1OriginNumber + 1
        let verdict = f.check(f.context(safeHead: head))
        #expect(verdict.label == .drop && verdict.rule == .epochTooOld, "\(verdict)")
    }

    @Test func originSkippingAnL1BlockDrops() throws {
        guard let f = Self.fixture else { return }
        var head = f.parentHead
        head.l1OriginNumber = f.first.l1OriginNumber - 2
        let verdict = f.check(f.context(safeHead: head))
        #expect(verdict.label == .drop && verdict.rule == .epochSkipped, "\(verdict)")
    }

    @Test func l1OriginCheckMismatchDrops() throws {
        guard let f = Self.fixture else { return }
        var span = f.span
        span.l1OriginCheck[0] ^= 0x80
        let verdict = f.check(f.context(), span: span)
        #expect(verdict.label == .drop && verdict.rule == .l1OriginHash, "\(verdict)")
    }

    @Test func unknownL1OriginHashIsUndecided() throws {
        guard let f = Self.fixture else { return }
        var l1 = f.l1
        l1[f.span.l1OriginNumber] = nil
        let verdict = f.check(f.context(l1: l1))
        #expect(verdict.label == .undecided && verdict.rule == .l1OriginHashUnknown, "\(verdict)")
    }

    @Test func unknownOriginTimeIsUndecided() throws {
        guard let f = Self.fixture else { return }
        var l1 = f.l1
        l1[f.first.l1OriginNumber] = nil
        let verdict = f.check(f.context(l1: l1))
        #expect(verdict.label == .undecided && verdict.rule == .l1OriginTimeUnknown, "\(verdict)")
    }

    @Test func blocksBeforeTheirOriginDrop() throws {
        guard let f = Self.fixture else { return }
        // Shift the whole span 100 s earlier: the first block (68 s after its origin) precedes it.
        var span = f.span
        span.relTimestamp -= 100
        let blocks = try span.blocks(config: .unichainMainnet)
        let verdict = f.check(f.context(safeHead: .some(nil)), span: span, blocks: blocks)
        #expect(verdict.label == .drop && verdict.rule == .timestampBeforeL1Origin, "\(verdict)")
        #expect(verdict.blockIndex == 0)
    }

    @Test func blocksWithTransactionsPastTheDriftDrop() throws {
        guard let f = Self.fixture else { return }
        var span = f.span
        span.relTimestamp += 1801
        let blocks = try span.blocks(config: .unichainMainnet)
        let verdict = f.check(f.context(safeHead: .some(nil)), span: span, blocks: blocks)
        #expect(verdict.label == .drop && verdict.rule == .sequencerDrift, "\(verdict)")
    }

    @Test func emptyBlocksPastTheDriftDependOnTheNextOrigin() throws {
        guard let f = Self.fixture else { return }
        // The batch's last block, emptied and moved past the drift, keeping its origin.
        let origin = f.last.l1OriginNumber
        var block = f.last
        block.transactions = []; block.transactionHashes = []; block.startsEpoch = false
        let originTime = try #require(f.l1[origin]).timestamp
        block.timestamp = originTime + 1801
        var head = f.parentHead
        head.number = block.number - 1; head.timestamp = block.timestamp - 1; head.l1OriginNumber = origin
        // The next origin (not in the vector) is due before the block: the exception does not hold.
        var l1 = f.l1
        l1[origin + 1] = KnownL1Block(hash: Hash32(bytes: [UInt8](repeating: 1, count: 32))!, timestamp: originTime + 12)
        let due = f.check(f.context(safeHead: head, l1: l1, parentNumber: head.number), blocks: [block])
        #expect(due.label == .drop && due.rule == .sequencerDrift, "\(due)")
        // Not due yet: the empty block is allowed.
        l1[origin + 1] = KnownL1Block(hash: Hash32(bytes: [UInt8](repeating: 1, count: 32))!, timestamp: originTime + 1900)
        let allowed = f.check(f.context(safeHead: head, l1: l1, parentNumber: head.number), blocks: [block])
        #expect(allowed.label == .accept, "\(allowed)")
        // Unknown next origin: undecided.
        let unknown = f.check(f.context(safeHead: head, parentNumber: head.number), blocks: [block])
        #expect(unknown.label == .undecided && unknown.rule == .nextL1OriginUnknown, "\(unknown)")
        // An empty block that advances its origin may pass the drift: epochs must advance.
        var advancing = head
        advancing.l1OriginNumber = origin - 1
        var advancingBlock = block
        advancingBlock.startsEpoch = true
        let advanced = f.check(f.context(safeHead: advancing, l1: l1, parentNumber: head.number), blocks: [advancingBlock])
        #expect(advanced.label == .accept, "\(advanced)")
    }

    @Test func badTransactionsDrop() throws {
        guard let f = Self.fixture else { return }
        let index = try #require(f.blocks.firstIndex { $0.transactions.count > 1 })
        for (edit, rule) in [([UInt8](), ValidityRule.emptyTransaction), ([0x7e, 0xc0], .depositTransaction), ([0x03, 0xc0], .unsupportedTransactionType)] {
            var blocks = f.blocks
            blocks[index].transactions[1] = edit
            let verdict = f.check(f.context(), blocks: blocks)
            #expect(verdict.label == .drop && verdict.rule == rule && verdict.blockIndex == index, "\(verdict)")
        }
    }

    @Test func setCodeTransactionBeforeIsthmusDrops() throws {
        guard let f = Self.fixture else { return }
        // The vector carries one real EIP-7702 transaction; move Isthmus after the batch.
        #expect(f.blocks.contains { $0.transactions.contains { $0.first == 0x04 } })
        let config = Self.configWithout([.jovian], at: [.isthmus: f.last.timestamp + 1])
        let verdict = f.check(f.context(config: config))
        #expect(verdict.label == .drop && verdict.rule == .setCodeBeforeIsthmus, "\(verdict)")
    }

    @Test func jovianActivationBlockWithTransactionsDrops() throws {
        guard let f = Self.fixture else { return }
        let index = try #require(f.blocks.firstIndex { !$0.transactions.isEmpty && $0.number > f.first.number })
        let config = Self.configWithout([], at: [.jovian: f.blocks[index].timestamp])
        let verdict = f.check(f.context(config: config))
        #expect(verdict.label == .drop && verdict.rule == .jovianActivationWithTransactions && verdict.blockIndex == index, "\(verdict)")
    }

    @Test func overlapMustRepeatTheDerivedBlocks() throws {
        guard let f = Self.fixture else { return }
        let overlap = 10
        let headBlock = f.blocks[overlap - 1]
        let head = DerivedBlockSummary(number: headBlock.number, timestamp: headBlock.timestamp,
                                       l1OriginNumber: headBlock.l1OriginNumber, transactionHashes: headBlock.transactionHashes)
        var derived = [UInt64: DerivedBlockSummary]()
        for b in f.blocks.prefix(overlap) {
            derived[b.number] = DerivedBlockSummary(number: b.number, timestamp: b.timestamp, l1OriginNumber: b.l1OriginNumber, transactionHashes: b.transactionHashes)
        }
        let same = f.check(f.context(safeHead: head, derived: derived))
        #expect(same.label == .accept, "\(same)")
        var changed = derived
        changed[f.blocks[4].number]?.transactionHashes.reverse()
        if changed[f.blocks[4].number]?.transactionHashes == derived[f.blocks[4].number]?.transactionHashes {
            changed[f.blocks[4].number]?.l1OriginNumber += 1
        }
        let mismatch = f.check(f.context(safeHead: head, derived: changed))
        #expect(mismatch.label == .drop && mismatch.rule == .spanOverlapMismatch && mismatch.blockIndex == 4, "\(mismatch)")
        let unknown = f.check(f.context(safeHead: head))
        #expect(unknown.label == .undecided && unknown.rule == .overlappedBlockUnknown, "\(unknown)")
    }

    @Test func missingContextIsUndecidedAndNamed() throws {
        guard let f = Self.fixture else { return }
        let noHead = f.check(f.context(safeHead: .some(nil)))
        #expect(noHead.label == .undecided && noHead.rule == .safeHeadUnknown, "\(noHead)")
        let noInclusion = f.check(f.context(inclusion: .some(nil)))
        #expect(noInclusion.label == .undecided && noInclusion.rule == .inclusionBlockUnknown, "\(noInclusion)")
    }

    @Test func singularBatchChecksItsEpochHashAndOrder() throws {
        guard let f = Self.fixture else { return }
        // The span's first block as a singular batch, with the real L1 origin hash.
        let origin = try #require(f.l1[f.first.l1OriginNumber])
        let singular = SingularBatch(parentHash: f.parentHash, epochNumber: f.first.l1OriginNumber, epochHash: origin.hash,
                                     timestamp: f.first.timestamp, transactions: f.first.transactions)
        let blocks = [singular.block(config: .unichainMainnet)]
        let ok = BatchValidity.check(.singular(singular), blocks: blocks, context: f.context())
        #expect(ok.label == .accept, "\(ok)")
        var wrong = singular
        wrong.epochHash = f.l1[f.first.l1OriginNumber + 1]?.hash ?? .zero
        let bad = BatchValidity.check(.singular(wrong), blocks: blocks, context: f.context())
        #expect(bad.label == .drop && bad.rule == .l1OriginHash, "\(bad)")
        var head = f.parentHead
        head.timestamp += 1; head.number += 1
        let pre = BatchValidity.check(.singular(singular), blocks: blocks, context: f.context(config: Self.configWithout([.holocene, .isthmus, .jovian]), safeHead: head))
        #expect(pre.label == .drop && pre.rule == .timestampOrder, "\(pre)")
    }

    @Test func ruleNamesAreStable() {
        #expect(ValidityRule.l1OriginHashUnknown.rawValue == "l1-origin-hash-unknown")
        #expect(Set(ValidityRule.allCases.map(\.rawValue)).count == ValidityRule.allCases.count)
        #expect(ValidityRule.allCases.allSatisfy { !$0.description.isEmpty })
    }
}

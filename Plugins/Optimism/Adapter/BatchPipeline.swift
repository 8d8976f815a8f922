#if canImport(Glibc)
import Glibc
#endif
import OptimismDerivation
import RollportAdapterKit
import RollportToolkit

/// From one batcher transaction to records: frames → channels → batches → L2 blocks, each batch
/// with its validity label. `state` is nil for `rollport.batch/1` (the item alone counts);
/// with a store, unfinished channels persist across transactions and blocks.
struct BatchPipeline {
    var chain: ChainSettings
    var store: AdapterStore
    /// Whether channel state and derived blocks are read and written (l1-ingest) or not (decode).
    var stateful: Bool
    var recoverSenders: Bool

    var config: RollupConfig { chain.rollup }

    /// Threads for rebuilding, hashing and sender recovery: the machine's cores.
    static let cores = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))

    func run(item: Item, transaction tx: Transaction, output: Output) throws(AdapterError) {
        let data = try BatcherData(item: item, transaction: tx)
        let block = item.block
        // Without its L1 block the fork rules cannot be placed in time; the latest scheduled
        // ones apply (and the record says so).
        let l1 = L1BlockRef(number: block.number ?? 0, hash: block.hash ?? .zero, parentHash: block.parentHash ?? .zero,
                            timestamp: block.number != nil && block.timestamp > 0 ? block.timestamp : UInt64.max)
        var stage = ChannelStage(config: config)
        var buffered = stateful ? try store.bufferedFrames(chain: chain.name) : []
        var start = 0
        while start < buffered.count {
            var end = start
            while end < buffered.count, buffered[end].block == buffered[start].block { end += 1 }
            _ = stage.add(buffered[start..<end].map(\.frame), from: buffered[start].block)
            start = end
        }
        let staged = stage.add(data.frames, from: l1)
        if stateful {
            buffered += data.frames.map { AdapterStore.BufferedFrame(block: l1, frame: $0) }
            let open = stage.openChannels
            buffered = buffered.filter { open[$0.frame.channelID]?.frames[$0.frame.number] == $0.frame }
            try store.storeFrames(chain: chain.name, buffered)
        }

        let common = commonFields(item: item, transaction: tx, data: data)
        let dropped: JSONValue = .array(staged.dropped.map { d in
            .object([("channelId", .string(d.channelID.description)), ("frame", d.frameNumber.map { .number($0) } ?? .null),
                     ("reason", .string(d.reason.rawValue)), ("description", .string(d.reason.description))])
        })
        if staged.ready.isEmpty {
            var members = [("type", JSONValue.string("frames"))] + common
            let open = stage.openChannels
            members.append(("channels", .array(Set(data.frames.map(\.channelID)).sorted { $0.description < $1.description }.map { id in
                let channel = open[id]
                return .object([("id", .string(id.description)), ("framesBuffered", .number(channel?.frames.count ?? 0)),
                                ("closed", .bool(channel?.isClosed ?? false)),
                                ("status", .string(channel == nil ? "dropped" : "incomplete"))])
            })))
            if !staged.dropped.isEmpty { members.append(("dropped", dropped)) }
            members.append(("note", .string(stateful
                ? "no channel completed with this transaction; its frames are kept until the rest arrives"
                : "no channel is complete in this transaction alone; decode the transactions carrying the other frames through the follower")))
            try output.emit(.batch, json: JSONValue.object(members).compact)
            return
        }

        for channel in staged.ready {
            try emitChannel(channel, l1: l1, item: item, common: common, dropped: staged.dropped.isEmpty ? nil : dropped, output: output)
        }
    }

    private func commonFields(item: Item, transaction tx: Transaction, data: BatcherData) -> [(String, JSONValue)] {
        let block = item.block
        var l1: [(String, JSONValue)] = []
        if let hash = tx.hash { l1.append(("transactionHash", .string(hash.description))) }
        l1.append(("blockNumber", block.number.map { .number($0) } ?? .null))
        if block.number != nil, let hash = block.hash { l1.append(("blockHash", .string(hash.description))) }
        if block.number != nil, block.timestamp > 0 {
            l1.append(("timestamp", .number(block.timestamp)))
        } else {
            l1.append(("timestamp", .null))
            l1.append(("note", .string("the L1 block's time is unknown: the latest scheduled fork rules were applied to frames and channels")))
        }
        var members: [(String, JSONValue)] = [("chain", .string(chain.name)), ("l1", .object(l1)),
                                              ("dataLocation", .string(data.location.rawValue))]
        if let checks = data.checks { members.append(("checks", checks)) }
        if !data.ignoredBlobs.isEmpty {
            members.append(("ignoredBlobs", .array(data.ignoredBlobs.map { .object([("index", .number($0.index)), ("reason", .string($0.reason))]) })))
        }
        members.append(("frames", data.framesJSON))
        return members
    }

    private func emitChannel(_ channel: Channel, l1: L1BlockRef, item: Item, common: [(String, JSONValue)],
                             dropped: JSONValue?, output: Output) throws(AdapterError) {
        let compressed = channel.compressedData
        let content: ChannelContent
        do {
            content = try ChannelReader.decompress(
                compressed, maxBytes: config.maxRLPBytesPerChannel(l1Timestamp: l1.timestamp),
                brotliAllowed: config.isActive(.fjord, timestamp: l1.timestamp))
        } catch {
            throw AdapterError.decode("channel \(channel.id): \(error)")
        }
        let decompressed = content.data
        let channelJSON: JSONValue = .object([
            ("id", .string(channel.id.description)), ("compression", .string(content.compression.rawValue)),
            ("frameCount", .number(channel.frames.count)), ("compressedSize", .number(compressed.count)),
            ("decompressedSize", .number(decompressed.count)),
            ("openedInL1Block", l1.number == channel.openBlock.number ? .null : .number(channel.openBlock.number)),
            // Why decompression ended early, if it did (real zlib channels often lack their end).
            ("streamEnd", .string(content.stop.map { "stopped: \($0)" } ?? "complete")),
        ])
        let (batches, readError) = BatchReader.readAll(decompressed)
        if batches.isEmpty, let readError {
            throw AdapterError.decode("channel \(channel.id): \(readError)")
        }
        var head = stateful ? store.head(chain: chain.name) : nil
        for (index, batch) in batches.enumerated() {
            let blocks: [DerivedL2Block]
            do { blocks = try batch.blocks(config: config, threads: Self.cores) } catch {
                throw AdapterError.decode("channel \(channel.id) batch \(index): \(error)")
            }
            let store = self.store
            let itemBlock = item.block
            let context = ValidityContext(
                config: config, inclusionBlockNumber: itemBlock.number,
                inclusionTimestamp: itemBlock.number != nil && itemBlock.timestamp > 0 ? itemBlock.timestamp : nil,
                safeHead: head,
                l1Block: { [stateful] n in
                    if let number = itemBlock.number, n == number, let hash = itemBlock.hash, itemBlock.timestamp > 0 {
                        return KnownL1Block(hash: hash, timestamp: itemBlock.timestamp)
                    }
                    return stateful ? store.l1Block(n) : nil
                },
                derivedBlock: { [stateful, name = chain.name] n in stateful ? store.derived(chain: name, number: n) : nil })
            let verdict = BatchValidity.check(batch, blocks: blocks, context: context)
            var members = [("type", JSONValue.string("batch"))] + common
            members.append(("channel", channelJSON))
            if let dropped { members.append(("dropped", dropped)) }
            members.append(("batchIndex", .number(index)))
            members.append(("batch", Self.batchJSON(batch, blocks: blocks)))
            members.append(("blocks", .array(try blocksJSON(blocks, context: context))))
            members.append(("validity", .object([
                ("label", .string(verdict.label.rawValue)), ("rule", .string(verdict.rule.rawValue)),
                ("description", .string(verdict.rule.description)), ("detail", .string(verdict.detail)),
                ("blockIndex", verdict.blockIndex.map { .number($0) } ?? .null),
                ("unchecked", .array(verdict.unchecked.map { .string($0.rawValue) })),
            ])))
            try output.emit(.batch, json: JSONValue.object(members).compact, key: channel.id.bytes + UInt64(index).bigEndianBytes)
            if stateful, verdict.label == .accept || verdict.label == .undecided {
                // Blocks after the ones already derived extend the chain derived here.
                let fresh = blocks.filter { b in head.map { b.number > $0.number } ?? true }
                try store.recordDerived(chain: chain.name, fresh)
                if let last = fresh.last {
                    head = DerivedBlockSummary(number: last.number, timestamp: last.timestamp, l1OriginNumber: last.l1OriginNumber,
                                               transactionHashes: last.transactionHashes)
                }
            }
        }
        if let readError {
            var members = [("type", JSONValue.string("channel-error"))] + common
            members.append(("channel", channelJSON))
            members.append(("error", .string(readError.description)))
            members.append(("note", .string("the batches before this point stand; the rest of the channel is not read")))
            try output.emit(.batch, json: JSONValue.object(members).compact)
        }
    }

    static func batchJSON(_ batch: Batch, blocks: [DerivedL2Block]) -> JSONValue {
        let txCount = blocks.reduce(0) { $0 + $1.transactions.count }
        switch batch {
        case .singular(let b):
            return .object([("type", .string("singular")), ("parentHash", .string(b.parentHash.description)),
                            ("epochNumber", .number(b.epochNumber)), ("epochHash", .string(b.epochHash.description)),
                            ("timestamp", .number(b.timestamp)), ("transactionCount", .number(txCount))])
        case .span(let b):
            return .object([("type", .string("span")), ("relTimestamp", .number(b.relTimestamp)),
                            ("l1OriginNumber", .number(b.l1OriginNumber)), ("parentCheck", .string(Hex.encode(b.parentCheck))),
                            ("l1OriginCheck", .string(Hex.encode(b.l1OriginCheck))), ("blockCount", .number(b.blockCount)),
                            ("transactionCount", .number(txCount))])
        }
    }

    private func blocksJSON(_ blocks: [DerivedL2Block], context: ValidityContext) throws(AdapterError) -> [JSONValue] {
        var senders: [Result<Address, SenderRecoveryError>] = []
        if recoverSenders {
            senders = DerivedL2Block.recoverSenders(blocks, threads: Self.cores)
        }
        var next = 0
        return blocks.map { b in
            var origin: [(String, JSONValue)] = [("number", .number(b.l1OriginNumber))]
            if let known = context.l1Block(b.l1OriginNumber) { origin.append(("hash", .string(known.hash.description))) }
            var members: [(String, JSONValue)] = [
                ("number", .number(b.number)), ("timestamp", .number(b.timestamp)), ("l1Origin", .object(origin)),
                ("transactionCount", .number(b.transactions.count)),
                ("transactions", .array(b.transactionHashes.map { .string($0.description) })),
            ]
            if recoverSenders {
                let mine = senders[next..<(next + b.transactions.count)]
                members.append(("senders", .array(mine.map { r in
                    switch r {
                    case .success(let a): return .string(a.description)
                    case .failure(let e): return .object([("error", .string(e.description))])
                    }
                })))
            }
            next += b.transactions.count
            return .object(members)
        }
    }
}

extension ChannelStage {
    /// The channels still buffered, by id.
    var openChannels: [ChannelID: Channel] {
        if holoceneActive { return holocene.staging.map { [$0.id: $0] } ?? [:] }
        return bank.channels
    }
}

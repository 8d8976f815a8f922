import OptimismDerivation
import RollportAdapterKit
import RollportToolkit

/// A `rollport.batch-encode/1` request for an OP Stack chain:
///
///     {"blocks": [{"number", "timestamp", "l1OriginNumber", "l1OriginHash", "parentHash",
///                  "transactions": ["0x…" EIP-2718], "startsEpoch"?: bool}],
///      "options": {"batchType": "span"|"singular", "compression": "zlib"|"brotli",
///                  "da": "calldata"|"blobs", "maxFrameSize"?: n, "blobsPerTransaction"?: n,
///                  "channelId"?: "0x…16 bytes"}}
///
/// Numbers are JSON numbers, decimal strings or 0x quantities. Without `channelId` the channel
/// id is the first 16 bytes of keccak256 of the request, so the same request gives the same
/// payloads. Each emitted record is one L1 transaction to the batch inbox.
struct BatchEncodeRequest {
    var chain: ChainSettings
    var blocks: [L2BlockInput]
    var options: BatchEncoderOptions

    init(json bytes: [UInt8], chain: ChainSettings) throws(AdapterError) {
        self.chain = chain
        let json: JSONValue
        do { json = try JSONValue.parse(bytes) } catch { throw AdapterError.invalidArgument("request: \(error)") }
        guard json.isObject else { throw AdapterError.invalidArgument("request: expected an object {\"blocks\": [...], \"options\": {...}}") }
        guard let list = json["blocks"]?.arrayValue, !list.isEmpty else {
            throw AdapterError.invalidArgument("request.blocks: expected a non-empty array of L2 blocks")
        }
        var blocks = [L2BlockInput]()
        for (i, b) in list.enumerated() {
            let path = "request.blocks[\(i)]"
            guard b.isObject else { throw AdapterError.invalidArgument("\(path): expected an object") }
            guard let txs = b["transactions"]?.arrayValue else { throw AdapterError.invalidArgument("\(path).transactions: expected an array of 0x EIP-2718 encodings") }
            var transactions = [[UInt8]]()
            for (k, t) in txs.enumerated() {
                guard let text = t.stringValue else { throw AdapterError.invalidArgument("\(path).transactions[\(k)]: expected a 0x string") }
                do { transactions.append(try Hex.decode(text)) } catch { throw AdapterError.invalidArgument("\(path).transactions[\(k)]: \(error)") }
            }
            blocks.append(L2BlockInput(
                number: try Self.uint64(b["number"], "\(path).number"), timestamp: try Self.uint64(b["timestamp"], "\(path).timestamp"),
                l1OriginNumber: try Self.uint64(b["l1OriginNumber"], "\(path).l1OriginNumber"),
                l1OriginHash: try Self.hash(b["l1OriginHash"], "\(path).l1OriginHash"),
                parentHash: try Self.hash(b["parentHash"], "\(path).parentHash"),
                transactions: transactions, startsEpoch: b["startsEpoch"]?.boolValue ?? false))
        }
        self.blocks = blocks

        let o = json["options"] ?? .object([])
        guard o.isObject else { throw AdapterError.invalidArgument("request.options: expected an object") }
        let config = chain.rollup
        let firstTime = blocks[0].timestamp
        let kind = try Self.choice(o["batchType"], "request.options.batchType", default: BatchEncoderOptions.BatchKind.span)
        let compression = try Self.choice(o["compression"], "request.options.compression",
                                          default: config.isActive(.fjord, timestamp: firstTime) ? ChannelCompression.brotli : .zlib)
        let da = try Self.choice(o["da"], "request.options.da",
                                 default: config.isActive(.ecotone, timestamp: firstTime) ? BatchEncoderOptions.DataAvailability.blobs : .calldata)
        // Forks by the blocks' timestamps: what derivation of these blocks would accept.
        if kind == .span, !config.isActive(.delta, timestamp: firstTime) {
            throw AdapterError.unsupported("span batches need Delta (\(config.forkTimes[.delta].map(String.init) ?? "not scheduled") on \(chain.name)); the first block is at \(firstTime): use \"batchType\": \"singular\"")
        }
        if compression == .brotli, !config.isActive(.fjord, timestamp: firstTime) {
            throw AdapterError.unsupported("brotli channels need Fjord (\(config.forkTimes[.fjord].map(String.init) ?? "not scheduled") on \(chain.name)); the first block is at \(firstTime): use \"compression\": \"zlib\"")
        }
        if da == .blobs, !config.isActive(.ecotone, timestamp: firstTime) {
            throw AdapterError.unsupported("blob data needs Ecotone (\(config.forkTimes[.ecotone].map(String.init) ?? "not scheduled") on \(chain.name)); the first block is at \(firstTime): use \"da\": \"calldata\"")
        }
        var channelID: ChannelID
        if let text = o["channelId"] {
            guard let s = text.stringValue, let bytes = try? Hex.decode(s), let id = ChannelID(bytes: bytes), bytes.count == 16 else {
                throw AdapterError.invalidArgument("request.options.channelId: expected 16 bytes as 0x hex")
            }
            channelID = id
        } else {
            guard let id = ChannelID(bytes: Keccak256.hash(bytes).bytes.prefix(16)) else { throw AdapterError(.internal, "channel id from keccak") }
            channelID = id
        }
        var maxFrameSize: Int?
        if let v = o["maxFrameSize"] { maxFrameSize = Int(clamping: try Self.uint64(v, "request.options.maxFrameSize")) }
        var blobsPerTransaction = 6
        if let v = o["blobsPerTransaction"] { blobsPerTransaction = Int(clamping: try Self.uint64(v, "request.options.blobsPerTransaction")) }
        options = BatchEncoderOptions(kind: kind, compression: compression, dataAvailability: da, maxFrameSize: maxFrameSize,
                                      blobsPerTransaction: blobsPerTransaction, channelID: channelID)
    }

    func emit(to output: Output) throws(AdapterError) {
        let encoded: EncodedChannel
        do { encoded = try BatchEncoder(config: chain.rollup, options: options).encode(blocks) } catch {
            throw AdapterError.invalidArgument("request: \(error)")
        }
        let inbox = JSONValue.string(chain.rollup.batchInbox.description)
        var frame = 0
        for (index, payload) in encoded.payloads.enumerated() {
            var members: [(String, JSONValue)] = [("index", .number(index)), ("to", inbox)]
            let frames: Int
            switch payload {
            case .calldata(let data):
                members.append(("data", .string(Hex.encode(data))))
                frames = 1
            case .blobs(let blobs):
                members.append(("data", .string("0x")))
                members.append(("blobs", .array(blobs.map { .string(Hex.encode($0)) })))
                frames = blobs.count
            }
            members.append(("channelId", .string(encoded.channelID.description)))
            members.append(("frames", .array((frame..<(frame + frames)).map { .number($0) })))
            frame += frames
            try output.emit(.batch, json: JSONValue.object(members).compact)
        }
    }

    static func uint64(_ value: JSONValue?, _ path: String) throws(AdapterError) -> UInt64 {
        let parsed: UInt64?
        switch value {
        case .number(let text)?: parsed = UInt64(text)
        case .string(let text)?:
            parsed = text.hasPrefix("0x") || text.hasPrefix("0X") ? UInt64(text.dropFirst(2), radix: 16) : UInt64(text)
        default: throw AdapterError.invalidArgument("\(path): missing; expected a number, a decimal string or a 0x quantity")
        }
        guard let parsed else { throw AdapterError.invalidArgument("\(path): not an unsigned 64-bit integer") }
        return parsed
    }

    static func hash(_ value: JSONValue?, _ path: String) throws(AdapterError) -> Hash32 {
        guard let text = value?.stringValue else { throw AdapterError.invalidArgument("\(path): missing; expected a 32-byte 0x hash") }
        do { return try Hash32(hex: text) } catch { throw AdapterError.invalidArgument("\(path): \(error)") }
    }

    static func choice<T: RawRepresentable>(_ value: JSONValue?, _ path: String, default fallback: T) throws(AdapterError) -> T where T.RawValue == String {
        guard let value else { return fallback }
        guard let text = value.stringValue, let choice = T(rawValue: text) else {
            throw AdapterError.invalidArgument("\(path): \(value.compact) is not a known value")
        }
        return choice
    }
}

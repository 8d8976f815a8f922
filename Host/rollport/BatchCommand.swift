import ArgumentParser
import RollportHost
import RollportToolkit

struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Decode one batcher transaction, or build batcher payloads from L2 blocks (rollport.batch/1, rollport.batch-encode/1).",
        subcommands: [Decode.self, Encode.self])

    struct Decode: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Decode what one L1 transaction carries for a chain: frames, channel, batches, L2 blocks, validity.",
            discussion: """
            ITEM is a file, - or the text itself: a transaction as eth_getTransactionByHash returns it (with \
            "blobs" as beacon sidecars for a blob transaction), or a raw signed transaction in hex or binary. \
            Any chain of a manifest may be named, enabled or not; nothing is routed or stored. \
            Exit 0 when decoded, 1 when it is not a batch of the chain or a check fails (a blob that does not \
            match its versioned hash), 2 when the item or its payload is malformed.
            """)

        @Option(help: "The chain, e.g. op-mainnet.") var chain: String
        @Argument(help: "The transaction item: a file, -, or JSON / hex text.") var item: String
        @Flag(help: "Recover every L2 transaction's sender (one signature recovery each, in parallel).") var senders = false
        @OptionGroup var manifests: ManifestOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let contents = try ByteInput.contentsOrExit(item)
            let parsed: L1Item
            do { parsed = try L1ItemParser.parse(contents: contents) } catch {
                printError(error.description)
                throw Exit.badInput
            }
            guard case .transaction = parsed else {
                printError("the item is a log; batch decode reads a batcher transaction")
                throw Exit.badInput
            }
            let adapter = try manifests.adapter(forChain: chain)
            let result = adapter.decodeBatch(parsed, chain: chain, recoverSenders: senders)
            try BatchCommand.finish(result, json: output.json, human: BatchText.decoded)
        }
    }

    struct Encode: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build the L1 batcher payloads (calldata or blobs) for L2 blocks.",
            discussion: """
            FILE (a file, - or the JSON itself) is the adapter's request, for OP Stack chains: \
            {"blocks": [{"number", "timestamp", "l1OriginNumber", "l1OriginHash", "parentHash", \
            "transactions": ["0x…" EIP-2718]}], "options": {"batchType": "span"|"singular", \
            "compression": "zlib"|"brotli", "da": "calldata"|"blobs", "maxFrameSize"}}. \
            Exit 0 with one record per L1 transaction, 1 when the chain's forks do not allow an option, \
            2 for a malformed request.
            """)

        @Option(help: "The chain, e.g. op-mainnet.") var chain: String
        @Argument(help: "The request: a file, -, or JSON text.") var file: String
        @OptionGroup var manifests: ManifestOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let text = try ByteInput.jsonTextOrExit(file, label: "request",
                                                    shape: "the request must be a JSON object {\"blocks\": [...], \"options\": {...}}") { $0.isObject }
            let adapter = try manifests.adapter(forChain: chain)
            let result = adapter.encodeBatch(chain: chain, request: text)
            try BatchCommand.finish(result, json: output.json, human: BatchText.encoded)
        }
    }

    /// Prints the records (or the error) and exits by the adapter's status.
    static func finish(_ result: AdapterCallResult, json: Bool, human: ([Record]) -> String) throws {
        for r in result.refusals { printError("adapter bug: record refused: \(r)") }
        if result.status == .ok {
            if json { printJSON(.object([("records", .array(result.records.map(\.json)))])) } else { print(human(result.records)) }
            return
        }
        if json {
            printJSON(.object([("error", .object([("status", .string(result.status.name)), ("message", .string(result.message))])),
                               ("records", .array(result.records.map(\.json)))]))
        } else {
            printError("\(result.status): \(result.message)")
        }
        switch result.status {
        case .notClaimed, .verifyFailed, .unsupported, .unavailable: throw Exit.negative
        default: throw Exit.badInput
        }
    }
}

/// Text for people, in the manner of op-node's batch decoder: frames, channel, batch, blocks, label.
enum BatchText {
    static func decoded(_ records: [Record]) -> String {
        records.map(describe).joined(separator: "\n\n")
    }

    static func encoded(_ records: [Record]) -> String {
        records.map { r in
            let d = r.details
            let index = number(d["index"])
            let to = d["to"]?.stringValue ?? "?"
            if let blobs = d["blobs"]?.arrayValue {
                return "L1 transaction \(index): to \(to), \(blobs.count) blob\(blobs.count == 1 ? "" : "s")"
            }
            let data = d["data"]?.stringValue ?? "0x"
            return "L1 transaction \(index): to \(to), calldata \((data.count - 2) / 2) bytes\n  \(data.count > 130 ? String(data.prefix(130)) + "…" : data)"
        }.joined(separator: "\n")
    }

    /// One record of a batcher transaction (also used by `rollport route`).
    static func describe(_ record: Record) -> String {
        let d = record.details
        var lines = [String]()
        let type = d["type"]?.stringValue ?? record.kind
        let tx = d["l1"]?["transactionHash"]?.stringValue
        var block = ""
        if case .number(let n)? = d["l1"]?["blockNumber"] { block = " in block \(n)" }
        lines.append("\(record.chain) \(type)\(tx.map { " from L1 transaction \($0)" } ?? "")\(block)")
        if let location = d["dataLocation"]?.stringValue { lines.append("  data: \(location)") }
        if let checks = d["checks"] {
            lines.append("  checks: versioned hash \(checks["versionedHash"]?.stringValue ?? "?"), KZG proof \(checks["kzgProof"]?.stringValue ?? "?")")
        }
        for f in d["frames"]?.arrayValue ?? [] {
            lines.append("  frame \(number(f["number"])) of channel \(f["channelId"]?.stringValue ?? "?"): \(number(f["length"])) bytes\(f["isLast"]?.boolValue == true ? ", last" : "")")
        }
        for c in d["channels"]?.arrayValue ?? [] {
            lines.append("  channel \(c["id"]?.stringValue ?? "?"): \(c["status"]?.stringValue ?? "?"), \(number(c["framesBuffered"])) frames buffered")
        }
        for x in d["dropped"]?.arrayValue ?? [] {
            lines.append("  dropped: channel \(x["channelId"]?.stringValue ?? "?") frame \(number(x["frame"])): \(x["description"]?.stringValue ?? "")")
        }
        if let c = d["channel"] {
            lines.append("  channel \(c["id"]?.stringValue ?? "?"): \(c["compression"]?.stringValue ?? "?"), \(plural(c["frameCount"], "frame")), \(number(c["compressedSize"])) → \(number(c["decompressedSize"])) bytes")
        }
        if let b = d["batch"] {
            if b["type"]?.stringValue == "span" {
                lines.append("  batch \(number(d["batchIndex"])): span, \(plural(b["blockCount"], "block")), \(plural(b["transactionCount"], "tx")), l1_origin_num \(number(b["l1OriginNumber"])), parent_check \(b["parentCheck"]?.stringValue ?? "?"), l1_origin_check \(b["l1OriginCheck"]?.stringValue ?? "?")")
            } else {
                lines.append("  batch \(number(d["batchIndex"])): singular, epoch \(number(b["epochNumber"])) \(b["epochHash"]?.stringValue ?? "?"), parent \(b["parentHash"]?.stringValue ?? "?"), \(plural(b["transactionCount"], "tx"))")
            }
        }
        if let blocks = d["blocks"]?.arrayValue {
            lines.append("  \(pad("L2 block", 12)) \(pad("timestamp", 11)) \(pad("L1 origin", 10)) txs")
            for b in blocks {
                lines.append("  \(pad(number(b["number"]), 12)) \(pad(number(b["timestamp"]), 11)) \(pad(number(b["l1Origin"]?["number"]), 10)) \(number(b["transactionCount"]))")
                // With --senders, each transaction under its block: hash and recovered sender.
                if let senders = b["senders"]?.arrayValue, let hashes = b["transactions"]?.arrayValue {
                    for (hash, sender) in zip(hashes, senders) {
                        lines.append("      \(hash.stringValue ?? "?")  from \(sender.stringValue ?? sender.compact)")
                    }
                }
            }
        }
        if let v = d["validity"] {
            let detail = v["detail"]?.stringValue ?? ""
            lines.append("  validity: \(v["label"]?.stringValue ?? "?") (\(v["rule"]?.stringValue ?? "?"))\(detail.isEmpty ? "" : ": \(detail)")")
            if let unchecked = v["unchecked"]?.arrayValue, !unchecked.isEmpty {
                lines.append("  not checked: \(unchecked.compactMap(\.stringValue).joined(separator: ", "))")
            }
        }
        if let error = d["error"]?.stringValue { lines.append("  error: \(error)") }
        if let note = d["note"]?.stringValue { lines.append("  note: \(note)") }
        if d["type"] == nil {
            // A record of another shape (a config change): its fields as they are.
            lines = ["\(record.chain) \(record.kind): \(d.compact)"]
        }
        return lines.joined(separator: "\n")
    }

    /// "1 frame", "3 frames".
    static func plural(_ value: JSONValue?, _ noun: String) -> String {
        let count = number(value)
        return "\(count) \(noun)\(count == "1" ? "" : "s")"
    }

    static func number(_ value: JSONValue?) -> String {
        switch value {
        case .number(let n)?: return n
        case .string(let s)?: return s
        case .null?, nil: return "-"
        default: return value?.compact ?? "-"
        }
    }

    static func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s : s + String(repeating: " ", count: width - s.count) }
}

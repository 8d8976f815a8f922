import ArgumentParser
import RollportHost
import RollportToolkit

struct Route: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Route one L1 item to the adapter that claims it, and print what it produced.",
        discussion: """
        ITEM is a file, - for standard input, or the text itself: a raw signed transaction (hex, or binary \
        in a file), a transaction as eth_getTransactionByHash \
        returns it (optionally with "receipt" as eth_getTransactionReceipt and "blobs" as beacon sidecars \
        {"blob", "kzg_commitment", "kzg_proof"}), or a log as eth_getLogs returns it. The sender of a raw \
        signed transaction is recovered from its signature (so `from` rules apply to it); a signature \
        that recovers no sender (e.g. s > n/2, EIP-2) makes the item malformed. \
        Exit 0 when claimed and handled, 1 when not claimed, 2 when the item or its payload is malformed.
        """)

    @Argument(help: "The item: a file, -, or JSON / hex text.") var item: String
    @Flag(help: "Show which rules matched or failed, and why.") var explain = false
    @OptionGroup var manifests: ManifestOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let contents = try ByteInput.contentsOrExit(item)
        let parsed: L1Item
        do { parsed = try L1ItemParser.parse(contents: contents) } catch {
            report(.object([("claimed", .bool(false)), ("error", .string(error.description))]), human: "error: \(error)")
            throw Exit.badInput
        }
        let set = manifests.loadAdapters()
        for f in set.catalog.failures { printError("manifest skipped:\n\(f.description)") }
        for f in set.failures { printError("adapter skipped: \(f.description)") }
        let checks = explain ? set.router.check(parsed) : []
        let dispatch = set.router.dispatch(parsed)
        let routed = RouteReport(dispatch, router: set.router, item: parsed)
        var members = routed.members
        var human: [String] = []
        let exit: ExitCode = switch routed.verdict {
        case .handled: .success
        case .negative: Exit.negative
        case .malformed: Exit.badInput
        }
        switch dispatch.outcome {
        case .unmatched:
            human = ["not claimed: no rule of an enabled chain matches this \(parsed.typeName)"]
        case .declined(let errors):
            human = ["not claimed: rules matched but no adapter confirmed"] + errors.map { "  \($0)" }
        case .conflict(let claimants):
            human = ["error: \(set.router.describeConflict(claimants).message)"]
        case .claimed(let c):
            let result = dispatch.result
            human = ["claimed by \(c.adapter.id) for chain \(c.chain) as \(c.kind.rawValue) (\(c.rule))"]
            if let result, result.status != .ok { human.append("\(result.status): \(result.message)") }
            for r in result?.refusals ?? [] { human.append("adapter bug: record refused: \(r)") }
            for r in routed.records {
                // Batch records carry whole L2 blocks: printed as a table rather than one JSON line.
                human.append(r.kind == "batch" && r.details["type"] != nil ? BatchText.describe(r) : SettlementText.describe(r) ?? "\(r.kind) record: \(r.details.compact)")
            }
        }
        if case .transaction(let t) = parsed, let from = t.transaction.from, explain {
            human.append("sender \(from)\(t.transaction.raw != nil ? " (recovered from the signature)" : "")")
        }
        if explain {
            members.append(("explain", .array(checks.map { c in
                .object([("adapter", .string(c.adapter)), ("chain", .string(c.chain)), ("rule", .string(c.rule)),
                         ("kind", .string(c.kind.rawValue)), ("matched", .bool(c.matched)), ("reasons", .array(c.reasons.map { .string($0) }))])
            })))
            human.append("rules considered: \(checks.count)\(checks.isEmpty ? " (none indexed under this \(parsed.typeName == "log" ? "log address" : "transaction's to"))" : "")")
            for c in checks {
                human.append("  \(c.matched ? "MATCH" : "no match") \(c.adapter) \(c.chain) \(c.rule) (\(c.kind.rawValue))")
                for r in c.reasons { human.append("      \(r)") }
            }
        }
        report(.object(members), human: human.joined(separator: "\n"))
        if exit != .success { throw exit }
    }

    /// JSON always goes to standard output (it is the result); human errors go to standard error.
    func report(_ json: JSONValue, human: String) {
        if output.json { printJSON(json) } else if human.hasPrefix("error: ") { printError(String(human.dropFirst(7))) } else { print(human) }
    }
}

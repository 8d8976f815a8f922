import ArgumentParser
import RollportHost
import RollportToolkit

struct Chains: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the chains of the manifests.", subcommands: [List.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every chain, its adapter, whether it is enabled, and its claim rules.")
        @OptionGroup var manifests: ManifestOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let catalog = manifests.catalog()
            var rows = [JSONValue]()
            for m in catalog.manifests {
                for c in m.chains {
                    rows.append(.object([
                        ("name", .string(c.name)), ("chainId", .number(c.chainID)), ("l1ChainId", .number(c.l1ChainID)),
                        ("adapter", .string(m.adapter.id)), ("enabled", .bool(c.enabled)), ("startL1Block", .number(c.startL1Block)),
                        ("claims", .array(c.claims.map(\.json))),
                    ]))
                }
            }
            if output.json {
                printJSON(.object([("chains", .array(rows)), ("manifestErrors", .array(catalog.failures.map { .string($0.description) }))]))
            } else {
                if rows.isEmpty { print("no chains in \(manifests.directories.joined(separator: ", "))") }
                for m in catalog.manifests {
                    for c in m.chains {
                        print("\(c.name)  chain \(c.chainID) on L1 \(c.l1ChainID)  \(c.enabled ? "enabled" : "disabled")  adapter \(m.adapter.id)  from L1 block \(c.startL1Block)")
                        for rule in c.claims { print("    \(rule.summary)") }
                    }
                }
                for f in catalog.failures { print("invalid manifest:\n\(f.description)") }
            }
            if !catalog.failures.isEmpty { throw Exit.badInput }
        }
    }
}

extension ClaimRule {
    var summary: String {
        let window = "blocks \(sinceBlock)…\(untilBlock.map(String.init) ?? "")"
        switch target {
        case .transaction(let to, let from, let selectors, let blobs):
            var s = "\(kind.rawValue): transactions to \(to)"
            if !from.isEmpty { s += " from \(from.map(\.description).joined(separator: "|"))" }
            if !selectors.isEmpty { s += " selectors \(selectors.map(Hex.selector).joined(separator: "|"))" }
            if blobs { s += " with blobs" }
            return s + ", \(window)"
        case .log(let address, let topics):
            return "\(kind.rawValue): logs of \(address) topic0 \(topics.map(\.description).joined(separator: "|")), \(window)"
        }
    }

    var json: JSONValue {
        var members: [(String, JSONValue)] = [("kind", .string(kind.rawValue))]
        switch target {
        case .transaction(let to, let from, let selectors, let blobs):
            members.append(("to", .string(to.description)))
            if !from.isEmpty { members.append(("from", .array(from.map { .string($0.description) }))) }
            if !selectors.isEmpty { members.append(("selectors", .array(selectors.map { .string(Hex.selector($0)) }))) }
            if blobs { members.append(("blob", .bool(true))) }
        case .log(let address, let topics):
            members.append(("address", .string(address.description)))
            members.append(("topics", .array(topics.map { .string($0.description) })))
        }
        members.append(("sinceBlock", .number(sinceBlock)))
        if let untilBlock { members.append(("untilBlock", .number(untilBlock))) }
        return .object(members)
    }
}

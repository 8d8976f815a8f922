import Foundation
import RollportToolkit
import TOMLKit

/// Reads and validates a manifest. Every problem is collected, so one run reports them all.
public enum ManifestParser {
    public static func load(file: String) throws(ManifestError) -> Manifest {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ManifestError(file: file, problems: [ManifestProblem(
                file: file, message: "cannot read the file", fix: "check the path and its permissions")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ManifestError(file: file, problems: [ManifestProblem(
                file: file, message: "the file is not UTF-8 text", fix: "save it as UTF-8")])
        }
        return try parse(text, file: file)
    }

    public static func parse(_ text: String, file: String) throws(ManifestError) -> Manifest {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ManifestError(file: file, problems: [ManifestProblem(
                file: file, line: error.source.begin.line, key: nil,
                message: "TOML syntax error at column \(error.source.begin.column): \(error.description)",
                fix: "correct the TOML syntax on that line")])
        } catch {
            throw ManifestError(file: file, problems: [ManifestProblem(file: file, message: "TOML: \(error)")])
        }
        var reader = Reader(file: file, text: text)
        let manifest = reader.manifest(table)
        if let manifest, reader.problems.isEmpty { return manifest }
        throw ManifestError(file: file, problems: reader.problems)
    }
}

private struct Reader {
    let file: String
    let lines: [Substring]
    var problems: [ManifestProblem] = []

    init(file: String, text: String) {
        self.file = file
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// The line that assigns `key`, e.g. `chains[1].claims[0].to`, found by walking the table
    /// headers the way TOML nests them (the parsed tables do not keep positions).
    func line(of key: String) -> Int? {
        let parts = key.split(separator: ".").map(String.init)
        guard let last = parts.last else { return nil }
        var range = 0..<lines.count
        var tablePath: [String] = []
        for part in parts.dropLast() {
            let name = part.split(separator: "[").first.map(String.init) ?? part
            tablePath.append(name)
            let index = part.firstIndex(of: "[").flatMap { Int(part[part.index(after: $0)...].dropLast()) }
            let header = index == nil ? "[\(tablePath.joined(separator: "."))]" : "[[\(tablePath.joined(separator: "."))]]"
            let matches = range.filter { lines[$0].tomlHeader == header }
            guard let start = matches.dropFirst(index ?? 0).first else { return nil }
            // The section ends at the next header that is not nested inside it.
            let prefix = "[" + tablePath.joined(separator: ".") + "."
            let end = ((start + 1)..<range.upperBound).first { i in
                let t = lines[i].tomlHeader
                return t.hasPrefix("[") && !t.hasPrefix(prefix) && !t.hasPrefix("[" + prefix)
            } ?? range.upperBound
            range = (start + 1)..<end
        }
        let name = last.split(separator: "[").first.map(String.init) ?? last
        var depth = 0
        for i in range {
            let t = lines[i].trimmingSpaces()
            if t.hasPrefix("[") { depth += 1 }
            if depth == 0, t.hasPrefix(name + " ") || t.hasPrefix(name + "=") { return i + 1 }
        }
        return nil
    }

    mutating func problem(_ key: String?, _ message: String, fix: String? = nil, line: Int? = nil) {
        problems.append(ManifestProblem(file: file, line: line ?? key.flatMap { self.line(of: $0) }, key: key, message: message, fix: fix))
    }

    // MARK: typed access

    mutating func checkKeys(_ table: TOMLTable, at path: String, allowed: [String]) {
        for key in table.keys where !allowed.contains(key) {
            let full = path.isEmpty ? key : "\(path).\(key)"
            problem(full, "unknown key `\(key)`", fix: "remove it, or use one of: \(allowed.joined(separator: ", "))")
        }
    }

    mutating func table(_ parent: TOMLTable, _ key: String, at path: String, required: Bool = true) -> TOMLTable? {
        let full = path.isEmpty ? key : "\(path).\(key)"
        guard let value = parent[key] else {
            if required { problem(full, "missing table [\(full)]", fix: "add a [\(full)] table", line: nil) }
            return nil
        }
        guard let t = value.table else { problem(full, "`\(full)` must be a table"); return nil }
        return t
    }

    mutating func string(_ parent: TOMLTable, _ key: String, at path: String, required: Bool = true, example: String = "…") -> String? {
        let full = path.isEmpty ? key : "\(path).\(key)"
        guard let value = parent[key] else {
            if required { problem(full, "missing key `\(key)`", fix: "add `\(key) = \"\(example)\"` to [\(path)]", line: nil) }
            return nil
        }
        guard let s = value.string else { problem(full, "`\(full)` must be a string"); return nil }
        return s
    }

    mutating func integer(_ parent: TOMLTable, _ key: String, at path: String, required: Bool = true) -> UInt64? {
        let full = path.isEmpty ? key : "\(path).\(key)"
        guard let value = parent[key] else {
            if required { problem(full, "missing key `\(key)`", fix: "add `\(key) = <integer>` to [\(path)]", line: nil) }
            return nil
        }
        guard let n = value.int else { problem(full, "`\(full)` must be an integer"); return nil }
        guard n >= 0 else { problem(full, "`\(full)` must not be negative"); return nil }
        return UInt64(n)
    }

    mutating func bool(_ parent: TOMLTable, _ key: String, at path: String, required: Bool) -> Bool? {
        let full = path.isEmpty ? key : "\(path).\(key)"
        guard let value = parent[key] else {
            if required { problem(full, "missing key `\(key)`", fix: "add `\(key) = true` or `false` to [\(path)]", line: nil) }
            return nil
        }
        guard let b = value.bool else { problem(full, "`\(full)` must be true or false"); return nil }
        return b
    }

    mutating func strings(_ parent: TOMLTable, _ key: String, at path: String, required: Bool) -> [String]? {
        let full = path.isEmpty ? key : "\(path).\(key)"
        guard let value = parent[key] else {
            if required { problem(full, "missing key `\(key)`", fix: "add `\(key) = [\"…\"]` to [\(path)]", line: nil) }
            return nil
        }
        guard let array = value.array else { problem(full, "`\(full)` must be an array of strings"); return nil }
        var out = [String]()
        for (i, item) in array.enumerated() {
            guard let s = item.string else { problem("\(full)[\(i)]", "`\(full)[\(i)]` must be a string"); continue }
            out.append(s)
        }
        return out
    }

    mutating func address(_ text: String, at key: String) -> Address? {
        do { return try Address(hex: text) } catch {
            problem(key, "`\(text)` is not an address: \(error)", fix: "write 0x followed by 40 hex digits")
            return nil
        }
    }

    // MARK: sections

    mutating func manifest(_ root: TOMLTable) -> Manifest? {
        checkKeys(root, at: "", allowed: ["schema", "adapter", "compat", "library", "extensions", "probe", "chains"])
        if let schema = integer(root, "schema", at: "") {
            if schema != UInt64(Manifest.schemaVersion) {
                problem("schema", "schema \(schema) is not supported; this host reads schema \(Manifest.schemaVersion)",
                        fix: "write `schema = \(Manifest.schemaVersion)` and the keys of that schema")
            }
        }
        let adapter = table(root, "adapter", at: "").flatMap { adapterIdentity($0) }
        let compat = table(root, "compat", at: "").flatMap { compatibility($0) }
        let library = table(root, "library", at: "").flatMap { libraryReference($0) }
        let extensions = table(root, "extensions", at: "").flatMap { extensionsSection($0) }
        var probe: String?
        if let p = table(root, "probe", at: "", required: false) {
            checkKeys(p, at: "probe", allowed: ["item"])
            probe = string(p, "item", at: "probe", example: "{\"to\": \"0x…\", \"input\": \"0x…\"}")
        }
        var chains = [Chain]()
        if let value = root["chains"] {
            if let array = value.array {
                for (i, item) in array.enumerated() {
                    guard let t = item.table else { problem("chains[\(i)]", "chains[\(i)] must be a table ([[chains]])"); continue }
                    if let chain = chain(t, at: "chains[\(i)]") { chains.append(chain) }
                }
                if array.isEmpty { problem("chains", "no chains", fix: "add at least one [[chains]] block") }
            } else {
                problem("chains", "`chains` must be an array of tables", fix: "write each chain as a [[chains]] block")
            }
        } else {
            problem("chains", "missing [[chains]]", fix: "add at least one [[chains]] block with name, chain_id, l1_chain_id, enabled, start_l1_block")
        }
        crossChecks(chains: chains, extensions: extensions)
        guard let adapter, let compat, let library, let extensions else { return nil }
        return Manifest(file: file, adapter: adapter, compat: compat, library: library, extensions: extensions,
                        probeItem: probe, chains: chains)
    }

    mutating func adapterIdentity(_ t: TOMLTable) -> AdapterIdentity? {
        checkKeys(t, at: "adapter", allowed: ["id", "name", "version", "description", "vendor", "homepage", "license"])
        let id = string(t, "id", at: "adapter", example: "org.example.myrollup")
        let name = string(t, "name", at: "adapter", example: "My rollup")
        let versionText = string(t, "version", at: "adapter", example: "1.0.0")
        let description = string(t, "description", at: "adapter", required: false)
        _ = string(t, "vendor", at: "adapter", required: false)
        _ = string(t, "homepage", at: "adapter", required: false)
        _ = string(t, "license", at: "adapter", required: false)
        if let id, !Self.isReverseDNS(id) {
            problem("adapter.id", "`\(id)` is not a reverse-DNS id",
                    fix: "use lower-case dot-separated words, at least two, e.g. org.example.myrollup")
        }
        var version: SemanticVersion?
        if let versionText {
            version = SemanticVersion(versionText)
            if version == nil { problem("adapter.version", "`\(versionText)` is not a semantic version", fix: "write MAJOR.MINOR.PATCH, e.g. 1.0.0") }
        }
        guard let id, let name, let version else { return nil }
        return AdapterIdentity(id: id, name: name, version: version, description: description)
    }

    static func isReverseDNS(_ id: String) -> Bool {
        let parts = id.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2 else { return false }
        return parts.allSatisfy { part in
            !part.isEmpty && part.first!.isLetter && part.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
        }
    }

    mutating func compatibility(_ t: TOMLTable) -> Compatibility? {
        checkKeys(t, at: "compat", allowed: ["host", "abi"])
        let hostText = string(t, "host", at: "compat", example: ">=0.1.0, <1.0.0")
        let abiText = string(t, "abi", at: "compat", example: "1.0")
        var range: VersionRange?
        if let hostText {
            range = VersionRange(hostText)
            if range == nil { problem("compat.host", "`\(hostText)` is not a version range", fix: "write comparators like \">=0.1.0, <1.0.0\"") }
        }
        var abi: (UInt32, UInt32)?
        if let abiText {
            let parts = abiText.split(separator: ".")
            if parts.count == 2, let major = UInt32(parts[0]), let minor = UInt32(parts[1]) {
                abi = (major, minor)
            } else {
                problem("compat.abi", "`\(abiText)` is not MAJOR.MINOR", fix: "write the ABI version the adapter was built against, e.g. \"1.0\"")
            }
        }
        guard let range, let abi else { return nil }
        return Compatibility(host: range, abiMajor: abi.0, abiMinor: abi.1)
    }

    mutating func libraryReference(_ t: TOMLTable) -> LibraryReference? {
        checkKeys(t, at: "library", allowed: ["file", "sha256"])
        let fileName = string(t, "file", at: "library", example: "libmyrollup.so")
        if let fileName, fileName.contains("/") || fileName.hasPrefix(".") || fileName.isEmpty {
            problem("library.file", "`\(fileName)` must be a bare file name", fix: "name only the file; it is looked up beside the manifest, in ROLLPORT_PLUGIN_PATH, then beside the rollport executable")
        }
        var sha: String?
        if let s = string(t, "sha256", at: "library", required: false) {
            let lower = s.lowercased()
            if lower.count == 64, lower.allSatisfy({ $0.isHexDigit }) {
                sha = lower
            } else {
                problem("library.sha256", "`\(s)` is not 64 hex digits", fix: "run `rollport manifest pin \(file)` to write it")
            }
        }
        guard let fileName else { return nil }
        return LibraryReference(file: fileName, sha256: sha)
    }

    mutating func extensionsSection(_ t: TOMLTable) -> Extensions? {
        checkKeys(t, at: "extensions", allowed: ["provides", "requires", "threading", "rpc_methods"])
        let provides = strings(t, "provides", at: "extensions", required: true)
        let requires = strings(t, "requires", at: "extensions", required: false) ?? []
        let methods = strings(t, "rpc_methods", at: "extensions", required: false) ?? []
        let threadingText = string(t, "threading", at: "extensions", example: "serial")
        for (i, id) in (provides ?? []).enumerated() where !Self.isExtensionID(id) {
            problem("extensions.provides[\(i)]", "`\(id)` is not an extension id", fix: "write NAME/REVISION, e.g. rollport.l1-ingest/1")
        }
        for (i, id) in requires.enumerated() where !Self.isExtensionID(id) {
            problem("extensions.requires[\(i)]", "`\(id)` is not an extension id", fix: "write NAME/REVISION, e.g. rollport.host.log/1")
        }
        var threading: ThreadingMode?
        if let threadingText {
            threading = ThreadingMode(rawValue: threadingText)
            if threading == nil {
                problem("extensions.threading", "`\(threadingText)` is not a threading mode",
                        fix: "use one of: \(ThreadingMode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        if !methods.isEmpty, let provides, !provides.contains("rollport.rpc/1") {
            problem("extensions.rpc_methods", "rpc_methods are listed but rollport.rpc/1 is not provided", fix: "add \"rollport.rpc/1\" to extensions.provides")
        }
        guard let provides, let threading else { return nil }
        return Extensions(provides: provides, requires: requires, threading: threading, rpcMethods: methods)
    }

    static func isExtensionID(_ id: String) -> Bool {
        let parts = id.split(separator: "/")
        guard parts.count == 2, let rev = Int(parts[1]), rev >= 1 else { return false }
        return parts[0].split(separator: ".").count >= 2
            && parts[0].allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "." || $0 == "-") }
    }

    mutating func chain(_ t: TOMLTable, at path: String) -> Chain? {
        checkKeys(t, at: path, allowed: ["name", "chain_id", "l1_chain_id", "enabled", "start_l1_block", "anchors", "upgrades", "claims"])
        let name = string(t, "name", at: path, example: "my-chain")
        if let name, name.isEmpty || !name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) {
            problem("\(path).name", "`\(name)` is not a chain name", fix: "use lower-case letters, digits and '-', e.g. op-mainnet")
        }
        let chainID = integer(t, "chain_id", at: path)
        let l1ChainID = integer(t, "l1_chain_id", at: path)
        let enabled = bool(t, "enabled", at: path, required: true)
        let start = integer(t, "start_l1_block", at: path)
        let anchors = table(t, "anchors", at: path, required: false).map { plainValues($0, at: "\(path).anchors") } ?? []
        let upgrades = table(t, "upgrades", at: path, required: false).map { plainValues($0, at: "\(path).upgrades") } ?? []
        var claims = [ClaimRule]()
        if let value = t["claims"] {
            if let array = value.array {
                for (i, item) in array.enumerated() {
                    guard let ct = item.table else { problem("\(path).claims[\(i)]", "must be a table ([[chains.claims]])"); continue }
                    if let rule = claim(ct, at: "\(path).claims[\(i)]") { claims.append(rule) }
                }
            } else {
                problem("\(path).claims", "`claims` must be an array of tables", fix: "write each rule as a [[chains.claims]] block")
            }
        }
        guard let name, let chainID, let l1ChainID, let enabled, let start else { return nil }
        return Chain(name: name, chainID: chainID, l1ChainID: l1ChainID, enabled: enabled, startL1Block: start,
                     anchors: anchors, upgrades: upgrades, claims: claims)
    }

    /// Anchors and upgrades are adapter facts passed through to init as JSON.
    mutating func plainValues(_ t: TOMLTable, at path: String) -> [(String, JSONValue)] {
        var out = [(String, JSONValue)]()
        for key in t.keys.sorted() {
            guard let v = t[key] else { continue }
            if let s = v.string { out.append((key, .string(s))) }
            else if let n = v.int { out.append((key, .number(n))) }
            else if let b = v.bool { out.append((key, .bool(b))) }
            else { problem("\(path).\(key)", "must be a string, an integer or a boolean") }
        }
        return out
    }

    mutating func claim(_ t: TOMLTable, at path: String) -> ClaimRule? {
        checkKeys(t, at: path, allowed: ["kind", "to", "from", "selectors", "blob", "address", "topics", "since_block", "until_block"])
        let kindText = string(t, "kind", at: path, example: "batch")
        var kind: ClaimKind?
        if let kindText {
            kind = ClaimKind(rawValue: kindText)
            if kind == nil {
                problem("\(path).kind", "`\(kindText)` is not a claim kind", fix: "use one of: \(ClaimKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        let since = integer(t, "since_block", at: path)
        let until = integer(t, "until_block", at: path, required: false)
        if let since, let until, until < since {
            problem("\(path).until_block", "until_block \(until) is before since_block \(since)", fix: "make until_block ≥ since_block, or remove it")
        }
        let toText = string(t, "to", at: path, required: false)
        let addressText = string(t, "address", at: path, required: false)
        var target: ClaimRule.Target?
        switch (toText, addressText) {
        case (let to?, nil):
            for key in ["topics"] where t[key] != nil {
                problem("\(path).\(key)", "`\(key)` belongs to log rules, but this rule has `to`", fix: "split it into a transaction rule and a log rule")
            }
            let fromList = (strings(t, "from", at: path, required: false) ?? []).enumerated().compactMap { address($1, at: "\(path).from[\($0)]") }
            var selectors = [UInt32]()
            for (i, s) in (strings(t, "selectors", at: path, required: false) ?? []).enumerated() {
                if let bytes = try? Hex.decode(s, count: 4) {
                    selectors.append(bytes.reduce(0) { $0 << 8 | UInt32($1) })
                } else {
                    problem("\(path).selectors[\(i)]", "`\(s)` is not a 4-byte selector", fix: "write 0x and 8 hex digits, e.g. 0x8f111f3c")
                }
            }
            let blob = bool(t, "blob", at: path, required: false) ?? false
            if let toAddress = address(to, at: "\(path).to") {
                target = .transaction(to: toAddress, from: fromList, selectors: selectors, requiresBlobs: blob)
            }
        case (nil, let emitter?):
            for key in ["from", "selectors", "blob"] where t[key] != nil {
                problem("\(path).\(key)", "`\(key)` belongs to transaction rules, but this rule has `address`", fix: "split it into a transaction rule and a log rule")
            }
            let topicTexts = strings(t, "topics", at: path, required: true) ?? []
            var topics = [Hash32]()
            for (i, s) in topicTexts.enumerated() {
                if let h = try? Hash32(hex: s) { topics.append(h) } else {
                    problem("\(path).topics[\(i)]", "`\(s)` is not a 32-byte topic", fix: "write 0x and 64 hex digits: keccak256 of the event signature")
                }
            }
            if t["topics"] != nil, topicTexts.isEmpty {
                problem("\(path).topics", "a log rule needs at least one topic0", fix: "list the event's topic0 values")
            }
            if let a = address(emitter, at: "\(path).address") { target = .log(address: a, topics: topics) }
        case (.some, .some):
            problem(path, "a rule has either `to` (transactions) or `address` (logs), not both", fix: "split it into two rules")
        case (nil, nil):
            problem(path, "the rule names neither `to` nor `address`", fix: "add `to = \"0x…\"` for transactions or `address` and `topics` for logs")
        }
        guard let kind, let since, let target else { return nil }
        return ClaimRule(kind: kind, target: target, sinceBlock: since, untilBlock: until, path: path)
    }

    mutating func crossChecks(chains: [Chain], extensions: Extensions?) {
        var seen = Set<String>()
        for (i, c) in chains.enumerated() {
            if !seen.insert(c.name).inserted {
                problem("chains[\(i)].name", "chain `\(c.name)` is listed twice", fix: "give each chain its own name")
            }
        }
        if let extensions, chains.contains(where: { !$0.claims.isEmpty }), !extensions.provides.contains("rollport.l1-ingest/1") {
            problem("extensions.provides", "the chains have claim rules but rollport.l1-ingest/1 is not provided",
                    fix: "add \"rollport.l1-ingest/1\": the router confirms claims through it")
        }
    }
}

import ArgumentParser
import Foundation
import RollportToolkit

struct MPT: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mpt",
        abstract: "Merkle-Patricia trie proofs.",
        subcommands: [Verify.self])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify an eth_getProof result against a state root.",
            discussion: """
            FILE holds the eth_getProof result object, or the whole JSON-RPC response with it in "result" \
            (- for standard input). The account proof is checked against --state-root, each storage proof \
            against the proven storage root, and every field the result claims (nonce, balance, codeHash, \
            storageHash, storage values) against what the proofs prove. Exit 0 when everything verifies, \
            1 when a proof or a claim does not, 2 when the file or the root is malformed.
            """)

        @Option(help: "The eth_getProof result: a JSON file, or - for standard input.") var proof: String
        @Option(help: "The state root of the block the proof was taken at (0x + 64 hex digits).") var stateRoot: String
        @OptionGroup var output: OutputOptions

        func run() throws {
            let root: Hash32
            do { root = try Hash32(hex: stateRoot.trimmingCharacters(in: .whitespaces)) } catch {
                printError("--state-root: \(error); give the block's stateRoot, 0x followed by 64 hex digits")
                throw Exit.badInput
            }
            let path = proof.hasPrefix("@") ? String(proof.dropFirst()) : proof
            let contents = try ByteInput.contentsOrExit(proof.hasPrefix("@") || proof == "-" ? proof : "@" + proof)
            let parsed: AccountProof
            do { parsed = try AccountProof.parse(json: contents) } catch {
                printError("\(path): \(error)")
                throw Exit.badInput
            }
            do {
                let proven = try parsed.verify(stateRoot: root)
                if output.json { printJSON(Self.json(proven, valid: true)) } else { print(Self.table(proven, root: root)) }
            } catch {
                if output.json {
                    var members: [(String, JSONValue)] = [("address", .string(parsed.address.description)), ("valid", .bool(false)),
                                                          ("error", .string(error.description))]
                    if case .claimsDisagree(let mismatches, _) = error.reason {
                        members.append(("mismatches", .array(mismatches.map {
                            .object([("field", .string($0.field)), ("claimed", .string($0.claimed)), ("proven", .string($0.proven))])
                        })))
                    }
                    printJSON(.object(members))
                } else if case .claimsDisagree(let mismatches, _) = error.reason {
                    printError("the proofs verify against \(root) but the result's fields disagree with them:\n"
                        + mismatches.map { "  \($0.field): claimed \($0.claimed), proven \($0.proven)" }.joined(separator: "\n"))
                } else {
                    printError(error.description)
                }
                throw Exit.negative
            }
        }

        static func json(_ proven: ProvenAccount, valid: Bool) -> JSONValue {
            let account: JSONValue = proven.account.map { a in
                .object([("nonce", .string(UInt256(a.nonce).hexQuantity)), ("balance", .string(a.balance.hexQuantity)),
                         ("storageRoot", .string(a.storageRoot.description)), ("codeHash", .string(a.codeHash.description))])
            } ?? .null
            return .object([
                ("address", .string(proven.address.description)),
                ("account", account),
                ("storage", .array(proven.storage.map { s in
                    .object([("key", .string(s.key.description)), ("value", .string(s.value.hexQuantity)), ("present", .bool(s.present))])
                })),
                ("valid", .bool(valid)),
            ])
        }

        static func table(_ proven: ProvenAccount, root: Hash32) -> String {
            var lines = [String]()
            if let a = proven.account {
                lines.append("account \(proven.address) exists under state root \(root)")
                lines.append("  nonce        \(a.nonce)")
                lines.append("  balance      \(a.balance) wei (\(a.balance.hexQuantity))")
                lines.append("  storageRoot  \(a.storageRoot)")
                lines.append("  codeHash     \(a.codeHash)\(a.codeHash == StateAccount.emptyCodeHash ? " (no code)" : "")")
            } else {
                lines.append("account \(proven.address) does not exist under state root \(root) (proven absent)")
            }
            if !proven.storage.isEmpty {
                lines.append("storage (\(proven.storage.count) slot\(proven.storage.count == 1 ? "" : "s")):")
                for s in proven.storage {
                    lines.append("  \(s.key)  \(s.present ? s.value.hexQuantity : "0x0 (absent)")")
                }
            }
            return lines.joined(separator: "\n")
        }
    }
}

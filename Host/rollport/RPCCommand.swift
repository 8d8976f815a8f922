import ArgumentParser
import RollportToolkit

/// `rollport rpc parse`: reads a JSON-RPC object the way the router and the follower do, and
/// prints what they see, so a capture or a replay file can be checked before it is used.
struct RPCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rpc",
        abstract: "Check JSON-RPC objects as Rollport reads them, and call a JSON-RPC server.",
        subcommands: [Parse.self, Call.self])

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case block, transaction, receipt, log, sidecar
    }

    struct Parse: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Parse one object, or an array of them, and print the fields as read.",
            discussion: """
            FILE holds the object as a node returns it (eth_getBlockByNumber, eth_getTransactionByHash, \
            eth_getTransactionReceipt, eth_getLogs; a beacon blob sidecar), the whole JSON-RPC response \
            with it in "result" (or "data" for the beacon API), or an array of them. Quantities print as \
            decimal, data as 0x hex. Exit 0 when every object reads, 2 when one does not: the message \
            names the field path, e.g. result[3].logs[0].topics[1].
            """)

        @Argument(help: "What the object is: \(Kind.allCases.map(\.rawValue).joined(separator: ", ")).") var kind: Kind
        @Argument(help: "The JSON: a file, - (standard input) or the text itself.") var input: String
        @OptionGroup var output: OutputOptions

        func run() throws {
            let json: JSONValue
            do {
                let text = try ByteInput.text(input)
                json = try JSONValue.parse(text)
            } catch {
                printError("\(error)")
                throw Exit.badInput
            }
            // A whole JSON-RPC response, or a beacon API response ({"data": [...]}), is unwrapped.
            var path = ""
            var value = json
            if value["jsonrpc"] != nil, let result = value["result"] {
                value = result; path = "result"
            } else if kind == .sidecar, let data = value["data"], data.arrayValue != nil {
                value = data; path = "data"
            }
            let objects: [(JSONValue, String)]
            if let array = value.arrayValue {
                objects = array.enumerated().map { ($0.element, "\(path)[\($0.offset)]") }
            } else {
                objects = [(value, path)]
            }
            var parsed = [JSONValue]()
            for (object, at) in objects {
                do { parsed.append(try Self.read(kind, object, path: at)) } catch {
                    if output.json { printJSON(.object([("error", .string(error.description)), ("field", .string(error.field))])) } else { printError(error.description) }
                    throw Exit.badInput
                }
            }
            let result: JSONValue = parsed.count == 1 && value.arrayValue == nil ? parsed[0] : .array(parsed)
            if output.json {
                printJSON(.object([("kind", .string(kind.rawValue)), ("count", .number(parsed.count)), ("parsed", result)]))
            } else {
                print(result.pretty)
            }
        }

        static func read(_ kind: Kind, _ json: JSONValue, path: String) throws(RPCShapeError) -> JSONValue {
            switch kind {
            case .block: return try RPCBlock(json, path: path).json
            case .transaction: return try RPCTransaction(json, path: path).json
            case .receipt: return try RPCReceipt(json, path: path).json
            case .log: return try RPCLog(json, path: path).json
            case .sidecar: return try RPCBlobSidecar(json, path: path).json
            }
        }
    }
}

// Only the fields present are printed; absent optional fields are left out rather than null.
private func members(_ pairs: [(String, JSONValue?)]) -> JSONValue {
    .object(pairs.compactMap { key, value in value.map { (key, $0) } })
}

private extension Optional where Wrapped == UInt64 { var json: JSONValue? { map { .number($0) } } }
private extension Optional where Wrapped == UInt256 { var json: JSONValue? { map { .string($0.description) } } }
private extension Optional where Wrapped == Hash32 { var json: JSONValue? { map { .string($0.description) } } }
private extension Optional where Wrapped == Address { var json: JSONValue? { map { .string($0.checksummed) } } }

extension RPCLog {
    var json: JSONValue {
        members([("address", .string(address.checksummed)), ("topics", .array(topics.map { .string($0.description) })),
                 ("data", .string(Hex.encode(data))), ("blockNumber", blockNumber.json), ("blockHash", blockHash.json),
                 ("transactionHash", transactionHash.json), ("transactionIndex", transactionIndex.json),
                 ("logIndex", logIndex.json), ("removed", removed ? .bool(true) : nil)])
    }
}

extension RPCTransaction {
    var json: JSONValue {
        members([("type", .number(Int(type))), ("hash", hash.json), ("from", from.json), ("to", to.json),
                 ("nonce", .number(nonce)), ("chainId", chainID.json), ("value", .string(value.description)),
                 ("input", .string(Hex.encode(input))), ("gas", gas.json), ("gasPrice", gasPrice.json),
                 ("maxFeePerGas", maxFeePerGas.json), ("maxPriorityFeePerGas", maxPriorityFeePerGas.json),
                 ("maxFeePerBlobGas", maxFeePerBlobGas.json),
                 ("blobVersionedHashes", blobVersionedHashes.isEmpty ? nil : .array(blobVersionedHashes.map { .string($0.description) })),
                 ("blockNumber", blockNumber.json), ("blockHash", blockHash.json), ("transactionIndex", transactionIndex.json),
                 ("raw", raw.map { .string(Hex.encode($0)) })])
    }
}

extension RPCReceipt {
    var json: JSONValue {
        members([("transactionHash", transactionHash.json), ("transactionIndex", transactionIndex.json),
                 ("blockNumber", blockNumber.json), ("blockHash", blockHash.json), ("status", status.map { .number(Int($0)) }),
                 ("type", type.map { .number(Int($0)) }), ("from", from.json), ("to", to.json),
                 ("contractAddress", contractAddress.json), ("gasUsed", gasUsed.json),
                 ("cumulativeGasUsed", cumulativeGasUsed.json), ("effectiveGasPrice", effectiveGasPrice.json),
                 ("blobGasUsed", blobGasUsed.json), ("blobGasPrice", blobGasPrice.json), ("logs", .array(logs.map(\.json)))])
    }
}

extension RPCBlock {
    var json: JSONValue {
        let txs: JSONValue
        switch transactions {
        case .hashes(let hashes): txs = .array(hashes.map { .string($0.description) })
        case .full(let full): txs = .array(full.map(\.json))
        }
        return members([("number", .number(number)), ("hash", .string(hash.description)), ("parentHash", .string(parentHash.description)),
                        ("timestamp", .number(timestamp)), ("stateRoot", stateRoot.json), ("transactionsRoot", transactionsRoot.json),
                        ("receiptsRoot", receiptsRoot.json), ("baseFeePerGas", baseFeePerGas.json), ("gasLimit", gasLimit.json),
                        ("gasUsed", gasUsed.json), ("blobGasUsed", blobGasUsed.json), ("excessBlobGas", excessBlobGas.json),
                        ("parentBeaconBlockRoot", parentBeaconBlockRoot.json), ("transactions", txs)])
    }
}

extension RPCBlobSidecar {
    var json: JSONValue {
        members([("index", index.json), ("kzgCommitment", .string(Hex.encode(kzgCommitment))),
                 ("versionedHash", (try? KZGCommitment.versionedHash(kzgCommitment)).map { .string($0.description) }),
                 ("kzgProof", kzgProof.map { .string(Hex.encode($0)) }), ("blobBytes", .number(blob.count))])
    }
}

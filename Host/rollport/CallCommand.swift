import ArgumentParser
import RollportHost
import RollportToolkit

struct Call: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Call a method an adapter serves through rollport.rpc/1.",
        discussion: "PARAMS is a JSON array or object (default []). Exit 0 with the result, 1 when the adapter refuses, 2 for bad input.")

    @Option(help: "The chain whose adapter serves the method.") var chain: String
    @Argument(help: "The method, e.g. optimism_outputRoot.") var method: String
    @Argument(help: "Parameters as JSON, a file, or -.") var params: String = "[]"
    @OptionGroup var manifests: ManifestOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let text = try ByteInput.jsonTextOrExit(params, label: "params",
                                                shape: "params must be a JSON array or object, e.g. '[\"0x…\"]'") { $0.arrayValue != nil || $0.isObject }
        let adapter = try manifests.adapter(forChain: chain)
        guard adapter.rpcMethods.contains(method) else {
            printError("\(adapter.id) does not serve \(method); it serves: \(adapter.rpcMethods.isEmpty ? "no methods" : adapter.rpcMethods.joined(separator: ", "))")
            throw Exit.badInput
        }
        let result = adapter.call(method: method, chain: chain, params: text)
        guard result.status == .ok, let value = result.records.first(where: { $0.kind == "rpc_result" })?.details else {
            let message = result.status == .ok ? "the adapter returned no result record" : result.message
            if output.json {
                printJSON(.object([("error", .object([("status", .string(result.status.name)), ("message", .string(message))]))]))
            } else {
                printError("\(method): \(result.status): \(message)")
            }
            throw result.status == .invalidArgument || result.status == .decodeError ? Exit.badInput : Exit.negative
        }
        if output.json { printJSON(.object([("result", value)])) } else { print(value.pretty) }
    }
}

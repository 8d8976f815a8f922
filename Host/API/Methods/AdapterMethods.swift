import RollportHost
import RollportToolkit

/// The adapters' own methods (`rollport.rpc/1`), each under its namespace (`optimism_outputRoot`),
/// served by the adapter of the chain the caller names: `[chain, …params]` by position, or
/// `{"chain": …, …params}` by name. The adapter gets the rest: an array by position, an object
/// by name.
struct AdapterMethods: Sendable {
    let chains: [ServedChain]

    /// The method `name`, when an adapter of a served chain declares it.
    func method(_ name: String) -> RPCMethod? {
        let serving = chains.filter { $0.adapter.rpcMethods.contains(name) }
        guard !serving.isEmpty else { return nil }
        return RPCMethod(name, params: nil) { p throws(RPCError) in
            let chainName: String
            let rest: JSONValue
            switch p.storage {
            case .positional(let items):
                guard let first = items.first?.stringValue else {
                    throw RPCError.invalidParams("\(name): the first param is the chain whose adapter serves the method (one of \(serving.map(\.name).joined(separator: ", ")))")
                }
                chainName = first
                rest = .array(Array(items.dropFirst()))
            case .named(let members):
                guard let given = members.first(where: { $0.0 == "chain" })?.1.stringValue else {
                    throw RPCError.invalidParams("\(name): param chain is missing: the chain whose adapter serves the method (one of \(serving.map(\.name).joined(separator: ", ")))")
                }
                chainName = given
                rest = .object(members.filter { $0.0 != "chain" })
            }
            guard let chain = serving.first(where: { $0.name == chainName }) else {
                throw RPCError.invalidParams("\(name): chain \(chainName) is not served by an adapter with this method; it is served for \(serving.map(\.name).joined(separator: ", "))")
            }
            let result = chain.adapter.call(method: name, chain: chain.name, params: rest.compact)
            guard result.status == .ok else { throw Self.error(result, method: name) }
            guard let value = result.records.first(where: { $0.kind == "rpc_result" })?.details else {
                throw RPCError.internalError("\(name): the adapter \(chain.adapter.id) returned no result record")
            }
            return .value(value)
        }
    }

    /// `rpc_modules`: every namespace served, with a version (go-ethereum's shape).
    func modules(hostNamespaces: [String]) -> [RPCMethod] {
        let names = Set(hostNamespaces + chains.flatMap { $0.adapter.rpcMethods.compactMap { $0.split(separator: "_").first.map(String.init) } })
        let result = JSONValue.object(names.sorted().map { ($0, .string("1.0")) })
        return [RPCMethod("rpc_modules") { _ throws(RPCError) in .value(result) }]
    }

    /// An adapter status as the JSON-RPC error a caller can act on.
    static func error(_ result: AdapterCallResult, method: String) -> RPCError {
        let data: JSONValue = .object([("status", .string(result.status.name))])
        let message = "\(method): \(result.message.isEmpty ? result.status.name : result.message)"
        switch result.status {
        case .invalidArgument, .decodeError: return RPCError(RPCError.invalidParamsCode, message, data: data)
        case .notFound: return RPCError(RPCError.methodNotFoundCode, message, data: data)
        case .verifyFailed: return RPCError(RPCError.verifyFailedCode, message, data: data)
        case .unsupported: return RPCError(RPCError.unsupportedCode, message, data: data)
        case .unavailable: return RPCError(RPCError.unavailableCode, message, data: data)
        default: return RPCError(RPCError.internalErrorCode, message, data: data)
        }
    }
}

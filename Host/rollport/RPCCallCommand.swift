import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import RollportHost
import RollportToolkit

extension RPCCommand {
    /// `rollport rpc call`: one JSON-RPC request to a server (Rollport's API, or an L1 node),
    /// the way `cast rpc` does it.
    struct Call: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send one JSON-RPC request and print the result.",
            discussion: """
            PARAMS is a JSON array (by position) or object (by name); default []. The admin token, for \
            methods that change state, comes from --token or ROLLPORT_RPC_ADMIN_TOKEN. Exit 0 with the result, \
            1 when the server answers with an error object, 2 for bad input or a server that cannot be reached.
            """)

        @Option(help: "The server. Default: http://127.0.0.1:8645 (rollport run's API).") var url = "http://127.0.0.1:8645"
        @Argument(help: "The method, e.g. rollport_syncStatus.") var method: String
        @Argument(help: "Params as JSON, a file, or -.") var params: String = "[]"
        @Option(help: "The admin token, sent as Authorization: Bearer (or ROLLPORT_RPC_ADMIN_TOKEN).") var token: String?
        @OptionGroup var output: OutputOptions

        func run() throws {
            let text = try ByteInput.jsonTextOrExit(params, label: "params",
                                                    shape: "params must be a JSON array or object, e.g. '[\"op-mainnet\", 100, 200]'") { $0.arrayValue != nil || $0.isObject }
            let request = #"{"jsonrpc":"2.0","id":1,"method":\#(JSONValue.string(method).compact),"params":\#(text)}"#
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""), parsed.host != nil else {
                printError("--url \(url) is not an http:// or https:// URL; give the server's, e.g. http://127.0.0.1:8645")
                throw Exit.badInput
            }
            let token = self.token ?? ProcessInfo.processInfo.environment["ROLLPORT_RPC_ADMIN_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
            let url = self.url
            let answer = waitForCompletion { () async -> Result<(Int, String), CommandFailure> in
                var http = HTTPClientRequest(url: url)
                http.method = .POST
                http.headers.add(name: "Content-Type", value: "application/json")
                if let token { http.headers.add(name: "Authorization", value: "Bearer \(token)") }
                http.body = .bytes(ByteBuffer(string: request))
                do {
                    let response = try await RollportHTTPClient.shared.execute(http, timeout: .seconds(30))
                    let body = try await response.body.collect(upTo: 256 << 20)
                    return .success((Int(response.status.code), String(buffer: body)))
                } catch {
                    return .failure(CommandFailure(message: "\(url): \(error); is the server running there? (rollport run or rollport serve)", exit: Exit.badInput))
                }
            }
            let (status, body): (Int, String)
            switch answer {
            case .success(let r): (status, body) = r
            case .failure(let f):
                printError(f.message)
                throw f.exit
            }
            guard let response = try? JSONValue.parse(body) else {
                printError("\(url) answered HTTP \(status) with \(body.isEmpty ? "no body" : "a body that is not JSON: \(body.prefix(200))")")
                throw Exit.badInput
            }
            if output.json { printJSON(response) }
            if let error = response["error"] {
                if !output.json {
                    printError("\(method): error \(error["code"]?.compact ?? "?"): \(error["message"]?.stringValue ?? error.compact)\(error["data"].map { "\n\($0.pretty)" } ?? "")")
                }
                throw Exit.negative
            }
            if !output.json { print((response["result"] ?? .null).pretty) }
        }
    }
}

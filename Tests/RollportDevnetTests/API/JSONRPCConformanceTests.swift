import Foundation
import Hummingbird
import RollportAPI
import RollportHost
import RollportTestSupport
import RollportToolkit
import Testing

/// JSON-RPC 2.0 as the specification has it: single requests, batches, notifications, and the
/// error objects for what is malformed, unknown or not allowed; then the same over HTTP.
@Suite struct JSONRPCConformanceTests {
    static func served(token: String? = nil, status: FollowerStatus? = nil, maxRequestBytes: Int = 5 << 20) throws -> ServedStore {
        let dir = TestPaths.temporaryDirectory("api-conformance")
        var settings = APISettings()
        settings.adminToken = token
        settings.maxRequestBytes = maxRequestBytes
        return try ServedStore.open(dir, manifests: DevnetTesting.manifests, status: status, settings: settings, removeOnClose: [dir])
    }

    static func respond(_ served: ServedStore, _ text: String, authorized: Bool = false) async throws -> JSONValue? {
        guard let out = await served.service.dispatcher.respond(to: Array(text.utf8), authorized: authorized) else { return nil }
        return try JSONValue.parse(out)
    }

    static func code(_ response: JSONValue?) -> Int? { response?["error"]?["code"].flatMap { Int($0.compact) } }

    @Test func aRequestGetsItsResultUnderItsOwnID() async throws {
        let served = try Self.served()
        defer { served.close() }
        let numbered = try #require(try await Self.respond(served, #"{"jsonrpc":"2.0","id":41,"method":"rollport_chains"}"#))
        #expect(numbered["jsonrpc"] == .string("2.0") && numbered["id"] == .number(41) && numbered["error"] == nil)
        #expect(numbered["result"]?.arrayValue?.first?["name"] == .string("op-devnet"))
        let named = try #require(try await Self.respond(served, #"{"jsonrpc":"2.0","id":"a-b","method":"rpc_modules","params":[]}"#))
        #expect(named["id"] == .string("a-b") && named["result"]?["rollport"] == .string("1.0") && named["result"]?["optimism"] == .string("1.0"))
        let null = try #require(try await Self.respond(served, #"{"jsonrpc":"2.0","id":null,"method":"rollport_syncStatus"}"#))
        #expect(null["id"] == .null && null["result"]?["cursor"] == .null && null["result"]?["follower"] == .string("none"))
    }

    @Test func notificationsGetNoAnswerAndBatchesAnswerTheRest() async throws {
        let served = try Self.served()
        defer { served.close() }
        #expect(try await Self.respond(served, #"{"jsonrpc":"2.0","method":"rollport_chains"}"#) == nil)
        #expect(try await Self.respond(served, #"[{"jsonrpc":"2.0","method":"rollport_chains"},{"jsonrpc":"2.0","method":"nope"}]"#) == nil)
        let batch = try #require(try await Self.respond(served, """
            [{"jsonrpc":"2.0","id":1,"method":"rollport_chains"},
             {"jsonrpc":"2.0","method":"rollport_syncStatus"},
             {"jsonrpc":"2.0","id":2,"method":"nope"},
             7,
             {"jsonrpc":"2.0","id":3,"method":"rollport_getBatches","params":["op-devnet",0,10]}]
            """)?.arrayValue)
        #expect(batch.map(\.compact).count == 4)
        #expect(batch[0]["id"] == .number(1) && batch[0]["result"] != nil)
        #expect(batch[1]["id"] == .number(2) && Self.code(batch[1]) == -32601)
        #expect(batch[2]["id"] == .null && Self.code(batch[2]) == -32600)
        #expect(batch[3]["id"] == .number(3) && batch[3]["result"] == .array([]))
    }

    @Test func malformedRequestsGetTheStandardErrors() async throws {
        let served = try Self.served()
        defer { served.close() }
        func check(_ text: String, _ expected: Int, id: JSONValue = .null, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
            let response = try await Self.respond(served, text)
            #expect(Self.code(response) == expected, "\(text) → \(response?.compact ?? "nothing")", sourceLocation: sourceLocation)
            #expect(response?["id"] == id, sourceLocation: sourceLocation)
            #expect(response?["error"]?["message"]?.stringValue?.contains(fragment) == true, "\(response?.compact ?? "")", sourceLocation: sourceLocation)
        }
        try await check(#"{"jsonrpc":"2.0","id":1,"method":"#, -32700, "not JSON")
        try await check("[]", -32600, "empty batch")
        try await check("\"rollport_chains\"", -32600, "JSON object")
        try await check(#"{"id":1,"method":"rollport_chains"}"#, -32600, id: .number(1), "\"jsonrpc\" must be \"2.0\"")
        try await check(#"{"jsonrpc":"1.0","id":1,"method":"rollport_chains"}"#, -32600, id: .number(1), "\"2.0\"")
        try await check(#"{"jsonrpc":"2.0","id":1,"method":5}"#, -32600, id: .number(1), "\"method\" must be a string")
        try await check(#"{"jsonrpc":"2.0","id":{"a":1},"method":"rollport_chains"}"#, -32600, "id must be")
        try await check(#"{"jsonrpc":"2.0","id":1,"method":"rollport_chains","params":"x"}"#, -32600, id: .number(1), "params must be an array or an object")
        let many = "[" + Array(repeating: #"{"jsonrpc":"2.0","id":1,"method":"rpc_modules"}"#, count: 1001).joined(separator: ",") + "]"
        try await check(many, -32005, "at most 1000")
    }

    @Test func unknownMethodsAndWrongParamsAreNamed() async throws {
        let served = try Self.served()
        defer { served.close() }
        func check(_ method: String, _ params: String, _ expected: Int, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
            let response = try await served.call(method, params)
            #expect(Self.code(response) == expected, "\(method) \(params) → \(response.compact)", sourceLocation: sourceLocation)
            #expect(response["error"]?["message"]?.stringValue?.contains(fragment) == true, "\(response.compact)", sourceLocation: sourceLocation)
        }
        try await check("eth_blockNumber", "[]", -32601, "does not exist")
        try await check("optimism_noSuchMethod", "[\"op-devnet\"]", -32601, "does not exist")
        try await check("rollport_syncStatus", "[1]", -32602, "at most 0 params")
        try await check("rollport_getBatches", #"{"chain":"op-devnet","from":1}"#, -32602, "no param \"from\"")
        try await check("rollport_getBatches", #"["op-devnet"]"#, -32602, "missing param fromL1Block")
        try await check("rollport_getBatches", #"["op-devnet",-1,4]"#, -32602, "fromL1Block must be a block number")
        try await check("rollport_getBatches", #"["op-devnet","0x",4]"#, -32602, "fromL1Block must be a block number")
        try await check("rollport_getBatches", #"["op-devnet",9,4]"#, -32602, "is after toL1Block")
        try await check("rollport_getBatches", #"["op-devnet",0,10000]"#, -32005, "at most 10000")
        try await check("rollport_getBatches", #"{"chain":"op-devnet","fromL1Block":0,"toL1Block":1000,"full":true}"#, -32005, "at most 1000 at once with full records")
        try await check("rollport_getBatches", #"["op-mainnet",0,4]"#, -32602, "the chains served are op-devnet")
        try await check("rollport_getBatchByL1Tx", #"["0x1234"]"#, -32602, "32-byte hash")
        try await check("rollport_getDeposit", #"{"chain":"op-devnet"}"#, -32602, "exactly one of")
        try await check("rollport_getWithdrawal", #"["op-devnet",7]"#, -32602, "must be a string")
        try await check("rollport_route", "[]", -32602, "missing param item")
        try await check("rollport_route", #"[{"to":"0x12"}]"#, -32602, "rollport_route:")
        try await check("optimism_withdrawalHash", "[]", -32602, "the first param is the chain")
        try await check("optimism_withdrawalHash", #"{"nonce":"0x1"}"#, -32602, "param chain is missing")
        try await check("optimism_withdrawalHash", #"["op-mainnet",{}]"#, -32602, "not served by an adapter")
        // Numbers in their three spellings all read as block numbers.
        for params in [#"["op-devnet",0,"0x0a"]"#, #"["op-devnet","0","10"]"#, #"{"chain":"op-devnet","toL1Block":10,"fromL1Block":0}"#] {
            #expect(try await served.result("rollport_getBatches", params) == .array([]))
        }
    }

    @Test func adminMethodsNeedTheConfiguredToken() async throws {
        let off = try Self.served()
        defer { off.close() }
        let refused = try await off.call("admin_pause", authorized: true)
        #expect(Self.code(refused) == -32001 && refused["error"]?["message"]?.stringValue?.contains("admin methods are off") == true)

        let status = FollowerStatus()
        let on = try Self.served(token: "s3cret", status: status)
        defer { on.close() }
        #expect(Self.code(try await on.call("admin_pause")) == -32001)
        #expect(!status.isPaused)
        #expect(try await on.call("admin_pause", authorized: true)["result"] == .object([("paused", .bool(true)), ("changed", .bool(true))]))
        #expect(status.isPaused)
        #expect(try await on.call("admin_resume", authorized: true)["result"]?["changed"] == .bool(true))
        #expect(!status.isPaused)
        #expect(Self.code(try await on.call("admin_rewind", #"["x"]"#, authorized: true)) == -32602)

        #expect(on.service.authorizes("Bearer s3cret"))
        for wrong in ["Bearer s3cre", "Bearer s3cret!", "s3cret", "Basic s3cret", "Bearer S3cret", ""] { #expect(!on.service.authorizes(wrong), "\(wrong)") }
        #expect(!on.service.authorizes(nil))
        #expect(!off.service.authorizes("Bearer "))

        // Serving a store without a follower: nothing to steer.
        let none = try Self.served(token: "s3cret")
        defer { none.close() }
        #expect(Self.code(try await none.call("admin_rewind", "[3]", authorized: true)) == -32002)
    }

    /// Requests cut, spliced and flipped at random: every answer is one JSON-RPC response (or a
    /// batch of them), none crashes the dispatcher.
    @Test func damagedRequestsAlwaysGetAnAnswer() async throws {
        let served = try Self.served(token: "t")
        defer { served.close() }
        let valid = [
            #"{"jsonrpc":"2.0","id":1,"method":"rollport_getBatches","params":["op-devnet",0,10,true]}"#,
            #"[{"jsonrpc":"2.0","id":"x","method":"rollport_getDeposit","params":{"chain":"op-devnet","sourceHash":"0x\#(String(repeating: "ab", count: 32))"}}]"#,
            #"{"jsonrpc":"2.0","id":3,"method":"optimism_withdrawalHash","params":["op-devnet",{"nonce":"0x1","sender":"0x1a1E021A302C237453D3D45c7B82B19cEEB7E2e6"}]}"#,
            #"{"jsonrpc":"2.0","id":4,"method":"rollport_route","params":[{"to":"0x000000000000000000000000000000000000e1a0","input":"0x00"}]}"#,
            #"{"jsonrpc":"2.0","id":5,"method":"admin_rewind","params":{"l1Block":"0x10"}}"#,
        ].map { Array($0.utf8) }
        var rng = SplitMix64(seed: 0x9e3779b97f4a7c15)
        let alphabet = Array(#"{}[]",:0123456789abcdefx-.eE truefalsnul"#.utf8)
        for round in 0..<1500 {
            var bytes = valid[Int(rng.next() % UInt64(valid.count))]
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                guard !bytes.isEmpty else { break }
                let at = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 4 {
                case 0: bytes[at] = alphabet[Int(rng.next() % UInt64(alphabet.count))]
                case 1: bytes.remove(at: at)
                case 2: bytes.insert(alphabet[Int(rng.next() % UInt64(alphabet.count))], at: at)
                default: bytes = Array(bytes[..<at])
                }
            }
            guard let out = await served.service.dispatcher.respond(to: bytes, authorized: round % 2 == 0) else { continue }
            let answer = try JSONValue.parse(out)
            let responses = answer.arrayValue ?? [answer]
            for r in responses {
                #expect(r["jsonrpc"] == .string("2.0") && (r["result"] != nil) != (r["error"] != nil), "\(String(decoding: bytes, as: UTF8.self)) → \(r.compact)")
            }
        }
    }

    /// A request the follower does not take in time is withdrawn and answered with why.
    @Test func anAdminRequestNobodyTakesIsWithdrawn() async throws {
        let status = FollowerStatus()
        let answer = await status.submit(.rewind(to: 3), timeout: .milliseconds(100))
        guard case .failure(let error) = answer else {
            Issue.record("answered \(answer)")
            return
        }
        #expect(error.message.contains("did not take the request") && error.message.contains("it is starting"), "\(error)")
    }

    @Test func overHTTP() async throws {
        let served = try Self.served(token: "s3cret", status: FollowerStatus(), maxRequestBytes: 4096)
        defer { served.close() }
        let server = try await APIServer.start(served.service, host: "127.0.0.1", port: 0, logger: DevnetTesting.quietLogger)
        let url = "http://127.0.0.1:\(server.port)/"
        do {
            let ok = try await APIHTTP.send(url, body: #"{"jsonrpc":"2.0","id":1,"method":"rollport_chains"}"#)
            let okJSON = try JSONValue.parse(ok.body)
            #expect(ok.status == 200 && okJSON["result"]?.arrayValue?.count == 1, "\(ok)")
            let notification = try await APIHTTP.send(url, body: #"{"jsonrpc":"2.0","method":"rollport_chains"}"#)
            #expect(notification.status == 200 && notification.body.isEmpty)
            let text = try await APIHTTP.send(url, body: "{}", headers: [("Content-Type", "text/plain")])
            #expect(text.status == 415 && text.body.contains("application/json"))
            let large = try await APIHTTP.send(url, body: "[" + String(repeating: " ", count: 5000) + "]")
            let largeJSON = try JSONValue.parse(large.body)
            #expect(large.status == 413 && largeJSON["error"]?["code"] == .number(-32005), "\(large)")
            let get = try await APIHTTP.send(url, get: true)
            #expect(get.status == 405 && get.body.contains("POST"))
            let anonymous = try await APIHTTP.send(url, body: #"{"jsonrpc":"2.0","id":1,"method":"admin_pause"}"#)
            let anonymousJSON = try JSONValue.parse(anonymous.body)
            #expect(anonymousJSON["error"]?["code"] == .number(-32001))
            let admin = try await APIHTTP.send(url, body: #"{"jsonrpc":"2.0","id":1,"method":"admin_pause"}"#,
                                               headers: [("Content-Type", "application/json"), ("Authorization", "Bearer s3cret")])
            let adminJSON = try JSONValue.parse(admin.body)
            #expect(adminJSON["result"]?["paused"] == .bool(true), "\(admin)")
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}

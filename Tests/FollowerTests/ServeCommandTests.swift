import AsyncHTTPClient
import Foundation
import NIOCore
import RollportTestSupport
import RollportToolkit
import Testing

/// `rollport run` and `rollport serve` with their API: where they listen, what they answer, and
/// the clear errors for a taken port or a missing store.
@Suite(.serialized) struct ServeCommandTests {
    /// The URL a child announced for `what` on standard error, once it has.
    static func announced(_ what: String, by child: RunCommandTests.Child, timeout: Duration = .seconds(60)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            for line in child.errors.split(separator: "\n") where line.contains("msg=\"serving \(what)") {
                if let range = line.range(of: "url=") { return String(line[range.upperBound...].prefix { $0 != " " }) }
            }
            guard child.process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("no \(what) announced: \(child.errors)")
        throw CancellationError()
    }

    static func post(_ url: String, _ body: String) async throws -> JSONValue {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        return try JSONValue.parse(Array(String(buffer: try await response.body.collect(upTo: 1 << 24)).utf8))
    }

    @Test func serveAnswersFromWhatARunStored() async throws {
        let scratch = TestPaths.temporaryDirectory("serve")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let manifests = TestPaths.repository + "/Manifests/devnet"
        let run = try RunCommandTests.run(["run", "--devnet", "--until-l1-block", "5", "--datadir", scratch + "/data", "--manifests", manifests,
                                           "--log-level", "warning"], scratch: scratch)
        #expect(run.status == 0, "\(run.stderr)")

        let serve = try RunCommandTests.start(["serve", "--datadir", scratch + "/data", "--manifests", manifests, "--log-level", "info"], scratch: scratch)
        defer { serve.process.terminate(); serve.process.waitUntilExit() }
        let api = try await Self.announced("JSON-RPC API", by: serve)
        let status = try await Self.post(api, #"{"jsonrpc":"2.0","id":1,"method":"rollport_syncStatus"}"#)
        #expect(status["result"]?["cursor"]?["number"] == .number(5) && status["result"]?["follower"] == .string("none"), "\(status.compact)")
        let batches = try await Self.post(api, #"{"jsonrpc":"2.0","id":2,"method":"rollport_getBatches","params":["op-devnet",0,5]}"#)
        #expect(batches["result"]?.arrayValue?.count == 5, "\(batches.compact)")
        let admin = try await Self.post(api, #"{"jsonrpc":"2.0","id":3,"method":"admin_pause"}"#)
        #expect(admin["error"]?["code"] == .number(-32001))

        // The same through `rollport rpc call`: a result exits 0, an error object 1, no server 2.
        let called = try RunCommandTests.run(["rpc", "call", "--url", api, "rollport_getBatches", #"["op-devnet", 5, 5]"#, "--json"], scratch: scratch)
        let calledJSON = try JSONValue.parse(called.stdout)
        #expect(called.status == 0 && calledJSON["result"]?.arrayValue?.count == 1, "\(called)")
        let refused = try RunCommandTests.run(["rpc", "call", "--url", api, "admin_pause"], scratch: scratch)
        #expect(refused.status == 1 && refused.stderr.contains("error -32001"), "\(refused)")
        let nobody = try RunCommandTests.run(["rpc", "call", "--url", "http://127.0.0.1:1", "rollport_chains"], scratch: scratch)
        #expect(nobody.status == 2 && nobody.stderr.contains("is the server running"), "\(nobody)")
        let badParams = try RunCommandTests.run(["rpc", "call", "--url", api, "rollport_chains", "{oops"], scratch: scratch)
        #expect(badParams.status == 2, "\(badParams)")
        let badURL = try RunCommandTests.run(["rpc", "call", "--url", "notaurl", "rollport_chains"], scratch: scratch)
        #expect(badURL.status == 2 && badURL.stderr.contains("is not an http:// or https:// URL"), "\(badURL)")

        // A second server on the port the first holds: a clear error, exit 2.
        let port = try #require(URL(string: api)?.port)
        let clash = try RunCommandTests.run(["serve", "--datadir", scratch + "/other", "--manifests", manifests], scratch: scratch)
        #expect(clash.status == 2 && clash.stderr.contains("holds no store"), "\(clash.stderr)")
        try FileManager.default.copyItem(atPath: scratch + "/data", toPath: scratch + "/copy")
        try? FileManager.default.removeItem(atPath: scratch + "/copy/LOCK")
        let taken = try RunCommandTests.run(["serve", "--datadir", scratch + "/copy", "--manifests", manifests, "--rpc.port", String(port)], scratch: scratch)
        #expect(taken.status == 2 && taken.stderr.contains("could not listen on 127.0.0.1:\(port)"), "\(taken.stderr)")
    }

    @Test func aRunServesItsAPIAndMetricsWhileItFollows() async throws {
        let scratch = TestPaths.temporaryDirectory("run-serves")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        try "[rpc]\nadmin_token = \"t0ken\"\n".write(toFile: scratch + "/rollport.toml", atomically: true, encoding: .utf8)
        let child = try RunCommandTests.start(["run", "--devnet", "--block-time", "0.2", "--datadir", scratch + "/data",
                                               "--manifests", TestPaths.repository + "/Manifests/devnet", "--log-level", "info"], scratch: scratch)
        defer { child.process.terminate(); child.process.waitUntilExit() }
        let api = try await Self.announced("JSON-RPC API", by: child)
        let metrics = try await Self.announced("metrics", by: child)
        var cursor = 0
        let deadline = ContinuousClock.now + .seconds(60)
        while cursor < 3, ContinuousClock.now < deadline {
            let status = try await Self.post(api, #"{"jsonrpc":"2.0","id":1,"method":"rollport_syncStatus"}"#)
            cursor = Int(status["result"]?["cursor"]?["number"]?.compact ?? "0") ?? 0
            #expect(status["result"]?["follower"] != .string("none"))
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(cursor >= 3)
        let scrape = try await HTTPClient.shared.execute(HTTPClientRequest(url: metrics + "/metrics"), timeout: .seconds(10))
        let text = String(buffer: try await scrape.body.collect(upTo: 1 << 24))
        #expect(text.contains("rollport_l1_cursor_number ") && text.contains(#"rollport_items_claimed_total{adapter="org.rollport.optimism",kind="batch"}"#))

        var request = HTTPClientRequest(url: api)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Authorization", value: "Bearer t0ken")
        request.body = .bytes(ByteBuffer(string: #"{"jsonrpc":"2.0","id":1,"method":"admin_pause"}"#))
        let paused = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        #expect(String(buffer: try await paused.body.collect(upTo: 1 << 20)).contains(#""paused":true"#))
        let health = try await HTTPClient.shared.execute(HTTPClientRequest(url: metrics + "/healthz"), timeout: .seconds(10))
        #expect(health.status.code == 503)

        // Stopped by a signal while the devnet goes on: a summary, and no false disagreement.
        child.process.terminate()
        child.process.waitUntilExit()
        #expect(child.process.terminationStatus == 0, "\(child.output)\n\(child.errors)")
        #expect(child.output.contains("processed ") && (child.output.contains("not compared with the devnet: interrupted") || child.output.contains("agree")), "\(child.output)")
    }
}

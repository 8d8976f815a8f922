// The JSON-RPC API's handlers in process, without HTTP: `RPCDispatcher.respond` from request
// bytes to response bytes over a store of the devnet's first 150 L1 blocks (one 100-transaction
// OP span batch each). `Benchmarks/api-load.sh` measures the same requests over loopback HTTP
// from 50 clients.

import Benchmark
import FollowerTestSupport
import Foundation
import RollportAPI
import RollportHost
import RollportToolkit

func apiBenchmarks() {
    let requests = [
        ("rollport_syncStatus", #"{"jsonrpc":"2.0","id":1,"method":"rollport_syncStatus"}"#),
        ("rollport_getBatches over 100 L1 blocks", #"{"jsonrpc":"2.0","id":1,"method":"rollport_getBatches","params":["op-devnet",50,149]}"#),
        ("rollport_getDeposit by l2TxHash", ""),
    ]
    for (name, text) in requests {
        Benchmark("API handler: \(name)", configuration: .init(
            metrics: [.wallClock, .throughput, .mallocCountTotal], warmupIterations: 100, maxDuration: .seconds(5), maxIterations: 100_000
        ), closure: { benchmark async in
            guard case .success(let fixture) = APIFixture.shared else { return }
            let body = Array((text.isEmpty ? fixture.depositRequest : text).utf8)
            for _ in benchmark.scaledIterations {
                let out = await fixture.service.dispatcher.respond(to: body, authorized: false)
                guard let out, out.count > 40, !out.starts(with: Array(#"{"jsonrpc":"2.0","id":1,"error""#.utf8)) else {
                    benchmark.error("\(name): \(out.map { String(decoding: $0.prefix(300), as: UTF8.self) } ?? "no answer")")
                    return
                }
                blackHole(out)
            }
        }, setup: {
            try DevnetFixture.require()
            if case .failure(let error) = APIFixture.shared {
                FileHandle.standardError.write(Data("FollowerBenchmarks: API setup failed, nothing was measured:\n\(error)\n".utf8))
                exit(EXIT_FAILURE)
            }
        })
    }
}

/// The devnet followed to block 150 into a store, with the API over it.
final class APIFixture: Sendable {
    static let shared: Result<APIFixture, any Error> = Result { try APIFixture() }

    let service: APIService
    let depositRequest: String

    init() throws {
        guard case .success(let devnet) = DevnetFixture.shared else { throw FollowerFixture.SetupError(message: "no devnet") }
        let dir = devnet.scratch + "/api-\(UUID().uuidString.prefix(8))"
        _ = try devnet.follow(into: dir, until: 150)
        let (store, set) = try devnet.open(dir)
        service = APIService(store: store, status: nil, adapters: set.adapters, routing: nil)
        // A deposit the store holds, to ask for by its L2 hash.
        var l2Hash: String?
        for n in 1...150 as ClosedRange<UInt64> where l2Hash == nil {
            l2Hash = try store.records(block: n).first { $0["kind"]?.stringValue == "deposit" }?["details"]?["l2TxHash"]?.stringValue
        }
        guard let l2Hash else { throw FollowerFixture.SetupError(message: "no deposit in the devnet's first 150 blocks") }
        depositRequest = #"{"jsonrpc":"2.0","id":1,"method":"rollport_getDeposit","params":{"chain":"op-devnet","l2TxHash":"\#(l2Hash)"}}"#
    }
}

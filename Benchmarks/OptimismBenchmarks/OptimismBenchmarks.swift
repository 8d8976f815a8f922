// OP Stack derivation formats, release build: the Unichain 3-blob span batch from blobs to all
// 3,196 transaction hashes (target ≤ 8 ms), the same with every sender recovered on both cores
// (≤ 60 ms), and OP Mainnet's 27-block calldata batch to its hashes (≤ 2 ms), with the stages
// of the first measured apart. Setup checks every result before anything is timed.
// See Benchmarks/README.md.

import Benchmark
import Dispatch
import Foundation
import OptimismDerivation
import OptimismTestSupport
import RollportTestSupport
import RollportToolkit

/// The shared vectors, loaded and checked once, outside every timed region.
enum Fixtures {
    static let root: String = {
        guard let vectors = TestPaths.vectors else {
            print("OptimismBenchmarks: shared vectors not found at \(TestPaths.vectorsCandidate); set ROLLPORT_VECTORS")
            exit(1)
        }
        return vectors + "/optimism/"
    }()

    static func bytes(_ path: String) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: root + path) else {
            print("OptimismBenchmarks: cannot read \(root + path)"); exit(1)
        }
        return [UInt8](data)
    }

    static func json(_ path: String) -> JSONValue {
        guard let value = try? JSONValue.parse(bytes(path)) else { print("OptimismBenchmarks: bad JSON \(path)"); exit(1) }
        return value
    }

    static let unichainExpected = json("blobs/unichain_blobs.expected.json")
    static let unichainBlobs: [[UInt8]] = (unichainExpected["blobs"]?.arrayValue ?? []).compactMap { $0["file"]?.stringValue }.map(bytes)
    static let unichainL1 = L1BlockRef(number: 24_149_392, hash: .zero, parentHash: .zero, timestamp: 1_767_386_303)

    static let opExpected = json("batches/op_mainnet_batcher_tx_0xe69d9433.expected.json")
    static let opCalldata: [UInt8] = {
        guard let tx = try? SignedTransaction(encoded: bytes("batches/op_mainnet_batcher_tx_0xe69d9433.bin")) else { exit(1) }
        return tx.input
    }()
    static let opL1 = L1BlockRef(number: 19_426_600, hash: .zero, parentHash: .zero, timestamp: 1_710_338_400)

    /// Intermediate forms, for timing the stages apart.
    static let unichainCompressed: [UInt8] = {
        var stage = HoloceneChannelStage(config: .unichainMainnet)
        let frames = unichainBlobs.enumerated().flatMap { (try? BatcherPayload.frames(blob: $1, index: $0)) ?? [] }
        return stage.add(frames, from: unichainL1).ready.first?.compressedData ?? []
    }()
    static let unichainStream: [UInt8] = (try? ChannelReader.decompress(unichainCompressed, maxBytes: 100_000_000, brotliAllowed: true).data) ?? []
    static let unichainSpan: SpanBatch? = {
        var reader = BatchReader(unichainStream)
        if case .span(let span)? = try? reader.next() { return span }
        return nil
    }()
}

/// Blobs → frames → Holocene channel stage → Brotli → span batch → blocks with tx hashes.
func unichainBlocks(threads: Int = 1) -> [DerivedL2Block] {
    var frames = [Frame]()
    for (i, blob) in Fixtures.unichainBlobs.enumerated() {
        guard let f = try? BatcherPayload.frames(blob: blob, index: i) else { return [] }
        frames += f
    }
    var stage = HoloceneChannelStage(config: .unichainMainnet)
    guard let channel = stage.add(frames, from: Fixtures.unichainL1).ready.first,
          let content = try? channel.decompress(config: .unichainMainnet) else { return [] }
    var reader = BatchReader(content.data)
    guard case .span(let span)? = try? reader.next() else { return [] }
    return (try? span.blocks(config: .unichainMainnet, threads: threads)) ?? []
}

/// The OP Mainnet batcher calldata → frame → bank → zlib → span batch → blocks with tx hashes.
func opMainnetBlocks() -> [DerivedL2Block] {
    guard let frames = try? BatcherPayload.frames(calldata: Fixtures.opCalldata) else { return [] }
    var bank = ChannelBank(config: .opMainnet)
    guard let channel = bank.add(frames, from: Fixtures.opL1).ready.first,
          let content = try? channel.decompress(config: .opMainnet) else { return [] }
    var reader = BatchReader(content.data)
    guard case .span(let span)? = try? reader.next() else { return [] }
    return (try? span.blocks(config: .opMainnet)) ?? []
}

func digest(_ parts: [[UInt8]]) -> String { Keccak256.hash(parts.flatMap { $0 }).description }

/// Every result checked against the expected files; the process exits 1 on any mismatch.
func checkFixtures() {
    var problems = [String]()
    let uni = unichainBlocks()
    if unichainBlocks(threads: 2) != uni { problems.append("Unichain: blocks rebuilt on 2 threads differ from 1 thread") }
    let uniHashes = uni.flatMap(\.transactionHashes)
    if uniHashes.count != 3_196 { problems.append("Unichain: \(uniHashes.count) hashes, expected 3,196") }
    if digest(uniHashes.map(\.bytes)) != Fixtures.unichainExpected["span_batch"]?["all_tx_hashes_digest"]?.stringValue {
        problems.append("Unichain: hash digest differs from the expected file")
    }
    let senders = DerivedL2Block.recoverSenders(uni, threads: 2).compactMap { try? $0.get() }
    if digest(senders.map(\.bytes)) != Fixtures.unichainExpected["span_batch"]?["all_senders_digest"]?.stringValue {
        problems.append("Unichain: sender digest differs from the expected file")
    }
    let op = opMainnetBlocks()
    if op.count != 27 || digest(op.flatMap(\.transactionHashes).map(\.bytes)) != Fixtures.opExpected["span_batch"]?["all_tx_hashes_digest"]?.stringValue {
        problems.append("OP Mainnet: \(op.count) blocks or a hash digest that differs from the expected file")
    }
    if Fixtures.unichainSpan == nil { problems.append("Unichain: stage fixtures did not build") }
    guard problems.isEmpty else {
        print("OptimismBenchmarks setup failed:\n" + problems.joined(separator: "\n"))
        exit(1)
    }
}

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput],
        warmupIterations: 3,
        maxDuration: .seconds(3),
        maxIterations: 2_000
    )
    checkFixtures()
    settlementBenchmarks(configuration)

    Benchmark("Unichain 3 blobs to 3,196 tx hashes", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(unichainBlocks()) }
    }

    Benchmark("Unichain 3 blobs to 3,196 tx hashes (2 threads)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(unichainBlocks(threads: 2)) }
    }

    Benchmark("Unichain 3 blobs to 3,196 tx hashes and every sender (2 threads)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(DerivedL2Block.recoverSenders(unichainBlocks(threads: 2), threads: 2))
        }
    }

    Benchmark("OP Mainnet 27-block calldata batch to 209 tx hashes", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(opMainnetBlocks()) }
    }

    Benchmark("Unichain stage: 3 blobs decoded (OP blob codec)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            for blob in Fixtures.unichainBlobs { blackHole(try? OPBlobCodec.decode(blob)) }
        }
    }

    Benchmark("Unichain stage: Brotli, 322,768 B to 962,554 B", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try? ChannelReader.decompress(Fixtures.unichainCompressed, maxBytes: 100_000_000, brotliAllowed: true))
        }
    }

    Benchmark("Unichain stage: span batch decoded from the stream", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            var reader = BatchReader(Fixtures.unichainStream)
            blackHole(try? reader.next())
        }
    }

    Benchmark("Unichain stage: 3,196 transactions rebuilt and hashed", configuration: configuration) { benchmark in
        guard let span = Fixtures.unichainSpan else { return }
        for _ in benchmark.scaledIterations { blackHole(try? span.blocks(config: .unichainMainnet)) }
    }
}

// A complete adapter written with the Swift kit. Its rollup, "example-devnet", posts batches
// as calldata to an inbox address:
//
//   byte 0       format version, 0xe0
//   bytes 1..8   batch sequence number, big-endian
//   bytes 9..    the batch payload (opaque here)
//
// It claims transactions to the inbox whose calldata starts with 0xe0, emits one `batch`
// record per transaction, and serves one RPC method, `example_parseBatch`.
import RollportABI
import RollportAdapterKit
import RollportToolkit

@c(rollport_plugin_entry_v1)
public func rollportPluginEntry(hostMajor: UInt32, hostMinor: UInt32) -> UnsafePointer<rollport_plugin_entry>? {
    AdapterExport.entry(MinimalSwiftAdapter.self, hostMajor: hostMajor, hostMinor: hostMinor)
}

final class MinimalSwiftAdapter: RollportAdapter {
    static let id = "org.rollport.example.minimal-swift"
    static let version = "1.0.0"
    static let rpcMethods = ["example_parseBatch"]

    static let formatVersion: UInt8 = 0xe0

    private let host: HostServices
    private let batchesMetric: Int32?

    init(host: HostServices, config: [UInt8]) throws {
        self.host = host
        batchesMetric = host.defineMetric(.counter, name: "batches_total", help: "Example batches decoded")
        host.log(.debug, "minimal-swift adapter ready (\(config.count) bytes of config)")
    }

    func claim(_ item: Item) throws -> Bool {
        guard let tx = item.transaction else { return false }
        return tx.input.first == Self.formatVersion
    }

    func handle(_ item: Item, output: Output) throws {
        guard let tx = item.transaction else {
            throw AdapterError.invalidArgument("expected a transaction item, got a log")
        }
        let batch = try Self.parse(tx.input)
        host.add(batchesMetric, chain: item.chain)
        try output.emit(.batch, json: batch.json, key: batch.numberBytes)
    }

    func call(method: String, chain: String, params: [UInt8]) throws -> String {
        // params: ["0x<calldata>"]
        let text = String(decoding: params, as: UTF8.self)
        guard let open = text.firstIndex(of: "\""), let close = text[text.index(after: open)...].firstIndex(of: "\"") else {
            throw AdapterError.invalidArgument("example_parseBatch takes one parameter: the batch calldata as a 0x string, e.g. [\"0xe0…\"]")
        }
        let hex = text[text.index(after: open)..<close]
        let bytes: [UInt8]
        do { bytes = try Hex.decode(hex) } catch { throw AdapterError.invalidArgument("params[0]: \(error)") }
        return try bytes.withUnsafeBufferPointer { try Self.parse($0).json }
    }

    struct Batch {
        var number: UInt64
        var payloadBytes: Int
        var numberBytes: [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: number >> (56 - 8 * UInt64($0))) } }
        var json: String { #"{"sequenceNumber":"0x\#(String(number, radix: 16))","payloadBytes":\#(payloadBytes),"dataLocation":"calldata"}"# }
    }

    static func parse(_ data: UnsafeBufferPointer<UInt8>) throws -> Batch {
        guard let version = data.first else { throw AdapterError.decode("example batch: calldata is empty; expected version byte 0xe0") }
        guard version == formatVersion else {
            throw AdapterError.unsupported("example batch: byte 0 is 0x\(String(version, radix: 16)); only version 0xe0 is known")
        }
        guard data.count >= 9 else {
            throw AdapterError.decode("example batch: \(data.count) bytes; the header needs 9 (version + 8-byte sequence number), truncated at byte \(data.count)")
        }
        var number: UInt64 = 0
        for i in 1...8 { number = number << 8 | UInt64(data[i]) }
        return Batch(number: number, payloadBytes: data.count - 9)
    }
}

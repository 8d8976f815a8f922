import Foundation
import RollportTestSupport
import Testing

@Suite("CLI: compress and decompress")
struct CompressionCommandTests {
    static let text = "0x" + String(repeating: "68656c6c6f20", count: 200)

    @Test("compress then decompress gives the input back, for every codec")
    func roundTrip() throws {
        for codec in ["zlib", "deflate", "brotli", "zstd"] {
            let packed = try CLI.run(["compress", "--codec", codec, "--level", "5", Self.text])
            #expect(packed.status == 0, "\(packed)")
            let hexText = packed.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let run = try CLI.run(["decompress", "--codec", codec, hexText, "--json"])
            #expect(run.status == 0, "\(run)")
            let json = try run.json()
            #expect(json["output"] as? String == Self.text)
            #expect(json["outputBytes"] as? Int == 1200)
        }
    }

    @Test("the cap: exit 2 with the advice to raise it")
    func cap() throws {
        let packed = try CLI.run(["compress", "--codec", "zstd", Self.text]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let run = try CLI.run(["decompress", "--codec", "zstd", "--max-bytes", "100", packed])
        #expect(run.status == 2)
        #expect(run.stderr.contains("output cap of 100 bytes reached"))
        #expect(run.stderr.contains("raise --max-bytes if the data is trusted"))
    }

    @Test("corrupt, truncated and trailing data: exit 2 with the reason")
    func malformed() throws {
        let corrupt = try CLI.run(["decompress", "--codec", "zlib", "0x789d00"])
        #expect(corrupt.status == 2)
        #expect(corrupt.stderr.contains("corrupt"))
        let truncated = try CLI.run(["decompress", "--codec", "brotli", "0x8b048075ed18"])
        #expect(truncated.status == 2)
        #expect(truncated.stderr.contains("truncated"))
        let trailing = try CLI.run(["decompress", "--codec", "brotli", "0x8b048075ed184249e9bc19675e03ff"])
        #expect(trailing.status == 2)
        #expect(trailing.stderr.contains("ends at byte 14"))
        let notHex = try CLI.run(["decompress", "--codec", "zstd", "xyz"])
        #expect(notHex.status == 2)
    }

    @Test("files in and out: a real OP channel inflated to a file")
    func files() throws {
        guard let vectors = TestPaths.vectors else { print("vectors: absent, skipping"); return }
        let out = TestPaths.temporaryDirectory("decompress") + "/channel.bin"
        let run = try CLI.run(["decompress", "--codec", "zlib", "@" + vectors + "/optimism/batches/op_mainnet_span_batch_channel_zlib.bin",
                               "--out", out, "--json"])
        #expect(run.status == 0, "\(run)")
        #expect(try run.json()["outputBytes"] as? Int == 1_409_463)
        #expect(FileManager.default.contents(atPath: out)?.count == 1_409_463)
    }
}

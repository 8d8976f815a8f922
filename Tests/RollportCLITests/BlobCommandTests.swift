import Foundation
import RollportTestSupport
import Testing

@Suite("CLI: blob")
struct BlobCommandTests {
    @Test("versioned-hash of a Unichain blob's commitment")
    func versionedHash() throws {
        let commitment = "0xb4044eaec15ac46ea863d3994a4e793c45c73899f8a2bbae4fe2dfe567e792c9f6bcfe3b064237c608ffc83e675b1a77"
        let run = try CLI.run(["blob", "versioned-hash", commitment])
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0x010d628a3a0dfa67dcef83700e3112944385031479b9ee30b767448f23eec5b4")
        let json = try CLI.run(["blob", "versioned-hash", commitment, "--json"]).json()
        #expect(json["versionedHash"] as? String == "0x010d628a3a0dfa67dcef83700e3112944385031479b9ee30b767448f23eec5b4")
        let short = try CLI.run(["blob", "versioned-hash", "0x1234"])
        #expect(short.status == 2)
        #expect(short.stderr.contains("48 bytes"))
    }

    @Test("check: a real blob is valid; an element at or above r is named; a wrong size is exit 2")
    func check() throws {
        let scratch = TestPaths.temporaryDirectory("blob")
        if let vectors = TestPaths.vectors {
            let file = vectors + "/optimism/blobs/unichain_blob_0x01066ce0dde5a705b8a856c9c4c4df7ec371149dc54e5c9151a4959b0bc0de9d.bin"
            let run = try CLI.run(["blob", "check", "@" + file, "--json"])
            #expect(run.status == 0, "\(run)")
            let json = try run.json()
            #expect(json["valid"] as? Bool == true)
            #expect(json["fieldElements"] as? Int == 4096)
        }
        var bytes = [UInt8](repeating: 0, count: 131_072)
        for i in 0..<32 { bytes[77 * 32 + i] = 0xff }
        try Data(bytes).write(to: URL(fileURLWithPath: scratch + "/bad.bin"))
        let bad = try CLI.run(["blob", "check", "@" + scratch + "/bad.bin", "--json"])
        #expect(bad.status == 1)
        #expect(try bad.json()["fieldElement"] as? Int == 77)
        try Data(bytes.prefix(1000)).write(to: URL(fileURLWithPath: scratch + "/short.bin"))
        let short = try CLI.run(["blob", "check", "@" + scratch + "/short.bin"])
        #expect(short.status == 2)
        #expect(short.stderr.contains("131072 bytes"))
    }
}

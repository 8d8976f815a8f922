import Foundation
import RollportTestSupport
import RollportToolkit
import Testing

/// `rollport precompile ecadd|ecmul|ecpairing`.
@Suite struct PrecompileCommandTests {
    static func word(_ value: UInt64) -> String { String(repeating: "0", count: 48) + String(format: "%016llx", value) }
    static let g1 = word(1) + word(2)
    /// The EIP-197 G2 generator (imaginary parts first).
    static let g2 = "198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2"
        + "1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed"
        + "090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b"
        + "12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa"
    static let negG1y = "30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd45"

    @Test func ecAddDoublesTheGenerator() throws {
        let run = try CLI.run(["precompile", "ecadd", Self.g1 + Self.g1, "--json"])
        #expect(run.status == 0, "\(run)")
        let json = try run.json()
        #expect(json["precompile"] as? String == "ecadd" && json["address"] as? String == "0x06")
        #expect(json["success"] as? Bool == true && json["gas"] as? Int == 150)
        let doubled = try BN254.G1Point.generator.multiplied(by: UInt256(2)).evmEncoding
        #expect(json["output"] as? String == Hex.encode(doubled))

        let human = try CLI.run(["precompile", "ecadd", "0x" + Self.g1 + Self.g1])
        #expect(human.status == 0 && human.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == Hex.encode(doubled), "\(human)")
    }

    @Test func ecMulAndPairingFromFiles() throws {
        let dir = TestPaths.temporaryDirectory("precompile")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = FileManager.default.createFile(atPath: dir + "/mul.hex", contents: Data((Self.g1 + Self.word(3) + "\n").utf8))
        let mul = try CLI.run(["precompile", "ecmul", "@" + dir + "/mul.hex", "--json"])
        #expect(mul.status == 0, "\(mul)")
        #expect(try mul.json()["gas"] as? Int == 6000)
        #expect(try mul.json()["output"] as? String == Hex.encode(BN254.G1Point.generator.multiplied(by: UInt256(3)).evmEncoding))

        // e(G1, G2)·e(−G1, G2) = 1
        let pairs = Self.g1 + Self.g2 + Self.word(1) + Self.negG1y + Self.g2
        let pairing = try CLI.run(["precompile", "ecpairing", pairs, "--json"])
        #expect(pairing.status == 0, "\(pairing)")
        let json = try pairing.json()
        #expect(json["output"] as? String == "0x" + Self.word(1) && json["gas"] as? Int == 45_000 + 2 * 34_000)
        #expect(json["address"] as? String == "0x08")
        let single = try CLI.run(["precompile", "ecpairing", Self.g1 + Self.g2])
        #expect(single.status == 0 && single.stdout.contains("0x" + Self.word(0)), "\(single)")
    }

    @Test func evmFailuresExitOneWithTheReason() throws {
        let offCurve = try CLI.run(["precompile", "ecadd", Self.word(1) + Self.word(3)])
        #expect(offCurve.status == 1, "\(offCurve)")
        #expect(offCurve.stderr.contains("not on the curve"), "\(offCurve)")

        let length = try CLI.run(["precompile", "ecpairing", Self.g1, "--json"])
        #expect(length.status == 1, "\(length)")
        let json = try length.json()
        #expect(json["success"] as? Bool == false)
        #expect((json["error"] as? String)?.contains("multiple of 192") == true)

        // G2 real part first: not on the twist.
        let swapped = String(Self.g2.dropFirst(64).prefix(64)) + String(Self.g2.prefix(64)) + String(Self.g2.suffix(128))
        let twist = try CLI.run(["precompile", "ecpairing", Self.g1 + swapped])
        #expect(twist.status == 1 && twist.stderr.contains("twist"), "\(twist)")
    }

    @Test func malformedHexExitsTwo() throws {
        let run = try CLI.run(["precompile", "ecmul", "0xzz"])
        #expect(run.status == 2, "\(run)")
        let json = try CLI.run(["precompile", "ecpairing", "0x123", "--json"])
        #expect(json.status == 2, "\(json)")
        #expect(try json.json()["error"] != nil, "\(json)")
        let missing = try CLI.run(["precompile", "ecadd", "@/nonexistent/input.hex"])
        #expect(missing.status == 2, "\(missing)")
    }
}

import Foundation
import Logging
@testable import RollportHost
import RollportABI
import RollportTestSupport
import RollportToolkit
import Testing

/// rollport.host.zk/1 as a C adapter calls it: the snarkjs Groth16 vector in EVM encoding
/// (proofs/snarkjs/groth16 in the shared vectors), valid, tampered and malformed, through a C
/// library compiled against the header (Tests/Fixtures/HostZK/zk_client.c).
@Suite(.serialized) struct HostZKTests {
    struct Vector {
        var key: [UInt8]
        var proof: [UInt8]
        var inputs: [UInt8]
        var tamperedInputs: [UInt8]
        var pairing: [UInt8]
        var tamperedPairing: [UInt8]
    }

    static func vector() throws -> Vector? {
        guard let dir = TestPaths.vectors else {
            if TestPaths.vectorsRequired { Issue.record("vectors: not found (set ROLLPORT_VECTORS); CI needs them") }
            print("host zk vectors: absent (set ROLLPORT_VECTORS to run this suite), skipping")
            return nil
        }
        func document(_ path: String) throws -> JSONValue {
            try JSONValue.parse([UInt8](try #require(FileManager.default.contents(atPath: dir + "/proofs/snarkjs/groth16/" + path))))
        }
        let vk = try Groth16.verifyingKey(json: document("verification_key.json")).key
        let encoding = try document("evm_encoding.json")
        let file = try Groth16.proof(json: encoding)
        func words(_ inputs: [BN254.Fr]) -> [UInt8] { inputs.flatMap(\.canonical.bigEndianBytes) }
        return Vector(
            key: vk.alpha.evmEncoding + vk.beta.evmEncoding + vk.gamma.evmEncoding + vk.delta.evmEncoding + vk.ic.flatMap(\.evmEncoding),
            proof: file.proof.a.evmEncoding + file.proof.b.evmEncoding + file.proof.c.evmEncoding,
            inputs: words(try #require(file.publicInputs)),
            tamperedInputs: words(try Groth16.publicInputs(json: #require(encoding["tampered"]?["public_signals"]))),
            pairing: try Hex.decode(#require(encoding["valid"]?["ecpairing_input_hex"]?.stringValue)),
            tamperedPairing: try Hex.decode(#require(encoding["tampered"]?["ecpairing_input_hex"]?.stringValue)))
    }

    typealias PairingCheck = @convention(c) (UnsafePointer<rollport_host>, UnsafePointer<UInt8>?, Int,
                                             UnsafeMutablePointer<Int32>, UnsafeMutablePointer<CChar>, Int) -> Int32
    typealias Groth16Verify = @convention(c) (UnsafePointer<rollport_host>, UnsafePointer<UInt8>?, Int, UnsafePointer<UInt8>?, Int,
                                              UnsafePointer<UInt8>?, Int, UnsafeMutablePointer<CChar>, Int) -> Int32

    @Test func cCallerThroughTheHostTable() throws {
        guard let v = try Self.vector() else { return }
        let dir = TestPaths.temporaryDirectory("host-zk")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let library = dir + "/libzk_client.so"
        try TestPaths.compileCAdapter(source: TestPaths.repository + "/Tests/Fixtures/HostZK/zk_client.c", output: library)
        let handle = try #require(dlopen(library, RTLD_NOW | RTLD_LOCAL))
        let pairingCheck = unsafeBitCast(try #require(dlsym(handle, "zk_client_pairing_check")), to: PairingCheck.self)
        let groth16Verify = unsafeBitCast(try #require(dlsym(handle, "zk_client_groth16_verify")), to: Groth16Verify.self)

        let context = HostContext(adapterID: "org.rollport.test.zk", logger: Logger(label: "zk"))
        let host = UnsafePointer(context.raw)
        var message = [CChar](repeating: 0, count: 512)
        func text() -> String { String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) }

        func pairing(_ input: [UInt8]) -> (status: Int32, holds: Int32, message: String) {
            var holds: Int32 = -1
            let status = pairingCheck(host, input, input.count, &holds, &message, message.count)
            return (status, holds, text())
        }
        #expect(pairing(v.pairing) == (Int32(ROLLPORT_OK), 1, ""))
        #expect(pairing(v.tamperedPairing) == (Int32(ROLLPORT_OK), 0, ""))
        #expect(pairing([]) == (Int32(ROLLPORT_OK), 1, ""))
        let short = pairing(Array(v.pairing.dropLast()))
        #expect(short.status == Int32(ROLLPORT_DECODE_ERROR) && short.holds == -1 && short.message.contains("192"), "\(short)")

        func verify(_ key: [UInt8], _ proof: [UInt8], _ inputs: [UInt8]) -> (status: Int32, message: String) {
            let status = groth16Verify(host, key, key.count, proof, proof.count, inputs, inputs.count, &message, message.count)
            return (status, text())
        }
        #expect(verify(v.key, v.proof, v.inputs) == (Int32(ROLLPORT_OK), ""))
        #expect(verify(v.key, v.proof, v.tamperedInputs) == (Int32(ROLLPORT_VERIFY_FAILED), ""))
        // The first public input + r: refused, naming the input.
        var alias = v.inputs
        let first = try #require(UInt256(bigEndian: alias[0..<32])).addingReportingOverflow(BN254.groupOrder).partialValue
        alias.replaceSubrange(0..<32, with: first.bigEndianBytes)
        let aliased = verify(v.key, v.proof, alias)
        #expect(aliased.status == Int32(ROLLPORT_DECODE_ERROR) && aliased.message.contains("public_inputs[0]"), "\(aliased)")
        // B with its halves in snarkjs order (real part first) is off the twist: the offset names it.
        var swapped = v.proof
        swapped.replaceSubrange(64..<96, with: v.proof[96..<128])
        swapped.replaceSubrange(96..<128, with: v.proof[64..<96])
        let offTwist = verify(v.key, swapped, v.inputs)
        #expect(offTwist.status == Int32(ROLLPORT_DECODE_ERROR) && offTwist.message.contains("offset 64"), "\(offTwist)")
        let missing = verify(v.key, v.proof, Array(v.inputs.prefix(32)))
        #expect(missing.status == Int32(ROLLPORT_DECODE_ERROR) && missing.message.contains("2 public inputs"), "\(missing)")
        let truncatedKey = verify(Array(v.key.dropLast(10)), v.proof, v.inputs)
        #expect(truncatedKey.status == Int32(ROLLPORT_DECODE_ERROR) && truncatedKey.message.contains("448"), "\(truncatedKey)")
    }

    /// Prepared keys are cached by content: the same bytes give the one entry.
    @Test func keysAreCachedByContent() throws {
        guard let v = try Self.vector() else { return }
        let cache = PreparedKeyCache()
        let first = try cache.key(for: v.key)
        _ = try cache.key(for: v.key)
        #expect(cache.count == 1 && first.publicInputCount == 2)
        #expect(throws: Groth16.FormatError.self) { try cache.key(for: [UInt8](repeating: 0, count: 100)) }
        #expect(cache.count == 1)
    }
}

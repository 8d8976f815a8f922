@testable import RollportHost
import RollportABI
import RollportToolkit
import Testing

/// rollport.host.crypto/1 as a C adapter calls it: through the table's function pointers.
@Suite struct HostCryptoTests {
    let table: rollport_host_crypto_v1

    init() throws {
        let pointer = try #require(HostContext.services[ROLLPORT_HOST_CRYPTO_V1])
        table = pointer.assumingMemoryBound(to: rollport_host_crypto_v1.self).pointee
        #expect(Int(table.struct_size) == MemoryLayout<rollport_host_crypto_v1>.size)
    }

    func digest(_ body: (UnsafeMutablePointer<UInt8>) -> Void) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        out.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
        return out
    }

    @Test func hashes() throws {
        let abc: [UInt8] = Array("abc".utf8)
        let keccak = abc.withUnsafeBufferPointer { b in
            digest { table.keccak256!(nil, rollport_bytes(ptr: b.baseAddress, len: b.count), $0) }
        }
        #expect(Hex.encode(keccak) == "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")
        let sha = abc.withUnsafeBufferPointer { b in
            digest { table.sha256!(nil, rollport_bytes(ptr: b.baseAddress, len: b.count), $0) }
        }
        #expect(Hex.encode(sha) == "0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        // An empty span may have a NULL pointer.
        let empty = digest { table.keccak256!(nil, rollport_bytes(ptr: nil, len: 0), $0) }
        #expect(Hex.encode(empty) == "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")
    }

    @Test func signAndRecover() throws {
        let key = [UInt8](repeating: 0x46, count: 32)
        let expected = try Secp256k1.PrivateKey(bytes: key).address
        let message = Keccak256.hash("rollport").bytes
        var signature = [UInt8](repeating: 0, count: 65)
        #expect(table.secp256k1_sign!(nil, message, key, &signature) == ROLLPORT_OK)

        var address = [UInt8](repeating: 0, count: 20)
        var pubkey = [UInt8](repeating: 0, count: 64)
        #expect(table.secp256k1_recover!(nil, message, signature, true, &address, &pubkey) == ROLLPORT_OK)
        #expect(Address(bytes: address) == expected)
        #expect(Array(Keccak256.hash(pubkey).bytes.suffix(20)) == address)
        #expect(table.secp256k1_recover!(nil, message, signature, true, &address, nil) == ROLLPORT_OK)

        // The high-s twin (n - s, other parity) recovers the same key unless low s is required.
        let s = try #require(UInt256(bigEndian: signature[32..<64]))
        var twin = Array(signature[0..<32]) + Secp256k1.order.subtractingReportingOverflow(s).partialValue.bigEndianBytes + [signature[64] ^ 1]
        #expect(table.secp256k1_recover!(nil, message, twin, true, &address, nil) == ROLLPORT_VERIFY_FAILED)
        #expect(table.secp256k1_recover!(nil, message, twin, false, &address, nil) == ROLLPORT_OK)
        #expect(Address(bytes: address) == expected)
        twin[64] = 2
        #expect(table.secp256k1_recover!(nil, message, twin, false, &address, nil) == ROLLPORT_INVALID_ARGUMENT)

        let zeroKey = [UInt8](repeating: 0, count: 32)
        #expect(table.secp256k1_sign!(nil, message, zeroKey, &signature) == ROLLPORT_INVALID_ARGUMENT)
    }
}

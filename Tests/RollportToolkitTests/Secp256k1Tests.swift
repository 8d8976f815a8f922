import Foundation
import Testing
import RollportToolkit

@Suite("Secp256k1")
struct Secp256k1Tests {
    /// The EIP-155 example: key 0x46…46 signs hash 0xdaf5…8e53 as (r, s) with recovery id 0.
    static let key = try! Secp256k1.PrivateKey(bytes: [UInt8](repeating: 0x46, count: 32))
    static let address = try! Address(hex: "0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f")
    static let hash = try! Hash32(hex: "0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53")
    static let r = UInt256("0x28ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276")!
    static let s = UInt256("0x67cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83")!

    static func signature(r: UInt256 = r, s: UInt256 = s, id: UInt8 = 0) -> Secp256k1.RecoverableSignature {
        Secp256k1.RecoverableSignature(r: r, s: s, recoveryID: id)
    }

    @Test("signing is RFC 6979: the EIP-155 example signature, byte for byte, every time")
    func deterministicSignature() throws {
        let signature = try Secp256k1.sign(hash: Self.hash, privateKey: Self.key)
        #expect(signature == Self.signature())
        #expect(try Secp256k1.sign(hash: Self.hash, privateKey: Self.key) == signature)
        #expect(Self.key.address == Self.address)
        #expect(Self.key.publicKey.uncompressed.count == 65 && Self.key.publicKey.uncompressed[0] == 0x04)
    }

    @Test("recovery gives the signer's public key and address under both rules")
    func recovery() throws {
        let key = try Secp256k1.recover(hash: Self.hash, signature: Self.signature(), rule: .lowS)
        #expect(key == Self.key.publicKey)
        #expect(key.address == Self.address)
        #expect(try Secp256k1.recoverAddress(hash: Self.hash, signature: Self.signature(), rule: .anyS) == Self.address)
        // The other recovery id names another key.
        #expect(try Secp256k1.recoverAddress(hash: Self.hash, signature: Self.signature(id: 1), rule: .lowS) != Self.address)
    }

    @Test("the malleated twin (n - s, other parity) recovers the same key, but only without EIP-2")
    func highS() throws {
        let twin = Self.signature(s: Secp256k1.order.subtractingReportingOverflow(Self.s).partialValue, id: 1)
        #expect(twin.s > Secp256k1.halfOrder)
        #expect(try Secp256k1.recoverAddress(hash: Self.hash, signature: twin, rule: .anyS) == Self.address)
        #expect(throws: Secp256k1.Error.highS) { try Secp256k1.recover(hash: Self.hash, signature: twin, rule: .lowS) }
        // n/2 itself is low; n/2 + 1 is not.
        #expect(throws: Never.self) { try Secp256k1.check(Self.signature(s: Secp256k1.halfOrder), rule: .lowS) }
        let justAbove = Secp256k1.halfOrder.addingReportingOverflow(UInt256(1)).partialValue
        #expect(throws: Secp256k1.Error.highS) { try Secp256k1.check(Self.signature(s: justAbove), rule: .lowS) }
    }

    @Test("r and s outside 1...n-1 and recovery ids above 1 are typed errors")
    func ranges() {
        let n = Secp256k1.order
        let nPlus = n.addingReportingOverflow(UInt256(1)).partialValue
        for (signature, error) in [
            (Self.signature(r: .zero), Secp256k1.Error.rOutOfRange), (Self.signature(r: n), .rOutOfRange),
            (Self.signature(r: nPlus), .rOutOfRange), (Self.signature(r: .max), .rOutOfRange),
            (Self.signature(s: .zero), .sOutOfRange), (Self.signature(s: n), .sOutOfRange), (Self.signature(s: .max), .sOutOfRange),
            (Self.signature(id: 2), .invalidRecoveryID(2)), (Self.signature(id: 27), .invalidRecoveryID(27)),
        ] {
            #expect(throws: error) { try Secp256k1.recover(hash: Self.hash, signature: signature, rule: .anyS) }
            #expect(!error.description.isEmpty)
        }
    }

    @Test("an r that is no point's x coordinate recovers nothing")
    func unrecoverable() {
        // x = 5: 5³ + 7 = 132 is not a square modulo p.
        #expect(throws: Secp256k1.Error.unrecoverable) {
            try Secp256k1.recover(hash: Self.hash, signature: Self.signature(r: UInt256(5)), rule: .anyS)
        }
    }

    @Test("private keys must be 32 bytes in 1...n-1")
    func privateKeys() throws {
        let n = Secp256k1.order
        for bytes in [[UInt8](repeating: 0, count: 32), n.bigEndianBytes, UInt256.max.bigEndianBytes, [UInt8](repeating: 1, count: 31), [UInt8](repeating: 1, count: 33)] {
            #expect(throws: Secp256k1.Error.invalidPrivateKey) { try Secp256k1.PrivateKey(bytes: bytes) }
        }
        #expect(throws: Secp256k1.Error.invalidPrivateKey) { try Secp256k1.PrivateKey(hex: "0xzz") }
        let largest = try Secp256k1.PrivateKey(bytes: n.subtractingReportingOverflow(UInt256(1)).partialValue.bigEndianBytes)
        let one = try Secp256k1.PrivateKey(hex: "0x" + String(repeating: "00", count: 31) + "01")
        // The generator's address, well known.
        #expect(one.address == (try Address(hex: "0x7e5f4552091a69125d5dfcb7b8c2659029395bdf")))
        #expect(largest.address != one.address)
    }

    @Test("sign then recover, many keys and messages, always low s")
    func roundTrips() throws {
        for i in 0..<64 {
            let key = try Secp256k1.PrivateKey(bytes: Keccak256.hash("key \(i)").bytes)
            let hash = Keccak256.hash("message \(i)")
            let signature = try Secp256k1.sign(hash: hash, privateKey: key)
            #expect(signature.s <= Secp256k1.halfOrder)
            #expect(signature.recoveryID <= 1)
            #expect(try Secp256k1.recoverAddress(hash: hash, signature: signature, rule: .lowS) == key.address)
        }
    }

    @Test("one shared context serves many threads at once")
    func concurrentRecovery() throws {
        var cases = [(Hash32, Secp256k1.RecoverableSignature, Address)]()
        for i in 0..<48 {
            let key = try Secp256k1.PrivateKey(bytes: Keccak256.hash("thread key \(i)").bytes)
            let hash = Keccak256.hash("thread message \(i)")
            cases.append((hash, try Secp256k1.sign(hash: hash, privateKey: key), key.address))
        }
        let recovered = ParallelMap.map(cases, threads: 4) { try? Secp256k1.recoverAddress(hash: $0.0, signature: $0.1, rule: .lowS) }
        #expect(recovered == cases.map(\.2))
        let signatures = ParallelMap.map(Array(0..<16), threads: 4) { i in
            try? Secp256k1.sign(hash: Keccak256.hash("same \(i % 2)"), privateKey: Self.key)
        }
        #expect(Set(signatures.map { $0?.r }).count == 2)
    }

    // MARK: the precompile

    @Test("ecrecover precompile: go-ethereum's cases and the derived ones")
    func precompileVectors() throws {
        guard let dir = SharedVectors.locate() else { return }
        var count = 0
        for file in ["proofs/secp256k1/ecRecover.json", "proofs/secp256k1/ecrecover_precompile_derived.json"] {
            for vector in try SharedVectors.jsonArray(file, in: dir) {
                let name = vector["Name"] as? String ?? "?"
                let input = try Hex.decode(try #require(vector["Input"] as? String))
                let expected = try Hex.decode(try #require(vector["Expected"] as? String))
                #expect(Secp256k1.ecrecoverPrecompile(input: input) == expected, "\(file): \(name)")
                count += 1
            }
        }
        #expect(count == 5 + 7)
    }

    @Test("ecrecover precompile: padding, extra bytes, and v as a whole word")
    func precompileShape() throws {
        let v27 = [UInt8](repeating: 0, count: 31) + [27]
        let input = Self.hash.bytes + v27 + Self.r.bigEndianBytes + Self.s.bigEndianBytes
        let expected = [UInt8](repeating: 0, count: 12) + Self.address.bytes
        #expect(Secp256k1.ecrecoverPrecompile(input: input) == expected)
        // Bytes past 128 are ignored.
        #expect(Secp256k1.ecrecoverPrecompile(input: input + [1, 2, 3]) == expected)
        // A short input is right-padded with zeros: without s there is no signer; with part of
        // s, the padded s signs for someone else.
        #expect(Secp256k1.ecrecoverPrecompile(input: Array(input.prefix(96))) == [])
        let partial = Secp256k1.ecrecoverPrecompile(input: Array(input.prefix(100)))
        let padded = Secp256k1.ecrecoverPrecompile(input: Array(input.prefix(100)) + [UInt8](repeating: 0, count: 28))
        #expect(partial == padded && partial.count == 32 && partial != expected)
        #expect(Secp256k1.ecrecoverPrecompile(input: []) == [])
        // v = 0 or 1 (a recovery id, not a v) is not accepted; nor is 27 with a stray high bit.
        for v in [UInt8(0), 1, 26, 29, 35, 37] {
            let other = Self.hash.bytes + [UInt8](repeating: 0, count: 31) + [v] + Self.r.bigEndianBytes + Self.s.bigEndianBytes
            #expect(Secp256k1.ecrecoverPrecompile(input: other) == [], "v = \(v)")
        }
        var stray = input
        stray[32] = 1
        #expect(Secp256k1.ecrecoverPrecompile(input: stray) == [])
    }
}

import Foundation
import Testing
import RollportTestSupport
import RollportToolkit

/// Tests/Fixtures/Reference/transactions.json: transactions of every type signed by eth-account,
/// with senders and EIP-7702 authorities recovered by coincurve (see transactions.py there).
@Suite("Transactions: reference")
struct TransactionReferenceTests {
    struct Vector: CustomTestStringConvertible, Sendable {
        let name: String
        let type: UInt8
        let privateKey: [UInt8]
        let raw: [UInt8]
        let hash: Hash32
        let signingHash: Hash32
        let sender: Address
        let fields: JSONValue
        var testDescription: String { name }
    }

    static let vectors: [Vector] = {
        let path = TestPaths.repository + "/Tests/Fixtures/Reference/transactions.json"
        guard let data = FileManager.default.contents(atPath: path),
              let document = try? JSONValue.parse([UInt8](data)), let list = document["vectors"]?.arrayValue
        else { return [] }
        return list.compactMap { v in
            guard let name = v["name"]?.stringValue, case .number(let type)? = v["type"], let type = UInt8(type),
                  let key = try? Hex.decode(v["private_key"]?.stringValue ?? ""), let raw = try? Hex.decode(v["raw"]?.stringValue ?? ""),
                  let hash = try? Hash32(hex: v["hash"]?.stringValue ?? ""), let signing = try? Hash32(hex: v["signing_hash"]?.stringValue ?? ""),
                  let sender = try? Address(hex: v["sender"]?.stringValue ?? ""), let fields = v["fields"]
            else { return nil }
            return Vector(name: name, type: type, privateKey: key, raw: raw, hash: hash, signingHash: signing, sender: sender, fields: fields)
        }
    }()

    @Test("the reference file holds every type, including authorizations")
    func coverage() {
        #expect(Self.vectors.count == 13)
        #expect(Set(Self.vectors.map(\.type)) == [0, 1, 2, 3, 4])
        #expect(Self.vectors.filter { $0.fields["to"] == .null }.count == 3)
    }

    @Test("decode, re-encode byte for byte, hashes and the sender", arguments: vectors)
    func decode(_ v: Vector) throws {
        let tx = try SignedTransaction(encoded: v.raw)
        #expect(tx.encoded() == v.raw)
        #expect(tx.canonicalEncoding == v.raw)
        #expect(tx.type == v.type)
        #expect(tx.hash == v.hash)
        #expect(tx.signingHash == v.signingHash)
        #expect(try tx.recoverSender() == v.sender)
        #expect(try Secp256k1.PrivateKey(bytes: v.privateKey).address == v.sender)
        #expect(try Self.build(v) == tx.unsigned)
        #expect(tx.v == (try #require(UInt256(jsonText(v.fields["v"])))))
        #expect(tx.r == (try #require(UInt256(jsonText(v.fields["r"])))))
        #expect(tx.s == (try #require(UInt256(jsonText(v.fields["s"])))))

        let authorizations = v.fields["authorizationList"]?.arrayValue ?? []
        #expect(tx.authorizationList.count == authorizations.count)
        for (i, (authorization, authority)) in zip(tx.authorizationList, tx.recoverAuthorities()).enumerated() {
            let expected = authorizations[i]
            #expect(authorization.signingHash == (try Hash32(hex: jsonText(expected["signing_hash"]))), "authorization \(i)")
            #expect(authorization.yParity == UInt8(jsonText(expected["yParity"])) ?? 9)
            #expect(authorization.r == UInt256(jsonText(expected["r"])) && authorization.s == UInt256(jsonText(expected["s"])))
            switch (authority, expected["authority"]) {
            case (.success(let address), .string(let text)?):
                #expect(address == (try Address(hex: text)), "authorization \(i)")
            case (.failure(let error), .null?):
                #expect(error == .highS, "authorization \(i): \(jsonText(expected["error"]))")
            default:
                Issue.record("authorization \(i): recovered \(authority), expected \(String(describing: expected["authority"]))")
            }
        }
    }

    @Test("build from the fields and sign with the same key: identical bytes (RFC 6979)", arguments: vectors)
    func resign(_ v: Vector) throws {
        let key = try Secp256k1.PrivateKey(bytes: v.privateKey)
        let built = try Self.build(v)
        #expect(built.signingHash == v.signingHash)
        let signed = try built.signed(with: key)
        #expect(signed.encoded() == v.raw)
        #expect(signed.hash == v.hash)
        // Re-signing a decoded transaction changes nothing either.
        var decoded = try SignedTransaction(encoded: v.raw)
        try decoded.sign(with: key)
        #expect(decoded.encoded() == v.raw)
    }

    @Test("parallel recovery of all of them keeps the order")
    func parallel() throws {
        let txs = try Self.vectors.map { try SignedTransaction(encoded: $0.raw) }
        for threads in [1, 2, 3, 8] {
            let senders = SignedTransaction.recoverSenders(txs, threads: threads).map { try? $0.get() }
            #expect(senders == Self.vectors.map(\.sender), "\(threads) threads")
        }
    }

    /// The transaction as the reference describes it, unsigned.
    static func build(_ v: Vector) throws -> SignedTransaction {
        let f = v.fields
        var tx = SignedTransaction(type: v.type, chainID: f["chainId"] == .null ? nil : try jsonU64(f["chainId"]), nonce: try jsonU64(f["nonce"]),
                                   gasLimit: try jsonU64(f["gas"]), to: f["to"] == .null ? nil : try Address(hex: jsonText(f["to"])),
                                   value: try jsonU256(f["value"]), input: try Hex.decode(jsonText(f["data"])))
        if v.type <= 1 {
            tx.gasPrice = try jsonU256(f["gasPrice"])
        } else {
            tx.maxFeePerGas = try jsonU256(f["maxFeePerGas"])
            tx.maxPriorityFeePerGas = try jsonU256(f["maxPriorityFeePerGas"])
        }
        for entry in f["accessList"]?.arrayValue ?? [] {
            tx.accessList.append(.init(address: try Address(hex: jsonText(entry["address"])),
                                       storageKeys: try (entry["storageKeys"]?.arrayValue ?? []).map { try Hash32(hex: jsonText($0)) }))
        }
        if v.type == 3 {
            tx.maxFeePerBlobGas = try jsonU256(f["maxFeePerBlobGas"])
            tx.blobVersionedHashes = try (f["blobVersionedHashes"]?.arrayValue ?? []).map { try Hash32(hex: jsonText($0)) }
        }
        for a in f["authorizationList"]?.arrayValue ?? [] {
            tx.authorizationList.append(.init(chainID: try jsonU256(a["chainId"]), address: try Address(hex: jsonText(a["address"])),
                                              nonce: try jsonU64(a["nonce"]), yParity: UInt8(try jsonU64(a["yParity"])),
                                              r: try jsonU256(a["r"]), s: try jsonU256(a["s"])))
        }
        return tx
    }
}

/// A JSON string or number as text.
func jsonText(_ value: JSONValue?) -> String {
    switch value {
    case .string(let s)?: return s
    case .number(let n)?: return n
    default: return ""
    }
}

func jsonU256(_ value: JSONValue?) throws -> UInt256 { try #require(UInt256(jsonText(value)), "\(String(describing: value))") }
func jsonU64(_ value: JSONValue?) throws -> UInt64 { try #require(UInt64(jsonText(value)), "\(String(describing: value))") }

extension SignedTransaction {
    /// The same transaction without its signature.
    var unsigned: SignedTransaction {
        var copy = self
        copy.yParity = 0
        copy.r = .zero
        copy.s = .zero
        return copy
    }
}

import Testing
import RollportToolkit

@Suite("Transactions: robustness")
struct TransactionRobustnessTests {
    /// Every reference transaction, a network-form blob transaction and a signed 7702 one.
    static func samples() throws -> [(name: String, raw: [UInt8])] {
        let key = try Secp256k1.PrivateKey(bytes: Keccak256.hash("robustness").bytes)
        var authorization = SignedTransaction.Authorization(chainID: UInt256(1), address: Samples.to, nonce: 2)
        try authorization.sign(with: key)
        let setCode = try SignedTransaction(type: 4, chainID: 1, to: Samples.to, authorizationList: [authorization, authorization]).signed(with: key)
        return TransactionReferenceTests.vectors.map { ($0.name, $0.raw) } + [
            ("network form", Samples.type3Network(Samples.type3Fields(), Samples.sidecar(blobSize: 40))),
            ("signed 7702", setCode.encoded()),
        ]
    }

    @Test("mutated signed transactions: decode re-encodes to exactly the mutated bytes; recovery never traps")
    func mutations() throws {
        var failures = FailureBudget()
        var decoded = 0, recovered = 0, refused = 0, rejected = 0
        for (index, sample) in try Self.samples().enumerated() {
            let isLegacy = sample.raw[0] >= 0xc0
            let rlp = try RLP.decode(isLegacy ? sample.raw[...] : sample.raw[1...])
            let headers = headerOffsets(of: rlp, at: isLegacy ? 0 : 1) + (isLegacy ? [] : [0])
            var mutator = Mutator(rng: SplitMix64(seed: 0x7478_0000 + UInt64(index)), headers: headers)
            for i in 0..<800 {
                let mutated = mutator.mutate(sample.raw)
                let tx: SignedTransaction
                do { tx = try SignedTransaction(encoded: mutated) } catch {
                    if error.message.isEmpty { failures.record("\(sample.name) #\(i): empty message") }
                    if let offset = error.offset, offset < 0 || offset > mutated.count {
                        failures.record("\(sample.name) #\(i): offset \(offset) outside 0...\(mutated.count): \(error)")
                    }
                    rejected += 1
                    continue
                }
                decoded += 1
                if tx.encoded() != mutated {
                    failures.record("\(sample.name) #\(i): accepted \(Hex.encode(mutated.prefix(60))) but re-encodes as \(Hex.encode(tx.encoded().prefix(60)))")
                }
                _ = tx.hash
                _ = tx.signingHash
                _ = tx.recoverAuthorities()
                switch Result(catching: { () throws(SignedTransaction.SenderError) -> Address in try tx.recoverSender() }) {
                case .success: recovered += 1
                case .failure(let error):
                    refused += 1
                    if !["r", "s"].contains(error.field) { failures.record("\(sample.name) #\(i): sender error names \(error.field)") }
                }
            }
        }
        #expect(decoded > 0 && rejected > decoded)
        #expect(recovered > 0, "a mutation in data changes the sender but keeps one")
        print("transaction mutations: \(decoded) decoded (\(recovered) with a sender, \(refused) without), \(rejected) rejected")
    }

    @Test("random signatures: recovery and the precompile never trap")
    func randomSignatures() {
        var rng = SplitMix64(seed: 0x5349_47)
        var recovered = 0
        for i in 0..<2_000 {
            var input = rng.bytes(128)
            input[32..<63] = ArraySlice(repeating: 0, count: 31)
            input[63] = 27 + UInt8(i % 2)
            // Now and then r or s at an edge of the range.
            if i % 7 == 0 { input.replaceSubrange(64..<96, with: Secp256k1.order.bigEndianBytes) }
            if i % 11 == 0 { input.replaceSubrange(96..<128, with: [UInt8](repeating: 0xff, count: 32)) }
            let output = Secp256k1.ecrecoverPrecompile(input: Array(input.prefix(Int(rng.next() % 140))))
            #expect(output.isEmpty || output.count == 32)
            if !output.isEmpty { recovered += 1 }
        }
        #expect(recovered > 0)
    }
}

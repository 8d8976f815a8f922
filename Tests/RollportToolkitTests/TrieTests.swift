import Foundation
import Testing
import RollportTestSupport
import RollportToolkit

/// Tests/Fixtures/Reference/trie.json, made by trie.py with the PyPI `trie` package.
enum ReferenceTries {
    struct Probe {
        var key: [UInt8]
        var value: [UInt8]?
        var proof: [[UInt8]]
    }

    struct Case {
        var name: String
        var entries: [(key: [UInt8], value: [UInt8])]
        var root: Hash32
        var probes: [Probe]
        /// The secure tries, whose keys are all 32-byte hashes.
        var uniformKeys: Bool { name == "accounts" || name == "storage" }
    }

    static func load() throws -> [Case] {
        let path = TestPaths.repository + "/Tests/Fixtures/Reference/trie.json"
        let data = try #require(FileManager.default.contents(atPath: path), "cannot read \(path)")
        let json = try JSONValue.parse([UInt8](data))
        let cases = try #require(json["cases"]?.arrayValue)
        return try cases.map { c in
            Case(
                name: try #require(c["name"]?.stringValue),
                entries: try #require(c["entries"]?.arrayValue).map { pair in
                    let kv = try #require(pair.arrayValue)
                    return (try Hex.decode(try #require(kv[0].stringValue)), try Hex.decode(try #require(kv[1].stringValue)))
                },
                root: try Hash32(hex: try #require(c["root"]?.stringValue)),
                probes: try #require(c["proofs"]?.arrayValue).map { p in
                    Probe(
                        key: try Hex.decode(try #require(p["key"]?.stringValue)),
                        value: try p["value"]?.stringValue.map { try Hex.decode($0) },
                        proof: try #require(p["proof"]?.arrayValue).map { try Hex.decode(try #require($0.stringValue)) })
                })
        }
    }
}

@Suite("Trie: roots and proofs")
struct TrieTests {
    @Test("the empty root is keccak(rlp(\"\"))")
    func emptyRoot() {
        #expect(MerkleProof.emptyRoot == Keccak256.hash([0x80]))
        #expect(MerkleProof.emptyRoot.description == "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421")
        #expect(MerklePatriciaTrie().root == MerkleProof.emptyRoot)
        #expect(StateAccount.emptyCodeHash == Keccak256.hash([UInt8]()))
    }

    @Test("roots and proofs equal the reference library's, and every reference proof verifies")
    func reference() throws {
        let cases = try ReferenceTries.load()
        #expect(cases.count == 6)
        var inclusions = 0, exclusions = 0
        for c in cases {
            let trie = MerklePatriciaTrie(c.entries)
            #expect(trie.root == c.root, "case \(c.name)")
            for probe in c.probes {
                #expect(trie.proof(for: probe.key) == probe.proof, "case \(c.name) key \(Hex.encode(probe.key))")
                let value = try MerkleProof.verify(root: c.root, key: probe.key, proof: probe.proof, uniformKeyLength: c.uniformKeys)
                #expect(value == probe.value, "case \(c.name) key \(Hex.encode(probe.key))")
                if probe.value == nil { exclusions += 1 } else { inclusions += 1 }
            }
        }
        #expect(inclusions == 20)
        #expect(exclusions == 20)
    }

    @Test("the ordered trie keys entries by rlp(index)")
    func ordered() throws {
        let c = try #require(try ReferenceTries.load().first { $0.name == "ordered" })
        #expect(MerklePatriciaTrie(ordered: c.entries.map(\.value)).root == c.root)
    }

    @Test("setting an empty value removes the key")
    func removal() throws {
        let c = try #require(try ReferenceTries.load().first { $0.name == "words" })
        var trie = MerklePatriciaTrie(c.entries)
        trie[Array("cat".utf8)] = Array("meow".utf8)
        #expect(trie.root != c.root)
        trie[Array("cat".utf8)] = []
        #expect(trie.root == c.root)
        #expect(trie.count == 4)
        #expect(trie[Array("dog".utf8)] == Array("puppy".utf8))
    }

    @Test("random tries: every key proves its value, absent keys prove absence, roots do not depend on insertion order")
    func randomTries() throws {
        var rng = SplitMix64(seed: 0x7472_6965)
        for round in 0..<40 {
            var trie = MerklePatriciaTrie()
            var keys = [[UInt8]]()
            let uniform = round % 2 == 0
            for _ in 0..<(1 + Int(rng.next() % 60)) {
                let key = uniform ? Keccak256.hash(rng.bytes(8)).bytes : rng.bytes(Int(rng.next() % 4)).map { $0 & 0x13 }
                trie[key] = rng.bytes(1 + Int(rng.next() % 40))
                keys.append(key)
            }
            let root = trie.root
            var reversed = MerklePatriciaTrie()
            for key in keys.reversed() { reversed[key] = trie[key] }
            #expect(reversed.root == root)
            for key in keys {
                #expect(try MerkleProof.verify(root: root, key: key, proof: trie.proof(for: key), uniformKeyLength: uniform) == trie[key])
            }
            for _ in 0..<10 {
                let key = uniform ? Keccak256.hash(rng.bytes(9)).bytes : rng.bytes(Int(rng.next() % 5)).map { $0 & 0x13 }
                guard trie[key] == nil else { continue }
                #expect(try MerkleProof.verify(root: root, key: key, proof: trie.proof(for: key), uniformKeyLength: uniform) == nil)
            }
        }
    }
}

@Suite("Trie: real proofs")
struct TrieVectorTests {
    @Test("eth_getProof of the deposit contract at mainnet block 14474377 verifies against the header's state root")
    func depositContract() throws {
        guard let dir = SharedVectors.locate() else { return }
        let json = try JSONValue.parse(try SharedVectors.data("optimism/withdrawals/output_root_and_account_proof.json", in: dir))
        let proof = try AccountProof.parse(try #require(json["eth_getProof"]))
        let stateRoot = try Hash32(hex: try #require(json["header"]?["stateRoot"]?.stringValue))
        #expect(proof.accountProof.count == 8)
        let proven = try proof.verify(stateRoot: stateRoot)
        let account = try #require(proven.account)
        let expected = try #require(json["expected"]?["account_from_proof"])
        #expect(account.nonce == 1)
        #expect(account.balance == UInt256(try #require(expected["balance"]?.stringValue)))
        #expect(account.balance.hexQuantity == "0x8e9358ffc243096c55045")
        #expect(account.storageRoot == (try Hash32(hex: try #require(expected["storageRoot"]?.stringValue))))
        #expect(account.codeHash == (try Hash32(hex: try #require(expected["codeHash"]?.stringValue))))
        #expect(proven.storage.isEmpty)
    }

    @Test("OP Mainnet withdrawal storage proofs prove sentMessages[hash] = 1 under the message passer's storage root")
    func withdrawalProofs() throws {
        guard let dir = SharedVectors.locate() else { return }
        let json = try JSONValue.parse(try SharedVectors.data("optimism/withdrawals/withdrawals.json", in: dir))
        let cases = try #require(json["op_mainnet_prove_params"]?.arrayValue)
        #expect(cases.count == 2)
        for c in cases {
            let hash = try Hex.decode(try #require(c["expected_withdrawalHash"]?.stringValue))
            let slot = Keccak256.hash(hash + [UInt8](repeating: 0, count: 32))
            #expect(slot.description == c["computed"]?["storageSlot"]?.stringValue)
            let root = try Hash32(hex: try #require(c["outputRootProof"]?["messagePasserStorageRoot"]?.stringValue))
            let nodes = try #require(c["withdrawalProof"]?.arrayValue).map { try Hex.decode(try #require($0.stringValue)) }
            let value = try MerkleProof.verify(root: root, key: Keccak256.hash(slot.bytes).bytes, proof: nodes, uniformKeyLength: true)
            #expect(value == [0x01])
            // The same proof read through eth_getProof's shape: slot value 1.
            let entry = AccountProof.StorageEntry(key: slot, value: UInt256(1), proof: nodes)
            let account = StateAccount(nonce: 0, balance: .zero, storageRoot: root)
            var trie = MerklePatriciaTrie()
            let address = try Address(hex: "0x4200000000000000000000000000000000000016")
            trie[Keccak256.hash(address.bytes).bytes] = account.encoded()
            let wrapped = AccountProof(address: address, accountProof: trie.proof(for: Keccak256.hash(address.bytes).bytes),
                                       balance: .zero, codeHash: StateAccount.emptyCodeHash, nonce: 0, storageHash: root, storageProof: [entry])
            let proven = try wrapped.verify(stateRoot: trie.root)
            #expect(proven.storage == [.init(key: slot, value: UInt256(1), present: true)])
        }
    }
}

import Testing
import RollportToolkit

@Suite("Trie: robustness")
struct TrieRobustnessTests {
    @Test("seeded mutations of real proof nodes never crash; decoded nodes re-encode to the same bytes")
    func mutatedProofs() throws {
        guard let (proof, root) = try depositContractProof() else { return }
        var rng = SplitMix64(seed: 0x4d50_5421)
        var failures = FailureBudget()
        var decodedNodes = 0
        let key = Keccak256.hash(proof.address.bytes).bytes
        for round in 0..<1500 {
            let k = Int(rng.next() % UInt64(proof.accountProof.count))
            let original = proof.accountProof[k]
            guard let item = try? RLP.decode(original) else { continue }
            var mutator = Mutator(rng: SplitMix64(seed: rng.next()), headers: headerOffsets(of: item, at: 0))
            let mutated = mutator.mutate(original)

            if let node = try? TrieNode(encoded: mutated) {
                decodedNodes += 1
                if node.encoded() != mutated {
                    failures.record("round \(round): node \(Hex.encode(mutated.prefix(60))) decodes but re-encodes differently")
                }
            }
            // Swapped in where it was, and also as a root of its own (so its contents are walked).
            var nodes = proof.accountProof
            nodes[k] = mutated
            for (r, list) in [(root, nodes), (Keccak256.hash(mutated), [mutated] + proof.accountProof[(k + 1)...])] {
                do {
                    _ = try MerkleProof.verify(root: r, key: key, proof: Array(list), uniformKeyLength: round % 2 == 0)
                } catch {
                    if error.nodeIndex < 0 || error.nodeIndex > list.count || error.description.isEmpty {
                        failures.record("round \(round): error \(error) has node index \(error.nodeIndex) outside 0...\(list.count)")
                    }
                }
            }
        }
        #expect(decodedNodes > 0)
    }

    @Test("random node lists against random roots and keys never crash")
    func randomLists() {
        var rng = SplitMix64(seed: 0x4e4f_4445)
        var trie = MerklePatriciaTrie()
        for i in 0..<30 { trie[rng.bytes(1 + i % 3)] = rng.bytes(1 + Int(rng.next() % 50)) }
        for _ in 0..<2000 {
            let key = rng.bytes(Int(rng.next() % 4))
            var nodes = trie.proof(for: key)
            if !nodes.isEmpty, rng.next() % 2 == 0 {
                let k = Int(rng.next() % UInt64(nodes.count))
                nodes[k][Int(rng.next() % UInt64(nodes[k].count))] = rng.byte()
            }
            _ = try? MerkleProof.verify(root: Keccak256.hash(nodes.first ?? []), key: key, proof: nodes, uniformKeyLength: rng.next() % 2 == 0)
        }
    }
}

import Foundation
import Testing
import RollportToolkit

/// The deposit contract's eth_getProof at mainnet block 14474377 and that block's state root.
func depositContractProof() throws -> (proof: AccountProof, stateRoot: Hash32)? {
    guard let dir = SharedVectors.locate() else { return nil }
    let json = try JSONValue.parse(try SharedVectors.data("optimism/withdrawals/output_root_and_account_proof.json", in: dir))
    return (try AccountProof.parse(try #require(json["eth_getProof"])),
            try Hash32(hex: try #require(json["header"]?["stateRoot"]?.stringValue)))
}

/// The account-proof error a verification throws, or nil after recording that it did not throw.
func accountProofError(_ proof: AccountProof, _ root: Hash32, sourceLocation: SourceLocation = #_sourceLocation) -> AccountProof.VerificationError? {
    do {
        _ = try proof.verify(stateRoot: root)
        Issue.record("the proof verified", sourceLocation: sourceLocation)
        return nil
    } catch {
        #expect(!error.description.isEmpty, sourceLocation: sourceLocation)
        return error
    }
}

func merkleError(_ error: AccountProof.VerificationError?) -> MerkleProof.VerificationError? {
    guard case .accountProof(let e)? = error?.reason else { return nil }
    return e
}

func proofError(root: Hash32, key: [UInt8], proof: [[UInt8]], uniform: Bool = true) -> MerkleProof.VerificationError? {
    do {
        let value = try MerkleProof.verify(root: root, key: key, proof: proof, uniformKeyLength: uniform)
        Issue.record("the proof verified, value \(value.map { Hex.encode($0) } ?? "absent")")
        return nil
    } catch { return error }
}

@Suite("Trie: tampered proofs")
struct TrieProofErrorTests {
    @Test("a changed node is reported at its index with both hashes")
    func changedNode() throws {
        guard let (proof, root) = try depositContractProof() else { return }
        for k in proof.accountProof.indices {
            var tampered = proof
            tampered.accountProof[k][tampered.accountProof[k].count / 2] ^= 0x01
            let e = try #require(merkleError(accountProofError(tampered, root)))
            #expect(e.nodeIndex == k)
            #expect(e.reason == .hashMismatch(expected: Keccak256.hash(proof.accountProof[k]), actual: Keccak256.hash(tampered.accountProof[k])))
            #expect(e.description.contains("proof node \(k)"))
        }
    }

    @Test("a removed node: the next one is found where it was expected, or the proof ends early")
    func removedNode() throws {
        guard let (proof, root) = try depositContractProof() else { return }
        let n = proof.accountProof.count
        for k in 0..<n {
            var tampered = proof
            tampered.accountProof.remove(at: k)
            let e = try #require(merkleError(accountProofError(tampered, root)))
            #expect(e.nodeIndex == k)
            if k == n - 1 {
                #expect(e.reason == .missingNode(expected: Keccak256.hash(proof.accountProof[k])))
                #expect(e.description.contains("incomplete"))
            } else {
                #expect(e.reason == .hashMismatch(expected: Keccak256.hash(proof.accountProof[k]), actual: Keccak256.hash(proof.accountProof[k + 1])))
            }
        }
    }

    @Test("reordered nodes are reported at the first one out of place")
    func reordered() throws {
        guard let (proof, root) = try depositContractProof() else { return }
        for k in 0..<(proof.accountProof.count - 1) {
            var tampered = proof
            tampered.accountProof.swapAt(k, k + 1)
            #expect(merkleError(accountProofError(tampered, root))?.nodeIndex == k)
        }
    }

    @Test("nodes after the end of the path are refused")
    func extraNodes() throws {
        guard let (proof, root) = try depositContractProof() else { return }
        var tampered = proof
        tampered.accountProof.append(proof.accountProof[3])
        let e = try #require(merkleError(accountProofError(tampered, root)))
        #expect(e.nodeIndex == 8)
        #expect(e.reason == .extraNodes(count: 1))
        #expect(e.description.contains("1 more node from index 8"))
    }

    @Test("another state root fails at node 0")
    func wrongRoot() throws {
        guard let (proof, root) = try depositContractProof() else { return }
        var other = root
        other.w3 ^= 1
        let e = try #require(merkleError(accountProofError(proof, other)))
        #expect(e.nodeIndex == 0)
        #expect(e.reason == .hashMismatch(expected: other, actual: root))
        #expect(e.description.contains("the root expects"))
    }

    @Test("claimed fields that differ from the proven account are each reported")
    func claims() throws {
        guard let (proof, root) = try depositContractProof() else { return }
        var tampered = proof
        tampered.balance = UInt256(5)
        guard case .claimsDisagree(let one, let proven)? = accountProofError(tampered, root)?.reason else {
            Issue.record("expected claimsDisagree"); return
        }
        #expect(one.map(\.field) == ["balance"])
        #expect(one.first?.claimed == "0x5")
        #expect(one.first?.proven == "0x8e9358ffc243096c55045")
        #expect(proven.account?.nonce == 1)

        tampered.nonce = 2
        tampered.codeHash = StateAccount.emptyCodeHash
        tampered.storageHash = MerkleProof.emptyRoot
        guard case .claimsDisagree(let all, _)? = accountProofError(tampered, root)?.reason else {
            Issue.record("expected claimsDisagree"); return
        }
        #expect(all.map(\.field) == ["nonce", "balance", "storageHash", "codeHash"])
    }

    @Test("malformed RLP inside a node names the node and the byte")
    func malformedRLP() throws {
        guard let (proof, _) = try depositContractProof() else { return }
        var node = proof.accountProof[0]
        node.removeLast()  // the list header now claims one byte more than there is
        let e = try #require(proofError(root: Keccak256.hash(node), key: Keccak256.hash(proof.address.bytes).bytes, proof: [node]))
        #expect(e.nodeIndex == 0)
        guard case .malformedNode(let decoding, embedded: false) = e.reason, case .rlp(let rlp) = decoding.reason else {
            Issue.record("expected malformed RLP, got \(e)"); return
        }
        #expect(rlp.offset == 0)
        #expect(e.description.contains("proof node 0"))
        #expect(e.description.contains("at byte 0"))
    }

    @Test("a bad compact-path flag, an even path with padding, a wrong item count")
    func badNodes() throws {
        let key = Keccak256.hash([1]).bytes
        let cases: [(RLP, TrieNode.DecodingError.Reason)] = [
            (.list([.bytes([0x40] + key), .bytes([1])]), .badPathFlag(4)),
            (.list([.bytes([0x25] + key), .bytes([1])]), .nonZeroPadding(5)),
            (.list([.bytes([0x20] + key), .bytes([1]), .bytes([])]), .wrongItemCount(3)),
            (.list([.bytes([]), .bytes([1])]), .emptyPath),
            (.list([.bytes([0x20] + key), .bytes([])]), .emptyLeafValue),
            (.list([.bytes([0x00, 0x12]), .bytes([])]), .extensionWithoutChild),
            (.list([.bytes([0x00, 0x12]), .bytes([1, 2, 3])]), .badReference(item: 1, length: 3)),
            (.list(Array(repeating: .bytes([9]), count: 17)), .badReference(item: 0, length: 1)),
            (.bytes(key), .notAList),
        ]
        for (node, reason) in cases {
            let encoded = node.encoded()
            let e = try #require(proofError(root: Keccak256.hash(encoded), key: key, proof: [encoded]))
            #expect(e.reason == .malformedNode(TrieNode.DecodingError(reason: reason), embedded: false), "\(e)")
            #expect(e.nodeIndex == 0)
        }
    }

    @Test("a value in a branch of an account or storage trie is refused; in other tries it is the value of the shorter key")
    func valueInBranch() throws {
        let key = Keccak256.hash([2]).bytes
        var children = [RLP](repeating: .bytes([]), count: 16)
        children[Int(key[0] >> 4)] = .bytes(Keccak256.hash([3]).bytes)
        let branch = RLP.list(children + [.bytes([0x2a])]).encoded()
        let e = try #require(proofError(root: Keccak256.hash(branch), key: key, proof: [branch]))
        #expect(e.reason == .valueInBranch)
        #expect(try MerkleProof.verify(root: Keccak256.hash(branch), key: [], proof: [branch]) == [0x2a])
    }

    @Test("a leaf whose path is shorter than the rest of a 32-byte key is refused in a secure trie")
    func shortLeaf() throws {
        let leaf = TrieNode.leaf(path: Nibbles([1, 2, 3]), value: [1]).encoded()
        let e = try #require(proofError(root: Keccak256.hash(leaf), key: Keccak256.hash([4]).bytes, proof: [leaf]))
        #expect(e.reason == .pathLengthMismatch(remaining: 64, nodePath: 3))
        #expect(try MerkleProof.verify(root: Keccak256.hash(leaf), key: [0x12, 0x30], proof: [leaf]) == nil)
    }

    @Test("an empty proof is only valid for the empty root; rlp(\"\") alone also proves the empty trie")
    func emptyProofs() throws {
        #expect(try MerkleProof.verify(root: MerkleProof.emptyRoot, key: [1], proof: []) == nil)
        #expect(try MerkleProof.verify(root: MerkleProof.emptyRoot, key: [1], proof: [[0x80]]) == nil)
        let e = proofError(root: Keccak256.hash([1]), key: [1], proof: [])
        #expect(e?.reason == .emptyProof)
        #expect(proofError(root: MerkleProof.emptyRoot, key: [1], proof: [[0x80], [0x80]])?.reason == .extraNodes(count: 1))
    }
}

@Suite("Trie: absent accounts and storage")
struct TrieExclusionTests {
    struct World {
        var state = MerklePatriciaTrie()
        var storage = MerklePatriciaTrie()
        let holder = Address(bytes: [UInt8](repeating: 0x42, count: 20)) ?? .zero
        var account: StateAccount { StateAccount(nonce: 7, balance: UInt256(1_000_000), storageRoot: storage.root, codeHash: Keccak256.hash([0x60])) }

        init() {
            for i in 0..<40 {
                storage[Keccak256.hash(slot(UInt64(i)).bytes).bytes] = RLP.bytes(UInt64(i * 3 + 1).minimalBigEndianBytes).encoded()
            }
            for i in 0..<50 {
                let address = [UInt8](repeating: UInt8(i), count: 20)
                state[Keccak256.hash(address).bytes] = StateAccount(nonce: UInt64(i), balance: UInt256(UInt64(i) << 40)).encoded()
            }
            state[Keccak256.hash(holder.bytes).bytes] = account.encoded()
        }

        func slot(_ i: UInt64) -> Hash32 { Hash32(w0: 0, w1: 0, w2: 0, w3: i) }

        func proof(for address: Address, slots: [(Hash32, UInt256)], claims account: StateAccount?) -> AccountProof {
            let key = Keccak256.hash(address.bytes).bytes
            let storageTrie = account == nil ? MerklePatriciaTrie() : storage
            return AccountProof(
                address: address, accountProof: state.proof(for: key),
                balance: account?.balance ?? .zero, codeHash: account?.codeHash ?? .zero, nonce: account?.nonce ?? 0,
                storageHash: account?.storageRoot ?? MerkleProof.emptyRoot,
                storageProof: slots.map { AccountProof.StorageEntry(key: $0.0, value: $0.1, proof: storageTrie.proof(for: Keccak256.hash($0.0.bytes).bytes)) })
        }
    }

    @Test("present and absent slots of an existing account")
    func slots() throws {
        let world = World()
        let proof = world.proof(for: world.holder, slots: [(world.slot(3), UInt256(10)), (world.slot(99), .zero), (world.slot(0), UInt256(1))], claims: world.account)
        let proven = try proof.verify(stateRoot: world.state.root)
        #expect(proven.account == world.account)
        #expect(proven.storage == [.init(key: world.slot(3), value: UInt256(10), present: true),
                                   .init(key: world.slot(99), value: .zero, present: false),
                                   .init(key: world.slot(0), value: UInt256(1), present: true)])
    }

    @Test("an absent account: proven empty, storage all zero; zero hashes in the claims are accepted")
    func absentAccount() throws {
        let world = World()
        let absent = Address(bytes: [UInt8](repeating: 0xee, count: 20)) ?? .zero
        let proof = world.proof(for: absent, slots: [(world.slot(1), .zero)], claims: nil)
        let proven = try proof.verify(stateRoot: world.state.root)
        #expect(proven.account == nil)
        #expect(proven.storage == [.init(key: world.slot(1), value: .zero, present: false)])

        var claimsMoney = proof
        claimsMoney.balance = UInt256(1)
        guard case .claimsDisagree(let mismatches, _)? = accountProofError(claimsMoney, world.state.root)?.reason else {
            Issue.record("expected claimsDisagree"); return
        }
        #expect(mismatches.map(\.field) == ["balance"])
    }

    @Test("an exclusion proof cut short, or a claimed value for an absent slot")
    func brokenExclusions() throws {
        let world = World()
        let absent = Address(bytes: [UInt8](repeating: 0xee, count: 20)) ?? .zero
        var proof = world.proof(for: absent, slots: [], claims: nil)
        proof.accountProof.removeLast()
        guard case .missingNode? = merkleError(accountProofError(proof, world.state.root))?.reason else {
            Issue.record("expected missingNode"); return
        }

        let claimed = world.proof(for: world.holder, slots: [(world.slot(99), UInt256(5))], claims: world.account)
        guard case .claimsDisagree(let mismatches, _)? = accountProofError(claimed, world.state.root)?.reason else {
            Issue.record("expected claimsDisagree"); return
        }
        #expect(mismatches == [AccountProof.ClaimMismatch(field: "storageProof[0].value", claimed: "0x5", proven: "0x0")])
    }

    @Test("a tampered storage proof names the storage entry")
    func tamperedStorage() throws {
        let world = World()
        var proof = world.proof(for: world.holder, slots: [(world.slot(1), UInt256(4)), (world.slot(2), UInt256(7))], claims: world.account)
        proof.storageProof[1].proof[0][40] ^= 0x80
        guard case .storageProof(let index, let key, let e)? = accountProofError(proof, world.state.root)?.reason else {
            Issue.record("expected a storage proof error"); return
        }
        #expect(index == 1)
        #expect(key == world.slot(2))
        #expect(e.nodeIndex == 0)
    }

    @Test("a storage leaf that is not a minimal integer is refused")
    func badStorageLeaf() throws {
        var world = World()
        let slot = world.slot(500)
        world.storage[Keccak256.hash(slot.bytes).bytes] = RLP.bytes([0x00, 0x05]).encoded()
        world.state[Keccak256.hash(world.holder.bytes).bytes] = world.account.encoded()
        let proof = world.proof(for: world.holder, slots: [(slot, UInt256(5))], claims: world.account)
        guard case .storageLeaf(0, slot, let message)? = accountProofError(proof, world.state.root)?.reason else {
            Issue.record("expected a storage leaf error"); return
        }
        #expect(message.contains("leading zero"))
    }

    @Test("an account leaf that is not an account is refused")
    func badAccountLeaf() throws {
        var world = World()
        let odd = Address(bytes: [UInt8](repeating: 0x99, count: 20)) ?? .zero
        world.state[Keccak256.hash(odd.bytes).bytes] = RLP.list([.bytes([0x00, 0x01]), .bytes([]), .bytes([]), .bytes([])]).encoded()
        let proof = world.proof(for: odd, slots: [], claims: nil)
        guard case .accountLeaf(let e)? = accountProofError(proof, world.state.root)?.reason else {
            Issue.record("expected an account leaf error"); return
        }
        #expect(e.message.contains("nonce"))
    }
}

@Suite("Trie: eth_getProof JSON")
struct TrieParseTests {
    static let result = """
    {"address":"0x4242424242424242424242424242424242424242","accountProof":["0xc0"],"balance":"0x0",
     "codeHash":"0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470","nonce":"0x0",
     "storageHash":"0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421",
     "storageProof":[{"key":"0x0","value":"0x0","proof":[]},
                     {"key":"0x0000000000000000000000000000000000000000000000000000000000000001","value":"0x00ff","proof":["0x80"]}]}
    """

    @Test("a bare result and a whole response parse alike; storage keys are padded, quantities may carry leading zeros")
    func shapes() throws {
        let bare = try AccountProof.parse(json: Array(Self.result.utf8))
        let wrapped = try AccountProof.parse(json: Array(#"{"jsonrpc":"2.0","id":1,"result":\#(Self.result)}"#.utf8))
        #expect(bare == wrapped)
        #expect(bare.storageProof.map(\.key) == [Hash32.zero, Hash32(w0: 0, w1: 0, w2: 0, w3: 1)])
        #expect(bare.storageProof[1].value == UInt256(255))
        #expect(bare.accountProof == [[0xc0]])
    }

    @Test("bad fields are named")
    func errors() throws {
        func field(_ text: String) -> String? {
            do { _ = try AccountProof.parse(json: Array(text.utf8)); return nil } catch { return error.field }
        }
        #expect(field(Self.result.replacingOccurrences(of: #""nonce":"0x0""#, with: #""nonce":"12""#)) == "nonce")
        #expect(field(Self.result.replacingOccurrences(of: #""balance":"0x0","#, with: "")) == "balance")
        #expect(field(Self.result.replacingOccurrences(of: #""value":"0x00ff""#, with: #""value":"0xzz""#)) == "storageProof[1].value")
        #expect(field(Self.result.replacingOccurrences(of: #""key":"0x0""#, with: #""key":7"#)) == "storageProof[0].key")
        #expect(field(Self.result.replacingOccurrences(of: #"["0xc0"]"#, with: #"["0xc"]"#)) == "accountProof[0]")
        #expect(field(Self.result.replacingOccurrences(of: "0x4242424242424242424242424242424242424242", with: "0x42")) == "address")
        #expect(field(#"{"jsonrpc":"2.0","id":1,"error":{"code":-32000,"message":"missing trie node"}}"#) == "error")
        #expect(field("[1]") == "")
        #expect(field("{") == "")
    }
}

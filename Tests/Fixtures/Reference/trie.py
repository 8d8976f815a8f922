#!/usr/bin/env python3
"""Reference Merkle-Patricia tries for the toolkit's trie tests.

Builds a few small hexary tries with the PyPI `trie` package (HexaryTrie, py-evm's
implementation), records each root and, for chosen keys, the value and the proof, and writes
trie.json beside this script. Keys that are not in the trie give exclusion proofs.

Proofs are written the way eth_getProof (EIP-1186) writes them: the RLP encoding of every
node on the path that is referenced by hash. HexaryTrie.get_proof also lists nodes that are
embedded in their parent (encodings shorter than 32 bytes); those are dropped here, because
they are already inside the parent node. Every proof is checked with
HexaryTrie.get_from_proof before it is written.

Usage: pip install trie==4.0.0 rlp==5.0.0 "eth-hash[pycryptodome]==0.8.0"; python3 trie.py
"""
import json
import os
import sys
from importlib.metadata import version

# This file is named like the `trie` package; keep its own folder from shadowing it.
sys.path = [p for p in sys.path if os.path.abspath(p or ".") != os.path.dirname(os.path.abspath(__file__))]

import rlp
from eth_hash.auto import keccak
from trie import HexaryTrie


def hx(b):
    return "0x" + b.hex()


def node_encodings(trie, key):
    out = []
    for i, node in enumerate(trie.get_proof(key)):
        encoded = rlp.encode(node)
        if i == 0 or len(encoded) >= 32:
            out.append(encoded)
    return out


def check(trie, key, value, proof_nodes):
    # get_from_proof wants every node, embedded ones included.
    assert HexaryTrie.get_from_proof(trie.root_hash, key, trie.get_proof(key)) == value
    # The hashed nodes alone must also be enough.
    lookup = {keccak(n): n for n in proof_nodes}
    assert len(lookup) == len(proof_nodes)
    assert proof_nodes == [] or keccak(proof_nodes[0]) == trie.root_hash


def case(name, entries, probe_keys, note):
    trie = HexaryTrie({})
    for k, v in entries:
        trie[k] = v
    present = dict(entries)
    proofs = []
    for k in probe_keys:
        value = present.get(k, b"")
        nodes = node_encodings(trie, k) if entries else []
        check(trie, k, value, nodes)
        proofs.append({
            "key": hx(k),
            "value": hx(value) if k in present else None,
            "proof": [hx(n) for n in nodes],
        })
    return {
        "name": name,
        "note": note,
        "entries": [[hx(k), hx(v)] for k, v in entries],
        "root": hx(trie.root_hash),
        "proofs": proofs,
    }


def account(nonce, balance, storage_root, code_hash):
    return rlp.encode([nonce, balance, storage_root, code_hash])


def main():
    empty_root = keccak(rlp.encode(b""))
    empty_code = keccak(b"")
    cases = []

    cases.append(case("empty", [], [b"", b"\x01", keccak(b"x")], "no entries: the root is keccak(rlp(''))"))

    words = [(b"do", b"verb"), (b"dog", b"puppy"), (b"doge", b"coin"), (b"horse", b"stallion")]
    cases.append(case(
        "words", words,
        [b"do", b"dog", b"doge", b"horse", b"d", b"dogs", b"cat", b"hors", b"horses", b""],
        "short keys: values in branches, embedded nodes, extension nodes"))

    single = [(b"\x12\x34", b"\x01")]
    cases.append(case("single", single, [b"\x12\x34", b"\x12", b"\x12\x35", b"\x56"], "one entry: the root node is a leaf"))

    # An ordered trie as in block transaction and receipt roots: key rlp(index).
    ordered = [(rlp.encode(i), bytes([i]) * (1 + i % 40)) for i in range(0, 130)]
    cases.append(case(
        "ordered", ordered,
        [rlp.encode(0), rlp.encode(1), rlp.encode(127), rlp.encode(128), rlp.encode(129), rlp.encode(130), rlp.encode(1000)],
        "keys rlp(0..129), values of 1..40 bytes (short leaves are embedded in their parent)"))

    # A secure account trie: key keccak(address), value rlp([nonce, balance, storageRoot, codeHash]).
    addresses = [bytes([0x10 + i]) * 20 for i in range(24)]
    accounts = []
    for i, a in enumerate(addresses):
        storage_root = empty_root if i % 2 == 0 else keccak(bytes([i]))
        accounts.append((keccak(a), account(i, (10 ** 18) * (i + 1) + i, storage_root, empty_code if i % 3 else keccak(a))))
    absent = [bytes([0xee]) * 20, bytes([0x01]) * 20, bytes([0x10 + 24]) * 20]
    cases.append(case(
        "accounts", accounts,
        [keccak(a) for a in addresses[:6]] + [keccak(a) for a in absent],
        "secure account trie: keys keccak(address) for addresses 0x10..10 .. 0x27..27; probes include 3 absent addresses"))

    # A secure storage trie: key keccak(slot as 32 bytes), value rlp(minimal big-endian value).
    slots = [i.to_bytes(32, "big") for i in range(12)]
    storage = [(keccak(s), rlp.encode((i * 0x1000001 + 1).to_bytes(((i * 0x1000001 + 1).bit_length() + 7) // 8, "big")))
               for i, s in enumerate(slots)]
    cases.append(case(
        "storage", storage,
        [keccak(s) for s in slots[:4]] + [keccak((i).to_bytes(32, "big")) for i in (12, 13, 255)],
        "secure storage trie: slots 0..11, values i*0x1000001+1; probes include slots 12, 13, 255 (absent)"))

    out = {
        "description": "Merkle-Patricia trie roots and proofs made by Tests/Fixtures/Reference/trie.py "
                       "with the PyPI `trie` package (HexaryTrie); proofs list hash-referenced nodes only, "
                       "as eth_getProof does. A proof's value is null when the key is absent (exclusion).",
        "libraries": {name: version(name) for name in ("trie", "rlp", "eth-hash", "pycryptodome")},
        "emptyRoot": hx(empty_root),
        "cases": cases,
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "trie.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()

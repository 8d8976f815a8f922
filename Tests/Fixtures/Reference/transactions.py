#!/usr/bin/env python3
"""Signed transactions of every type, made and checked with independent libraries.

Writes transactions.json beside this script: for each transaction the raw signed bytes, the
transaction hash, the signing hash, the sender and the decoded fields; for EIP-7702
transactions also each authorization's signing hash and authority (or why it has none).

    pip install eth-account==0.14.0 coincurve==21.0.0 rlp==5.0.0
    python3 Tests/Fixtures/Reference/transactions.py

Signing and hashing are eth-account's; senders and authorities are recovered a second way with
coincurve (libsecp256k1) from the signing hashes. Keys are keccak256("rollport test key N"):
test keys, never to hold anything.
"""
import json
import os
from importlib.metadata import version

import coincurve
import rlp
from eth_account import Account
from eth_account._utils.legacy_transactions import serializable_unsigned_transaction_from_dict
from eth_account.typed_transactions import TypedTransaction
from eth_utils import keccak, to_checksum_address

N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
MAX256 = 2**256 - 1


def key(i):
    return keccak(("rollport test key %d" % i).encode())


def hexs(b):
    return "0x" + bytes(b).hex()


def address_of(public_key):
    return "0x" + keccak(public_key.format(compressed=False)[1:])[12:].hex()


def recover(msg_hash, y_parity, r, s):
    """The signer under EIP-2's rules, or (None, reason)."""
    if not (0 < r < N):
        return None, "r out of range"
    if not (0 < s < N):
        return None, "s out of range"
    if s > N // 2:
        return None, "high s (EIP-2)"
    if y_parity not in (0, 1):
        return None, "y parity not 0 or 1"
    sig = r.to_bytes(32, "big") + s.to_bytes(32, "big") + bytes([y_parity])
    try:
        return address_of(coincurve.PublicKey.from_signature_and_message(sig, msg_hash, hasher=None)), None
    except Exception as e:  # no point for r
        return None, "unrecoverable: %s" % e


def authorization(chain_id, address, nonce, signer):
    signed = Account.sign_authorization({"chainId": chain_id, "address": address, "nonce": nonce}, key(signer))
    return {"chainId": signed.chain_id, "address": address, "nonce": signed.nonce,
            "yParity": signed.y_parity, "r": signed.r, "s": signed.s}


def malleated(auth):
    """The same signature with s' = n - s and the other parity: EIP-2 forbids it."""
    return dict(auth, s=N - auth["s"], yParity=1 - auth["yParity"])


TO = to_checksum_address("0x" + "35" * 20)
OTHER = to_checksum_address("0x" + "c0ffee00" * 5)
SLOT = lambda i: "0x" + i.to_bytes(32, "big").hex()

CASES = [
    # (name, key index, transaction dict)
    ("legacy pre-EIP-155", 1, {"nonce": 0, "gasPrice": 10**9, "gas": 21000, "to": TO, "value": 1, "data": "0x"}),
    ("legacy EIP-155 chain 1", 2, {"chainId": 1, "nonce": 7, "gasPrice": 20 * 10**9, "gas": 21000, "to": TO, "value": 10**18, "data": "0x"}),
    ("legacy EIP-155 contract creation, large chain id", 3,
     {"chainId": 2**40 + 7, "nonce": 2**64 - 2, "gasPrice": 1, "gas": 3_000_000, "to": b"", "value": 0, "data": "0x6080604052" + "00" * 60}),
    ("legacy EIP-155 largest value", 4, {"chainId": 42161, "nonce": 1, "gasPrice": MAX256, "gas": 2**64 - 1, "to": TO, "value": MAX256, "data": "0xff"}),
    ("type 1 access list", 1,
     {"type": 1, "chainId": 10, "nonce": 1, "gasPrice": 10**9, "gas": 50_000, "to": TO, "value": 0, "data": "0x1234",
      "accessList": [{"address": TO, "storageKeys": [SLOT(1), SLOT(2**255)]}, {"address": OTHER, "storageKeys": []}]}),
    ("type 1 contract creation, empty access list", 2,
     {"type": 1, "chainId": 1, "nonce": 0, "gasPrice": 1, "gas": 100_000, "to": b"", "value": 5, "data": "0x60006000f3", "accessList": []}),
    ("type 2 transfer", 3,
     {"type": 2, "chainId": 1, "nonce": 9, "maxPriorityFeePerGas": 10**9, "maxFeePerGas": 30 * 10**9, "gas": 21000, "to": TO,
      "value": 123456789, "data": "0x", "accessList": []}),
    ("type 2 contract creation", 4,
     {"type": 2, "chainId": 8453, "nonce": 0, "maxPriorityFeePerGas": 0, "maxFeePerGas": 1, "gas": 1_000_000, "to": b"",
      "value": 0, "data": "0x6080604052348015600f57600080fd5b", "accessList": [{"address": OTHER, "storageKeys": [SLOT(0)]}]}),
    ("type 2 largest fees and value", 5,
     {"type": 2, "chainId": 2**63, "nonce": 2**64 - 1, "maxPriorityFeePerGas": MAX256, "maxFeePerGas": MAX256, "gas": 2**64 - 1,
      "to": TO, "value": MAX256, "data": "0x" + "ab" * 100, "accessList": []}),
    ("type 3 one blob", 1,
     {"type": 3, "chainId": 1, "nonce": 3, "maxPriorityFeePerGas": 10**9, "maxFeePerGas": 30 * 10**9, "gas": 21000, "to": TO,
      "value": 0, "data": "0x", "accessList": [], "maxFeePerBlobGas": 10**9, "blobVersionedHashes": ["0x01" + "ab" * 31]}),
    ("type 3 six blobs with access list", 2,
     {"type": 3, "chainId": 11155111, "nonce": 77, "maxPriorityFeePerGas": 2, "maxFeePerGas": 3, "gas": 60000, "to": OTHER,
      "value": 1, "data": "0xdeadbeef", "accessList": [{"address": TO, "storageKeys": [SLOT(9)]}], "maxFeePerBlobGas": MAX256,
      "blobVersionedHashes": ["0x01" + ("%02x" % i) * 31 for i in range(6)]}),
    ("type 4 one authorization", 3,
     {"type": 4, "chainId": 1, "nonce": 5, "maxPriorityFeePerGas": 10**9, "maxFeePerGas": 40 * 10**9, "gas": 80_000, "to": TO,
      "value": 0, "data": "0xa9059cbb", "accessList": [], "authorizationList": [authorization(1, OTHER, 6, 3)]}),
    ("type 4 several authorities, any-chain and high-s", 4,
     {"type": 4, "chainId": 17000, "nonce": 0, "maxPriorityFeePerGas": 1, "maxFeePerGas": 2, "gas": 200_000, "to": OTHER,
      "value": 10**15, "data": "0x", "accessList": [{"address": OTHER, "storageKeys": [SLOT(1)]}],
      "authorizationList": [authorization(0, TO, 0, 1), authorization(17000, OTHER, 2**64 - 2, 2),
                            malleated(authorization(17000, TO, 1, 5)), authorization(2**256 - 1, TO, 3, 6)]}),
]


def field_json(tx_type, tx, signed_tx):
    out = {"nonce": str(tx["nonce"]), "gas": str(tx["gas"]), "to": (tx["to"].lower() if tx["to"] else None),
           "value": str(tx["value"]), "data": tx["data"].lower(), "chainId": (str(tx["chainId"]) if "chainId" in tx else None)}
    if tx_type in (0, 1):
        out["gasPrice"] = str(tx["gasPrice"])
    else:
        out["maxPriorityFeePerGas"] = str(tx["maxPriorityFeePerGas"])
        out["maxFeePerGas"] = str(tx["maxFeePerGas"])
    if tx_type >= 1:
        out["accessList"] = [{"address": e["address"].lower(), "storageKeys": e["storageKeys"]} for e in tx["accessList"]]
    if tx_type == 3:
        out["maxFeePerBlobGas"] = str(tx["maxFeePerBlobGas"])
        out["blobVersionedHashes"] = tx["blobVersionedHashes"]
    out["v"] = str(signed_tx.v)
    out["r"] = hexs(signed_tx.r.to_bytes(32, "big"))
    out["s"] = hexs(signed_tx.s.to_bytes(32, "big"))
    return out


def authorizations_json(auths):
    out = []
    for a in auths:
        payload = rlp.encode([a["chainId"], bytes.fromhex(a["address"][2:]), a["nonce"]])
        msg = keccak(b"\x05" + payload)
        authority, error = recover(msg, a["yParity"], a["r"], a["s"])
        out.append({"chainId": str(a["chainId"]), "address": a["address"].lower(), "nonce": str(a["nonce"]),
                    "yParity": a["yParity"], "r": hexs(a["r"].to_bytes(32, "big")), "s": hexs(a["s"].to_bytes(32, "big")),
                    "signing_hash": hexs(msg), "authority": authority, "error": error})
    return out


def main():
    vectors = []
    for name, signer, tx in CASES:
        tx_type = tx.get("type", 0)
        signed = Account.sign_transaction(tx, key(signer))
        raw = bytes(signed.raw_transaction)
        if tx_type == 0:
            signing_hash = serializable_unsigned_transaction_from_dict(tx).hash()
        else:
            signing_hash = TypedTransaction.from_dict(tx).hash()
        sender = Account.recover_transaction(raw).lower()
        y_parity = signed.v if tx_type else (signed.v - 27 if signed.v in (27, 28) else (signed.v - 35) % 2)
        again, error = recover(signing_hash, y_parity, signed.r, signed.s)
        assert error is None and again == sender, (name, again, sender, error)
        assert sender == Account.from_key(key(signer)).address.lower()
        assert keccak(raw) == bytes(signed.hash)
        entry = {"name": name, "type": tx_type, "private_key": hexs(key(signer)), "raw": hexs(raw), "hash": hexs(signed.hash),
                 "signing_hash": hexs(signing_hash), "sender": sender, "fields": field_json(tx_type, tx, signed)}
        if tx_type == 4:
            entry["fields"]["authorizationList"] = authorizations_json(tx["authorizationList"])
        vectors.append(entry)
    document = {
        "description": "Signed transactions of types 0-4 made by " + os.path.basename(__file__) + " with eth-account "
                       + version("eth-account") + "; senders and EIP-7702 authorities recovered again with coincurve "
                       + version("coincurve") + " (authorizations with s > n/2 have none, per EIP-2); rlp " + version("rlp") + ".",
        "vectors": vectors,
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "transactions.json")
    with open(path, "w") as f:
        json.dump(document, f, indent=1)
        f.write("\n")
    print("wrote %d transactions to %s" % (len(vectors), path))


if __name__ == "__main__":
    main()

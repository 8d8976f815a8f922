#!/usr/bin/env python3
"""Side-by-side: OP Stack settlement in Python (eth-hash, rlp, py-trie) and in OptimismBenchmarks,
in the same run. Python computes the L2 transaction hash of two real TransactionDeposited logs
and verifies a real withdrawal proof (the mainnet account proof of the vectors and the
withdrawal's storage proof, both with py-trie's HexaryTrie.get_from_proof), checking every
result against the vectors before timing. The Swift side is
`swift package benchmark --target OptimismBenchmarks` (release), which checks its own results.
Usage: python3 Benchmarks/settlement-vs-python.py [rounds]
"""
import json, os, statistics, subprocess, sys, time

import rlp
from eth_hash.auto import keccak
from trie import HexaryTrie

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VECTORS = os.environ.get("ROLLPORT_VECTORS") or os.path.join(ROOT, "..", "shared", "vectors")
OPT = os.path.join(VECTORS, "optimism")
DEPOSIT_TOPIC = keccak(b"TransactionDeposited(address,address,uint256,bytes)")


def h(s):
    return bytes.fromhex(s[2:])


def deposit_l2_hash(topics, data, block_hash, log_index):
    # The checks op-node makes, then the 0x7E encoding.
    if len(topics) != 4 or topics[0] != DEPOSIT_TOPIC or topics[3] != b"\0" * 32:
        raise ValueError("not a version-0 TransactionDeposited log")
    if len(data) < 64 or len(data) % 32 or int.from_bytes(data[:32], "big") != 32:
        raise ValueError("bad data")
    n = int.from_bytes(data[32:64], "big")
    if n > len(data) - 64 or n + 32 <= len(data) - 64 or n < 73:
        raise ValueError("bad opaque length")
    o = data[64:64 + n]
    mint, value = int.from_bytes(o[:32], "big"), int.from_bytes(o[32:64], "big")
    gas, creation, calldata = int.from_bytes(o[64:72], "big"), o[72], o[73:]
    source = keccak(b"\0" * 32 + keccak(block_hash + log_index.to_bytes(32, "big")))
    to = b"" if creation else topics[2][12:]
    return keccak(b"\x7e" + rlp.encode([source, topics[1][12:], to, mint, value, gas, False, calldata]))


def withdrawal_hash(w):
    def u(v):
        return int(v, 0) if isinstance(v, str) else v
    d = h(w["data"])
    enc = b"".join(u(w[k]).to_bytes(32, "big") if k in ("nonce", "value", "gasLimit") else b"\0" * 12 + h(w[k])
                   for k in ("nonce", "sender", "target", "value", "gasLimit"))
    enc += (0xC0).to_bytes(32, "big") + len(d).to_bytes(32, "big") + d + b"\0" * ((32 - len(d) % 32) % 32)
    return keccak(enc)


def verify_withdrawal(account, w, orp, storage_proof, expected_root):
    # The account proof: the account leaf under its state root.
    leaf = HexaryTrie.get_from_proof(account["root"], keccak(account["address"]), account["proof"])
    if rlp.decode(leaf)[2] != account["storageRoot"]:
        raise ValueError("account proof")
    # The output root, then the withdrawal's slot under the message passer's storage root.
    root = keccak(b"".join(orp))
    if root != expected_root:
        raise ValueError("output root")
    slot = keccak(withdrawal_hash(w) + b"\0" * 32)
    if HexaryTrie.get_from_proof(orp[2], keccak(slot), storage_proof) != b"\x01":
        raise ValueError("storage proof")
    return True


def timed(rounds, inner, fn):
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        for _ in range(inner):
            fn()
        times.append((time.perf_counter() - t) * 1e6 / inner)
    return statistics.median(times)


def swift_medians_us():
    cmd = ["swift", "package", "benchmark", "--target", "OptimismBenchmarks", "--filter", "(Deposit log|Withdrawal proof).*",
           "--time-units", "nanoseconds"]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True).stdout
    results, name = {}, None
    for line in out.splitlines():
        if line.startswith("Deposit log") or line.startswith("Withdrawal proof"):
            name = line.strip()
        elif line.startswith("│ Time (wall clock)") and name:
            cells = [c.strip() for c in line.split("│")[1:-1]]
            results[name] = float(cells[3]) / 1000  # p50, ns to us
    if not results:
        sys.exit("could not read the Swift benchmark's output:\n" + out[-2000:])
    return results


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    deposits = json.load(open(os.path.join(OPT, "deposits", "user_deposits.json")))
    real = deposits["verified_real"]
    opaque = h(real["log"]["opaqueData"])
    pad = lambda a: b"\0" * 12 + h(a)
    real_log = ([DEPOSIT_TOPIC, pad(real["log"]["from"]), pad(real["log"]["to"]), b"\0" * 32],
                (32).to_bytes(32, "big") + len(opaque).to_bytes(32, "big") + opaque + b"\0" * ((32 - len(opaque) % 32) % 32),
                h(real["log"]["blockHash"]), 109)
    m = deposits["computed_real_logs"]["logs"][0]
    messenger_log = ([h(t) for t in m["topics"]], h(m["data"]), h(m["blockHash"]), m["logIndex"])
    assert deposit_l2_hash(*real_log) == h(real["expected_l2_tx_hash"])
    assert deposit_l2_hash(*messenger_log) == h(m["l2TxHash"])

    wd = json.load(open(os.path.join(OPT, "withdrawals", "withdrawals.json")))["op_mainnet_prove_params"][0]
    orp = [h(wd["outputRootProof"][k]) for k in ("version", "stateRoot", "messagePasserStorageRoot", "latestBlockhash")]
    storage_proof = [h(n) for n in wd["withdrawalProof"]]
    ap = json.load(open(os.path.join(OPT, "withdrawals", "output_root_and_account_proof.json")))
    account = {"root": h(ap["header"]["stateRoot"]), "address": h(ap["eth_getProof"]["address"]),
               "proof": [rlp.decode(h(n)) for n in ap["eth_getProof"]["accountProof"]], "storageRoot": h(ap["eth_getProof"]["storageHash"])}
    storage_nodes = [rlp.decode(n) for n in storage_proof]
    expected_root = h(wd["computed"]["outputRoot"])
    assert withdrawal_hash(wd["withdrawal"]) == h(wd["expected_withdrawalHash"])
    assert verify_withdrawal(account, wd["withdrawal"], orp, storage_nodes, expected_root)

    py = {
        "Deposit log to L2 tx hash (69 wei, no calldata)": timed(rounds, 200, lambda: deposit_l2_hash(*real_log)),
        "Deposit log to L2 tx hash (messenger, 516 B calldata)": timed(rounds, 200, lambda: deposit_l2_hash(*messenger_log)),
        "Withdrawal proof: real mainnet account proof (8 nodes) and the storage proof":
            timed(rounds, 50, lambda: verify_withdrawal(account, wd["withdrawal"], orp, storage_nodes, expected_root)),
    }
    swift = swift_medians_us()
    print("OP Stack settlement, every result checked against the vectors on both sides (medians, microseconds)")
    for name, p in py.items():
        s = swift.get(name)
        print(f"  {name}: python {p:,.1f} us" + (f", swift {s:,.2f} us, python / swift {p / s:.0f}x" if s else ", swift: not found"))
    for name in sorted(set(swift) - set(py)):
        print(f"  {name}: swift {swift[name]:,.2f} us (no python counterpart)")


if __name__ == "__main__":
    main()

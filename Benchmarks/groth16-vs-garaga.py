#!/usr/bin/env python3
"""Groth16 verification over BN254: rollport against garaga (native pairing, Rust on lambdaworks,
with fastecdsa's C scalar multiplication) and py_ecc (pure Python), on the same snarkjs proof,
in one run.

    swift build -c release --product rollport
    pip install garaga py_ecc
    python3 Benchmarks/groth16-vs-garaga.py [--rounds 5] [--repeat 200]

The proof is proofs/groth16_external/snarkjs_{vk,proof,public}_bn254.json of the shared vectors
(ROLLPORT_VECTORS, else ../shared/vectors): 1 public input.

1. garaga has no one-call Groth16 verifier in Python; its building blocks are used as a verifier
   would: the key and proof parsed once with `parsing_utils.Groth16VerifyingKey/Groth16Proof`
   (not timed), vk_x = IC[0] + x·IC[1] with `G1Point.scalar_mul`/`add` (fastecdsa, C), then
   `garaga_rs.multi_pairing(0, …)` on e(−A, B)·e(α, β)·e(vk_x, γ)·e(C, δ), which must be 1.
   No subgroup check of B (garaga's is pure Python). Timed best of ROUNDS × REPEAT calls.
2. py_ecc: the same equation with `optimized_bn128` (4 Miller loops, 1 final exponentiation),
   best of at most 3 rounds.
3. rollport: `rollport verify groth16 --repeat N --json`, the median and p99 of the
   verification alone (key prepared once: e(α, β) and the lines of −γ, −δ precomputed;
   parsing excluded), best median of ROUNDS runs.
4. 16 proofs under one key (proofs/snarkjs/groth16_batch16_same_vk.json): rollport's batch
   (one multi-pairing with random 128-bit weights, `rollport verify groth16-batch --json`, its
   `ms`, best of ROUNDS runs) against garaga verifying them one by one.

Prints a table in milliseconds with ratios against rollport.
"""
import argparse
import json
import os
import subprocess
import sys
import time
from importlib.metadata import version

from garaga import garaga_rs
from garaga.starknet.groth16_contract_generator.parsing_utils import Groth16Proof, Groth16VerifyingKey
from py_ecc import optimized_bn128 as bn

HERE = os.path.dirname(os.path.abspath(__file__))
P = 21888242871839275222246405745257275088696311157297823662689037894645226208583


def garaga_pairs(vk, a, b, c, inputs):
    """The flat multi_pairing input of e(-A, B)·e(alpha, beta)·e(vk_x, gamma)·e(C, delta)."""
    vk_x = vk.ic[0]
    for x, point in zip(inputs, vk.ic[1:]):
        vk_x = vk_x.add(point.scalar_mul(x))
    flat = []
    for p, q in [((a.x, (P - a.y) % P), b), ((vk.alpha.x, vk.alpha.y), vk.beta), ((vk_x.x, vk_x.y), vk.gamma), ((c.x, c.y), vk.delta)]:
        flat += [p[0], p[1], q.x[0], q.x[1], q.y[0], q.y[1]]
    return flat


def garaga_verify(vk, a, b, c, inputs):
    return [int(v) for v in garaga_rs.multi_pairing(0, garaga_pairs(vk, a, b, c, inputs))] == [1] + [0] * 11


def py_ecc_verify(vk, a, b, c, inputs):
    def g1(point):
        return (bn.FQ(point.x), bn.FQ(point.y), bn.FQ.one())

    def g2(point):
        return (bn.FQ2([point.x[0], point.x[1]]), bn.FQ2([point.y[0], point.y[1]]), bn.FQ2.one())

    vk_x = g1(vk.ic[0])
    for x, point in zip(inputs, vk.ic[1:]):
        vk_x = bn.add(vk_x, bn.multiply(g1(point), x))
    f = bn.FQ12.one()
    for p, q in [(bn.neg(g1(a)), g2(b)), (g1(vk.alpha), g2(vk.beta)), (vk_x, g2(vk.gamma)), (g1(c), g2(vk.delta))]:
        f = f * bn.pairing(q, p, final_exponentiate=False)
    return bn.final_exponentiate(f) == bn.FQ12.one()


def best(rounds, repeat, body):
    result = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(repeat):
            body()
        result = min(result, (time.perf_counter() - start) / repeat)
    return result * 1000


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--rollport", default=os.path.join(HERE, "..", ".build", "release", "rollport"))
    parser.add_argument("--vectors", default=os.environ.get("ROLLPORT_VECTORS") or os.path.join(HERE, "..", "..", "shared", "vectors"))
    args = parser.parse_args()
    external = os.path.join(args.vectors, "proofs", "groth16_external")
    vk_path, proof_path, public_path = (os.path.join(external, "snarkjs_%s_bn254.json" % n) for n in ("vk", "proof", "public"))
    batch_path = os.path.join(args.vectors, "proofs", "snarkjs", "groth16_batch16_same_vk.json")

    vk = Groth16VerifyingKey.from_json(vk_path)
    proof = Groth16Proof.from_json(proof_path, public_path)
    inputs = proof.public_inputs
    assert garaga_verify(vk, proof.a, proof.b, proof.c, inputs), "garaga: the proof does not verify"
    tampered = [inputs[0] + 1] + inputs[1:]
    assert not garaga_verify(vk, proof.a, proof.b, proof.c, tampered), "garaga: a tampered input verifies"
    garaga_ms = best(args.rounds, args.repeat, lambda: garaga_verify(vk, proof.a, proof.b, proof.c, inputs))
    pairing_flat = garaga_pairs(vk, proof.a, proof.b, proof.c, inputs)
    garaga_pairing_ms = best(args.rounds, args.repeat, lambda: garaga_rs.multi_pairing(0, pairing_flat))

    assert py_ecc_verify(vk, proof.a, proof.b, proof.c, inputs), "py_ecc: the proof does not verify"
    py_ms = best(min(args.rounds, 3), 1, lambda: py_ecc_verify(vk, proof.a, proof.b, proof.c, inputs))

    medians, p99s = [], []
    for _ in range(args.rounds):
        out = subprocess.run([args.rollport, "verify", "groth16", "--vk", vk_path, "--proof", proof_path, "--public", public_path,
                              "--repeat", str(args.repeat), "--json"], check=True, capture_output=True, text=True).stdout
        result = json.loads(out)
        assert result["valid"] is True and result["publicInputs"] == 1, "rollport: the proof does not verify"
        medians.append(result["medianMs"])
        p99s.append(result["p99Ms"])
    rollport_ms = min(medians)
    rollport_p99 = p99s[medians.index(rollport_ms)]

    # 16 proofs under one key.
    batch = json.load(open(batch_path))
    tmp = os.path.join(os.environ.get("TMPDIR", "/tmp"), "groth16-bench-%d" % os.getpid())
    os.makedirs(tmp, exist_ok=True)
    with open(os.path.join(tmp, "vk.json"), "w") as f:
        json.dump(batch["vk"], f)
    batch_vk = Groth16VerifyingKey.from_json(os.path.join(tmp, "vk.json"))
    statements = []
    for i, item in enumerate(batch["proofs"]):
        proof_file, public_file = os.path.join(tmp, "proof%d.json" % i), os.path.join(tmp, "public%d.json" % i)
        with open(proof_file, "w") as f:
            json.dump(item["proof"], f)
        with open(public_file, "w") as f:
            json.dump(item["publicSignals"], f)
        p = Groth16Proof.from_json(proof_file, public_file)
        statements.append((p.a, p.b, p.c, p.public_inputs))
    assert all(garaga_verify(batch_vk, *s) for s in statements), "garaga: a batch member does not verify"
    garaga_16_ms = best(max(1, args.rounds // 2), max(1, args.repeat // 20), lambda: [garaga_verify(batch_vk, *s) for s in statements])
    batch_ms = []
    for _ in range(args.rounds):
        out = subprocess.run([args.rollport, "verify", "groth16-batch", "--proofs", batch_path, "--json"],
                             check=True, capture_output=True, text=True).stdout
        result = json.loads(out)
        assert result["valid"] is True and result["count"] == 16, "rollport: the batch does not verify"
        batch_ms.append(result["ms"])
    rollport_16_ms = min(batch_ms)

    print("Groth16 verify, snarkjs proof with 1 public input, same files for all; one thread")
    print("%-72s %10s %14s" % ("", "ms", "x rollport"))
    rows = [
        ("rollport verify groth16 (prepared key), median of %d; p99 %.3f ms" % (args.repeat, rollport_p99), rollport_ms),
        ("garaga %s: fastecdsa vk_x + garaga_rs.multi_pairing (4 pairs)" % version("garaga"), garaga_ms),
        ("garaga_rs.multi_pairing alone, 4 pairs", garaga_pairing_ms),
        ("py_ecc %s (pure Python)" % version("py_ecc"), py_ms),
    ]
    for name, ms in rows:
        print("%-72s %10.3f %14.2f" % (name, ms, ms / rollport_ms))
    print()
    print("16 proofs under one key (groth16_batch16_same_vk.json)")
    print("%-72s %10.3f %14.2f" % ("rollport verify groth16-batch (one multi-pairing, random weights)", rollport_16_ms, 1.0))
    print("%-72s %10.3f %14.2f" % ("garaga, 16 verifications one by one", garaga_16_ms, garaga_16_ms / rollport_16_ms))
    print("targets: 1-input verify <= 1.5 ms: %s; 16-proof batch <= 6 ms: %s" % (
        "yes" if rollport_ms <= 1.5 else "no", "yes" if rollport_16_ms <= 6 else "no"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

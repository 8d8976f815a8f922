#!/usr/bin/env python3
"""BN254 2-pair pairing check: rollport against garaga (native, Rust on lambdaworks) and py_ecc
(pure Python), on the same input, in one run.

    swift build -c release --product rollport
    pip install garaga py_ecc
    python3 Benchmarks/pairing-vs-garaga.py [--rounds 5]

1. py_ecc builds a check in the shape of go-ethereum's `jeff1` vector: e(aP, bQ)·e(−abP, Q) = 1
   for the generators P, Q and fixed scalars a, b, and encodes it as 384 bytes of ecPairing input.
2. py_ecc's `pairing` checks it (2 Miller loops, 1 final exponentiation), timed best of ROUNDS.
3. garaga's native `garaga_rs.multi_pairing(0, …)` (curve 0 = BN254, flat list of affine
   coordinates, G2 real part first) must return 1 in GT; timed best of ROUNDS × REPEAT calls.
4. `rollport precompile bench-pairing HEX` checks the same input and times, on one thread,
   the whole ecPairing precompile (decoding, G2 subgroup checks, pairing check) and the pairing
   check alone on the decoded points.

Prints a table in milliseconds with ratios against rollport's pairing check.
"""
import argparse
import json
import os
import subprocess
import sys
import time
from importlib.metadata import version

from garaga import garaga_rs
from py_ecc import optimized_bn128 as bn

A = 0x2C4B1E3F5A6D7C8B9E0F1A2B3C4D5E6F708192A3B4C5D6E7F8091A2B3C4D5E6F
B = 0x1D3C5B7A99887766554433221100FFEEDDCCBBAA99887766554433221100FFEE


def affine(point):
    return bn.normalize(point)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--rollport", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".build", "release", "rollport"))
    args = parser.parse_args()

    p1 = affine(bn.multiply(bn.G1, A))
    q1 = affine(bn.multiply(bn.G2, B))
    p2 = affine(bn.neg(bn.multiply(bn.G1, A * B % bn.curve_order)))
    q2 = affine(bn.G2)
    pairs = [(p1, q1), (p2, q2)]

    def word(n):
        return int(n).to_bytes(32, "big")

    data = b""
    for p, q in pairs:
        data += word(p[0].n) + word(p[1].n)
        data += word(q[0].coeffs[1]) + word(q[0].coeffs[0]) + word(q[1].coeffs[1]) + word(q[1].coeffs[0])
    assert len(data) == 384

    # py_ecc: 2 Miller loops, one final exponentiation.
    def py_ecc_check():
        f = bn.FQ12.one()
        for p, q in pairs:
            f = f * bn.pairing((q[0], q[1], bn.FQ2.one()), (p[0], p[1], bn.FQ.one()), final_exponentiate=False)
        return bn.final_exponentiate(f) == bn.FQ12.one()

    assert py_ecc_check(), "py_ecc: the check does not hold"
    py_best = float("inf")
    for _ in range(max(1, min(args.rounds, 3))):
        start = time.perf_counter()
        py_ecc_check()
        py_best = min(py_best, time.perf_counter() - start)

    # garaga: flat list x, y, x.c0, x.c1, y.c0, y.c1 per pair; the result is GT as 12 integers.
    flat = []
    for p, q in pairs:
        flat += [p[0].n, p[1].n, q[0].coeffs[0], q[0].coeffs[1], q[1].coeffs[0], q[1].coeffs[1]]
    result = [int(v) for v in garaga_rs.multi_pairing(0, flat)]
    assert result == [1] + [0] * 11, "garaga: the check does not hold"
    garaga_best = float("inf")
    for _ in range(args.rounds):
        start = time.perf_counter()
        for _ in range(args.repeat):
            garaga_rs.multi_pairing(0, flat)
        garaga_best = min(garaga_best, (time.perf_counter() - start) / args.repeat)

    out = subprocess.run([args.rollport, "precompile", "bench-pairing", data.hex(), "--repeat", str(args.repeat), "--rounds", str(args.rounds)],
                         check=True, capture_output=True, text=True).stdout
    project = json.loads(out)
    assert project["output"] == "0x" + "00" * 31 + "01", "rollport: the check does not hold"
    check_ms = project["microsecondsPerCheck"] / 1000
    call_ms = project["microsecondsPerCall"] / 1000

    print("2-pair check e(aP, bQ)·e(-abP, Q) = 1, same input for all; one thread; best of %d rounds" % args.rounds)
    print("%-58s %10s %16s" % ("", "ms", "× rollport check"))
    print("%-58s %10.3f %16s" % ("rollport pairing check (decoded points)", check_ms, "1.00"))
    print("%-58s %10.3f %16.2f" % ("rollport ecPairing precompile (decode + subgroup + check)", call_ms, call_ms / check_ms))
    print("%-58s %10.3f %16.2f" % ("garaga %s multi_pairing (native, Python call included)" % version("garaga"), garaga_best * 1000, garaga_best * 1000 / check_ms))
    print("%-58s %10.3f %16.2f" % ("py_ecc %s (pure Python)" % version("py_ecc"), py_best * 1000, py_best * 1000 / check_ms))
    print("targets: check <= 0.8 ms: %s; garaga / rollport >= 3: %s" % (
        "yes" if check_ms <= 0.8 else "no", "yes" if garaga_best * 1000 / check_ms >= 3 else "no"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

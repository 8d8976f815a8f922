#!/usr/bin/env python3
"""Public-key recovery per core: rollport (Debian libsecp256k1 through the toolkit) against
coincurve (libsecp256k1 bundled in the wheel), on the same signatures.

    swift build -c release --product rollport
    pip install coincurve
    python3 Benchmarks/recovery-vs-coincurve.py [--count 2048] [--rounds 5]

1. `rollport tx bench-signatures` signs COUNT messages with 64 test keys (RFC 6979) and prints
   `hash signature65 publickey65` lines.
2. coincurve recovers every public key (PublicKey.from_signature_and_message with hasher=None),
   checks it, then times the recoveries on this thread; best of ROUNDS.
3. `rollport tx bench-recover FILE` checks every recovery, then times them on one thread; best
   of ROUNDS. It reports recovery to the public key (what coincurve does) and to the address.

Prints both figures in microseconds per recovery and their ratio.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version

import coincurve

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=2048)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--rollport", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".build", "release", "rollport"))
    args = parser.parse_args()

    lines = subprocess.run([args.rollport, "tx", "bench-signatures", "--count", str(args.count)],
                           check=True, capture_output=True, text=True).stdout.split()
    cases = [(bytes.fromhex(lines[i]), bytes.fromhex(lines[i + 1]), bytes.fromhex(lines[i + 2])) for i in range(0, len(lines), 3)]
    assert len(cases) == args.count

    for msg, sig, expected in cases:
        got = coincurve.PublicKey.from_signature_and_message(sig, msg, hasher=None).format(compressed=False)
        assert got == expected, "coincurve disagrees with rollport's signer"

    recover = coincurve.PublicKey.from_signature_and_message
    best = float("inf")
    for _ in range(args.rounds):
        start = time.perf_counter()
        for msg, sig, _ in cases:
            recover(sig, msg, hasher=None)
        best = min(best, time.perf_counter() - start)
    coincurve_us = best * 1e6 / len(cases)

    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        for msg, sig, expected in cases:
            f.write("%s %s %s\n" % (msg.hex(), sig.hex(), expected.hex()))
        path = f.name
    try:
        out = subprocess.run([args.rollport, "tx", "bench-recover", path, "--rounds", str(args.rounds)],
                             check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(path)
    project = json.loads(out)
    rollport_us = project["microsecondsPerRecovery"]

    print("signatures: %d from rollport tx bench-signatures, best of %d rounds, one thread each" % (len(cases), args.rounds))
    print("coincurve %s:                     %.2f µs per recovery (Python call included)" % (version("coincurve"), coincurve_us))
    print("rollport (to public key):           %.2f µs per recovery" % rollport_us)
    print("rollport (to address, + keccak):    %.2f µs per recovery" % project["microsecondsPerRecoveryWithAddress"])
    print("ratio rollport / coincurve:         %.2f (target ≤ 1.2)" % (rollport_us / coincurve_us))
    return 0 if rollport_us / coincurve_us <= 1.2 else 1


if __name__ == "__main__":
    sys.exit(main())

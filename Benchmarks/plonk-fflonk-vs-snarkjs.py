#!/usr/bin/env python3
"""snarkjs PLONK, FFLONK and Groth16 verification: rollport against snarkjs itself (Node, its
WASM bn128 arithmetic, one thread) on the same files, in one run.

    swift build -c release --product rollport
    python3 Benchmarks/plonk-fflonk-vs-snarkjs.py --snarkjs PATH/TO/snarkjs.min.js [--rounds 3] [--repeat 100]

`--snarkjs` is the browser bundle `build/snarkjs.min.js` of the snarkjs release to compare with
(0.7.6 made the vectors); it needs only `node` (Debian's nodejs), no npm install. The proofs
are proofs/snarkjs/{plonk,plonk_4pub,fflonk,groth16} of the shared vectors (ROLLPORT_VECTORS,
else ../shared/vectors).

1. snarkjs: `snarkjs.<system>.verify(vk, public, proof)` in one Node process, each proof first
   checked to verify, then REPEAT calls timed one by one; the median of the best round.
2. rollport: `rollport verify <system> --repeat REPEAT --json`, the median of the verification
   alone (key prepared once, parsing excluded), best median of ROUNDS runs; FFLONK under both
   semantics (snarkjs's, and its Solidity verifier's with the prover's inverse checked).

Prints a table in milliseconds with snarkjs / rollport ratios.
"""
import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

NODE_TIMER = r"""
const fs = require('fs'), vm = require('vm');
vm.runInThisContext(fs.readFileSync(process.argv[1], 'utf8') + '\nglobalThis.snarkjs = snarkjs;');
const [dir, rounds, repeat] = [process.argv[2], +process.argv[3], +process.argv[4]];
const read = (p) => JSON.parse(fs.readFileSync(dir + '/' + p));
(async () => {
  const out = {};
  for (const [system, name] of [['plonk', 'plonk'], ['plonk', 'plonk_4pub'], ['fflonk', 'fflonk'], ['groth16', 'groth16']]) {
    const vk = read(name + '/verification_key.json'), proof = read(name + '/proof.json');
    const pub = read(name + '/public.json'), tampered = read(name + '/public_tampered.json');
    if (!(await snarkjs[system].verify(vk, pub, proof))) throw new Error(name + ': does not verify');
    if (await snarkjs[system].verify(vk, tampered, proof)) throw new Error(name + ': tampered input verifies');
    let best = Infinity;
    for (let r = 0; r < rounds; r++) {
      const samples = [];
      for (let i = 0; i < repeat; i++) {
        const start = process.hrtime.bigint();
        await snarkjs[system].verify(vk, pub, proof);
        samples.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      samples.sort((a, b) => a - b);
      best = Math.min(best, samples[Math.floor(samples.length / 2)]);
    }
    out[name] = best;
  }
  console.log(JSON.stringify(out));
  process.exit(0);
})().catch((e) => { console.error(e); process.exit(1); });
"""


def rollport_median(args, system, name, extra=()):
    d = os.path.join(args.vectors, "proofs", "snarkjs", name)
    medians = []
    for _ in range(args.rounds):
        out = subprocess.run([args.rollport, "verify", system, "--vk", os.path.join(d, "verification_key.json"),
                              "--proof", os.path.join(d, "proof.json"), "--public", os.path.join(d, "public.json"),
                              "--repeat", str(args.repeat), "--json", *extra], check=True, capture_output=True, text=True).stdout
        result = json.loads(out)
        assert result["valid"] is True, "rollport: %s does not verify" % name
        medians.append(result["medianMs"])
    return min(medians)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--snarkjs", required=True, help="snarkjs's build/snarkjs.min.js")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--rollport", default=os.path.join(HERE, "..", ".build", "release", "rollport"))
    parser.add_argument("--vectors", default=os.environ.get("ROLLPORT_VECTORS") or os.path.join(HERE, "..", "..", "shared", "vectors"))
    args = parser.parse_args()
    node_version = subprocess.run(["node", "--version"], check=True, capture_output=True, text=True).stdout.strip()
    snarkjs = json.loads(subprocess.run(
        ["node", "-e", NODE_TIMER, args.snarkjs, os.path.join(args.vectors, "proofs", "snarkjs"), str(args.rounds), str(args.repeat)],
        check=True, capture_output=True, text=True).stdout)

    rows = [
        ("PLONK, 2 public inputs", "plonk", rollport_median(args, "plonk", "plonk")),
        ("PLONK, 4 public inputs (Qc at infinity)", "plonk_4pub", rollport_median(args, "plonk", "plonk_4pub")),
        ("FFLONK, 1 public input, snarkjs semantics", "fflonk", rollport_median(args, "fflonk", "fflonk", ("--semantics", "snarkjs"))),
        ("FFLONK, 1 public input, Solidity semantics (inv checked)", "fflonk",
         rollport_median(args, "fflonk", "fflonk", ("--semantics", "solidity"))),
        ("Groth16, 2 public inputs", "groth16", rollport_median(args, "groth16", "groth16")),
    ]
    print("verify one proof, same files; snarkjs (node %s, WASM, one thread) vs rollport (prepared key), median ms" % node_version)
    print("%-60s %10s %10s %10s" % ("", "rollport", "snarkjs", "ratio"))
    for label, name, ms in rows:
        print("%-60s %10.3f %10.3f %9.1fx" % (label, ms, snarkjs[name], snarkjs[name] / ms))
    return 0


if __name__ == "__main__":
    sys.exit(main())

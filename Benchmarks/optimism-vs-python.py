#!/usr/bin/env python3
"""Side-by-side: the Unichain 3-blob span batch decoded to its 3,196 transaction hashes by an
independent Python decoder (brotli, rlp, pycryptodome keccak) and by OptimismBenchmarks in the
same run. The Python side checks its hashes against the expected file, then times itself;
the Swift side is `swift package benchmark --target OptimismBenchmarks` (release), which checks
its own result before timing. Usage: python3 Benchmarks/optimism-vs-python.py [rounds]
"""
import json, os, re, statistics, subprocess, sys, time

import brotli
import rlp
from Crypto.Hash import keccak

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VECTORS = os.environ.get("ROLLPORT_VECTORS") or os.path.join(ROOT, "..", "shared", "vectors")
OPT = os.path.join(VECTORS, "optimism")
CHAIN_ID = 130


def keccak256(b):
    return keccak.new(digest_bits=256, data=b).digest()


def blob_to_data(blob):
    # 4 field elements of 32 bytes carry 127 bytes; byte 0 of each holds 6 bits.
    out = bytearray()
    for r in range(1024):
        i = r * 128
        a, b, c, d = blob[i], blob[i + 32], blob[i + 64], blob[i + 96]
        if (a | b | c | d) & 0xC0:
            raise ValueError("field element high bits set")
        out += blob[i + 1:i + 32]
        out.append((a & 0x3F) | ((b & 0x30) << 2))
        out += blob[i + 33:i + 64]
        out.append((b & 0x0F) | ((d & 0x0F) << 4))
        out += blob[i + 65:i + 96]
        out.append((c & 0x3F) | ((d & 0x30) << 2))
        out += blob[i + 97:i + 128]
    if out[0] != 0:
        raise ValueError("version")
    n = int.from_bytes(out[1:4], "big")
    if any(out[4 + n:]):
        raise ValueError("padding")
    return bytes(out[4:4 + n])


def frames(data):
    assert data[0] == 0
    p, out = 1, []
    while p < len(data):
        n = int.from_bytes(data[p + 18:p + 22], "big")
        out.append((data[p:p + 16], int.from_bytes(data[p + 16:p + 18], "big"), data[p + 22:p + 22 + n], data[p + 22 + n]))
        p += 23 + n
    return out


class Reader:
    def __init__(self, b, p=0):
        self.b, self.p = b, p

    def uvarint(self):
        v = s = 0
        while True:
            x = self.b[self.p]; self.p += 1
            v |= (x & 0x7F) << s; s += 7
            if x < 0x80:
                return v

    def take(self, n):
        v = self.b[self.p:self.p + n]; self.p += n
        return v

    def bits(self, n):
        k = (n + 7) // 8
        v = int.from_bytes(self.take(k), "big")
        return [(v >> i) & 1 for i in range(n)]


def rlp_item_end(b, p):
    x = b[p]
    if x < 0x80: return p + 1
    if x < 0xb8: return p + 1 + x - 0x80
    if x < 0xc0: l = x - 0xb7; return p + 1 + l + int.from_bytes(b[p + 1:p + 1 + l], "big")
    if x < 0xf8: return p + 1 + x - 0xc0
    l = x - 0xf7; return p + 1 + l + int.from_bytes(b[p + 1:p + 1 + l], "big")


def span_hashes(stream):
    # One RLP string holding 0x01 ‖ span batch.
    end = rlp_item_end(stream, 0)
    hdr = end - len(rlp.decode(stream[:end]))
    r = Reader(stream, hdr)
    assert r.take(1) == b"\x01"
    r.uvarint(); r.uvarint(); r.take(40)
    blocks = r.uvarint()
    r.bits(blocks)
    counts = [r.uvarint() for _ in range(blocks)]
    n = sum(counts)
    creation, parity = r.bits(n), r.bits(n)
    sigs = [(int.from_bytes(r.take(32), "big"), int.from_bytes(r.take(32), "big")) for _ in range(n)]
    tos = [None if creation[i] else None for i in range(n)]
    for i in range(n):
        if not creation[i]:
            tos[i] = r.take(20)
    datas = []
    for _ in range(n):
        t = 0
        if r.b[r.p] < 0xc0:
            t = r.b[r.p]; r.p += 1
        e = rlp_item_end(r.b, r.p)
        datas.append((t, rlp.decode(r.b[r.p:e])))
        r.p = e
    nonces = [r.uvarint() for _ in range(n)]
    gases = [r.uvarint() for _ in range(n)]
    legacy = sum(1 for t, _ in datas if t == 0)
    protected = r.bits(legacy)
    hashes, li = [], 0
    for i, (t, f) in enumerate(datas):
        to = tos[i] or b""
        rr, ss = sigs[i]
        y = parity[i]
        if t == 0:
            v = CHAIN_ID * 2 + 35 + y if protected[li] else 27 + y
            li += 1
            enc = rlp.encode([nonces[i], f[1], gases[i], to, f[0], f[2], v, rr, ss])
        elif t == 1:
            enc = b"\x01" + rlp.encode([CHAIN_ID, nonces[i], f[1], gases[i], to, f[0], f[2], f[3], y, rr, ss])
        elif t == 2:
            enc = b"\x02" + rlp.encode([CHAIN_ID, nonces[i], f[1], f[2], gases[i], to, f[0], f[3], f[4], y, rr, ss])
        else:
            enc = b"\x04" + rlp.encode([CHAIN_ID, nonces[i], f[1], f[2], gases[i], to, f[0], f[3], f[4], f[5], y, rr, ss])
        hashes.append(keccak256(enc))
    return hashes


def decode(blobs):
    fs = [f for blob in blobs for f in frames(blob_to_data(blob))]
    channel = b"".join(d for _, _, d, _ in sorted(fs, key=lambda f: f[1]))
    assert channel[0] == 1
    return span_hashes(brotli.decompress(channel[1:]))


def swift_medians_us():
    """p50 and p0 of each Unichain hash benchmark, by name: 1 thread and 2 threads."""
    cmd = ["swift", "package", "benchmark", "--target", "OptimismBenchmarks", "--filter",
           r"Unichain 3 blobs to 3,196 tx hashes( \(2 threads\))?$", "--time-units", "microseconds"]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True).stdout
    results, name = {}, None
    for line in out.splitlines():
        if line.startswith("Unichain 3 blobs"):
            name = line.strip()
        elif line.startswith("│ Time (wall clock)") and name:
            cells = [c.strip() for c in line.split("│")[1:-1]]
            results[name] = (float(cells[3]), float(cells[1]))  # p50, p0
    if len(results) != 2:
        sys.exit("could not read the Swift benchmark's output:\n" + out[-2000:])
    return results


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    expected = json.load(open(os.path.join(OPT, "blobs", "unichain_blobs.expected.json")))
    blobs = [open(os.path.join(OPT, b["file"]), "rb").read() for b in expected["blobs"]]
    hashes = decode(blobs)
    digest = "0x" + keccak256(b"".join(hashes)).hex()
    if len(hashes) != 3196 or digest != expected["span_batch"]["all_tx_hashes_digest"]:
        sys.exit(f"python decoder: {len(hashes)} hashes, digest {digest} does not match the expected file")
    times = []
    for _ in range(rounds):
        t = time.perf_counter(); decode(blobs); times.append((time.perf_counter() - t) * 1e6)
    py = statistics.median(times)
    swift = swift_medians_us()
    print(f"Unichain 3 blobs -> 3,196 tx hashes (both checked against the expected digest)")
    print(f"  python (brotli {brotli.__version__ if hasattr(brotli, '__version__') else ''}, rlp, pycryptodome), median of {rounds}: {py:,.0f} us (best {min(times):,.0f})")
    for name, (sw, sw_best) in sorted(swift.items()):
        print(f"  swift '{name}', p50: {sw:,.0f} us (p0 {sw_best:,.0f}); python / swift (medians): {py / sw:.1f}x")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Reference vectors for the Solidity ABI tests (writes abi.json beside this script).

Everything here is computed by independent libraries from PyPI, never by Rollport:
  - eth-abi: standard encoding and decoding (`eth_abi.encode` / `decode`), packed encoding of
    scalars (`eth_abi.packed.encode_packed`), and the inputs it refuses when decoding;
  - eth-utils (keccak through eth-hash with pycryptodome): selectors, topics, EIP-55 checksums.

Packed arrays: Solidity pads every element of an array to 32 bytes in `abi.encodePacked`
("The encoding of an array is the concatenation of the encoding of its elements with padding"),
but eth-abi's `encode_packed` packs array elements at their own width. For arrays the expected
bytes are therefore the concatenation of `eth_abi.encode([element], [x])` for each element, which
is exactly the rule Solidity documents; `packed_eth_abi` records what eth-abi itself returns.

Usage:  pip install eth-abi eth-utils pycryptodome && python3 abi.py
"""
import json
import os
import random
from importlib.metadata import version

from eth_abi import decode, encode
from eth_abi.packed import encode_packed
from eth_utils import keccak, to_checksum_address

rng = random.Random(20240601)


def addr(seed):
    return to_checksum_address("0x" + keccak(text=seed)[:20].hex())


def rbytes(n):
    return bytes(rng.getrandbits(8) for _ in range(n))


def to_json(t, v):
    """A value in the JSON form the Swift tests compare with (ABIValue.json)."""
    t = t.strip()
    if t.endswith("]"):
        inner = t[: t.rindex("[")]
        return [to_json(inner, x) for x in v]
    if t.startswith("("):
        return [to_json(c, x) for c, x in zip(split_tuple(t), v)]
    if t.startswith("uint") or t.startswith("int"):
        return str(v)
    if t == "address":
        return to_checksum_address(v)
    if t == "bool":
        return v
    if t.startswith("bytes"):
        return "0x" + v.hex()
    if t == "string":
        return v
    raise ValueError(t)


def split_tuple(t):
    body, depth, parts, cur = t[1:-1], 0, [], ""
    for ch in body:
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
            continue
        depth += ch in "(["
        depth -= ch in ")]"
        cur += ch
    if cur:
        parts.append(cur)
    return parts


A, B, C = addr("a"), addr("b"), addr("c")

# (name, types, values)
ENCODE_CASES = [
    ("uint8 bounds", ["uint8", "uint8"], [0, 255]),
    ("uint widths", ["uint16", "uint24", "uint64", "uint128"], [65535, 0x123456, 2**64 - 1, 2**127 + 5]),
    ("uint256 max", ["uint256"], [2**256 - 1]),
    ("int8 bounds", ["int8", "int8", "int8"], [-128, 127, -1]),
    ("int widths", ["int24", "int64", "int128"], [-5, -(2**63), 2**127 - 1]),
    ("int256 bounds", ["int256", "int256"], [-(2**255), 2**255 - 1]),
    ("address", ["address", "address"], [A, "0x0000000000000000000000000000000000000000"]),
    ("bool", ["bool", "bool"], [True, False]),
    ("bytesN", ["bytes1", "bytes4", "bytes20", "bytes32"], [b"\x01", b"\xa9\x05\x9c\xbb", rbytes(20), rbytes(32)]),
    ("bytes empty", ["bytes"], [b""]),
    ("bytes one word", ["bytes"], [rbytes(32)]),
    ("bytes 33", ["bytes"], [rbytes(33)]),
    ("string", ["string"], ["hello"]),
    ("string empty", ["string"], [""]),
    ("string unicode", ["string"], ["h\u00e9llo \u2713 \U0001f600"]),
    ("dynamic array empty", ["uint256[]"], [[]]),
    ("dynamic array", ["uint256[]"], [[1, 2, 3]]),
    ("fixed array", ["uint8[3]"], [[1, 2, 255]]),
    ("string array", ["string[]"], [["a", "bc", ""]]),
    ("fixed array of bytes", ["bytes[2]"], [[b"\x01\x02", rbytes(40)]]),
    ("static tuple", ["(uint256,address,bool)"], [(7, A, True)]),
    ("dynamic tuple", ["(uint256,bytes)"], [(1, b"\xde\xad\xbe\xef")]),
    ("nested tuple", ["(uint256,(bool,string),address[])"], [(9, (False, "x"), [A, B])]),
    ("dynamic array of tuples", ["(uint256,bytes)[]"], [[(1, b"\x01"), (2, b""), (3, rbytes(70))]]),
    ("fixed array of static tuples", ["(address,uint96)[2]"], [[(A, 10**18), (B, 2**96 - 1)]]),
    ("nested dynamic arrays", ["uint256[][]"], [[[1], [], [2, 3]]]),
    ("dynamic array of fixed string arrays", ["string[2][]"], [[["a", "b"], ["", "long string " * 4]]]),
    ("fixed array of dynamic tuples", ["((bytes,uint8)[],string)[2]"], [[([(b"\x01", 1)], "p"), ([], "q")]]),
    ("mixed parameters", ["uint256", "bytes", "bool", "string[]", "int16"], [5, rbytes(5), True, ["x", "yz"], -300]),
    ("static after dynamic", ["bytes", "uint256", "string", "address"], [b"\xff", 1, "s", C]),
    ("bytes32 array", ["bytes32[]"], [[rbytes(32), rbytes(32)]]),
    ("int array", ["int8[]"], [[-1, 0, 1, -128]]),
    ("bool and address arrays", ["bool[2]", "address[]"], [[True, False], [A, B, C]]),
    ("deep nesting", ["((((uint8,bytes))))"], [((((1, b"\x02"),),),)]),
]

# (name, function signature, values): calldata = selector ‖ encode(inputs)
CALLDATA_CASES = [
    ("transfer", "transfer(address,uint256)", [A, 10**18]),
    ("approve max", "approve(address,uint256)", [B, 2**256 - 1]),
    ("commitBatch", "commitBatch(uint8,bytes,bytes[],bytes)", [0, rbytes(89), [rbytes(60), rbytes(61)], b""]),
    ("tuple argument", "submit((uint64,bytes32,address)[],bytes)", [[(1, rbytes(32), A), (2, rbytes(32), B)], rbytes(3)]),
]

PACKED_CASES = [
    ("small integers", ["uint8", "uint16", "int8", "int24"], [1, 0x0203, -1, -2]),
    ("uint256 and int256", ["uint256", "int256"], [2**200 + 1, -(2**100)]),
    ("address bool bytesN", ["address", "bool", "bytes4", "bytes32"], [A, True, b"\xa9\x05\x9c\xbb", rbytes(32)]),
    ("bytes and string in place", ["bytes", "string", "bytes"], [rbytes(7), "ab,c", b""]),
    ("message hash preimage", ["address", "address", "uint256", "uint256", "uint256", "uint256", "bytes"],
     [A, B, 100, 200, 300, 10**18, rbytes(36)]),
    ("uint8 array padded", ["uint8[]"], [[1, 2]]),
    ("int8 fixed array padded", ["int8[2]", "uint16"], [[-1, 5], 7]),
    ("address array padded", ["address[]"], [[A, B]]),
    ("bytes2 array padded", ["bytes2[]"], [[b"ab", b"cd"]]),
    ("bool array padded", ["bool[]"], [[True, False, True]]),
    ("empty array", ["uint256[]", "uint8"], [[], 9]),
]

SELECTORS = [
    "transfer(address,uint256)",
    "transferFrom(address,address,uint256)",
    "approve(address,uint256)",
    "balanceOf(address)",
    "allowance(address,address)",
    "totalSupply()",
    "depositETH(uint256,address,uint256)",
    "addSequencerL2BatchFromOrigin(uint256,bytes,uint256,address,uint256,uint256)",
    "commitBatch(uint8,bytes,bytes[],bytes)",
    "proveL2MessageInclusion(uint256,uint256,(uint16,bool,address,bytes32,bytes32),bytes32[])",
    "multicall((address,bytes)[])",
    "f(uint256[2][],string[],(int8,bytes4)[3])",
]

TOPICS = [
    "Transfer(address,address,uint256)",
    "Approval(address,address,uint256)",
    "Deposit(address,uint256)",
    "Withdrawal(address,uint256)",
    "TransactionDeposited(address,address,uint256,bytes)",
    "SequencerBatchDelivered(uint256,bytes32,bytes32,bytes32,uint256,(uint64,uint64,uint64,uint64),uint8)",
    "MessageDelivered(uint256,bytes32,address,uint8,address,bytes32,uint256,uint64)",
]

CHECKSUM_ADDRESSES = [
    # EIP-55's examples (written lower-case here; the checksummed form is eth-utils' output).
    "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
    "0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359",
    "0xdbf03b407c01e7cd3cbea99509d93f8dddc8c6fb",
    "0xd1220a0cf47c7b9be7a2e6ba89f429762e7b9adb",
    "0x52908400098527886e0f7030069857d2e4169ee7",
    "0xde709f2102306220921060314715629080e2fb77",
    "0x0000000000000000000000000000000000000000",
] + ["0x" + rbytes(20).hex() for _ in range(5)]

W = lambda n: n.to_bytes(32, "big")


def rejected_cases():
    """Inputs eth-abi's strict decoder refuses; the Swift decoder must refuse them as well."""
    cases = [
        ("uint8 with a dirty high byte", ["uint8"], W(0x100)),
        ("uint64 with a dirty high byte", ["uint64"], b"\x01" + b"\x00" * 31),
        ("address with a dirty high byte", ["address"], b"\x00" * 11 + b"\x01" + bytes.fromhex(A[2:])),
        ("bool 2", ["bool"], W(2)),
        ("int8 not sign-extended", ["int8"], W(0xFF)),
        ("int8 negative not sign-extended", ["int8"], b"\x00" * 30 + b"\xff\xff"),
        ("bytes4 with dirty padding", ["bytes4"], b"\xa9\x05\x9c\xbb" + b"\x00" * 27 + b"\x01"),
        ("bytes with dirty padding", ["bytes"], W(32) + W(1) + b"\x01" + b"\x00" * 30 + b"\x01"),
        ("string not UTF-8", ["string"], W(32) + W(2) + b"\xff\xfe" + b"\x00" * 30),
        ("offset past the end", ["bytes"], W(0x1000) + W(0)),
        ("huge offset", ["bytes"], b"\xff" * 32),
        ("length past the end", ["bytes"], W(32) + W(64) + b"\x00" * 32),
        ("huge length", ["string"], W(32) + b"\xff" * 32),
        ("huge array length", ["uint256[]"], W(32) + b"\x7f" + b"\xff" * 31),
        ("truncated word", ["uint256"], b"\x00" * 31),
        ("truncated payload", ["bytes"], W(32) + W(5) + b"\x01\x02"),
        ("empty input", ["uint256"], b""),
    ]
    out = []
    for name, types, data in cases:
        try:
            decode(types, data)
        except Exception as e:  # noqa: BLE001 - any refusal is what is recorded
            out.append({"name": name, "types": types, "data": "0x" + data.hex(), "eth_abi_error": type(e).__name__})
            continue
        raise SystemExit(f"eth-abi accepted {name!r}; the case is not a rejection")
    return out


def policy_cases():
    """Inputs eth-abi accepts but Rollport's decoder refuses on purpose (documented policy)."""
    canonical = encode(["bytes"], [b"\x01"])
    cases = [
        ("trailing bytes", ["uint256"], W(1) + b"\x00", "trailing bytes are refused by default"),
        ("gap before the tail", ["bytes"], W(64) + W(0) + W(1) + b"\x01" + b"\x00" * 31,
         "the tail must start where the canonical encoder puts it"),
        ("overlapping tails", ["bytes", "bytes"], W(64) + W(64) + canonical[32:],
         "two values cannot share one tail"),
    ]
    out = []
    for name, types, data, why in cases:
        decode(types, data)  # eth-abi accepts these
        out.append({"name": name, "types": types, "data": "0x" + data.hex(), "eth_abi": "accepts", "why": why})
    return out


def packed_expected(types, values):
    out = b""
    for t, v in zip(types, values):
        if t.endswith("]"):
            element = t[: t.rindex("[")]
            out += b"".join(encode([element], [x]) for x in v)
        else:
            out += encode_packed([t], [v])
    return out


def main():
    encode_cases = []
    for name, types, values in ENCODE_CASES:
        data = encode(types, values)
        encode_cases.append({"name": name, "types": types, "values": [to_json(t, v) for t, v in zip(types, values)],
                             "encoded": "0x" + data.hex()})

    calldata_cases = []
    for name, signature, values in CALLDATA_CASES:
        types = split_tuple(signature[signature.index("("):])
        data = keccak(text=signature)[:4] + encode(types, values)
        calldata_cases.append({"name": name, "signature": signature,
                               "values": [to_json(t, v) for t, v in zip(types, values)], "calldata": "0x" + data.hex()})

    packed_cases = []
    for name, types, values in PACKED_CASES:
        case = {"name": name, "types": types, "values": [to_json(t, v) for t, v in zip(types, values)],
                "encoded": "0x" + packed_expected(types, values).hex()}
        eth_abi_bytes = encode_packed(types, values)
        if eth_abi_bytes != packed_expected(types, values):
            case["packed_eth_abi"] = "0x" + eth_abi_bytes.hex()
        packed_cases.append(case)

    document = {
        "description": "Solidity ABI reference vectors written by Tests/Fixtures/Reference/abi.py with "
                       f"eth-abi {version('eth-abi')}, eth-utils {version('eth-utils')}, eth-hash {version('eth-hash')}, "
                       f"pycryptodome {version('pycryptodome')}. Values: integers as decimal strings, addresses "
                       "EIP-55 checksummed, bytes as 0x hex, tuples and arrays as JSON arrays. Packed arrays pad "
                       "each element to 32 bytes as Solidity does; where eth-abi's encode_packed differs, its "
                       "output is recorded as packed_eth_abi.",
        "encode": encode_cases,
        "calldata": calldata_cases,
        "packed": packed_cases,
        "selectors": [{"signature": s, "selector": "0x" + keccak(text=s)[:4].hex()} for s in SELECTORS],
        "topics": [{"signature": s, "topic0": "0x" + keccak(text=s).hex()} for s in TOPICS],
        "checksums": [{"address": a, "checksummed": to_checksum_address(a)} for a in CHECKSUM_ADDRESSES],
        "rejected": rejected_cases(),
        "policy": policy_cases(),
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "abi.json")
    with open(path, "w") as f:
        json.dump(document, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# Sets everything up and runs the main job on the built-in development L1, then shows the other
# capabilities on the example chains.
set -euo pipefail
cd "$(dirname "$0")"

packages=(libsecp256k1-dev libleveldb-dev libffi-dev libbrotli-dev zlib1g-dev libzstd-dev pkg-config gcc)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}"
    sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}"
fi

# Every product: the host, the Swift adapters, and the C example built against the header alone.
swift build
bin="$(swift build --show-bin-path)"
mkdir -p .build/examples
cc -std=c11 -Wall -Wextra -Werror -shared -fPIC -O2 -I PluginSDK/include \
    PluginSDK/examples/minimal-c/minimal.c -o .build/examples/libminimal_c.so
export ROLLPORT_PLUGIN_PATH="$PWD/.build/examples"
export ROLLPORT_MANIFESTS="Manifests:PluginSDK/examples/minimal-swift:PluginSDK/examples/minimal-c"
rollport="$bin/rollport"

echo; echo "== rollport version"; "$rollport" version

# The main job: follow L1 into a LevelDB data directory. The built-in devnet (a development chain,
# L1 chain id 900, with OP Stack batches, deposits and withdrawals) is served on loopback and
# followed through the JSON-RPC client; a second run continues from the stored cursor.
data=.build/quickstart-data
rm -rf "$data"
echo; echo "== the main job: follow the devnet to L1 block 24"
"$rollport" run --devnet --until-l1-block 24 --datadir "$data" --log-level warning
echo; echo "== again to block 32: only the new blocks are processed"
"$rollport" run --devnet --until-l1-block 32 --datadir "$data" --log-level warning --json
# A run serves the JSON-RPC API (127.0.0.1:8645) and /metrics, /healthz (127.0.0.1:7300) while it
# follows; `serve` answers the same from what is stored, here on free ports.
echo; echo "== the JSON-RPC API over what the runs stored (rollport serve, rollport rpc call)"
"$rollport" serve --datadir "$data" --manifests Manifests/devnet --rpc.port 0 --metrics.port 0 --log-level info \
    2>.build/quickstart-serve.log &
serve=$!
trap 'kill "$serve" 2>/dev/null || true' EXIT
api=""
for _ in $(seq 1 200); do
    api="$(sed -n 's/.*msg="serving JSON-RPC API" url=\([^ ]*\).*/\1/p' .build/quickstart-serve.log | head -1)"
    [ -n "$api" ] && break
    sleep 0.05
done
[ -n "$api" ] || { cat .build/quickstart-serve.log >&2; exit 1; }
"$rollport" rpc call --url "$api" rollport_syncStatus
"$rollport" rpc call --url "$api" rollport_getBatches '{"chain": "op-devnet", "fromL1Block": 32, "toL1Block": 32}'
kill "$serve"; wait "$serve" 2>/dev/null || true
echo; echo "== chains"; "$rollport" chains list
echo; echo "== adapters"; "$rollport" plugins list
echo; echo "== conformance: C example"
"$rollport" plugins check .build/examples/libminimal_c.so --manifest PluginSDK/examples/minimal-c/minimal-c.toml
echo; echo "== conformance: the Optimism adapter"
"$rollport" plugins check "$bin/libOptimismAdapter.so" --manifest Manifests/optimism.toml
echo; echo "== conformance: Swift example"
"$rollport" plugins check "$bin/libMinimalSwiftAdapter.so" --manifest PluginSDK/examples/minimal-swift/minimal-swift.toml
echo; echo "== route an example batch (calldata to the example inbox)"
"$rollport" route --explain '{"to": "0x000000000000000000000000000000000000e1a0", "input": "0xe0000000000000002a00ff", "blockNumber": "0x10"}'
echo; echo "== route an example deposit log"
"$rollport" route --json '{"address": "0x000000000000000000000000000000000000e1a1",
  "topics": ["0x0ce5d59899998588447ea229b06cda979bc064e102442f46b83e06519fdef4ff",
             "0x00000000000000000000000000000000000000000000000000000000000000aa"],
  "data": "0x0000000000000000000000000000000000000000000000000de0b6b3a7640000", "blockNumber": "0x11", "logIndex": "0x0"}'
echo; echo "== sign an example batch with a test key, then route the raw transaction (its sender is recovered)"
test_key=0x4646464646464646464646464646464646464646464646464646464646464646
raw="$("$rollport" tx sign --key "$test_key" --type 2 --chain-id 1 --nonce 7 \
    --to 0x000000000000000000000000000000000000e1a0 --data 0xe0000000000000002a00ff)"
"$rollport" tx decode "$raw"
"$rollport" route --explain "$raw"

echo; echo "== OP Stack: two L2 blocks (one signed L2 transaction) encoded as a span batch, then decoded"
l2tx="$("$rollport" tx sign --key "$test_key" --chain-id 10 --nonce 0 --to 0x000000000000000000000000000000000000dEaD --value 1)"
origin_hash=0x$(printf 'ab%.0s' {1..32}); parent_hash=0x$(printf 'cd%.0s' {1..32})
blocks='{"blocks": [
  {"number": 117369690, "timestamp": 1710338157, "l1OriginNumber": 19426582, "l1OriginHash": "'$origin_hash'",
   "parentHash": "'$parent_hash'", "transactions": ["'$l2tx'"]},
  {"number": 117369691, "timestamp": 1710338159, "l1OriginNumber": 19426582, "l1OriginHash": "'$origin_hash'",
   "parentHash": "'$parent_hash'", "transactions": []}],
 "options": {"batchType": "span", "compression": "zlib", "da": "calldata"}}'
"$rollport" batch encode --chain op-mainnet "$blocks"
calldata="$("$rollport" batch encode --chain op-mainnet --json "$blocks" | python3 -c 'import json, sys; print(json.load(sys.stdin)["records"][0]["details"]["data"])')"
"$rollport" batch decode --senders --chain op-mainnet '{"to": "0xff00000000000000000000000000000000000010",
  "from": "0x6887246668a3b87F54DeB3b94Ba47a6f63F32985", "input": "'$calldata'"}'

#!/usr/bin/env bash
# Sets everything up and runs the main job on the built-in example chains.
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
export ROLLPORT_MANIFESTS="PluginSDK/examples/minimal-swift:PluginSDK/examples/minimal-c"
rollport="$bin/rollport"

echo; echo "== rollport version"; "$rollport" version
echo; echo "== chains"; "$rollport" chains list
echo; echo "== adapters"; "$rollport" plugins list
echo; echo "== conformance: C example"
"$rollport" plugins check .build/examples/libminimal_c.so --manifest PluginSDK/examples/minimal-c/minimal-c.toml
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

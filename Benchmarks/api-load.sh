#!/usr/bin/env bash
# The JSON-RPC API under load: rollport_syncStatus and rollport_getBatches over 100 L1 blocks,
# from 50 keep-alive clients on loopback, closed loop (as fast as answers come) and open loop
# (5,000 requests/s, latency from the scheduled send time), with rpc_modules (the smallest
# answer) as the floor of the HTTP and JSON-RPC path in the same run.
#
#   Benchmarks/api-load.sh [--duration SECONDS] [--following]
#
# The store is the devnet's first 150 L1 blocks (one 100-transaction OP span batch each, with
# deposits and withdrawals), written by `rollport run --devnet`. Without --following it is
# served by `rollport serve`; with it, by `rollport run` following `rollport devnet` (its own
# process, a new block every second) while the load runs. Release build; prints a table, and JSON lines with --json.
set -euo pipefail
cd "$(dirname "$0")/.."

duration=10
following=0
while [ $# -gt 0 ]; do
    case "$1" in
        --duration) duration="$2"; shift 2 ;;
        --following) following=1; shift ;;
        *) echo "usage: $0 [--duration SECONDS] [--following]" >&2; exit 2 ;;
    esac
done

swift build -c release --product rollport >/dev/null
bin="$(swift build -c release --show-bin-path)"
work="$(mktemp -d)"
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
cc -std=c11 -O2 -Wall -Wextra -Werror -D_GNU_SOURCE Benchmarks/RPCLoad/rpcload.c -o "$work/rpcload" -lm

"$bin/rollport" run --devnet --until-l1-block 150 --datadir "$work/data" --rpc.enabled false --metrics.enabled false \
    --log-level warning >/dev/null
if [ "$following" = 1 ]; then
    # The L1 in a process of its own, as a node is: the devnet, a new block every second.
    "$bin/rollport" devnet --port 0 --blocks 150 --block-time 1 --json >"$work/devnet.log" 2>&1 &
    devnet=$!
    trap 'kill "${server:-0}" "$devnet" 2>/dev/null || true; rm -rf "$work"' EXIT
    l1=""
    for _ in $(seq 1 600); do
        l1="$(sed -n 's/.*"rpc" *: *"\([^"]*\)".*/\1/p' "$work/devnet.log" | head -1)"
        [ -n "$l1" ] && break
        sleep 0.1
    done
    [ -n "$l1" ] || { echo "the devnet did not start:" >&2; cat "$work/devnet.log" >&2; exit 1; }
    "$bin/rollport" run --l1-rpc "$l1" --manifests Manifests/devnet --datadir "$work/data" --rpc.port 0 --metrics.port 0 \
        --log-level info >/dev/null 2>"$work/server.log" &
else
    "$bin/rollport" serve --datadir "$work/data" --manifests Manifests/devnet --rpc.port 0 --metrics.port 0 --log-level info \
        2>"$work/server.log" &
fi
server=$!
url=""
for _ in $(seq 1 200); do
    url="$(sed -n 's/.*msg="serving JSON-RPC API" url=\([^ ]*\).*/\1/p' "$work/server.log" | head -1)"
    [ -n "$url" ] && break
    sleep 0.05
done
[ -n "$url" ] || { echo "the server did not start:" >&2; cat "$work/server.log" >&2; exit 1; }

echo "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "server: $([ "$following" = 1 ] && echo "rollport run following rollport devnet (a block a second, its own process)" || echo "rollport serve"), $url, ${duration} s per row after 2 s warmup"
printf '%-34s %-14s %10s %9s %9s %9s %9s\n' "request" "load" "req/s" "p50 ms" "p90 ms" "p99 ms" "max ms"
declare -A bodies=(
    [rpc_modules]='{"jsonrpc":"2.0","id":1,"method":"rpc_modules"}'
    [rollport_syncStatus]='{"jsonrpc":"2.0","id":1,"method":"rollport_syncStatus"}'
    ["rollport_getBatches (100 blocks)"]='{"jsonrpc":"2.0","id":1,"method":"rollport_getBatches","params":["op-devnet",50,149]}'
)
for name in rpc_modules rollport_syncStatus "rollport_getBatches (100 blocks)"; do
    for rate in 0 5000; do
        out="$("$work/rpcload" --url "$url/" --body "${bodies[$name]}" --connections 50 --warmup 2 --duration "$duration" --rate "$rate" --json)"
        python3 - "$name" "$rate" "$out" <<'PY'
import json, sys
name, rate, r = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])
load = "closed loop" if rate == 0 else f"{rate}/s open"
bad = r["httpErrors"] + r["rpcErrors"]
print(f'{name:<34} {load:<14} {r["requestsPerSecond"]:>10.0f} {r["p50Ms"]:>9.3f} {r["p90Ms"]:>9.3f} {r["p99Ms"]:>9.3f} {r["maxMs"]:>9.3f}'
      + (f'  ({bad} errors)' if bad else ''))
PY
    done
done

#!/usr/bin/env bash
# Drives the nearest endpoint over HTTP on loopback with wrk, then a bare axum handler that
# answers a fixed JSON body of the same size, in the same run, and reports both and their
# ratio. Bounded: two runs of $SECONDS_PER_RUN seconds. Usage: bench/load-nearest.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
command -v wrk >/dev/null || apt_install wrk

SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}
CONNECTIONS=${CONNECTIONS:-32}

cargo build -p bench --release --bin load_server
out=$(mktemp)
target/release/load_server >"$out" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -f "$out"' EXIT
for _ in $(seq 300); do [ "$(grep -c '^\(real\|bare\) ' "$out")" = 2 ] && break; sleep 0.1; done
real=$(awk '/^real /{print $2}' "$out")
bare=$(awk '/^bare /{print $2}' "$out")
[ -n "$real" ] && [ -n "$bare" ] || { cat "$out"; exit 1; }

run() { wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency "$1"; }
echo "== nearest endpoint (full router, 30,000 institutions, SQLite)"; r=$(run "$real"); echo "$r"
echo "== bare axum handler, same body"; b=$(run "$bare"); echo "$b"
rps() { awk '/^Requests\/sec/{print $2}' <<<"$1"; }
python3 -c "r, b = $(rps "$r"), $(rps "$b"); print(f'nearest: {r:.0f} req/s; bare: {b:.0f} req/s; ratio nearest/bare = {r / b:.2f}')"

#!/usr/bin/env bash
# What a phone downloads for the first page: the HTML (rendered by a briefly started server),
# CSS, JS and wasm, raw and brotli-compressed.
#   --check   fail when JS + wasm (brotli) exceed the budget
#   --twiggy  also show what each crate costs in the wasm (raw bytes, before wasm-opt)
set -euo pipefail
cd "$(dirname "$0")/.."

# JS + wasm, brotli: at most 150 KB (issue 17; 144.6 KB on 2026-12-03).
BUDGET=${PORTAL_WASM_JS_BUDGET_BYTES:-150000}
PKG=target/site/pkg

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
work=$(mktemp -d)
LEPTOS_SITE_ADDR=127.0.0.1:$port DATABASE_URL="sqlite://$work/size.db" RUST_LOG=warn \
  target/release/portal >"$work/log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done
curl -sf "http://127.0.0.1:$port/" -o "$work/index.html"

br_size() { brotli -c -q 11 "$1" | wc -c; }
row() { printf '%-6s %10d %10d  %s\n' "$1" "$(wc -c <"$2")" "$(br_size "$2")" "$3"; }

css=$(ls $PKG/portal.*.css | grep -v '\.\(br\|gz\)$')
js=$(ls $PKG/portal.*.js | grep -v '\.\(br\|gz\)$')
wasm=$(ls $PKG/portal.*.wasm | grep -v '\.\(br\|gz\)$')

echo "First page (bytes)      raw     brotli"
row html "$work/index.html" "/"
row css "$css" "${css#target/site}"
row js "$js" "${js#target/site}"
row wasm "$wasm" "${wasm#target/site}"
total=$(( $(br_size "$js") + $(br_size "$wasm") ))
printf 'JS + wasm, brotli: %d bytes; budget %d (%d%% of it)\n' "$total" "$BUDGET" $(( total * 100 / BUDGET ))

if [ "${1:-}" = --twiggy ]; then
  command -v twiggy >/dev/null || cargo install twiggy --locked
  echo
  echo "wasm by crate (raw bytes of the cargo output, before wasm-bindgen and wasm-opt):"
  twiggy top -n 1000000 --format csv target/wasm32-unknown-unknown/wasm-release/frontend.wasm \
    | python3 scripts/twiggy_by_crate.py | head -n 25
fi

if [ "${1:-}" = --check ] && [ "$total" -gt "$BUDGET" ]; then
  echo "FAIL: JS + wasm exceed the budget by $(( total - BUDGET )) bytes" >&2
  exit 1
fi

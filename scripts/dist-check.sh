#!/usr/bin/env bash
# Starts the newest package of target/dist as a server would: unpacked into an empty folder,
# run from there with a clean environment (demo data, SQLite in a temporary folder), nothing
# read from this checkout. The home page must name its JS and wasm under /pkg/, each must be
# served (brotli when asked), and SIGTERM must stop the server cleanly. Exit 0, or 1 with the
# reason and the end of the server's log.
set -euo pipefail
cd "$(dirname "$0")/.."

package=$(ls -t target/dist/portal-*.tar.gz 2>/dev/null | head -n 1 || true)
work=$(mktemp -d)
pid=
stop() {
  [ -z "$pid" ] || { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
  rm -rf "$work"
}
trap stop EXIT
fail() {
  echo "dist-check: FAIL: $*" >&2
  [ ! -s "$work/log" ] || { echo "--- end of the server's log:" >&2; tail -n 20 "$work/log" >&2; }
  exit 1
}
[ -n "$package" ] || fail "no package in target/dist (make dist)"
echo "dist-check: $package"

mkdir "$work/unpacked" "$work/data"
tar -xzf "$package" -C "$work/unpacked"
top=("$work"/unpacked/*)
{ [ "${#top[@]}" = 1 ] && [ -d "${top[0]}" ]; } || fail "the package must hold exactly one folder"
root=${top[0]}
[ -x "$root/bin/portal" ] || fail "no bin/portal in the package"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
# env -i: no setting of this shell (PORTAL_*, DATABASE_URL) reaches the server.
(cd "$root" && exec env -i PATH=/usr/bin:/bin \
  LEPTOS_SITE_ROOT="$root/site" \
  LEPTOS_SITE_ADDR="127.0.0.1:$port" \
  DATABASE_URL="sqlite://$work/data/portal.db" \
  PORTAL_DEMO=true \
  RUST_LOG=warn \
  bin/portal serve) >"$work/log" 2>&1 &
pid=$!

for _ in $(seq 300); do
  curl -sf "$base/readyz" >/dev/null && break
  kill -0 "$pid" 2>/dev/null || fail "the server stopped during start-up"
  sleep 0.2
done
curl -sf "$base/readyz" >/dev/null || fail "/readyz not 200 within 60 s"

curl -sf "$base/" -o "$work/index.html" || fail "GET / did not answer 200"
mapfile -t assets < <(grep -oE '/pkg/[A-Za-z0-9._/-]+\.(js|wasm|css)' "$work/index.html" | sort -u)
printf '%s\n' "${assets[@]}" | grep -q '\.wasm$' || fail "the home page names no /pkg/….wasm"
printf '%s\n' "${assets[@]}" | grep -q '\.js$' || fail "the home page names no /pkg/….js"
for asset in "${assets[@]}"; do
  status=$(curl -s -o /dev/null -w '%{http_code}' "$base$asset")
  [ "$status" = 200 ] || fail "GET $asset answered $status"
  encoding=$(curl -s -o /dev/null -D - -H 'Accept-Encoding: br' "$base$asset" | tr -d '\r' |
    awk -F': ' 'tolower($1) == "content-encoding" { print $2 }')
  [ "$encoding" = br ] || fail "GET $asset with Accept-Encoding: br came back as '${encoding:-identity}'"
  echo "dist-check: $asset 200 (br)"
done

kill -TERM "$pid"
for _ in $(seq 50); do
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.2
done
kill -0 "$pid" 2>/dev/null && fail "the server did not stop within 10 s of SIGTERM"
code=0
wait "$pid" || code=$?
pid=
[ "$code" = 0 ] || fail "the server exited with $code after SIGTERM"
echo "dist-check: the package serves its pages and assets and stops cleanly"

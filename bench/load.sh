#!/usr/bin/env bash
# `make bench`: requests per second and p99 of the portal's public pages and answers and of a
# signed-in draft save, each beside a bare axum server sending the same bytes (for the draft
# save: one raw sqlx upsert of the same encrypted row; bench/src/bin/bare_server.rs), in one
# run, driven over loopback by wrk. The release portal runs as `make run` runs it (SQLite, the
# demo data), the write limit raised so that one client address may save thousands of times.
# Bounded: 12 runs of $SECONDS_PER_RUN seconds (default 8) and a few seconds of start-up.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
command -v wrk >/dev/null || apt_install wrk
SECONDS_PER_RUN=${SECONDS_PER_RUN:-8}
CONNECTIONS=${CONNECTIONS:-32}
cargo build -q -p bench --release --bin bare_server

work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait; rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port)
portal=http://127.0.0.1:$port
LEPTOS_SITE_ADDR=127.0.0.1:$port LEPTOS_SITE_ROOT=target/site DATABASE_URL="sqlite://$work/bench.db" \
  PORTAL_DEMO=true PORTAL_WRITES_PER_CLIENT_PER_MINUTE=1000000 \
  target/release/portal >"$work/portal.log" 2>&1 &
pids+=($!)
for _ in $(seq 300); do curl -fs "$portal/readyz" >/dev/null && break; sleep 0.1; done
curl -fs "$portal/readyz" >/dev/null || { cat "$work/portal.log"; exit 1; }

# A person (示例) signs in with the code the development SMS sender writes to the log.
phone=13900000001
challenge=$(curl -fs -H 'Content-Type: application/json' -d "{\"phone\":\"$phone\"}" "$portal/api/v1/auth/codes" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["challenge"])')
code=$(grep "${phone:0:3}\*\*\*\*${phone:7}" "$work/portal.log" | grep -o '验证码是[0-9]\{6\}' | tail -1 | grep -o '[0-9]\{6\}')
cookie=$(curl -fs -D - -o /dev/null -H 'Content-Type: application/json' \
  -d "{\"challenge\":\"$challenge\",\"code\":\"$code\"}" "$portal/api/v1/auth/session" |
  grep -io '__Host-portal_session=[^;]*')
# One page of the form, with a check only the server can make (the county is in its list).
draft='{"answers":{"household_division":"430104"}}'

office=$(curl -fs "$portal/api/v1/institutions?division=430104&limit=1" |
  python3 -c 'import json, sys; d = json.load(sys.stdin); print((d["items"] if isinstance(d, dict) else d)[0]["code"])')
declare -A paths=(
  [home]=/
  [institution list page]="/institutions?division=430104"
  [institution page]="/institutions/$office"
  [nearest API]="/api/v1/institutions/nearest?lat=28.2345&lon=112.9313&datum=wgs84&limit=10"
  [form definition API]=/api/v1/registration/form
)
names=(home "institution list page" "institution page" "nearest API" "form definition API")

target/release/bare_server "$portal" "sqlite://$work/bench.db" "$cookie" "$draft" "${paths[@]}" >"$work/bare.out" 2>&1 &
pids+=($!)
for _ in $(seq 300); do grep -q '^bare ' "$work/bare.out" && break; sleep 0.1; done
bare=$(awk '/^bare /{print $2}' "$work/bare.out")
[ -n "$bare" ] || { cat "$work/bare.out"; exit 1; }

cat >"$work/draft.lua" <<EOF
wrk.method = "PUT"
wrk.body = '$draft'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Cookie"] = "$cookie"
EOF
# "req/s p99_ms non-2xx" of one run.
run() {
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency "$@" | python3 -c '
import re, sys
out = sys.stdin.read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
v, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()
p99 = float(v) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
print(rps, p99, bad.group(1) if bad else 0)'
}
echo "make bench, $(date -u +%Y-%m-%d), $(nproc) cores, wrk -t2 -c$CONNECTIONS ${SECONDS_PER_RUN}s a run, portal and bare server in one run"
printf '%-22s %11s %9s %11s %9s %7s\n' "" "portal r/s" "p99 ms" "bare r/s" "p99 ms" "ratio"
row() {
  local name=$1; shift
  read -r r rp rbad < <(run "$@" "$portal${url_path}")
  read -r b bp bbad < <(run "$@" "$bare${url_path}")
  [ "$rbad$bbad" = 00 ] || echo "  ($name: $rbad portal and $bbad bare answers were not 2xx/3xx)"
  python3 -c "print(f'{\"$name\":<22} {$r:>11.0f} {$rp:>9.2f} {$b:>11.0f} {$bp:>9.2f} {$r / $b:>7.2f}')"
}
for name in "${names[@]}"; do url_path=${paths[$name]} row "$name"; done
url_path=/api/v1/me/registration/draft row "draft save (signed in)" -s "$work/draft.lua"

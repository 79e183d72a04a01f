#!/usr/bin/env bash
# The Rust tests again, with the system date faked (Debian's faketime) to moments where a
# date read from the machine instead of the clock would show: the last evening of a year in
# China (still the afternoon in UTC), a leap day, the first day of a month, and a day inside
# the 国庆 holiday. The suite passes on any date, or it is not done.
# Usage: scripts/test-other-dates.sh (after `cargo test -p app -p server --release` built it).
set -euo pipefail
cd "$(dirname "$0")/.."

# China time; the clock test checks that the faked date really reached the tests.
moments=(
  "2027-12-31 23:30:00 +0800"
  "2028-02-29 09:00:00 +0800"
  "2027-03-01 00:05:00 +0800"
  "2026-10-03 15:00:00 +0800"
)

# Each test binary with its package's folder, where cargo would run it.
mapfile -t binaries < <(
  cargo test -p app -p server --release --no-run --message-format=json 2>/dev/null |
    python3 -c 'import json, os, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("profile", {}).get("test") and m.get("executable"):
        print(os.path.dirname(m["manifest_path"]) + "\t" + m["executable"])'
)
[ "${#binaries[@]}" -gt 0 ] || { echo "no test binaries found" >&2; exit 1; }

for moment in "${moments[@]}"; do
  expect=$(TZ=Asia/Shanghai date -d "$moment" +%F)
  echo "== the Rust tests on ${moment} (China date ${expect})"
  for entry in "${binaries[@]}"; do
    IFS=$'\t' read -r dir bin <<<"$entry"
    # -m: the multi-threaded libfaketime (tokio); the monotonic clock stays real, so timers
    # and time-outs behave as they do on any day.
    (cd "$dir" && PORTAL_EXPECT_CHINA_DATE="$expect" TZ=UTC \
      faketime -m --exclude-monotonic "$moment" "$bin" --quiet)
  done
done

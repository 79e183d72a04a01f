#!/usr/bin/env bash
# What `make test` needs beyond the build: Debian's Chromium and a CJK font for the browser
# tests, the end2end npm packages (never a browser download), and faketime for the Rust tests
# on other dates.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

[ -x /usr/bin/chromium ] || apt_install chromium
command -v faketime >/dev/null || apt_install faketime
fc-list 2>/dev/null | grep -qi 'wenquanyi\|noto sans cjk' || apt_install fonts-wqy-microhei

if [ ! -d end2end/node_modules/playwright-core ] || [ ! -d end2end/node_modules/axe-core ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
  (cd end2end && npm ci --ignore-scripts --no-audit --no-fund)
fi

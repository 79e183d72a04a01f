#!/usr/bin/env bash
# Packs what an app server runs into target/dist/portal-<version>-<git rev>.tar.gz, one folder
# portal-<version>/ inside: bin/portal with the hash.txt Leptos reads beside it (the hashed
# asset names), site/ (the built site with its .br/.gz twins), migrations/ (also embedded in
# the binary; shipped to be read), deploy/ (the examples of docs/deploy/) and README.md.
# Builds nothing: `make dist` builds the site and the server first. A tree with uncommitted
# changes gets `-dirty` after the rev, since the package is not that commit.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=target/release/portal
SITE=target/site

fail() {
  echo "dist: $*" >&2
  exit 1
}
[ -x "$BIN" ] || fail "$BIN is missing: build the server first (make server)"
{ [ -f "$SITE/hash.txt" ] && compgen -G "$SITE/pkg/portal.*.wasm" >/dev/null; } ||
  fail "$SITE is missing or incomplete: build the site first (make site)"

version=$(cargo metadata --no-deps --format-version 1 |
  python3 -c 'import json, sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "server"))')
rev=$(git rev-parse --short HEAD)
[ -z "$(git status --porcelain)" ] || rev="$rev-dirty"
name=portal-$version

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/$name
mkdir -p "$root/bin" "$root/deploy"
cp "$BIN" "$root/bin/portal"
# The site's own hash.txt, so that the names the pages ask for are the files shipped.
cp "$SITE/hash.txt" "$root/bin/hash.txt"
cp -r "$SITE" "$root/site"
rm -f "$root/site/.inputs"   # the build's up-to-date marker
cp -r migrations "$root/migrations"
cp docs/deploy/portal.env.example docs/deploy/portal.service docs/deploy/nginx-portal.conf "$root/deploy/"
cp README.md "$root/"
chmod -R u=rwX,go=rX "$root"

mkdir -p target/dist
out=target/dist/$name-$rev.tar.gz
# Owned by root in the archive: unpacked as root, the portal user cannot change its own code.
tar -C "$work" --sort=name --owner=0 --group=0 --numeric-owner -cf - "$name" | gzip -9 -n >"$out"
echo "dist: $out ($(du -h "$out" | cut -f1))"

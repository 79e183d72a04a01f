#!/usr/bin/env bash
# Builds target/site, what the browser downloads: the wasm (built for size, then wasm-opt),
# its JS glue (minified), the CSS and the public files. Asset names carry content hashes
# (hash.txt tells the server which), and every text/wasm file gets .br and .gz twins for
# precompressed serving.
set -euo pipefail
cd "$(dirname "$0")/.."

NAME=portal                       # = LEPTOS_OUTPUT_NAME in .cargo/config.toml
SITE=target/site
PKG=$SITE/pkg
WASM=target/wasm32-unknown-unknown/wasm-release/frontend.wasm
OUT=target/wasm-bindgen

cargo build -p frontend --lib --target wasm32-unknown-unknown --profile wasm-release

# Nothing to do when no input changed since the last build.
inputs=$(cat "$WASM" style/*.css public/* "$0" | sha256sum | cut -d' ' -f1)
if [ -f "$SITE/.inputs" ] && [ "$(cat "$SITE/.inputs")" = "$inputs" ] && [ -f target/release/hash.txt ]; then
  echo "site: up to date"
  exit 0
fi

rm -rf "$OUT" "$SITE"
mkdir -p "$OUT" "$PKG" target/release
wasm-bindgen "$WASM" --out-dir "$OUT" --out-name "$NAME" --target web --no-typescript \
  --remove-name-section --remove-producers-section
tools/node_modules/.bin/wasm-opt -Oz --strip-debug "$OUT/${NAME}_bg.wasm" -o "$OUT/${NAME}_bg.wasm"
# The glue as wasm-bindgen writes it is readable, not small: minified it is 2 KB less brotli.
# An ES module: its exports and the wasm's import names (string keys) keep their names.
tools/node_modules/.bin/terser "$OUT/$NAME.js" --module --compress --mangle -o "$OUT/$NAME.js"

hash() { sha256sum "$1" | cut -c1-16; }
js=$(hash "$OUT/$NAME.js")
wasm=$(hash "$OUT/${NAME}_bg.wasm")
css=$(hash style/main.css)
cp "$OUT/$NAME.js" "$PKG/$NAME.$js.js"
cp "$OUT/${NAME}_bg.wasm" "$PKG/$NAME.$wasm.wasm"
cp style/main.css "$PKG/$NAME.$css.css"
[ ! -d "$OUT/snippets" ] || cp -r "$OUT/snippets" "$PKG/"
cp -r public/. "$SITE/"

find "$SITE" -type f \( -name '*.js' -o -name '*.wasm' -o -name '*.css' -o -name '*.svg' \) | while read -r f; do
  brotli -f -q 11 -k "$f"
  gzip -f -9 -k -n "$f"
done

printf 'js: %s\nwasm: %s\ncss: %s\n' "$js" "$wasm" "$css" > "$SITE/hash.txt"
# Leptos reads hash.txt from beside the server binary.
cp "$SITE/hash.txt" target/release/hash.txt
echo "$inputs" > "$SITE/.inputs"
echo "site: built $PKG/$NAME.$wasm.wasm"

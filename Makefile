# The two commands of README.md: `make run` and `make test`. Both install what they need and
# are quick when nothing changed. Never run two cargo builds at once on 2 cores: make runs
# these steps one after another.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := run

SERVER := target/release/portal

.PHONY: run test tools test-tools site server lint supply-chain unit e2e size bench dist dist-check

## Build the release site and server, then start the portal on SQLite with demo data.
run: tools site server
	@echo "湖南省失业登记服务 → http://127.0.0.1:3000  (Ctrl-C to stop)"
	PORTAL_DEMO=$${PORTAL_DEMO:-true} $(SERVER)

## Formatting, clippy, every Rust test, the size budget, the browser tests and the release
## package started from an empty folder.
test: tools test-tools lint site server unit e2e
	@scripts/size-report.sh --check
	@$(MAKE) --no-print-directory dist-check

tools:
	@scripts/install-tools.sh

test-tools:
	@scripts/install-test-tools.sh

site:
	@scripts/build-site.sh

server:
	cargo build -p server --release

lint:
	scripts/supply-chain.sh
	cargo fmt --all -- --check
	cargo clippy -p app -p server -p bench --all-targets --release -- -D warnings
	cargo clippy -p frontend --target wasm32-unknown-unknown --profile wasm-release -- -D warnings

## Licenses and duplicate versions of every crate in Cargo.lock against deny.toml (no compiling).
supply-chain:
	@scripts/supply-chain.sh

# --release shares the compiled dependencies with the server build. Then the same tests on
# faked dates (a year's last evening in China, a leap day, a month's first day, 国庆).
unit:
	cargo test -p app -p server --release
	scripts/test-other-dates.sh

e2e:
	PORTAL_BIN=$(SERVER) node end2end/run.mjs

## Bytes of the first page (raw and brotli) and what each crate costs in the wasm.
size: tools site server
	@scripts/size-report.sh --twiggy

## The portal's pages and answers against a bare axum server sending the same bytes (bench/load.sh;
## a few minutes, not part of `make test`).
bench: tools site server
	@bench/load.sh

## The release package: target/dist/portal-<version>-<rev>.tar.gz (binary, site, migrations,
## deploy/ examples, README; see README "部署").
dist: tools site server
	@scripts/dist.sh

## The newest package unpacked and started on its own: pages, assets, a clean stop.
dist-check: dist
	@scripts/dist-check.sh

#!/usr/bin/env bash
# The licenses and duplicate versions of every package in Cargo.lock, against deny.toml:
# what `cargo deny check licenses bans` checks, from cargo's own metadata (cargo-deny has no
# binary we may download here, and compiling it takes long on 2 cores). Compiles nothing.
# Fails on a license expression the allow list cannot satisfy, and on a crate in several
# versions that deny.toml does not list; prints every duplicate either way.
set -euo pipefail
cd "$(dirname "$0")/.."

meta=$(mktemp)
trap 'rm -f "$meta"' EXIT
# No --filter-platform: every target's packages (Linux, the browser's wasm32, Windows-only
# crates). --locked: Cargo.lock must already say what Cargo.toml asks for.
cargo metadata --format-version 1 --locked >"$meta"

python3 - deny.toml "$meta" <<'PY'
import json
import re
import sys
import tomllib
from collections import defaultdict

config_path, meta_path = sys.argv[1], sys.argv[2]
with open(config_path, "rb") as f:
    config = tomllib.load(f)
with open(meta_path) as f:
    meta = json.load(f)

packages = {p["id"]: p for p in meta["packages"]}
problems = []


def spec(entry, where):
    """A cargo-deny package spec this script understands: `name` or `name@version`."""
    text = entry.get("crate", entry.get("name")) if isinstance(entry, dict) else entry
    if not isinstance(text, str) or re.search(r"[:<>=*]", text):
        sys.exit(f"deny.toml {where}: {entry!r}: write the crate as `name` or `name@version`")
    name, _, version = text.partition("@")
    return name, version or None


def matches(name, version, p):
    return p["name"] == name and version in (None, p["version"])


# --- Licenses -------------------------------------------------------------------------------

licenses = config.get("licenses", {})
allowed = set(licenses.get("allow", []))
exceptions = [(spec(e, "[licenses] exceptions"), set(e["allow"])) for e in licenses.get("exceptions", [])]
clarified = [(spec(c, "[[licenses.clarify]]"), c["expression"]) for c in licenses.get("clarify", [])]


def tokens(expression):
    # The legacy `A/B` means `A OR B`.
    return re.findall(r"\(|\)|[^\s()]+", expression.replace("/", " OR "))


def satisfiable(expression, ok):
    """Whether the SPDX expression can be met with licenses for which ok(id) holds:
    OR takes any side, AND needs both, `X WITH e` is one license; AND binds tighter."""
    toks = tokens(expression)
    pos = 0

    def peek():
        return toks[pos].upper() if pos < len(toks) else None

    def take():
        nonlocal pos
        if pos == len(toks):
            raise ValueError("it ends too soon")
        pos += 1
        return toks[pos - 1]

    def any_of():
        value = all_of()
        while peek() == "OR":
            take()
            value = all_of() or value
        return value

    def all_of():
        value = one()
        while peek() == "AND":
            take()
            value = one() and value
        return value

    def one():
        if peek() == "(":
            take()
            value = any_of()
            if take() != ")":
                raise ValueError("unbalanced parentheses")
            return value
        if peek() in (None, ")", "OR", "AND", "WITH"):
            raise ValueError("a license expected")
        license = take()
        if peek() == "WITH":
            take()
            license += " WITH " + take()
        return ok(license)

    value = any_of()
    if pos != len(toks):
        raise ValueError(f"unexpected {toks[pos]!r}")
    return value


used_exceptions = set()
for p in sorted(packages.values(), key=lambda p: (p["name"], p["version"])):
    label = f'{p["name"]} {p["version"]}'
    expression = next((e for (n, v), e in clarified if matches(n, v, p)), p.get("license"))
    if not expression:
        problems.append(f"{label}: no license field; add a [[licenses.clarify]] entry to deny.toml")
        continue
    extra = set()
    for i, ((n, v), allow) in enumerate(exceptions):
        if matches(n, v, p):
            extra |= allow
            used_exceptions.add(i)
    try:
        if not satisfiable(expression, lambda l: l in allowed or l in extra):
            problems.append(f"{label}: license {expression!r} is not allowed by deny.toml [licenses]")
    except ValueError as e:
        problems.append(f"{label}: license {expression!r} cannot be read ({e})")
for i, ((n, v), _) in enumerate(exceptions):
    if i not in used_exceptions:
        problems.append(f"deny.toml [licenses] exceptions: {n} is not in Cargo.lock; remove the entry")

# --- Duplicate versions ---------------------------------------------------------------------

dependents = defaultdict(set)
for node in meta["resolve"]["nodes"]:
    for dep in node["deps"]:
        parent = packages[node["id"]]
        dependents[dep["pkg"]].add(f'{parent["name"]} {parent["version"]}')

versions = defaultdict(list)
for p in packages.values():
    versions[p["name"]].append(p)

skips = [spec(s, "[bans] skip") for s in config.get("bans", {}).get("skip", [])]
for name, version in skips:
    found = versions.get(name, [])
    if len(found) < 2 or not any(matches(name, version, p) for p in found):
        problems.append(
            f"deny.toml [bans] skip: {name}{'@' + version if version else ''} is no longer a duplicate "
            "in Cargo.lock; remove the entry"
        )

known, new = [], []
for name, found in sorted(versions.items()):
    if len(found) < 2:
        continue
    found.sort(key=lambda p: [(0, int(x), "") if x.isdigit() else (1, 0, x) for x in re.split(r"[.+-]", p["version"])])
    listed = ", ".join(p["version"] for p in found)
    left = [p for p in found if not any(matches(n, v, p) for n, v in skips)]
    if len(left) > 1:
        pulled = "; ".join(f'{p["version"]} by {", ".join(sorted(dependents[p["id"]]))}' for p in left)
        new.append(f"  {name} {listed}: {pulled}")
    else:
        known.append(f"  {name} {listed}")

print(f"supply-chain: {len(packages)} packages, {len(known) + len(new)} crates in several versions")
if known:
    print("\n".join(known))
if new:
    problems.append(
        "crates in several versions that deny.toml [bans] skip does not list (update so that one "
        "version remains, e.g. `cargo tree -i NAME@VERSION` shows who pulls it, or list it with the reason):\n"
        + "\n".join(new)
    )

if problems:
    print("\n".join(f"FAIL: {p}" for p in problems), file=sys.stderr)
    sys.exit(1)
print("supply-chain: every license allowed, every duplicate listed in deny.toml")
PY

"""Sums `twiggy top --format csv` rows by crate, from the (demangled) item names."""
import csv
import re
import sys
from collections import Counter

PATH = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::")


def crate_of(name: str) -> str:
    if name.startswith("data segment"):
        return "data (strings, tables)"
    # `<T as tachys::view::Render>::build` belongs to tachys; `<alloc::vec::Vec<T> as ...>` to alloc.
    trait_impl = re.match(r"<([A-Za-z_]\w*) as ", name)
    if trait_impl and len(trait_impl.group(1)) == 1:
        name = name[trait_impl.end():]
    match = PATH.search(name)
    return match.group(1) if match else "other"


sizes = Counter()
total = 0
for row in csv.DictReader(sys.stdin):
    name, size = row["Name"], int(row["ShallowSize"])
    # Names and wasm-bindgen's own sections never reach the browser.
    # wasm-bindgen runs its `__wbindgen_describe*` functions at build time and removes them.
    if name.startswith(("custom section", "__wbindgen_describe", "export \"__wbindgen_describe")) or name.endswith("subsection"):
        continue
    total += size
    sizes[crate_of(name)] += size

try:
    print(f"{total:>10}  100.0%  total (code and data, before wasm-bindgen and wasm-opt)")
    for crate, size in sizes.most_common():
        print(f"{size:>10}  {size * 100 / max(total, 1):5.1f}%  {crate}")
except BrokenPipeError:
    pass

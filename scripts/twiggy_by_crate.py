"""Sums `twiggy top --format csv` rows by the crate their (demangled) function names start with."""
import csv
import re
import sys
from collections import Counter

sizes = Counter()
total = 0
for row in csv.DictReader(sys.stdin):
    name, size = row["Name"], int(row["ShallowSize"])
    total += size
    # `<alloc::vec::Vec<T> as core::ops::Drop>::drop` -> alloc; `leptos::mount::hydrate` -> leptos
    match = re.match(r"[<&\s]*(?:dyn |mut )?([A-Za-z_][A-Za-z0-9_]*)::", name)
    crate = match.group(1) if match else ("data/other" if not name.startswith("code[") else "unnamed code")
    sizes[crate] += size

for crate, size in sizes.most_common():
    print(f"{size:>10}  {size * 100 / max(total, 1):5.1f}%  {crate}")
print(f"{total:>10}  100.0%  total")

#!/usr/bin/env python3
"""Import circles between the modules of src/, tests left out.

    python3 bench/module_circles.py [ROOT]

A module is a file below ROOT/src (default: this checkout); it uses another
when its code (comments and `#[cfg(test)]` items left out) names a path
`crate::a::b…` or `super::…` that leads to that module's file. Each group of
modules that use each other in a ring (a strongly connected component) is
printed, with the pairs that use each other directly. A child's `use
super::…` of its own `mod.rs` counts; the parent's relative `use child::…`
does not, since a folder and its own files are one unit. Exits 1 when there
is a circle.
"""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import code_size  # noqa: E402  (one reading of `#[cfg(test)]` items for both scripts)


def module_of(src: Path, path: Path) -> tuple:
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] in ("mod", "lib", "main"):
        parts = parts[:-1]
    return tuple(parts)


def without_tests(text: str) -> str:
    """The text outside `#[cfg(test)]` items, without comments."""
    return re.sub(r"//.*", "", "\n".join(code_size.without_tests(text.splitlines())))


def uses(src: Path) -> dict:
    files = {module_of(src, p): p for p in src.rglob("*.rs")}
    edges = {}
    for module, path in files.items():
        if module and module[-1] == "tests":
            continue
        text = without_tests(path.read_text(encoding="utf-8"))
        parent = module[:-1]
        found = set()
        paths = [tuple(r.split("::")) for r in re.findall(r"crate::((?:\w+::)*\w+)", text)]
        paths += [parent + tuple(r.split("::")) for r in re.findall(r"super::((?:\w+::)*\w+)", text)]
        for parts in paths:
            for k in range(len(parts), 0, -1):
                if parts[:k] in files:
                    found.add(parts[:k])
                    break
        found.discard(module)
        edges[module] = found
    return edges


def circles(edges: dict) -> list:
    """Tarjan's strongly connected components of more than one module."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    sys.setrecursionlimit(10_000)

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            ring = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                ring.append(w)
                if w == v:
                    break
            if len(ring) > 1:
                found.append(sorted(ring))

    for v in list(edges):
        if v not in index:
            visit(v)
    return found


def main(argv):
    root = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent
    edges = uses(root / "src")
    name = lambda m: "::".join(m) or "crate"
    rings = circles(edges)
    for ring in rings:
        print(f"circle of {len(ring)}: " + ", ".join(map(name, ring)))
        for a in ring:
            for b in sorted(edges[a] & set(ring)):
                if a < b and a in edges.get(b, ()):
                    print(f"   {name(a)} <-> {name(b)}")
    print(f"{len(rings)} circles among {len(edges)} modules")
    return 1 if rings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

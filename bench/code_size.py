#!/usr/bin/env python3
"""The largest Rust source files, counted without their tests.

    python3 bench/code_size.py [--most N] [--over LINES] [ROOT]

For every `.rs` file below ROOT/src (default: this checkout) it prints two
figures, largest first:

- `lines`: every line of the file except its tests;
- `code`: the same without blank lines and comment-only lines (`//`, `//!`,
  `///`).

Tests are left out twice over: an item after `#[cfg(test)]` (usually
`mod tests { … }`) is skipped to its closing brace, and a file that its
parent declares as `#[cfg(test)] mod name;` is not counted at all. The last
lines give the totals and the count of `pub` items against `pub(crate)`.
With `--over LINES` it exits 1 when a file has more code lines than that.
"""

import re
import sys
from pathlib import Path


def test_files(src: Path) -> set:
    """Files declared behind `#[cfg(test)] mod name;`."""
    found = set()
    for path in src.rglob("*.rs"):
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"#\[cfg\(test\)\]\s*(?:pub(?:\([a-z]+\))?\s+)?mod\s+(\w+)\s*;", text):
            name = m.group(1)
            base = path.parent if path.name in ("mod.rs", "lib.rs", "main.rs") else path.with_suffix("")
            for candidate in (base / f"{name}.rs", base / name / "mod.rs"):
                if candidate.exists():
                    found.add(candidate.resolve())
    return found


def without_tests(lines: list) -> list:
    """The lines outside `#[cfg(test)]` items (brace-matched, strings ignored)."""
    kept = []
    i = 0
    while i < len(lines):
        if lines[i].strip() == "#[cfg(test)]":
            depth = 0
            opened = False
            while i < len(lines):
                line = re.sub(r'"(?:\\.|[^"\\])*"', '""', lines[i].split("//")[0])
                depth += line.count("{") - line.count("}")
                opened = opened or "{" in line
                i += 1
                if (opened and depth <= 0) or (not opened and line.rstrip().endswith(";")):
                    break
            continue
        kept.append(lines[i])
        i += 1
    return kept


def is_code(line: str) -> bool:
    s = line.strip()
    return bool(s) and not s.startswith("//")


def main(argv):
    most, over, root = 15, None, Path(__file__).resolve().parent.parent
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == "--most":
            most = int(args.pop(0))
        elif a == "--over":
            over = int(args.pop(0))
        else:
            root = Path(a)
    src = root / "src"
    skip = test_files(src)
    rows = []
    pub = crate = 0
    for path in sorted(src.rglob("*.rs")):
        if path.resolve() in skip:
            continue
        kept = without_tests(path.read_text(encoding="utf-8").splitlines())
        rows.append((sum(map(is_code, kept)), len(kept), path.relative_to(root)))
        for line in kept:
            s = line.lstrip()
            if s.startswith("pub(crate)") or s.startswith("pub(super)"):
                crate += 1
            elif s.startswith("pub "):
                pub += 1
    rows.sort(reverse=True)
    print(f"{'code':>6} {'lines':>6}  file (tests left out)")
    for code, total, path in rows[:most]:
        print(f"{code:>6} {total:>6}  {path}")
    print(f"{sum(r[0] for r in rows):>6} {sum(r[1] for r in rows):>6}  in {len(rows)} files"
          f" ({len(skip)} test files left out)")
    print(f"items: {pub} pub, {crate} pub(crate)/pub(super)")
    if over is not None and rows and rows[0][0] > over:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""Bytes a search fetches, over a built site's public/search/.

Replays what themes/default/static/search.js fetches for one-word queries
(meta.json, the word's chunk or prefix chunks, the page files of the first
8 results shown in the header box) and sums the gzip-compressed sizes of
the distinct files, as a static host serving gzip would send them. Two ways
of asking: the whole word at once, and typed one character at a time (every
prefix of 2+ characters, as the box searches while you type).

    python3 bench/search/query_cost.py PUBLIC_DIR [WORD ...]

Without words it picks, from the index itself: the word on the most pages
(the worst case), a skill, a word found in one page only, and a word of
median frequency.
"""
import bisect, gzip, json, os, re, sys

SHOWN = 8  # results the header box shows


def main():
    public = sys.argv[1]
    root = os.path.join(public, "search")
    sizes = {}

    def fetch(rel, seen):
        path = os.path.join(root, rel)
        if rel not in sizes:
            with open(path, "rb") as f:
                sizes[rel] = len(gzip.compress(f.read(), 6))
        seen.add(rel)
        with open(path, encoding="utf-8") as f:
            return json.load(f)

    meta = json.load(open(os.path.join(root, "meta.json"), encoding="utf-8"))
    chunks = meta["chunks"]

    def lookup(word, prefix, seen):
        first = max(bisect.bisect_right(chunks, word) - 1, 0)
        last = min(max(bisect.bisect_right(chunks, word + "\uffff") - 1, 0), first + 1) if prefix else first
        hits = {}
        for c in range(first, last + 1):
            chunk = fetch(f"words/{c}.json", seen)
            for key, deltas in chunk.items():
                if key == word or (prefix and key.startswith(word)):
                    at = 0
                    for d in deltas:
                        at += d
                        page, w = at >> 2, [1, 3, 10][at & 3]
                        hits[page] = max(hits.get(page, 0), w)
        return hits

    def ask(text, seen):
        fetch("meta.json", seen)
        hits = lookup(text, len(text) >= 3, seen)
        best = sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))[:SHOWN]
        for page, _ in best:
            fetch(f"pages/{page // meta['pages_per_file']}.json", seen)
        return len(hits)

    words = sys.argv[2:]
    if not words:
        counts = {}
        for name in os.listdir(os.path.join(root, "words")):
            for key, deltas in json.load(open(os.path.join(root, "words", name), encoding="utf-8")).items():
                counts[key] = len(deltas)
        by_count = sorted(counts, key=lambda k: (counts[k], k))
        alpha = [k for k in by_count if re.fullmatch(r"[a-z]{4,}", k)]
        skills = meta["filters"][0]["values"] if meta["filters"] else []
        skill = next((w for v in skills for w in [v[0].lower()] if re.fullmatch(r"[a-z]+", w)), alpha[-1])
        words = [alpha[-1], skill, alpha[0], alpha[len(alpha) // 2]]

    print(f"{meta['pages']} pages, {len(chunks)} word chunks")
    print(f"{'word':<20}{'pages':>8}{'whole word KB':>15}{'typed KB':>10}{'files':>7}")
    worst = 0
    for word in words:
        seen = set()
        n = ask(word, seen)
        whole = sum(sizes[f] for f in seen)
        typed_seen = set()
        for i in range(2, len(word) + 1):
            ask(word[:i], typed_seen)
        typed = sum(sizes[f] for f in typed_seen)
        worst = max(worst, whole, typed)
        print(f"{word:<20}{n:>8}{whole / 1024:>15.1f}{typed / 1024:>10.1f}{len(typed_seen):>7}")
    print(f"worst: {worst / 1024:.1f} KB compressed")


if __name__ == "__main__":
    main()

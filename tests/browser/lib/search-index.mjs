// Reads a built site's chunked search index (public/search/, written by
// src/search/) the way themes/default/static/search.js does, so tests can
// pick words whose answers they know.
import fs from "node:fs";
import path from "node:path";

export function readIndex(publicDir) {
  const root = path.join(publicDir, "search");
  const json = (rel) => JSON.parse(fs.readFileSync(path.join(root, rel), "utf8"));
  const meta = json("meta.json");
  const pageFiles = new Map();
  const page = (n) => {
    const f = Math.floor(n / meta.pages_per_file);
    if (!pageFiles.has(f)) pageFiles.set(f, json(`pages/${f}.json`));
    const [title, url, kind, summary] = pageFiles.get(f)[n % meta.pages_per_file];
    return { title, url, kind, summary };
  };
  /** word -> [[page, place], ...] (place: 0 body, 1 keyword, 2 title). */
  const words = new Map();
  meta.chunks.forEach((_, c) => {
    for (const [w, deltas] of Object.entries(json(`words/${c}.json`))) {
      let at = 0;
      words.set(w, deltas.map((d) => { at += d; return [at >> 2, at & 3]; }));
    }
  });
  return { meta, page, words };
}

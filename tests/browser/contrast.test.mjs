// Every colour pair the default theme uses, checked against WCAG 2.1 AA in
// both colour schemes, straight from the custom properties in style.css.
// axe checks the text it finds on the pages it visits; this also covers
// states those pages may not show (full mentors, error messages, focus).
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { REPO } from "./lib/harness.mjs";

const CSS = fs.readFileSync(path.join(REPO, "themes/default/static/style.css"), "utf8");

function block(re) {
  const m = CSS.match(re);
  assert.ok(m, `no block ${re}`);
  const vars = {};
  for (const [, name, value] of m[1].matchAll(/--([\w-]+)\s*:\s*(#[0-9a-fA-F]{3,8})\s*;/g)) vars[name] = value;
  return vars;
}

const light = block(/^:root\s*\{([^}]*)\}/m);
const dark = { ...light, ...block(/@media\s*\(prefers-color-scheme:\s*dark\)\s*\{\s*:root\s*\{([^}]*)\}/) };

function rgb(hex) {
  let h = hex.slice(1);
  if (h.length === 3) h = [...h].map((c) => c + c).join("");
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16) / 255);
}
function luminance(hex) {
  const [r, g, b] = rgb(hex).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
export function ratio(a, b) {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

// [foreground, background, minimum, where it is used]
const TEXT = 4.5;
const UI = 3; // WCAG 1.4.11: focus rings, control borders, state
const PAIRS = [
  ["text", "bg", TEXT, "body text"],
  ["text", "bg-soft", TEXT, "header, cards, tables"],
  ["text", "accent-soft", TEXT, "badges, blockquotes"],
  ["muted", "bg", TEXT, "secondary text"],
  ["muted", "bg-soft", TEXT, "footer, table of contents"],
  ["muted", "accent-soft", TEXT, "secondary text in a quote"],
  ["accent", "bg", TEXT, "links, outline buttons"],
  ["accent", "bg-soft", TEXT, "links in the header and cards"],
  ["accent", "accent-soft", TEXT, "current sidebar link, initials"],
  ["accent-text", "accent", TEXT, "primary buttons, skip link, current page"],
  ["ok", "bg", TEXT, "open spots"],
  ["ok", "bg-soft", TEXT, "open spots on a soft card"],
  ["warn", "bg", TEXT, "full, required marks, field errors"],
  ["warn", "bg-soft", TEXT, "warnings on a soft card"],
  ["focus", "bg", UI, "focus ring"],
  ["focus", "bg-soft", UI, "focus ring in the header"],
  ["muted", "bg", UI, "form control borders"],
  ["accent", "bg", UI, "checkbox and radio fill (accent-color)"],
];

for (const [name, vars] of [["light", light], ["dark", dark]]) {
  test(`colour contrast of every theme colour pair, ${name} scheme`, () => {
    const failures = [];
    for (const [fg, bg, min, where] of PAIRS) {
      assert.ok(vars[fg] && vars[bg], `--${fg} or --${bg} missing in the ${name} scheme`);
      const r = ratio(vars[fg], vars[bg]);
      if (r < min) failures.push(`--${fg} ${vars[fg]} on --${bg} ${vars[bg]}: ${r.toFixed(2)} < ${min} (${where})`);
    }
    assert.deepEqual(failures, []);
  });
}

// axe-core over the default theme's main pages, at WCAG 2.1 A and AA, in
// the light and dark colour schemes and at phone (375 px) and desktop
// (1280 px) widths. No rule is disabled.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { start, mentorIndex, publicDir, WIDTHS } from "./lib/harness.mjs";

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

let h;
before(async () => {
  h = await start();
});
after(async () => {
  await h?.close();
});

function pages() {
  const index = mentorIndex();
  const profile = index.mentors[0][0];
  const skill = index.facets[0].values[0][0];
  return [
    ["home", "/"],
    ["guide", "/handbook/meetings/smart-goals/"],
    ["section", "/handbook/"],
    ["directory", "/mentors/"],
    ["profile", `/mentors/${profile}/`],
    ["facet page", `/mentors/${index.facets[0].name}/${skill}/`],
    ["facet index", `/mentors/${index.facets[0].name}/`],
    ["results index", "/results/"],
    ["results", "/results/2026-autumn/feedback/"],
    ["trends", "/results/trends/feedback/"],
    ["form", "/forms/feedback/"],
    ["printable handbook", "/handbook/print/"],
    ["not found", "/no-such-page/"],
    // Agreement pages exist when the build had a secret (run.sh gives one).
    ...agreement(),
  ];
}

function agreement() {
  const dir = path.join(publicDir(), "agreements");
  if (!fs.existsSync(dir)) return [];
  const token = fs.readdirSync(dir).sort().find((d) => fs.existsSync(path.join(dir, d, "index.html")));
  return token ? [["agreement", `/agreements/${token}/`]] : [];
}

/** Runs axe in the page (evaluated over the DevTools protocol, so the
 * site's Content-Security-Policy stays in force) and returns violations. */
async function axe(page) {
  const loaded = await page.evaluate(() => typeof window.axe === "object");
  if (!loaded) await page.evaluate(AXE_SOURCE);
  return page.evaluate(
    (tags) =>
      window.axe
        .run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] })
        .then((r) =>
          r.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            nodes: v.nodes.map((n) => `${n.target.join(" ")} — ${n.failureSummary.replace(/\s+/g, " ")}`),
          })),
        ),
    TAGS,
  );
}

function describe(violations) {
  return violations
    .map((v) => `  [${v.impact}] ${v.id}: ${v.help}\n` + v.nodes.slice(0, 8).map((n) => `      ${n}`).join("\n"))
    .join("\n");
}

async function settle(page, url) {
  const response = await page.goto(h.base + url, { waitUntil: "load" });
  assert.ok(response, `no response for ${url}`);
  if (url === "/mentors/") {
    await page.locator("#mentor-filters[data-ready]").waitFor({ state: "visible" });
  }
  await page.evaluate(() => document.fonts.ready);
}

for (const scheme of ["light", "dark"]) {
  for (const [wname, width] of Object.entries(WIDTHS)) {
    test(`axe: WCAG 2.1 AA, ${scheme} scheme, ${width} px (${wname})`, { timeout: 120_000 }, async () => {
      const page = await h.page({ width, colorScheme: scheme });
      const failures = [];
      try {
        for (const [name, url] of pages()) {
          page.errors.length = 0;
          await settle(page, url);
          const v = await axe(page);
          if (v.length) failures.push(`${name} (${url}):\n${describe(v)}`);
          // The not-found page is served with status 404, which Chromium logs.
          const errors = [...new Set(page.errors)].filter((e) => !(url === "/no-such-page/" && / 404 /.test(e)));
          if (errors.length) failures.push(`${name} (${url}): console errors: ${errors.join("; ")}`);
          page.errors.length = 0;
        }
        // States that only exist after interaction: the open search box and
        // a filtered directory.
        await settle(page, "/");
        await page.locator("#site-search").fill("goals");
        await page.locator("#search-results li").first().waitFor();
        let v = await axe(page);
        if (v.length) failures.push(`home with search results open:\n${describe(v)}`);
        await settle(page, "/mentors/?remote=1");
        await page.locator("#filtered-list").waitFor({ state: "visible" });
        v = await axe(page);
        if (v.length) failures.push(`filtered directory:\n${describe(v)}`);
        if (page.errors.length) failures.push(`console errors: ${page.errors.join("; ")}`);
      } finally {
        await page.context().close();
      }
      assert.equal(failures.length, 0, `axe violations:\n${failures.join("\n")}`);
    });
  }
}

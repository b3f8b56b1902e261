// The site search in a real browser: full text of mentor bios from the
// header box, facet filters on the search page, and the bytes a query
// fetches from a program scaled to 10,000 mentors and 1,000 guides
// (MS_PUBLIC_LARGE, built by run.sh from bench's corpus generator).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { start, publicDir, REPO } from "./lib/harness.mjs";
import { readIndex } from "./lib/search-index.mjs";

let h;
before(async () => {
  h = await start();
});
after(async () => {
  await h?.close();
});

/** A word from the middle third of one mentor's bio, in no other page. */
function middleOfBioWord() {
  const index = readIndex(publicDir());
  const dir = path.join(REPO, "content", "mentors");
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".md")).sort()) {
    const source = fs.readFileSync(path.join(dir, file), "utf8");
    const bio = source.split(/^\+\+\+$/m)[2] || "";
    const words = bio.toLowerCase().split(/[^\p{Alphabetic}\p{N}]+/u).filter(Boolean);
    for (const w of words.slice(Math.floor(words.length / 3), Math.ceil((2 * words.length) / 3))) {
      const postings = index.words.get(w);
      if (w.length < 6 || !postings || postings.length !== 1 || postings[0][1] !== 0) continue;
      const entry = index.page(postings[0][0]);
      if (entry.url === `/mentors/${file.replace(/\.md$/, "")}/`) return { word: w, entry };
    }
  }
  assert.fail("no mentor bio has a word of its own in its middle");
}

test("a word from the middle of a bio finds that mentor from the header box", { timeout: 30_000 }, async () => {
  const { word, entry } = middleOfBioWord();
  const page = await h.page({ width: 375 });
  try {
    await page.goto(`${h.base}/handbook/`);
    const box = page.getByRole("searchbox", { name: "Search the handbook and mentors" });
    await box.focus();
    await page.keyboard.type(word);
    const hit = page.locator("#search-results li a").first();
    await hit.waitFor();
    assert.equal(new URL(await hit.getAttribute("href"), h.base).pathname, entry.url);
    assert.equal((await hit.textContent()).trim(), entry.title);
    // The count is announced: the results region is a polite live region.
    assert.equal(await page.locator("#search-results").getAttribute("aria-live"), "polite");
    assert.match(await page.locator("#search-results .visually-hidden").textContent(), /^1 result$/);
    await box.press("Enter");
    await page.waitForURL((u) => u.pathname === entry.url);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

const resultCount = async (page) => {
  const text = await page.locator("#search-status").textContent();
  const m = text.match(/^(\d+) results?/);
  assert.ok(m, `a result count in “${text}”`);
  return Number(m[1]);
};

test("a skill filter on the search page narrows the results, from the keyboard", { timeout: 30_000 }, async () => {
  const index = readIndex(publicDir());
  const skills = index.meta.filters.find((f) => f.id === "skills");
  const [skill, withSkill] = skills.values[0];
  const page = await h.page();
  try {
    await page.goto(`${h.base}/search/?q=mentor`);
    await page.locator("#search-page-results li").first().waitFor();
    const all = await resultCount(page);
    assert.ok(all > withSkill, `“mentor” is on more pages (${all}) than mentors with ${skill} (${withSkill})`);
    const select = page.getByLabel("Skill", { exact: true });
    await select.focus();
    await select.selectOption({ label: `${skill} (${withSkill})` });
    await page.waitForFunction((n) => {
      const m = document.getElementById("search-status").textContent.match(/^(\d+)/);
      return m && Number(m[1]) < n;
    }, all);
    const narrowed = await resultCount(page);
    assert.ok(narrowed > 0 && narrowed <= withSkill, `${narrowed} results with ${skill}`);
    const kinds = await page.$$eval("#search-page-results li .kind:first-of-type", (els) => els.map((e) => e.textContent));
    assert.ok(kinds.length > 0 && kinds.every((k) => k === "Mentor"), kinds.join(", "));
    // The URL keeps the query and the filter, so the page can be shared.
    const url = new URL(page.url());
    assert.equal(url.searchParams.get("q"), "mentor");
    assert.equal(url.searchParams.get("skills"), skill);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test("a one-word query on 10,000 mentors and 1,000 guides fetches under 150 KB compressed", { timeout: 60_000 }, async () => {
  const large = process.env.MS_PUBLIC_LARGE;
  assert.ok(large && fs.existsSync(path.join(large, "search", "meta.json")), "MS_PUBLIC_LARGE names a built large program (run.sh builds it)");
  const index = readIndex(large);
  assert.ok(index.meta.pages >= 11_000, `${index.meta.pages} pages indexed`);
  // The word on the most pages: the largest single answer.
  let word = "", most = 0;
  for (const [w, p] of index.words) if (/^\p{L}{4,}$/u.test(w) && p.length > most) { word = w; most = p.length; }
  const big = await start(large);
  const page = await big.page({ width: 375 });
  try {
    await page.goto(`${big.base}/`);
    await page.waitForLoadState("load");
    let bytes = 0;
    const fetched = [];
    page.on("response", async (r) => {
      if (!new URL(r.url()).pathname.startsWith("/search/")) return;
      const body = await r.body();
      bytes += zlib.gzipSync(body, { level: 6 }).length;
      fetched.push(new URL(r.url()).pathname);
    });
    await page.getByRole("searchbox", { name: "Search the handbook and mentors" }).focus();
    await page.keyboard.type(word, { delay: 150 });
    await page.locator("#search-results li a").first().waitFor();
    await page.waitForLoadState("networkidle");
    assert.ok(fetched.length > 0);
    assert.ok(bytes < 150 * 1024, `“${word}” (${most} pages) fetched ${bytes} bytes compressed in ${fetched.length} files`);
    console.log(`# “${word}” on ${most} of ${index.meta.pages} pages: ${(bytes / 1024).toFixed(1)} KB compressed, ${fetched.length} files`);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
    await big.close();
  }
});

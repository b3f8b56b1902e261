// The mentor directory's filter in a real browser: the lists of values the
// script builds from the index, two facets at once, the filter carried in
// the URL and restored from it, the "Remote only" and "Has open spots"
// checkboxes, and free-text search. Every expected set is
// computed from public/mentors/index.json, never written down here.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { start, mentorIndex } from "./lib/harness.mjs";

let h;
let index;
before(async () => {
  h = await start();
  index = mentorIndex();
});
after(async () => {
  await h?.close();
});

const facetPos = (name) => index.facets.findIndex((f) => f.name === name);
const valuePos = (f, slug) => index.facets[f].values.findIndex((v) => v[0] === slug);
const names = (mentors) => mentors.map((m) => m[1]).sort();
const withValue = (f, v) => index.mentors.filter((m) => m[7][f].includes(v));

async function openDirectory(query = "") {
  const page = await h.page();
  await page.goto(`${h.base}/mentors/${query}`);
  // The form shows at once; data-ready is set once the index has loaded.
  await page.locator("#mentor-filters[data-ready]").waitFor({ state: "visible" });
  return page;
}

/** Names on the cards the visitor sees now. */
async function shownNames(page) {
  const list = (await page.locator("#filtered-list").isVisible()) ? "#filtered-list" : "#mentor-list";
  return (await page.locator(`${list} .mentor-card h3`).allTextContents()).map((t) => t.trim()).sort();
}

async function waitForCount(page, n) {
  const text = n === 1 ? "1 mentor matches" : `${n} mentors match`;
  await page.locator("#result-count", { hasText: text }).waitFor();
}

/** A skill and a language that together select some mentors, but fewer
 * than either alone, so both filters are seen to work. */
function twoFacetCase() {
  const s = facetPos("skills");
  const l = facetPos("languages");
  assert.ok(s >= 0 && l >= 0, "the index has skills and languages facets");
  let best = null;
  index.facets[s].values.forEach((sv, si) => {
    index.facets[l].values.forEach((lv, li) => {
      const both = index.mentors.filter((m) => m[7][s].includes(si) && m[7][l].includes(li));
      const bySkill = withValue(s, si).length;
      const byLang = withValue(l, li).length;
      if (both.length >= 2 && both.length < bySkill && both.length < byLang) {
        const score = both.length * 100 - (bySkill - both.length);
        if (!best || score > best.score) best = { score, skill: sv[0], language: lv[0], expected: names(both) };
      }
    });
  });
  assert.ok(best, "the example program has a skill and a language that narrow each other");
  return best;
}

/** The options of one facet's list as the visitor reads them. */
async function options(page, name) {
  return page.locator(`#filter-${name} option`).evaluateAll((os) => os.map((o) => [o.value, o.textContent]));
}

/** Every facet's list on `page` is "Any …", then each value of `idx` with
 * the number of its mentors, in the index's order. */
async function assertOptions(page, idx) {
  for (const [f, facet] of idx.facets.entries()) {
    const got = await options(page, facet.name);
    assert.equal(got[0][0], "", `${facet.name}: the first option is "Any …"`);
    assert.match(got[0][1], /^Any /);
    const expected = facet.values.map((v, i) => [v[0], `${v[1]} (${idx.mentors.filter((m) => m[7][f].includes(i)).length})`]);
    assert.deepEqual(got.slice(1), expected, facet.name);
  }
}

/** A skill some but not all mentors of `idx` have: [slug, option text, holders]. */
function someSkill(idx) {
  const s = idx.facets.findIndex((f) => f.name === "skills");
  const holders = (i) => idx.mentors.filter((m) => m[7][s].includes(i));
  const v = idx.facets[s].values.findIndex((_, i) => holders(i).length > 1 && holders(i).length < idx.mentors.length);
  assert.ok(v >= 0, "a skill some but not all mentors have");
  const [slug, label] = idx.facets[s].values[v];
  return [slug, `${label} (${holders(v).length})`, holders(v)];
}

test("each facet's list offers every value with its count; choosing one shows those mentors", { timeout: 60_000 }, async () => {
  const page = await openDirectory();
  try {
    await assertOptions(page, index);
    const [slug, text, holders] = someSkill(index);
    await page.locator("#filter-skills").selectOption({ label: text });
    await waitForCount(page, holders.length);
    assert.deepEqual(await shownNames(page), names(holders));
    assert.equal(new URL(page.url()).searchParams.get("skills"), slug);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test("a later page of a large directory filters the same way, and links the facet pages without JavaScript", { timeout: 90_000 }, async () => {
  const large = process.env.MS_PUBLIC_LARGE;
  assert.ok(large && fs.existsSync(path.join(large, "mentors", "page", "2", "index.html")), "MS_PUBLIC_LARGE names a built large program (run.sh builds it)");
  const idx = JSON.parse(fs.readFileSync(path.join(large, "mentors", "index.json"), "utf8"));
  const big = await start(large);
  try {
    const page = await big.page();
    try {
      await page.goto(`${big.base}/mentors/page/2/`);
      await page.locator("#mentor-filters[data-ready]").waitFor({ state: "visible" });
      await assertOptions(page, idx);
      const [slug, text, holders] = someSkill(idx);
      await page.locator("#filter-skills").selectOption({ label: text });
      await waitForCount(page, holders.length);
      assert.equal(new URL(page.url()).searchParams.get("skills"), slug);
      assert.deepEqual(page.errors, []);
    } finally {
      await page.context().close();
    }
    const plain = await big.page({ javaScriptEnabled: false });
    try {
      await plain.goto(`${big.base}/mentors/page/2/`);
      assert.ok((await shownNames(plain)).length > 0);
      for (const f of idx.facets) {
        assert.equal(await plain.locator(`.facet-lists a[href="/mentors/${f.name}/"]`).count(), 1, f.name);
      }
    } finally {
      await plain.context().close();
    }
  } finally {
    await big.close();
  }
});

test("filtering by a skill and a language shows exactly the matching mentors; the URL keeps the filter", { timeout: 60_000 }, async () => {
  const c = twoFacetCase();
  const page = await openDirectory();
  try {
    const initial = (await shownNames(page)).length;
    assert.ok(initial > 0 && initial <= index.mentors.length);
    await page.locator("#filter-skills").selectOption(c.skill);
    await waitForCount(page, withValue(facetPos("skills"), valuePos(facetPos("skills"), c.skill)).length);
    await page.locator("#filter-languages").selectOption(c.language);
    await waitForCount(page, c.expected.length);
    assert.deepEqual(await shownNames(page), c.expected);
    assert.equal(await page.locator("#mentor-list").isVisible(), false, "the unfiltered list is hidden");

    const url = new URL(page.url());
    assert.equal(url.searchParams.get("skills"), c.skill);
    assert.equal(url.searchParams.get("languages"), c.language);

    // Loading that URL in a fresh tab restores the same filter and result.
    const again = await h.page();
    try {
      await again.goto(url.href);
      await waitForCount(again, c.expected.length);
      assert.equal(await again.locator("#filter-skills").inputValue(), c.skill);
      assert.equal(await again.locator("#filter-languages").inputValue(), c.language);
      assert.deepEqual(await shownNames(again), c.expected);
      assert.deepEqual(again.errors, []);
    } finally {
      await again.context().close();
    }

    // "Clear filters" brings the whole directory back.
    await page.getByRole("button", { name: "Clear filters" }).click();
    await page.locator("#mentor-list").waitFor({ state: "visible" });
    assert.equal(new URL(page.url()).search, "");
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('"Remote only" and "Has open spots" filter on their own and together', { timeout: 60_000 }, async () => {
  const remote = names(index.mentors.filter((m) => m[4]));
  const open = names(index.mentors.filter((m) => m[5] > 0));
  const both = names(index.mentors.filter((m) => m[4] && m[5] > 0));
  assert.ok(remote.length < index.mentors.length && open.length < index.mentors.length, "the example has on-site and full mentors");
  const page = await openDirectory();
  try {
    await page.getByLabel("Remote only").check();
    await waitForCount(page, remote.length);
    assert.deepEqual(await shownNames(page), remote);
    assert.equal(new URL(page.url()).searchParams.get("remote"), "1");

    await page.getByLabel("Has open spots").check();
    await waitForCount(page, both.length);
    assert.deepEqual(await shownNames(page), both);

    await page.getByLabel("Remote only").uncheck();
    await waitForCount(page, open.length);
    assert.deepEqual(await shownNames(page), open);
    assert.equal(await page.locator("#filtered-list .spots-full").count(), 0, "no full mentor is shown");

    await page.getByLabel("Has open spots").uncheck();
    await page.locator("#mentor-list").waitFor({ state: "visible" });
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test("a choice made while the index is still loading is kept", { timeout: 30_000 }, async () => {
  const remote = names(index.mentors.filter((m) => m[4]));
  const page = await h.page();
  try {
    let release;
    const gate = new Promise((resolve) => (release = resolve));
    await page.route("**/mentors/index.json", async (route) => {
      await Promise.race([gate, new Promise((r) => setTimeout(r, 5_000))]);
      await route.continue();
    });
    await page.goto(`${h.base}/mentors/`);
    await page.locator("#mentor-filters").waitFor({ state: "visible" });
    await page.getByLabel("Remote only").check();
    release();
    await page.locator("#mentor-filters[data-ready]").waitFor();
    await waitForCount(page, remote.length);
    assert.equal(await page.getByLabel("Remote only").isChecked(), true);
    assert.deepEqual(await shownNames(page), remote);
  } finally {
    await page.context().close();
  }
});

test("free-text search finds a mentor by a skill", { timeout: 60_000 }, async () => {
  const s = facetPos("skills");
  // A skill held by few mentors, whose label is not in any mentor's name.
  const candidates = index.facets[s].values
    .map((v, i) => ({ label: v[1], holders: withValue(s, i) }))
    .filter((c) => c.holders.length > 0 && c.holders.length < index.mentors.length / 2)
    .filter((c) => !index.mentors.some((m) => m[1].toLowerCase().includes(c.label.toLowerCase())))
    .sort((a, b) => a.holders.length - b.holders.length);
  assert.ok(candidates.length, "a skill to search for");
  const { label, holders } = candidates[0];
  const words = label.toLowerCase().split(/\s+/);
  const expected = names(
    index.mentors.filter((m) => {
      const hay = [m[1], m[2], ...m[7][s].map((i) => index.facets[s].values[i][1])].join(" ").toLowerCase();
      return words.every((w) => hay.includes(w));
    }),
  );
  for (const m of holders) assert.ok(expected.includes(m[1]));

  const page = await openDirectory();
  try {
    await page.getByLabel("Search names, headlines and skills").fill(label);
    await waitForCount(page, expected.length);
    assert.deepEqual(await shownNames(page), expected);
    assert.equal(new URL(page.url()).searchParams.get("q"), label);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test("without JavaScript the directory lists mentors and links every facet page", { timeout: 30_000 }, async () => {
  const page = await h.page({ javaScriptEnabled: false });
  try {
    await page.goto(`${h.base}/mentors/`);
    assert.equal(await page.locator("#mentor-filters").isVisible(), false, "the filter form needs JavaScript");
    const shown = (await shownNames(page)).length;
    assert.ok(shown > 0 && shown <= index.mentors.length);
    for (const f of index.facets) {
      const href = `/mentors/${f.name}/${f.values[0][0]}/`;
      assert.equal(await page.locator(`a[href="${href}"]`).count() > 0, true, href);
    }
  } finally {
    await page.context().close();
  }
});

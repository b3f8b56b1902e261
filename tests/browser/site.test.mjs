// Site-wide behaviour in a real browser: the header search, the survey
// form's validation, the skip link and the arrow-key shortcuts between
// guides.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { start, publicDir, REPO } from "./lib/harness.mjs";
import { readIndex } from "./lib/search-index.mjs";

let h;
before(async () => {
  h = await start();
});
after(async () => {
  await h?.close();
});

/** A word found in exactly one page, a guide, and only in its body. */
function bodyOnlyWord() {
  const index = readIndex(publicDir());
  for (const [word, postings] of index.words) {
    if (postings.length !== 1 || postings[0][1] !== 0 || !/^\p{L}{7,}$/u.test(word)) continue;
    const entry = index.page(postings[0][0]);
    if (entry.url.startsWith("/handbook/") && !entry.url.endsWith("/handbook/")) {
      return { word, entry: { u: entry.url, t: entry.title } };
    }
  }
  assert.fail("no guide has a word of its own");
}

test("the header search finds a guide by a word only in its body", { timeout: 30_000 }, async () => {
  const { word, entry } = bodyOnlyWord();
  const page = await h.page();
  try {
    await page.goto(`${h.base}/`);
    const box = page.getByRole("searchbox", { name: "Search the handbook and mentors" });
    await box.fill(word);
    const hit = page.locator("#search-results a").first();
    await hit.waitFor();
    assert.equal(await page.locator("#search-results a").count(), 1, `only one result for “${word}”`);
    assert.equal(new URL(await hit.getAttribute("href"), h.base).pathname, new URL(entry.u, h.base).pathname);
    assert.equal((await hit.textContent()).trim(), entry.t);
    // Enter opens the first result.
    await box.press("Enter");
    await page.waitForURL((u) => u.pathname === new URL(entry.u, h.base).pathname);
    assert.equal((await page.locator("h1").textContent()).trim(), entry.t);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test("submitting the empty survey form shows the browser's validation on required fields", { timeout: 30_000 }, async () => {
  const page = await h.page();
  try {
    await page.goto(`${h.base}/forms/feedback/`);
    const required = page.locator("form.survey-form [required]");
    assert.ok((await required.count()) > 0, "the feedback form has required questions");
    await page.getByRole("button", { name: "Send answers" }).click();
    // Still on the form: the browser blocked the submission.
    assert.equal(new URL(page.url()).pathname, "/forms/feedback/");
    const invalid = await page.$$eval("form.survey-form :invalid:not(fieldset):not(form)", (els) =>
      els.map((e) => ({ name: e.name, message: e.validationMessage })),
    );
    assert.ok(invalid.length > 0, "required fields are :invalid");
    for (const f of invalid) assert.notEqual(f.message, "", `validationMessage of ${f.name}`);
    // Focus went to the first invalid field, which has an accessible name.
    const focused = await page.evaluate(() => {
      const a = document.activeElement;
      return { name: a.name, invalid: a.matches(":invalid"), labels: a.labels ? a.labels.length : 0 };
    });
    assert.equal(focused.invalid, true);
    assert.equal(focused.name, invalid[0].name);
    assert.ok(focused.labels > 0, "the focused field has a label");
    // Every control of the form is labelled.
    const unlabelled = await page.$$eval("form.survey-form input, form.survey-form textarea, form.survey-form select", (els) =>
      els.filter((e) => !e.labels || e.labels.length === 0).map((e) => e.name),
    );
    assert.deepEqual(unlabelled, []);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

for (const width of [375, 1280]) {
  test(`Tab reaches the skip link first, visibly, and it moves focus to main (${width} px)`, { timeout: 30_000 }, async () => {
    const page = await h.page({ width });
    try {
      await page.goto(`${h.base}/handbook/meetings/smart-goals/`);
      await page.keyboard.press("Tab");
      const skip = await page.evaluate(() => {
        const a = document.activeElement;
        const r = a.getBoundingClientRect();
        const style = getComputedStyle(a);
        return {
          cls: a.className,
          text: a.textContent.trim(),
          href: a.getAttribute("href"),
          inView: r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth && r.width > 0,
          outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
        };
      });
      assert.equal(skip.cls, "skip-link");
      assert.equal(skip.text, "Skip to content");
      assert.equal(skip.href, "#main");
      assert.ok(skip.inView, "the focused skip link is on screen");
      assert.ok(skip.outline, "the focused skip link has a visible focus ring");
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => document.activeElement && document.activeElement.id === "main");
      assert.equal(new URL(page.url()).hash, "#main");
      // The next Tab continues inside main, not back in the header.
      await page.keyboard.press("Tab");
      assert.equal(await page.evaluate(() => document.getElementById("main").contains(document.activeElement)), true);
    } finally {
      await page.context().close();
    }
  });
}

test("every link and control shows a visible focus ring", { timeout: 60_000 }, async () => {
  const page = await h.page();
  try {
    for (const url of ["/", "/mentors/", "/forms/feedback/", "/results/2026-autumn/feedback/"]) {
      await page.goto(`${h.base}${url}`);
      if (url === "/mentors/") await page.locator("#mentor-filters[data-ready]").waitFor({ state: "visible" });
      const missing = [];
      for (let i = 0; i < 60; i++) {
        await page.keyboard.press("Tab");
        const f = await page.evaluate(() => {
          const a = document.activeElement;
          if (!a || a === document.body) return null;
          const s = getComputedStyle(a);
          const ring = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2;
          return { ring, what: `${a.tagName.toLowerCase()}${a.id ? "#" + a.id : ""} ${(a.textContent || a.name || "").trim().slice(0, 40)}` };
        });
        if (!f) break;
        if (!f.ring) missing.push(f.what);
      }
      assert.deepEqual(missing, [], `${url}: focused without a visible ring`);
    }
  } finally {
    await page.context().close();
  }
});

test("arrow keys go to the previous and next guide, but not while typing", { timeout: 30_000 }, async () => {
  const page = await h.page();
  try {
    await page.goto(`${h.base}/handbook/meetings/smart-goals/`);
    const next = await page.locator('.pager a[rel="next"]').getAttribute("href");
    const prev = await page.locator('.pager a[rel="prev"]').getAttribute("href");
    assert.ok(next && prev, "the guide has a previous and a next page");
    const start = page.url();

    // Typing in the search box never navigates.
    await page.locator("#site-search").focus();
    await page.keyboard.press("ArrowRight");
    await page.waitForTimeout(300);
    assert.equal(page.url(), start);
    await page.locator("#site-search").blur();

    await page.keyboard.press("ArrowRight");
    await page.waitForURL((u) => u.pathname === new URL(next, h.base).pathname);
    await page.keyboard.press("ArrowLeft");
    await page.waitForURL((u) => u.href === start);
    await page.keyboard.press("ArrowLeft");
    await page.waitForURL((u) => u.pathname === new URL(prev, h.base).pathname);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test("on a phone, a guide's wide table scrolls by keyboard and keeps the arrow keys", { timeout: 30_000 }, async () => {
  const page = await h.page({ width: 375 });
  try {
    await page.goto(`${h.base}/handbook/meetings/smart-goals/`);
    const wide = page.locator(".prose table[tabindex='0']").first();
    assert.ok((await page.locator(".prose table[tabindex='0']").count()) > 0, "a scrolling table is focusable");
    const start = page.url();
    await wide.focus();
    await page.keyboard.press("ArrowRight");
    await page.waitForFunction(() => document.activeElement.scrollLeft > 0);
    assert.equal(page.url(), start, "the arrow key scrolled the table instead of leaving the page");
    // At desktop width nothing scrolls, so the table is no tab stop.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.waitForFunction(() => !document.querySelector(".prose table[tabindex]"));
  } finally {
    await page.context().close();
  }
});

test("the handbook prints without site chrome and with link targets spelled out", { timeout: 60_000 }, async () => {
  const page = await h.page();
  try {
    await page.goto(`${h.base}/handbook/print/`);
    await page.emulateMedia({ media: "print" });
    for (const chrome of [".site-header", ".site-footer", ".skip-link"]) {
      assert.equal(await page.locator(chrome).first().isVisible(), false, `${chrome} is not printed`);
    }
    assert.ok((await page.locator("main h1").first().isVisible()), "the content is printed");
    const external = page.locator('.prose a[href^="http"]').first();
    if ((await page.locator('.prose a[href^="http"]').count()) > 0) {
      const after = await external.evaluate((a) => getComputedStyle(a, "::after").content);
      assert.match(after, /http/, "external links print their address");
    }
    // The printed handbook, as a test artefact beside the screenshots.
    const out = path.join(REPO, "target", "screenshots");
    fs.mkdirSync(out, { recursive: true });
    const pdf = await page.pdf({ path: path.join(out, "handbook-print.pdf"), format: "A4" });
    assert.equal(pdf.subarray(0, 5).toString(), "%PDF-");
  } finally {
    await page.context().close();
  }
});

function htmlPages(dir, base = "") {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) out.push(...htmlPages(path.join(dir, e.name), `${base}/${e.name}`));
    else if (e.name === "index.html") out.push(`${base}/`);
    else if (e.name.endsWith(".html")) out.push(`${base}/${e.name}`);
  }
  return out;
}

test("every generated page loads with no console error, failed request or CSP violation", { timeout: 180_000 }, async () => {
  const urls = htmlPages(publicDir()).sort();
  assert.ok(urls.length > 20, `${urls.length} pages`);
  const page = await h.page();
  const failed = [];
  page.on("requestfailed", (r) => {
    // ERR_ABORTED: a fetch of the previous page cut short by our navigation.
    const why = r.failure()?.errorText || "";
    if (!why.includes("ERR_ABORTED")) failed.push(`${r.url()} ${why}`);
  });
  page.on("response", (r) => {
    if (r.status() >= 400 && !r.url().endsWith("/404.html")) failed.push(`${r.url()} ${r.status()}`);
  });
  const problems = [];
  try {
    for (const url of urls) {
      page.errors.length = 0;
      failed.length = 0;
      await page.goto(h.base + url, { waitUntil: "load" });
      // An alias of a moved page redirects at once: wait for it to land.
      const file = path.join(publicDir(), url.endsWith("/") ? `${url}index.html` : url);
      if (/http-equiv="refresh"/i.test(fs.readFileSync(file, "utf8"))) {
        await page.waitForURL((u) => u.pathname !== url);
        await page.waitForLoadState("load");
      }
      const errors = [...new Set([...page.errors, ...failed])];
      if (errors.length) problems.push(`${url}: ${errors.join(" | ").slice(0, 400)}`);
    }
  } finally {
    await page.context().close();
  }
  assert.deepEqual(problems, []);
});

// Screenshots at phone and desktop widths, written as test artefacts into
// target/screenshots/; the desktop shots of the home page, the directory, a
// profile and a results page are copied to docs/screenshots/ for the README.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { start, mentorIndex, REPO, WIDTHS } from "./lib/harness.mjs";

const OUT = path.join(REPO, "target", "screenshots");
const DOCS = path.join(REPO, "docs", "screenshots");
const FOR_README = ["home", "directory", "profile", "results"];

let h;
before(async () => {
  h = await start();
  fs.mkdirSync(OUT, { recursive: true });
  fs.mkdirSync(DOCS, { recursive: true });
});
after(async () => {
  await h?.close();
});

const isPng = (file) => fs.readFileSync(file).subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

for (const [wname, width] of Object.entries(WIDTHS)) {
  test(`screenshots at ${width} px (${wname})`, { timeout: 60_000 }, async () => {
    const profile = mentorIndex().mentors[0][0];
    const shots = [
      ["home", "/"],
      ["directory", "/mentors/"],
      ["profile", `/mentors/${profile}/`],
      ["results", "/results/2026-autumn/feedback/"],
      ["guide", "/handbook/meetings/smart-goals/"],
    ];
    const page = await h.page({ width, height: width < 600 ? 812 : 900 });
    try {
      for (const [name, url] of shots) {
        await page.goto(h.base + url);
        if (name === "directory") await page.locator("#mentor-filters[data-ready]").waitFor({ state: "visible" });
        await page.evaluate(() => document.fonts.ready);
        // The page fits its width: nothing scrolls sideways.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `${url} at ${width} px scrolls sideways by ${overflow} px`);
        const file = path.join(OUT, `${name}-${width}.png`);
        await page.screenshot({ path: file, fullPage: width < 600, animations: "disabled" });
        assert.ok(isPng(file), file);
        if (width === WIDTHS.desktop && FOR_README.includes(name)) {
          fs.copyFileSync(file, path.join(DOCS, `${name}.png`));
        }
      }
      assert.deepEqual(page.errors, []);
    } finally {
      await page.context().close();
    }
  });
}

// Mentor photos in a real browser, on a phone: the first page of the
// directory at 375 px (2× screen) fetches small WebP photos chosen from
// the srcset, never an original, and every photo box has its size before
// the image arrives. Prints the bytes the page costs now and what the same
// photos cost when the originals were sent (the build before #18).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { start, REPO, WIDTHS } from "./lib/harness.mjs";

let h;
before(async () => {
  h = await start();
});
after(async () => {
  await h?.close();
});

/** The original a published photo was made from, in the example program:
 * `/photos/<slug>-<width>.<hash>.<ext>` → content/mentors/<slug>.<ext>. */
function original(url) {
  const slug = path.basename(new URL(url).pathname).replace(/-\d+\.[0-9a-f]+\.\w+$/, "");
  const dir = path.join(REPO, "content", "mentors");
  const name = fs.readdirSync(dir).find((f) => f.startsWith(`${slug}.`) && !f.endsWith(".md"));
  assert.ok(name, `an original for ${slug}`);
  return path.join(dir, name);
}

test("the directory's first page at 375 px sends small photos, never originals", async () => {
  const page = await h.page({ width: WIDTHS.mobile, height: 812, deviceScaleFactor: 2, isMobile: true });
  const fetched = [];
  page.on("requestfinished", async (request) => {
    const response = await request.response();
    const sizes = await request.sizes();
    fetched.push({
      url: request.url(),
      type: request.resourceType(),
      mime: response ? await response.headerValue("content-type") : "",
      bytes: sizes.responseBodySize + sizes.responseHeadersSize,
    });
  });
  await page.goto(`${h.base}/mentors/`, { waitUntil: "load" });
  await page.waitForLoadState("networkidle");

  // Every photo box is sized by its attributes, before any image loads.
  const boxes = await page.locator("picture img").evaluateAll((imgs) =>
    imgs.map((img) => ({ w: img.getAttribute("width"), h: img.getAttribute("height"), sizes: img.sizes })),
  );
  assert.ok(boxes.length >= 1, "the example program shows photos");
  for (const b of boxes) assert.deepEqual(b, { w: "64", h: "64", sizes: "64px" });
  // Mentors without a photo keep their initials.
  assert.ok((await page.locator(".avatar-initials").count()) >= 1);

  const images = fetched.filter((f) => f.type === "image");
  assert.ok(images.length >= 1, "the first screen's photos are fetched");
  for (const img of images) {
    assert.match(new URL(img.url).pathname, /^\/photos\/[a-z0-9-]+-128\.[0-9a-f]{12}\.webp$/, "a 2× WebP photo");
    assert.equal(img.mime, "image/webp");
  }
  // The eager photos show the 2× WebP the srcset offered.
  const shown = await page.locator("picture img:not([loading=lazy])").evaluateAll((imgs) =>
    imgs.map((img) => (img.complete ? img.currentSrc : "")),
  );
  assert.ok(shown.length >= 1, "the first cards load their photos at once");
  for (const src of shown) assert.match(src, /-128\.[0-9a-f]{12}\.webp$/);

  const total = fetched.reduce((sum, f) => sum + f.bytes, 0);
  const photoBytes = images.reduce((sum, f) => sum + f.bytes, 0);
  const originals = images.reduce((sum, f) => sum + fs.statSync(original(f.url)).size, 0);
  const before = total - photoBytes + originals;
  console.log(
    `directory page 1 at 375 px: ${total} bytes now (${images.length} photos, ${photoBytes} bytes); ` +
      `${before} bytes with the originals sent (${originals} bytes of photos)`,
  );
  assert.ok(photoBytes < originals, "processed photos cost less than the originals");
  assert.deepEqual(page.errors, []);
});

test("cards the filter draws show the same processed photos", { timeout: 60_000 }, async () => {
  const index = JSON.parse(fs.readFileSync(path.join(h.root, "mentors", "index.json"), "utf8"));
  const withPhoto = index.mentors.filter((m) => m[8]);
  assert.ok(withPhoto.length >= 1, "the example program has photos");
  const page = await h.page({ width: WIDTHS.mobile, deviceScaleFactor: 2 });
  try {
    await page.goto(`${h.base}/mentors/`);
    await page.locator("#mentor-filters[data-ready]").waitFor({ state: "visible" });
    await page.getByLabel("Search names, headlines and skills").fill(withPhoto[0][1]);
    const card = page.locator(`#filtered-list .mentor-card:has(h3 a[href$="/mentors/${withPhoto[0][0]}/"])`);
    await card.waitFor();
    assert.equal(await card.locator("picture source").getAttribute("type"), "image/webp");
    assert.equal(await card.locator("picture source").getAttribute("srcset"), withPhoto[0][8][1]);
    const img = card.locator("picture img");
    assert.equal(await img.getAttribute("width"), "64");
    await img.scrollIntoViewIfNeeded();
    await page.waitForFunction((el) => el.complete && el.currentSrc, await img.elementHandle());
    assert.match(await img.evaluate((el) => el.currentSrc), /-128\.[0-9a-f]{12}\.webp$/);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

// Defence in depth: the build refuses active SVG and unsafe links (tests/cli
// safety.rs); this proves that even if such a file or link reached the
// published folder, the security policy the build writes for static hosts
// (`_headers`, sent here as Netlify and Cloudflare Pages send it) keeps it
// from running: an SVG's script, its event handler, and a `javascript:`
// link in a page.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { start, publicDir } from "./lib/harness.mjs";

/** A folder with the example's `_headers`, a hostile SVG and a page with
 * a hostile link: each, if it ran, would ask the server for /ran-… */
function hostileSite() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mentorsite-hostile-"));
  fs.copyFileSync(path.join(publicDir(), "_headers"), path.join(dir, "_headers"));
  fs.writeFileSync(
    path.join(dir, "avatar.svg"),
    `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="fetch('/ran-onload')">
       <script>fetch('/ran-script')</script><rect width="10" height="10"/></svg>`,
  );
  fs.mkdirSync(path.join(dir, "mentors"));
  fs.writeFileSync(
    path.join(dir, "mentors", "index.html"),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Mentor</title></head>
     <body><a id="site" href="javascript:fetch('/ran-link')">Website</a>
     <img src="/avatar.svg" alt="avatar"></body></html>`,
  );
  fs.writeFileSync(path.join(dir, "404.html"), "<!doctype html><title>Not found</title>");
  return dir;
}

test("a hostile SVG and a hostile profile link run nothing under the published policy", { timeout: 60_000 }, async () => {
  const dir = hostileSite();
  const h = await start(dir);
  try {
    const page = await h.page();
    const ran = [];
    page.on("request", (r) => {
      if (new URL(r.url()).pathname.startsWith("/ran-")) ran.push(r.url());
    });
    const violations = [];
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });

    // The SVG opened on its own, as a visitor following a link would.
    const response = await page.goto(`${h.base}/avatar.svg`);
    assert.match(response.headers()["content-security-policy"] ?? "", /script-src 'self'/);
    assert.equal(response.headers()["x-content-type-options"], "nosniff");
    // The page with the hostile link, and the SVG as an image in it.
    await page.goto(`${h.base}/mentors/`);
    await page.locator("#site").click();
    await page.waitForTimeout(500);

    assert.deepEqual(ran, [], "nothing hostile ran");
    assert.ok(violations.length > 0, "the browser reported the blocked scripts");
  } finally {
    await h.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

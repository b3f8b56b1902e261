// A mentor's profile says how to ask for that mentor: its link opens the
// application form with the mentor already filled in, and nothing else.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { start, mentorIndex } from "./lib/harness.mjs";

let h;
before(async () => {
  h = await start();
});
after(async () => {
  await h?.close();
});

test("the profile's apply link preselects the mentor on the application form", { timeout: 30_000 }, async () => {
  const page = await h.page({ width: 375 });
  try {
    let slug;
    for (const [s] of mentorIndex().mentors) {
      await page.goto(`${h.base}/mentors/${s}/`);
      if ((await page.locator(".apply a").count()) === 1) {
        slug = s;
        break;
      }
    }
    assert.ok(slug, "some profile with open spots links to the application form");
    await page.locator(".apply a").click();
    await page.waitForURL(/\/forms\/application\/\?ranked_mentors=/);
    assert.equal(await page.locator("[name=ranked_mentors]").inputValue(), slug);
    assert.equal(await page.locator("[name=goals]").inputValue(), "", "other answers stay empty");
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

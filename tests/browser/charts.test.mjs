// Charts stay legible at every width: each chart shows exactly one of its
// layouts (wide or phone), its text renders at 12 px or more on screen, and
// no label spills out of its chart. Measured in the browser on the results
// and trends pages of the example program, from a 320 px phone to a desktop.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { start } from "./lib/harness.mjs";

const PAGES = ["/results/2026-autumn/feedback/", "/results/trends/feedback/"];
const WIDTHS = [320, 375, 414, 672, 768, 1280];
const MIN_TEXT_PX = 12;

let h;
before(async () => {
  h = await start();
});
after(async () => {
  await h?.close();
});

/** Every chart on the page: how many layouts show, and for each text of the
 * shown layout its rendered size and whether it stays inside the chart. */
function measure() {
  return [...document.querySelectorAll("figure.chart")].map((figure) => {
    const shown = [...figure.querySelectorAll("svg.ms-chart")].filter(
      (svg) => getComputedStyle(svg).display !== "none" && svg.getBoundingClientRect().width > 0,
    );
    const texts = shown.flatMap((svg) => {
      const box = svg.getBoundingClientRect();
      const scale = box.width / svg.viewBox.baseVal.width;
      return [...svg.querySelectorAll("text")].map((t) => {
        const r = t.getBoundingClientRect();
        return {
          text: t.textContent,
          px: parseFloat(getComputedStyle(t).fontSize) * scale,
          inside:
            r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1,
        };
      });
    });
    return { id: figure.closest("section")?.id || figure.previousElementSibling?.id || "?", shown: shown.length, texts };
  });
}

for (const width of WIDTHS) {
  test(`chart text is at least ${MIN_TEXT_PX} px and inside its chart at ${width} px`, { timeout: 60_000 }, async () => {
    const page = await h.page({ width, height: 900 });
    try {
      for (const url of PAGES) {
        await page.goto(h.base + url);
        const charts = await page.evaluate(measure);
        assert.ok(charts.length >= 3, `${url}: expected charts, found ${charts.length}`);
        let smallest = Infinity;
        for (const chart of charts) {
          assert.equal(chart.shown, 1, `${url} at ${width} px: one layout of each chart shows (${chart.id})`);
          for (const t of chart.texts) {
            smallest = Math.min(smallest, t.px);
            assert.ok(t.px >= MIN_TEXT_PX, `${url} at ${width} px: "${t.text}" renders at ${t.px.toFixed(1)} px`);
            assert.ok(t.inside, `${url} at ${width} px: "${t.text}" spills out of its chart`);
          }
        }
        console.log(`${url} at ${width} px: ${charts.length} charts, smallest text ${smallest.toFixed(1)} px`);
      }
    } finally {
      await page.context().close();
    }
  });
}

// Shared set-up for the browser tests: the built site (MS_PUBLIC, written by
// run.sh), a static server over it and headless Debian Chromium driven by
// playwright-core. Playwright never downloads a browser here: we always pass
// the system executable.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "./server.mjs";

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const BROWSER_DIR = path.resolve(HERE, "..");
export const REPO = path.resolve(BROWSER_DIR, "../..");

export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** Per-action timeout: every wait in the tests is bounded by this. */
export const TIMEOUT = 10_000;

export const WIDTHS = { mobile: 375, desktop: 1280 };

export function publicDir() {
  const dir = process.env.MS_PUBLIC;
  if (!dir || !fs.existsSync(path.join(dir, "index.html"))) {
    throw new Error(
      "MS_PUBLIC must name a built site (run the tests through tests/browser/run.sh)",
    );
  }
  return path.resolve(dir);
}

/** Starts the server (over `root`, the example program's build unless
 * given) and the browser; `close()` always stops both. */
export async function start(root = publicDir()) {
  const server = await serve(root);
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      headless: true,
      timeout: 30_000,
    });
  } catch (e) {
    await server.close();
    throw e;
  }
  return {
    root,
    base: server.url,
    browser,
    /** A new page in a fresh context; only loopback traffic is allowed. */
    async page({ width = WIDTHS.desktop, height = 900, colorScheme = "light", ...rest } = {}) {
      const context = await browser.newContext({
        viewport: { width, height },
        colorScheme,
        reducedMotion: "reduce",
        serviceWorkers: "block",
        ...rest,
      });
      context.setDefaultTimeout(TIMEOUT);
      context.setDefaultNavigationTimeout(TIMEOUT);
      await context.route(/^(?!http:\/\/127\.0\.0\.1[:/]).*/, (route) => route.abort());
      const page = await context.newPage();
      page.errors = [];
      page.on("pageerror", (e) => page.errors.push(String(e)));
      page.on("console", (m) => {
        if (m.type() === "error") page.errors.push(m.text());
      });
      return page;
    },
    async close() {
      try {
        await browser.close();
      } finally {
        await server.close();
      }
    },
  };
}

/** The directory's JSON index as written by the build. */
export function mentorIndex() {
  return JSON.parse(fs.readFileSync(path.join(publicDir(), "mentors", "index.json"), "utf8"));
}

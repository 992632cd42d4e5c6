import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { realClockEnv } from "../../scripts/dev/real-clock.ts";

/** Debian's Chromium: nothing here may download a browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Whether browser tests can run. Without Chromium they are skipped, loudly; `REQUIRE_BROWSER=1` (set by
 * `.ci/run`, which installs it) turns that skip into a failure, so CI never passes without them.
 */
export function browserAvailable(suite: string): boolean {
  if (existsSync(CHROMIUM)) return true;
  const why = `${suite}: skipped, no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`;
  if (process.env.REQUIRE_BROWSER === "1") throw new Error(`${why}; REQUIRE_BROWSER=1 forbids skipping`);
  process.stderr.write(`\n*** ${why} ***\n\n`);
  return false;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    // Its compositor stalls on a faked clock; the pages take their week from the URL.
    env: realClockEnv(),
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** A normal desktop browser's user agent: headless Chromium's own says HeadlessChrome, which isbot flags. */
export const DESKTOP_UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

const artifacts = fileURLToPath(new URL("../../test-artifacts/", import.meta.url));

/** Saves what a person sees, for a reviewer to look at (test-artifacts/, kept out of git). */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(artifacts, { recursive: true });
  const path = join(artifacts, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

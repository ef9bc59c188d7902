import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { CHROMIUM, findProgram } from "./debian-packages";

/** Debian's Chromium (installed by the global setup when missing), never a browser download. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: findProgram(CHROMIUM),
    headless: true,
    // The machines have no route to the internet: keep Chromium from trying.
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
}

/** One Chromium for the calling test file, launched before its tests and closed after them. */
export function useBrowser(): { readonly current: Browser } {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    get current() {
      if (!browser) throw new Error("the browser starts in beforeAll");
      return browser;
    },
  };
}

/**
 * Waits until a card lifted with the keyboard listens for the next key:
 * dnd-kit attaches its keydown listener in a timer and measures the columns
 * after the lift has rendered, so a key sent the moment `aria-pressed` flips
 * can arrive before either (no person is that fast). Two frames and a timer
 * queued after dnd-kit's own cover both.
 */
export async function waitForKeyboardDrag(page: Page) {
  await page.evaluate(
    () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0)))),
  );
}

import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import os from "node:os";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";

const CANDIDATES = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

/**
 * Debian's Chromium, never a browser download. On a fresh Debian machine where
 * we run as root (CI, a new dev box) it is installed with apt-get the first time.
 */
export function findChromium(): string {
  const found = CANDIDATES.find((candidate): candidate is string => !!candidate && existsSync(candidate));
  if (found) return found;
  if (os.userInfo().uid === 0 && existsSync("/usr/bin/apt-get")) {
    execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
    execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
    if (existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  }
  throw new Error("Chromium not found: install Debian's `chromium` package or set CHROMIUM_PATH.");
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium(),
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

import { existsSync } from "node:fs";

/** Where Debian's `chromium` package puts the browser; `CHROMIUM_PATH` overrides it. */
export const CHROMIUM_PATH: string = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Flags for a quiet, headless, sandbox-less run in a container or CI. */
export const CHROMIUM_FLAGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Whether the real-browser tests run: always when Chromium is installed; in CI (`CI=true`) they also run — and
 * fail loudly — when it is missing, so CI can never skip them silently. Install it with
 * `apt-get install -y chromium`.
 */
export function shouldRunChromiumTests(): boolean {
  return existsSync(CHROMIUM_PATH) || process.env.CI === "true";
}

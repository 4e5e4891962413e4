import { existsSync } from "node:fs";

/** Where Debian's `chromium` package puts the browser; `CHROMIUM_PATH` overrides it. */
export const CHROMIUM_PATH: string = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Flags for a quiet, headless, sandbox-less run in a container or CI. */
export const CHROMIUM_FLAGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-background-timer-throttling",
  "--disable-renderer-backgrounding",
  "--disable-backgrounding-occluded-windows",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Whether the browser test runs: when Chromium is installed, and always in CI (`CI=true`), where a missing
 * Chromium fails it instead of skipping it. Install it with `apt-get install -y chromium`.
 */
export const RUN_IN_CHROMIUM: boolean = existsSync(CHROMIUM_PATH) || process.env.CI === "true";

/** The name of the skipped test says why it was skipped. */
export const SKIP_REASON = `skipped: no Chromium at ${CHROMIUM_PATH} and CI is not set (apt-get install -y chromium, or CHROMIUM_PATH=…)`;

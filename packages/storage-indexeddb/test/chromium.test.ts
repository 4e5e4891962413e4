import { memoryStorage } from "@reliable-channel/storage-memory";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_FLAGS, CHROMIUM_PATH, shouldRunChromiumTests } from "../scripts/chromium.js";
import { fixtureCommits } from "./browser/fixture-ops.js";
import { plain } from "./browser/plain.js";
import { type PageServer, servePage } from "./browser/serve.js";

type Check = "write" | "tryOpen" | "lockReleased" | "read" | "corruptAndRead";

/** Calls one of the page's `storageChecks` (see browser/entry.ts). */
function call(page: Page, check: Check): Promise<unknown> {
  return page.evaluate(
    (name) =>
      (globalThis as unknown as { storageChecks: Record<string, () => Promise<unknown>> }).storageChecks[
        name
      ]?.(),
    check,
  );
}

/** What the memory storage (the reference) holds after the same commits. */
async function expectedState(): Promise<unknown> {
  const channel = await memoryStorage().open("c");
  for (const ops of fixtureCommits()) await channel.commit(ops);
  return plain(await channel.load());
}

describe.runIf(shouldRunChromiumTests())(
  `indexedDbStorage in real headless Chromium (${CHROMIUM_PATH})`,
  () => {
    let browser: Browser;
    let server: PageServer;

    beforeAll(async () => {
      server = await servePage();
      browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_FLAGS] });
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it("stores exactly what the reference stores, locks across tabs, survives a crashed tab", async () => {
      const context = await browser.newContext();
      const open = async (): Promise<Page> => {
        const page = await context.newPage();
        await page.goto(server.url);
        await page.waitForFunction(() => "storageChecks" in globalThis);
        return page;
      };
      const tabA = await open();
      expect(await call(tabA, "write")).toBe("InvalidArgumentError");
      const tabB = await open();
      expect(await call(tabB, "tryOpen")).toBe("StorageLockedError");
      await tabA.close(); // the tab goes away without closing its storage: the browser drops its Web Lock
      expect(await call(tabB, "lockReleased")).toBe("released");
      expect(await call(tabB, "tryOpen")).toBe("opened");
      await tabB.reload();
      await tabB.waitForFunction(() => "storageChecks" in globalThis);
      expect(await call(tabB, "read")).toStrictEqual(await expectedState());
      expect(await call(tabB, "corruptAndRead")).toBe("StorageCorruptionError");
      await context.close();
    }, 60_000);
  },
);

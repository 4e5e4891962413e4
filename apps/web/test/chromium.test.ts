import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebApp, type WebApp } from "../server/web-server.js";
import { CHROMIUM_FLAGS, CHROMIUM_PATH, RUN_IN_CHROMIUM, SKIP_REASON } from "./chromium.js";
import { joinFromNode, type NodeParticipant } from "./node-participant.js";
import { type Line, Tab } from "./tab.js";

const ARTIFACTS = fileURLToPath(new URL("../test-artifacts/", import.meta.url));
const ROUNDS = 25; // 25 rounds × (3 tabs + 1 Node participant) = 100 messages
const TOTAL = ROUNDS * 4;
const OFFLINE_FROM = 8; // tab2 goes offline before this round …
const OFFLINE_UNTIL = 13; // … and comes back before this one
const RELOAD_AT = 17; // tab3 is reloaded before this round

/** Every message exactly once, each sender's in its send order, and ours acknowledged. */
function expectComplete(who: string, texts: readonly string[], ownUnacknowledged: number): void {
  const expected = ["tab1", "tab2", "tab3", "node"].flatMap((s) =>
    Array.from({ length: ROUNDS }, (_, i) => `${s} #${i + 1}`),
  );
  expect([...texts].sort(), `${who}: every message exactly once`).toEqual([...expected].sort());
  for (const sender of ["tab1", "tab2", "tab3", "node"]) {
    const rounds = texts.filter((t) => t.startsWith(`${sender} #`)).map((t) => Number(t.split("#")[1]));
    expect(rounds, `${who}: ${sender}'s messages in send order`).toEqual(
      Array.from({ length: ROUNDS }, (_, i) => i + 1),
    );
  }
  expect(ownUnacknowledged, `${who}: own messages not acknowledged`).toBe(0);
}

const unacknowledged = (lines: readonly Line[]): number =>
  lines.filter((l) => l.own && l.state !== "acknowledged").length;

if (!RUN_IN_CHROMIUM) console.warn(`chromium.test.ts ${SKIP_REASON}`);

describe(`the chat page in real headless Chromium (${CHROMIUM_PATH})`, () => {
  let app: WebApp | undefined;
  let browser: Browser | undefined;
  let node: NodeParticipant | undefined;

  beforeAll(async () => {
    if (!RUN_IN_CHROMIUM) return;
    app = await startWebApp();
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_FLAGS] });
  });

  afterAll(async () => {
    await node?.stop();
    await browser?.close();
    await app?.close();
  });

  const title =
    "three tabs and a Node participant exchange 100 messages; one tab goes offline, one is reloaded";
  it.skipIf(!RUN_IN_CHROMIUM)(
    RUN_IN_CHROMIUM ? title : `${title} — ${SKIP_REASON}`,
    async () => {
      if (app === undefined || browser === undefined) throw new Error("beforeAll did not start the app");
      const started = Date.now();
      const phase = (name: string): void => console.log(`[chromium] ${name} at ${Date.now() - started} ms`);
      const url = app.url;
      const chrome = browser;
      // One context per tab: each has its own offline switch (a context's setOffline covers all its pages).
      const [tab1, tab2, tab3] = await Promise.all(
        ["tab1", "tab2", "tab3"].map(async (me) => Tab.open(await chrome.newContext(), url, me)),
      );
      if (tab1 === undefined || tab2 === undefined || tab3 === undefined) throw new Error("no tabs");
      node = await joinFromNode(app.waku, "e2e", "node");
      const tabs = [tab1, tab2, tab3];
      for (const tab of tabs) await tab.status("synced"); // every participant joined before the first message
      phase("all joined");

      let tab3LinesBeforeReload = 0;
      for (let round = 1; round <= ROUNDS; round += 1) {
        if (round === OFFLINE_FROM) {
          await tab2.context.setOffline(true);
          await tab2.status("offline");
          await tab2.page.waitForSelector("#offline");
        }
        if (round === OFFLINE_UNTIL) await tab2.context.setOffline(false);
        if (round === RELOAD_AT) {
          tab3LinesBeforeReload = (await tab3.lines()).length;
          await tab3.page.reload();
          await tab3.ready();
          // Resumed from storage: the transcript is back at once, before anything new arrives.
          expect((await tab3.lines()).length).toBeGreaterThanOrEqual(tab3LinesBeforeReload);
        }
        // The four send at once; each sender's messages go one after the other, round by round.
        const nodeParticipant = node;
        await Promise.all([
          ...tabs.map((tab) => tab.send(`${tab.me} #${round}`)),
          nodeParticipant.send(`node #${round}`),
        ]);
        if (round % 5 === 0) phase(`round ${round} sent`);
      }

      await Promise.all([...tabs.map((tab) => tab.done(TOTAL)), node.done(TOTAL - ROUNDS)]);
      phase("all delivered and acknowledged");
      await mkdir(ARTIFACTS, { recursive: true });
      for (const tab of tabs) {
        await tab.page.screenshot({ path: `${ARTIFACTS}${tab.me}.png`, fullPage: true });
      }

      for (const tab of tabs) {
        const lines = await tab.lines();
        expectComplete(
          tab.me,
          lines.map((l) => l.text),
          unacknowledged(lines),
        );
        expect(lines.filter((l) => l.own).map((l) => l.text)).toEqual(
          Array.from({ length: ROUNDS }, (_, i) => `${tab.me} #${i + 1}`),
        );
        expect(lines.filter((l) => !l.own).every((l) => l.text.startsWith(`${l.sender} #`))).toBe(true);
      }
      const texts = [...node.received, ...node.sent.map((m) => m.text)];
      expectComplete("node", texts, node.sent.filter((m) => !node?.acknowledged.has(m.id)).length);
      expect(tab3LinesBeforeReload).toBeGreaterThan(0);
    },
    240_000, // a failure guard: about 40 s alone on 2 cores, about 100 s under a load of 18
  );
});

// Bundled by esbuild and loaded in real Chromium by chromium.test.ts; the Node side calls these functions.
import type { ChannelStorage } from "@reliable-channel/interfaces";
import { indexedDbStorage } from "../../src/index.js";
import { channelLockName } from "../../src/locks.js";
import { fixtureCommits } from "./fixture-ops.js";
import { plain } from "./plain.js";

const DATABASE = "chromium-test";
const CHANNEL = "c";
let held: ChannelStorage | undefined;

const errorName = (error: unknown): string => (error instanceof Error ? error.name : String(error));

const checks = {
  /** Writes the fixture and keeps the channel open (holding its lock); returns how a bad commit failed. */
  async write(): Promise<string> {
    held = await indexedDbStorage({ name: DATABASE }).open(CHANNEL);
    for (const ops of fixtureCommits()) await held.commit(ops);
    const bad = { type: "counters", counters: { sequence: -1n } } as const;
    return held.commit([{ type: "handled-add", messageId: "never" }, bad]).then(() => "accepted", errorName);
  },
  /** Tries to open the channel in this page: "opened" (then closes it) or the error's name. */
  async tryOpen(): Promise<string> {
    const storage = indexedDbStorage({ name: DATABASE });
    try {
      await storage.open(CHANNEL);
      return "opened";
    } catch (error) {
      return errorName(error);
    } finally {
      await storage.close();
    }
  },
  /** Resolves once no tab holds the channel's Web Lock (the lock manager grants it, then it is let go). */
  async lockReleased(): Promise<string> {
    await navigator.locks.request(channelLockName(DATABASE, CHANNEL), async () => {});
    return "released";
  },
  /** Loads the channel as plain JSON. */
  async read(): Promise<unknown> {
    const storage = indexedDbStorage({ name: DATABASE });
    try {
      return plain(await (await storage.open(CHANNEL)).load());
    } finally {
      await storage.close();
    }
  },
  /** Damages the counters record with raw IndexedDB, then returns how `load` fails. */
  async corruptAndRead(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.open(DATABASE);
      request.onerror = () => reject(request.error);
      request.onsuccess = () => {
        const db = request.result;
        const tx = db.transaction("manifest", "readwrite");
        tx.objectStore("manifest").put({ channelId: CHANNEL, lamportTimestamp: "3", sequence: 1n });
        tx.oncomplete = () => {
          db.close();
          resolve();
        };
        tx.onerror = () => reject(tx.error);
      };
    });
    return checks.read().then(() => "loaded", errorName);
  },
};

Object.assign(globalThis, { storageChecks: checks });

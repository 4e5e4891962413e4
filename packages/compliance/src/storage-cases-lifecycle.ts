import {
  type Storage,
  StorageClosedError,
  StorageCorruptionError,
  StorageLockedError,
  type StorageOp,
} from "@reliable-channel/interfaces";
import { describe, expect, it } from "vitest";
import type { StorageSuiteContext } from "./storage-context.js";
import { bytesOf, expectState, incomingEntry, logEntry, messageId, outboxEntry } from "./storage-fixtures.js";
import type { StorageCorruptionTarget } from "./storage-suite.js";

const EVERY_KIND: readonly StorageOp[] = [
  { type: "outbox-put", entry: outboxEntry(1) },
  { type: "outbox-put", entry: outboxEntry(2, { state: "sent", attempts: 2 }) },
  { type: "log-put", entry: logEntry(3) },
  { type: "incoming-put", entry: incomingEntry(4) },
  { type: "handled-add", messageId: messageId(3) },
  { type: "counters", counters: { lamportTimestamp: 1_700_000_000_003n, sequence: 2n } },
  { type: "meta-put", key: "bloom", value: bytesOf(5, 64) },
];

const TARGETS: readonly StorageCorruptionTarget[] = ["outbox", "log", "incoming", "counters", "meta"];

/** Restarts, exclusive handles, closing, aborting and corrupted rows. */
export function defineLifecycleTests(context: StorageSuiteContext): void {
  describe("lifecycle", () => {
    it("returns after a restart exactly what was committed", async () => {
      const storage = await context.storage();
      const channel = await storage.open("restart");
      await channel.commit(EVERY_KIND);
      await channel.commit([{ type: "outbox-delete", messageId: messageId(1) }]);
      const before = await channel.load();
      await channel.close();
      const after = await (await context.restart(storage)).open("restart");
      expectState(await after.load(), before);
    });

    it("rejects a second open of a held channel, from the same storage and from another one", async () => {
      const first = await context.storage();
      const other = await context.storage();
      const held = await first.open("exclusive");
      await expect(first.open("exclusive")).rejects.toBeInstanceOf(StorageLockedError);
      await expect(other.open("exclusive")).rejects.toBeInstanceOf(StorageLockedError);
      const elsewhere = await other.open("another-channel");
      await elsewhere.commit([{ type: "handled-add", messageId: messageId(1) }]);
      await held.commit([{ type: "handled-add", messageId: messageId(2) }]);
      await held.close();
      const taken = await other.open("exclusive");
      expect((await taken.load()).handled).toStrictEqual([messageId(2)]);
    });

    it("lets exactly one of two simultaneous opens win", async () => {
      const storage = await context.storage();
      const results = await Promise.allSettled([storage.open("race"), storage.open("race")]);
      expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
      const loser = results.find((result) => result.status === "rejected");
      expect(loser?.reason).toBeInstanceOf(StorageLockedError);
    });

    it("releases every channel when the storage closes", async () => {
      const first = await context.storage();
      await first.open("one");
      await first.open("two");
      await first.close();
      const second = await context.storage();
      await expect(second.open("one")).resolves.toBeDefined();
      await expect(second.open("two")).resolves.toBeDefined();
    });

    it("rejects every call on a closed handle with StorageClosedError; close is idempotent", async () => {
      const storage = await context.storage();
      const channel = await storage.open("closing");
      await channel.close();
      await channel.close();
      await expect(channel.load()).rejects.toBeInstanceOf(StorageClosedError);
      await expect(channel.commit([])).rejects.toBeInstanceOf(StorageClosedError);
    });

    it("closes its handles when the storage closes, and refuses to open afterwards", async () => {
      const storage = await context.storage();
      const channel = await storage.open("closing-storage");
      await storage.close();
      await storage.close();
      await expect(channel.commit(EVERY_KIND)).rejects.toBeInstanceOf(StorageClosedError);
      await expect(channel.load()).rejects.toBeInstanceOf(StorageClosedError);
      await expect(storage.open("closing-storage")).rejects.toBeInstanceOf(StorageClosedError);
    });

    it("rejects an open whose signal is already aborted, without taking the channel", async () => {
      const storage = await context.storage();
      const reason = new Error("caller gave up");
      await expect(storage.open("aborted", { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
      await expect(storage.open("aborted")).resolves.toBeDefined();
    });

    const damages = [
      ["corrupt", "a corrupted", "corrupt its rows"],
      ["lose", "a lost", "delete its rows behind its back"],
    ] as const;
    for (const [hook, what, can] of damages) {
      for (const target of TARGETS) {
        it(`reports ${what} ${target} row with StorageCorruptionError instead of loading without it`, async (test) => {
          const harness = context.harness();
          const damage = harness[hook]?.bind(harness);
          if (damage === undefined) return test.skip(`this adapter cannot ${can}`);
          const storage = await context.storage();
          const channel = await storage.open("corrupt");
          await channel.commit(EVERY_KIND);
          await channel.close();
          await damage("corrupt", target);
          expect(await openAndLoad(storage, "corrupt")).toBeInstanceOf(StorageCorruptionError);
          const untouched = await storage.open("healthy");
          await expect(untouched.load()).resolves.toBeDefined();
        });
      }
    }
  });
}

/**
 * Opens and loads a channel, closing it again; returns the failure, if any. Damage may be found when the
 * channel opens (file-level checks) or when it loads (row checks).
 */
function openAndLoad(storage: Storage, channelId: string): Promise<unknown> {
  return storage
    .open(channelId)
    .then(async (damaged) => {
      try {
        return await damaged.load();
      } finally {
        await damaged.close();
      }
    })
    .catch((error: unknown) => error);
}

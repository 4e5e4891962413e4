import "fake-indexeddb/auto";
import {
  InvalidArgumentError,
  StorageClosedError,
  StorageCorruptionError,
  StorageError,
  StorageLockedError,
} from "@reliable-channel/interfaces";
import { IDBFactory } from "fake-indexeddb";
import { type IDBPDatabase, wrap } from "idb";
import { describe, expect, it } from "vitest";
import { indexedDbStorage, SCHEMA_VERSION } from "../src/index.js";
import { indexedDbHarness } from "./harness.js";

const outboxPut = (n: number) =>
  ({
    type: "outbox-put",
    entry: {
      messageId: `m${n}`,
      sequence: BigInt(n),
      lamportTimestamp: BigInt(n),
      bytes: new Uint8Array([n]),
      state: "pending",
      attempts: 0,
      nextAttemptAt: 0,
      createdAt: 0,
    },
  }) as const;

describe("indexedDbStorage", () => {
  it("keeps a channel exclusive across tabs through Web Locks (two factories, one lock manager)", async () => {
    const name = "two-tabs";
    const tabA = indexedDbStorage({ name, indexedDB: new IDBFactory(), locks: navigator.locks });
    const tabB = indexedDbStorage({ name, indexedDB: new IDBFactory(), locks: navigator.locks });
    const held = await tabA.open("c");
    await expect(tabB.open("c")).rejects.toBeInstanceOf(StorageLockedError);
    await held.close();
    await expect(tabB.open("c")).resolves.toBeDefined();
    await tabA.close();
    await tabB.close();
  });

  it("with `locks: null`, is exclusive within its realm only", async () => {
    const name = "no-web-locks";
    const tabA = indexedDbStorage({ name, indexedDB: new IDBFactory(), locks: null });
    const tabB = indexedDbStorage({ name, indexedDB: new IDBFactory(), locks: null });
    await tabA.open("c");
    await expect(tabB.open("c")).resolves.toBeDefined();
    await tabA.close();
    await tabB.close();
  });

  it("rolls back the whole commit when a request fails half-way through", async () => {
    const harness = indexedDbHarness();
    const storage = await harness.open();
    const channel = await storage.open("half");
    await channel.commit([outboxPut(1), { type: "counters", counters: { sequence: 1n } }]);
    await channel.close();
    const damage = (await wrap(harness.factory.open(harness.name))) as IDBPDatabase;
    const record = await damage.get("outbox", ["half", "m1"]);
    await damage.put("outbox", { ...record, checksum: new Uint8Array(3) });
    damage.close();
    const reopened = await storage.open("half");
    // Putting m2 succeeds, then replacing m1 (whose stored checksum is damaged) fails in the same transaction.
    const commit = reopened.commit([
      outboxPut(2),
      { ...outboxPut(1), entry: { ...outboxPut(1).entry, attempts: 1 } },
    ]);
    await expect(commit).rejects.toBeInstanceOf(StorageCorruptionError);
    const db = (await wrap(harness.factory.open(harness.name))) as IDBPDatabase;
    const keys = await db.getAllKeys("outbox");
    const m1 = await db.get("outbox", ["half", "m1"]);
    const manifest = await db.get("manifest", "half");
    db.close();
    expect(keys).toStrictEqual([["half", "m1"]]);
    expect(m1.attempts).toBe(0);
    expect(manifest.sequence).toBe(1n);
    await storage.close();
  });

  it("closes itself when another tab upgrades the database, so the upgrade is not blocked", async () => {
    const harness = indexedDbHarness();
    const storage = await harness.open();
    const channel = await storage.open("c");
    const upgraded = (await wrap(harness.factory.open(harness.name, SCHEMA_VERSION + 1))) as IDBPDatabase;
    expect(upgraded.version).toBe(SCHEMA_VERSION + 1);
    await expect(channel.load()).rejects.toBeInstanceOf(StorageClosedError);
    await expect(storage.open("c")).rejects.toBeInstanceOf(StorageClosedError);
    upgraded.close();
    const failure = await (await harness.open()).open("c").catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StorageError);
    expect(String(failure)).toMatch(/newer version/);
  });

  it("rejects bad options with InvalidArgumentError", () => {
    expect(() => indexedDbStorage({ name: "" })).toThrow(InvalidArgumentError);
  });
});

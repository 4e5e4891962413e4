import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSeededRandom, StorageLockedError } from "@reliable-channel/interfaces";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sqliteStorage } from "../src/index.js";
import { startCommitter } from "./child.js";

const SEED = 7_001;
const KILL_POINTS = 12;

let directory = "";
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "storage-sqlite-crash-"));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe("sqliteStorage across processes", () => {
  it("rejects a second process with StorageLockedError; the lock of a SIGKILLed process vanishes with it", async () => {
    const holder = startCommitter(directory, "shared", "hold");
    await holder.line((line) => line === "ready");
    const storage = sqliteStorage({ path: directory });
    await expect(storage.open("shared")).rejects.toBeInstanceOf(StorageLockedError);
    await expect(storage.open("other-channel")).resolves.toBeDefined();
    // The refusal came from a live holder, not from a race with its exit.
    expect([holder.process.exitCode, holder.process.signalCode]).toEqual([null, null]);
    await holder.kill();
    const channel = await storage.open("shared");
    expect((await channel.load()).outbox).toStrictEqual([]);
    await storage.close();
  });

  it(`keeps every resolved commit and never half a commit across ${KILL_POINTS} SIGKILLs (seed ${SEED})`, async () => {
    const random = createSeededRandom(SEED).next;
    let acknowledged = 0n;
    for (let round = 0; round < KILL_POINTS; round++) {
      const child = startCommitter(directory, "crashy", "commit");
      const target = acknowledged + 1n + BigInt(Math.floor(random() * 25));
      await child.line((line) => line === `committed ${target}`);
      await child.kill();
      acknowledged = target;
      const storage = sqliteStorage({ path: directory });
      const state = await (await storage.open("crashy")).load();
      const last = state.counters.sequence;
      const where = `seed ${SEED}, round ${round}, killed after commit ${target}`;
      expect(last >= target, where).toBe(true);
      expect(
        state.outbox.map((entry) => entry.sequence),
        where,
      ).toStrictEqual(Array.from({ length: Number(last) }, (_, i) => BigInt(i + 1)));
      expect(state.counters.lamportTimestamp, where).toBe(last);
      expect(state.meta.last, where).toStrictEqual(new Uint8Array(64).fill(Number(last % 256n)));
      await storage.close();
      acknowledged = last;
    }
  });
});

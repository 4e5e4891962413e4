import { createSeededRandom, InvalidArgumentError, type StorageOp } from "@reliable-channel/interfaces";
import { describe, expect, it } from "vitest";
import type { StorageSuiteContext } from "./storage-context.js";
import { bytesOf, expectState, logEntry, messageId, normalize, outboxEntry } from "./storage-fixtures.js";
import { StorageModel } from "./storage-model.js";
import { randomOp } from "./storage-random-ops.js";

/** Ops that every adapter must reject (with `InvalidArgumentError`), failing the whole commit. */
const INVALID_OPS: Readonly<Record<string, unknown>> = {
  "a negative sequence": { type: "outbox-put", entry: outboxEntry(9, { sequence: -1n }) },
  "a Lamport timestamp of 2^64": { type: "log-put", entry: logEntry(9, { lamportTimestamp: 2n ** 64n }) },
  "a number where a bigint belongs": { type: "counters", counters: { sequence: 5 } },
  "an empty message id": { type: "handled-add", messageId: "" },
  "bytes that are not a Uint8Array": { type: "outbox-put", entry: { ...outboxEntry(9), bytes: [1, 2] } },
  "an unknown outbox state": { type: "outbox-put", entry: { ...outboxEntry(9), state: "lost" } },
  "a NaN time": { type: "outbox-put", entry: outboxEntry(9, { nextAttemptAt: Number.NaN }) },
  "fractional attempts": { type: "outbox-put", entry: outboxEntry(9, { attempts: 1.5 }) },
  "an unknown op type": { type: "outbox-upsert", entry: outboxEntry(9) },
  "an empty meta key": { type: "meta-put", key: "", value: bytesOf(1) },
  "a missing entry": { type: "log-put" },
};

const SEEDS = [1, 20_260_001, 0xc0ffee];

/** A commit applies all its ops or none; concurrent commits are serialized in call order. */
export function defineAtomicityTests(context: StorageSuiteContext): void {
  describe("atomicity", () => {
    for (const [name, bad] of Object.entries(INVALID_OPS)) {
      it(`rejects a commit holding ${name} and changes nothing`, async () => {
        const channel = await (await context.storage()).open("atomic");
        await channel.commit([
          { type: "outbox-put", entry: outboxEntry(1) },
          { type: "counters", counters: { sequence: 1n, lamportTimestamp: 10n } },
        ]);
        const before = await channel.load();
        const ops = [
          { type: "outbox-delete", messageId: messageId(1) },
          { type: "outbox-put", entry: outboxEntry(2) },
          { type: "log-put", entry: logEntry(2) },
          { type: "counters", counters: { sequence: 2n, lamportTimestamp: 11n } },
          { type: "meta-put", key: "m", value: bytesOf(2) },
          { type: "handled-add", messageId: messageId(2) },
          bad,
        ] as StorageOp[];
        await expect(channel.commit(ops)).rejects.toBeInstanceOf(InvalidArgumentError);
        expectState(await channel.load(), before);
      });
    }

    it("never lets the counters go backwards, within a commit, across commits and restarts", async () => {
      const storage = await context.storage();
      const channel = await storage.open("counters");
      await channel.commit([
        { type: "counters", counters: { lamportTimestamp: 100n, sequence: 7n } },
        { type: "counters", counters: { lamportTimestamp: 50n } },
      ]);
      await channel.commit([{ type: "counters", counters: { sequence: 3n } }]);
      await channel.commit([{ type: "counters", counters: {} }]);
      expect((await channel.load()).counters).toStrictEqual({ lamportTimestamp: 100n, sequence: 7n });
      await channel.commit([{ type: "counters", counters: { sequence: 8n } }]);
      await channel.close();
      const reopened = await (await context.restart(storage)).open("counters");
      await reopened.commit([{ type: "counters", counters: { lamportTimestamp: 99n, sequence: 0n } }]);
      expect((await reopened.load()).counters).toStrictEqual({ lamportTimestamp: 100n, sequence: 8n });
    });

    it("serializes concurrent commits in call order; a failing one does not disturb the others", async () => {
      const channel = await (await context.storage()).open("concurrent");
      const commits = Array.from({ length: 30 }, (_, i) =>
        channel.commit([
          { type: "outbox-put", entry: outboxEntry(i) },
          { type: "meta-put", key: "last", value: bytesOf(i) },
          { type: "counters", counters: { sequence: BigInt(i) } },
          ...(i === 13 ? [INVALID_OPS["a negative sequence"] as StorageOp] : []),
        ]),
      );
      const results = await Promise.allSettled(commits);
      expect(results.map((result) => result.status)).toStrictEqual(
        results.map((_, i) => (i === 13 ? "rejected" : "fulfilled")),
      );
      const state = await channel.load();
      expect(state.outbox.map((entry) => entry.sequence)).toStrictEqual(
        Array.from({ length: 30 }, (_, i) => BigInt(i)).filter((n) => n !== 13n),
      );
      expect(normalize(state.meta)).toStrictEqual(normalize({ last: bytesOf(29) }));
      expect(state.counters.sequence).toBe(29n);
    });

    for (const seed of SEEDS) {
      it(`matches the reference model over random commits and restarts (seed ${seed})`, async () => {
        const random = createSeededRandom(seed).next;
        const model = new StorageModel();
        let storage = await context.storage();
        let channel = await storage.open("model");
        for (let step = 0; step < 120; step++) {
          const ops = Array.from({ length: 1 + Math.floor(random() * 6) }, () => randomOp(random));
          if (random() < 0.1) {
            ops.splice(Math.floor(random() * ops.length), 0, INVALID_OPS["an empty message id"] as StorageOp);
            await expect(channel.commit(ops), `seed ${seed} step ${step}`).rejects.toBeInstanceOf(
              InvalidArgumentError,
            );
          } else {
            await channel.commit(ops);
            model.commit(ops);
          }
          if (random() < 0.05) {
            await channel.close();
            storage = await context.restart(storage);
            channel = await storage.open("model");
          }
          if (step % 10 === 9) expectState(await channel.load(), model.state());
        }
        expectState(await channel.load(), model.state());
      });
    }
  });
}

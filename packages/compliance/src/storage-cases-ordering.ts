import { createSeededRandom } from "@reliable-channel/interfaces";
import { describe, expect, it } from "vitest";
import type { StorageSuiteContext } from "./storage-context.js";
import { incomingEntry, logEntry, messageId, outboxEntry, shuffled } from "./storage-fixtures.js";

const SEED = 0x5eed_0001;

/** Loaded lists come back in the order the port documents, whatever order they were written in. */
export function defineOrderingTests(context: StorageSuiteContext): void {
  describe(`ordering (seed ${SEED})`, () => {
    it("orders the outbox by sequence, numerically (not as text)", async () => {
      const channel = await (await context.storage()).open("outbox-order");
      const sequences = [0n, 1n, 2n, 9n, 10n, 11n, 255n, 256n, 2n ** 32n, 2n ** 63n, 2n ** 64n - 1n];
      const entries = sequences.map((sequence, i) => outboxEntry(100 - i, { sequence }));
      for (const entry of shuffled(entries, createSeededRandom(SEED).next)) {
        await channel.commit([{ type: "outbox-put", entry }]);
      }
      const loaded = (await channel.load()).outbox.map((entry) => entry.sequence);
      expect(loaded).toStrictEqual(sequences);
    });

    it("orders the log by Lamport timestamp, then by message id in UTF-8 byte order", async () => {
      const channel = await (await context.storage()).open("log-order");
      // U+FFFF sorts before U+10000 by bytes (EF BF BF < F0 90 80 80) but after it by UTF-16 code units.
      const ids = ["A", "B", "a", "b", "ab", "b\u00e9", "\uffff", "\u{10000}", messageId(1), messageId(2)];
      const sortedIds = [
        messageId(1),
        messageId(2),
        "A",
        "B",
        "a",
        "ab",
        "b",
        "b\u00e9",
        "\uffff",
        "\u{10000}",
      ];
      const lamports = [7n, 2n ** 40n, 256n, 255n];
      const entries = lamports.flatMap((lamportTimestamp) =>
        ids.map((id, i) => logEntry(i, { messageId: `${lamportTimestamp}:${id}`, lamportTimestamp })),
      );
      await channel.commit(
        shuffled(entries, createSeededRandom(SEED + 1).next).map((entry) => ({ type: "log-put", entry })),
      );
      const expected = [7n, 255n, 256n, 2n ** 40n].flatMap((lamport) =>
        sortedIds.map((id) => `${lamport}:${id}`),
      );
      expect((await channel.load()).log.map((entry) => entry.messageId)).toStrictEqual(expected);
    });

    it("orders incoming entries by receivedAt, then by message id", async () => {
      const channel = await (await context.storage()).open("incoming-order");
      const times = [-5, 0, 1.5, 2, 10, 100, 1_700_000_000_000];
      const entries = times.flatMap((receivedAt) =>
        ["b", "a", "c"].map((id, i) => incomingEntry(i, { messageId: `${id}@${receivedAt}`, receivedAt })),
      );
      await channel.commit(
        shuffled(entries, createSeededRandom(SEED + 2).next).map((entry) => ({
          type: "incoming-put",
          entry,
        })),
      );
      const expected = times.flatMap((time) => ["a", "b", "c"].map((id) => `${id}@${time}`));
      expect((await channel.load()).incoming.map((entry) => entry.messageId)).toStrictEqual(expected);
    });

    it("lists handled ids in the order they were first added, across commits and restarts", async () => {
      const storage = await context.storage();
      const channel = await storage.open("handled-order");
      const ids = shuffled(
        Array.from({ length: 40 }, (_, i) => messageId(i)),
        createSeededRandom(SEED + 3).next,
      );
      await channel.commit(ids.slice(0, 20).map((id) => ({ type: "handled-add", messageId: id })));
      await channel.commit([
        ...ids.slice(20).map((id) => ({ type: "handled-add" as const, messageId: id })),
        ...ids.slice(0, 5).map((id) => ({ type: "handled-add" as const, messageId: id })),
        { type: "handled-delete", messageId: ids[10] ?? "" },
      ]);
      const expected = ids.filter((_, i) => i !== 10);
      expect((await channel.load()).handled).toStrictEqual(expected);
      await channel.close();
      const reopened = await (await context.restart(storage)).open("handled-order");
      expect((await reopened.load()).handled).toStrictEqual(expected);
    });

    it("moves a handled id that was deleted and added again to the end", async () => {
      const channel = await (await context.storage()).open("handled-readd");
      await channel.commit([1, 2, 3].map((n) => ({ type: "handled-add", messageId: messageId(n) })));
      await channel.commit([
        { type: "handled-delete", messageId: messageId(1) },
        { type: "handled-add", messageId: messageId(1) },
      ]);
      expect((await channel.load()).handled).toStrictEqual([messageId(2), messageId(3), messageId(1)]);
    });
  });
}

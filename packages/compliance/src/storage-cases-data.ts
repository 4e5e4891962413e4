import type { OutboxEntry } from "@reliable-channel/interfaces";
import { describe, expect, it } from "vitest";
import type { StorageSuiteContext } from "./storage-context.js";
import {
  bytesOf,
  EMPTY_STATE,
  expectBytesAreUint8Arrays,
  expectState,
  incomingEntry,
  logEntry,
  messageId,
  normalize,
  outboxEntry,
} from "./storage-fixtures.js";

const EXTREME_BIGINTS = [0n, 1n, 2n ** 53n + 1n, 2n ** 63n - 1n, 2n ** 63n, 2n ** 64n - 1n];

/** Round trips of every record kind, exact bigints and bytes, copies in and out, ops applied in order. */
export function defineDataTests(context: StorageSuiteContext): void {
  describe("data", () => {
    it("loads an empty state for a channel nobody wrote to", async () => {
      const channel = await (await context.storage()).open("fresh");
      expect(channel.channelId).toBe("fresh");
      expectState(await channel.load(), EMPTY_STATE);
    });

    it("round-trips every record kind, with and without optional fields", async () => {
      const channel = await (await context.storage()).open("kinds");
      const { lastHint: _hint, ...bare } = outboxEntry(2);
      const outbox: OutboxEntry[] = [outboxEntry(1, { state: "sent", attempts: 3 }), bare];
      const log = [logEntry(1), { messageId: messageId(2), lamportTimestamp: 9n, senderId: "" }];
      const incoming = [
        incomingEntry(1),
        { messageId: messageId(2), bytes: bytesOf(2), receivedAt: 3_000.5 },
      ];
      await channel.commit([
        ...outbox.map((entry) => ({ type: "outbox-put" as const, entry })),
        ...log.map((entry) => ({ type: "log-put" as const, entry })),
        ...incoming.map((entry) => ({ type: "incoming-put" as const, entry })),
        { type: "handled-add", messageId: messageId(7) },
        { type: "counters", counters: { lamportTimestamp: 5n, sequence: 2n } },
        { type: "meta-put", key: "bloom", value: bytesOf(9, 100) },
        { type: "meta-put", key: "empty", value: new Uint8Array(0) },
      ]);
      const expected = {
        outbox,
        log: [log[1], log[0]].filter((entry) => entry !== undefined),
        incoming,
        handled: [messageId(7)],
        counters: { lamportTimestamp: 5n, sequence: 2n },
        meta: { bloom: bytesOf(9, 100), empty: new Uint8Array(0) },
      };
      const state = await channel.load();
      expectState(state, expected);
      expectBytesAreUint8Arrays(state);
    });

    it("keeps every outbox state and extreme numbers exactly", async () => {
      const channel = await (await context.storage()).open("numbers");
      const states = ["pending", "sent", "possibly-acknowledged", "acknowledged", "failed"] as const;
      const outbox = states.map((state, i) =>
        outboxEntry(i, {
          state,
          attempts: i === 4 ? Number.MAX_SAFE_INTEGER : i,
          nextAttemptAt: 1.25 * i - 3,
        }),
      );
      await channel.commit(outbox.map((entry) => ({ type: "outbox-put", entry })));
      expectState(await channel.load(), { ...EMPTY_STATE, outbox });
    });

    it("round-trips bigints across the whole uint64 range", async () => {
      const storage = await context.storage();
      const channel = await storage.open("bigints");
      const log = EXTREME_BIGINTS.map((lamportTimestamp, i) => logEntry(i, { lamportTimestamp }));
      const outbox = EXTREME_BIGINTS.map((sequence, i) =>
        outboxEntry(i, { sequence, lamportTimestamp: sequence }),
      );
      await channel.commit([
        ...log.map((entry) => ({ type: "log-put" as const, entry })),
        ...outbox.map((entry) => ({ type: "outbox-put" as const, entry })),
        { type: "counters", counters: { lamportTimestamp: 2n ** 64n - 1n, sequence: 2n ** 63n } },
      ]);
      const expected = {
        ...EMPTY_STATE,
        outbox,
        log,
        counters: { lamportTimestamp: 2n ** 64n - 1n, sequence: 2n ** 63n },
      };
      expectState(await channel.load(), expected);
      await channel.close();
      expectState(await (await context.restart(storage)).open("bigints").then((c) => c.load()), expected);
    });

    it("round-trips every byte value and large payloads exactly", async () => {
      const channel = await (await context.storage()).open("bytes");
      const everyByte = Uint8Array.from({ length: 256 }, (_, i) => i);
      const large = Uint8Array.from({ length: 256 * 1024 }, (_, i) => (i * 2_654_435_761) >>> 24);
      const entry = outboxEntry(1, { bytes: large, lastHint: everyByte });
      await channel.commit([
        { type: "outbox-put", entry },
        { type: "meta-put", key: "every-byte", value: everyByte },
      ]);
      expectState(await channel.load(), {
        ...EMPTY_STATE,
        outbox: [entry],
        meta: { "every-byte": everyByte },
      });
    });

    it("copies bytes in and out: later changes by the caller do not reach the stored state", async () => {
      const channel = await (await context.storage()).open("copies");
      const bytes = bytesOf(1, 16);
      const hint = bytesOf(2, 32);
      const value = bytesOf(3, 4);
      await channel.commit([
        { type: "outbox-put", entry: outboxEntry(1, { bytes, lastHint: hint }) },
        { type: "meta-put", key: "k", value },
      ]);
      bytes.fill(0);
      hint.fill(0);
      value.fill(0);
      const first = await channel.load();
      first.outbox[0]?.bytes.fill(0xff);
      first.meta.k?.fill(0xff);
      const outbox = [outboxEntry(1, { bytes: bytesOf(1, 16), lastHint: bytesOf(2, 32) })];
      const expected = { ...EMPTY_STATE, outbox, meta: { k: bytesOf(3, 4) } };
      expectState(await channel.load(), expected);
    });

    it("applies the ops of a commit in order; a put replaces the entry with the same id", async () => {
      const channel = await (await context.storage()).open("in-order");
      await channel.commit([
        { type: "outbox-put", entry: outboxEntry(1) },
        { type: "outbox-delete", messageId: messageId(1) },
        { type: "outbox-delete", messageId: messageId(2) },
        { type: "outbox-put", entry: outboxEntry(2) },
        { type: "outbox-put", entry: outboxEntry(2, { state: "acknowledged", attempts: 4 }) },
        { type: "log-put", entry: logEntry(3) },
        { type: "log-delete", messageId: messageId(3) },
        { type: "log-put", entry: logEntry(4, { senderId: "old" }) },
        { type: "log-put", entry: logEntry(4, { senderId: "new" }) },
        { type: "incoming-put", entry: incomingEntry(5) },
        { type: "incoming-delete", messageId: messageId(5) },
        { type: "handled-add", messageId: messageId(6) },
        { type: "handled-delete", messageId: messageId(6) },
        { type: "meta-put", key: "a", value: bytesOf(1) },
        { type: "meta-delete", key: "a" },
        { type: "meta-put", key: "b", value: bytesOf(1) },
        { type: "meta-put", key: "b", value: bytesOf(2) },
      ]);
      expectState(await channel.load(), {
        ...EMPTY_STATE,
        outbox: [outboxEntry(2, { state: "acknowledged", attempts: 4 })],
        log: [logEntry(4, { senderId: "new" })],
        meta: { b: bytesOf(2) },
      });
    });

    it("treats deletes of absent rows and repeated handled ids as no-ops", async () => {
      const channel = await (await context.storage()).open("no-ops");
      await channel.commit([
        { type: "outbox-delete", messageId: messageId(1) },
        { type: "log-delete", messageId: messageId(1) },
        { type: "incoming-delete", messageId: messageId(1) },
        { type: "handled-delete", messageId: messageId(1) },
        { type: "meta-delete", key: "nothing" },
        { type: "handled-add", messageId: messageId(2) },
        { type: "handled-add", messageId: messageId(2) },
      ]);
      await channel.commit([]);
      expectState(await channel.load(), { ...EMPTY_STATE, handled: [messageId(2)] });
    });

    it("keeps channels apart, whatever characters their ids contain", async () => {
      const storage = await context.storage();
      const ids = ["a", "A", "a/b", "../a", "ü🙂 chat", "x".repeat(300), "a\u0000b"];
      for (const [i, id] of ids.entries()) {
        const channel = await storage.open(id);
        await channel.commit([{ type: "meta-put", key: "who", value: bytesOf(i) }]);
        await channel.close();
      }
      const reopened = await context.restart(storage);
      for (const [i, id] of ids.entries()) {
        const channel = await reopened.open(id);
        expect(normalize((await channel.load()).meta), id).toStrictEqual(normalize({ who: bytesOf(i) }));
        await channel.close();
      }
    });
  });
}

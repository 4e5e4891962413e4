import { type OutboxEntry, StorageCorruptionError } from "@reliable-channel/interfaces";
import { describe, expect, it } from "vitest";
import { CHECKSUM_BYTES, manifestChecksum, RowTally, rowChecksum, type StoredRow } from "../src/index.js";

const entry: OutboxEntry = {
  messageId: "m1",
  sequence: 1n,
  lamportTimestamp: 2n,
  bytes: new Uint8Array([1, 2, 3]),
  state: "sent",
  attempts: 1,
  nextAttemptAt: 10,
  createdAt: 5,
  lastHint: new Uint8Array([9]),
};
const { lastHint: _lastHint, ...withoutHint } = entry;
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

describe("rowChecksum", () => {
  it("is 32 bytes and the same for the same row", () => {
    const a = rowChecksum({ kind: "outbox", entry });
    expect(a).toHaveLength(CHECKSUM_BYTES);
    expect(hex(rowChecksum({ kind: "outbox", entry: { ...entry, bytes: new Uint8Array([1, 2, 3]) } }))).toBe(
      hex(a),
    );
  });

  it("changes with every field, the key, the kind, and an absent field versus an empty one", () => {
    const rows: StoredRow[] = [
      { kind: "outbox", entry },
      { kind: "outbox", entry: { ...entry, messageId: "m2" } },
      { kind: "outbox", entry: { ...entry, sequence: 3n } },
      { kind: "outbox", entry: { ...entry, lamportTimestamp: 3n } },
      { kind: "outbox", entry: { ...entry, bytes: new Uint8Array([1, 2, 4]) } },
      { kind: "outbox", entry: { ...entry, state: "acknowledged" } },
      { kind: "outbox", entry: { ...entry, attempts: 2 } },
      { kind: "outbox", entry: { ...entry, nextAttemptAt: 11 } },
      { kind: "outbox", entry: { ...entry, createdAt: 6 } },
      { kind: "outbox", entry: { ...entry, lastHint: new Uint8Array() } },
      { kind: "outbox", entry: withoutHint },
      { kind: "meta", key: "m1", value: new Uint8Array([1, 2, 3]) },
      { kind: "meta", key: "m", value: new Uint8Array([49, 1, 2, 3]) },
      { kind: "handled", position: 1, messageId: "m1" },
      { kind: "handled", position: 2, messageId: "m1" },
      { kind: "log", entry: { messageId: "m1", lamportTimestamp: 2n, senderId: "a" } },
      { kind: "incoming", entry: { messageId: "m1", bytes: new Uint8Array([1, 2, 3]), receivedAt: 5 } },
    ];
    expect(new Set(rows.map((row) => hex(rowChecksum(row)))).size).toBe(rows.length);
  });
});

describe("RowTally", () => {
  const a = rowChecksum({ kind: "handled", position: 1, messageId: "a" });
  const b = rowChecksum({ kind: "handled", position: 2, messageId: "b" });

  it("adds up to the manifest only when the same rows are counted", () => {
    const committed = new RowTally();
    committed.add(a);
    committed.add(b);
    const manifest = { rows: committed.rows, digest: committed.digest };

    const loaded = new RowTally();
    loaded.add(b);
    loaded.add(a);
    expect(() => loaded.check(manifest, "test")).not.toThrow();

    const missing = new RowTally();
    missing.add(a);
    expect(() => missing.check(manifest, "test")).toThrow(StorageCorruptionError);

    const other = new RowTally();
    other.add(a);
    other.add(rowChecksum({ kind: "handled", position: 2, messageId: "c" }));
    expect(() => other.check(manifest, "test")).toThrow(/do not add up/);
  });

  it("returns to empty when what was added is removed; a stored checksum of the wrong size is corruption", () => {
    const tally = new RowTally();
    tally.add(a);
    tally.remove(a);
    expect(tally.rows).toBe(0);
    expect(tally.digest).toStrictEqual(new Uint8Array(CHECKSUM_BYTES));
    expect(() => tally.remove(new Uint8Array(3))).toThrow(StorageCorruptionError);
    expect(() => tally.remove(null)).toThrow(StorageCorruptionError);
  });
});

describe("manifestChecksum", () => {
  it("changes with the counters, the row figures, the owner and the store id", () => {
    const base = {
      channelId: "c",
      storeId: new Uint8Array(16),
      counters: { lamportTimestamp: 1n, sequence: 1n },
      rows: 2,
      digest: new Uint8Array(CHECKSUM_BYTES),
    };
    const variants = [
      base,
      { ...base, channelId: "d" },
      { ...base, storeId: new Uint8Array(16).fill(1) },
      { ...base, counters: { lamportTimestamp: 1n, sequence: 2n } },
      { ...base, counters: { lamportTimestamp: 2n, sequence: 1n } },
      { ...base, rows: 3 },
      { ...base, digest: new Uint8Array(CHECKSUM_BYTES).fill(1) },
    ];
    expect(new Set(variants.map((variant) => hex(manifestChecksum(variant)))).size).toBe(variants.length);
  });
});

import type { StorageOp } from "@reliable-channel/interfaces";

/** Bytes 0..255 then `n`, so every byte value is stored. */
function bytes(n: number, length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i + n) & 0xff);
}

const EXTREMES = [0n, 1n, 2n ** 53n + 1n, 2n ** 63n, 2n ** 64n - 1n];

/**
 * The commits the browser test writes, shared by the page (real IndexedDB) and the Node side (memory storage,
 * the reference): every record kind, uint64 extremes, every byte value, replaced and deleted rows, out-of-order
 * inserts, handled-id order and counters that try to go backwards.
 */
export function fixtureCommits(): StorageOp[][] {
  const outbox = EXTREMES.map(
    (sequence, i): StorageOp => ({
      type: "outbox-put",
      entry: {
        messageId: `out-${i}`,
        sequence,
        lamportTimestamp: EXTREMES[EXTREMES.length - 1 - i] ?? 0n,
        bytes: bytes(i, 300),
        state:
          (["pending", "sent", "possibly-acknowledged", "acknowledged", "failed"] as const)[i] ?? "pending",
        attempts: i,
        nextAttemptAt: 1_700_000_000_000 + i / 4,
        createdAt: -i,
        ...(i % 2 === 0 ? { lastHint: bytes(i, 32) } : {}),
      },
    }),
  );
  const log = ["\u{10000}", "\uffff", "b", "a", "ab"].map(
    (id, i): StorageOp => ({
      type: "log-put",
      entry: { messageId: id, lamportTimestamp: BigInt(i % 2), senderId: `p${i}`, bytes: bytes(i, 10) },
    }),
  );
  return [
    outbox.reverse(),
    log,
    [
      {
        type: "incoming-put",
        entry: { messageId: "x", bytes: bytes(9, 20), receivedAt: 5, retrievalHint: bytes(1, 32) },
      },
      { type: "incoming-put", entry: { messageId: "w", bytes: bytes(8, 20), receivedAt: 5 } },
      { type: "handled-add", messageId: "h3" },
      { type: "handled-add", messageId: "h1" },
      { type: "handled-add", messageId: "h2" },
      { type: "handled-add", messageId: "h3" },
      { type: "counters", counters: { lamportTimestamp: 2n ** 64n - 1n, sequence: 2n ** 40n } },
      { type: "meta-put", key: "bloom", value: bytes(3, 256) },
    ],
    [
      { type: "outbox-delete", messageId: "out-1" },
      { type: "log-put", entry: { messageId: "b", lamportTimestamp: 7n, senderId: "replaced" } },
      { type: "handled-delete", messageId: "h1" },
      { type: "counters", counters: { lamportTimestamp: 3n, sequence: 1n } },
      { type: "meta-put", key: "empty", value: new Uint8Array(0) },
    ],
  ];
}

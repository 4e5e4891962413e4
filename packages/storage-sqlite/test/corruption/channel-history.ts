import type { OutboxState, StorageOp } from "@reliable-channel/interfaces";

const id = (n: number) => n.toString(16).padStart(64, "0");

/** Bytes that differ per `n` and per position, `length` long. */
function bytes(n: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (n * 131 + i * 17 + (i >> 3)) & 0xff;
  return out;
}

function outboxPut(n: number, state: OutboxState, attempts: number): StorageOp {
  return {
    type: "outbox-put",
    entry: {
      messageId: id(n),
      sequence: BigInt(n),
      lamportTimestamp: 1_800_000_000_000n + BigInt(n),
      bytes: bytes(n, 180 + (n % 5) * 40),
      state,
      attempts,
      nextAttemptAt: 10_000 + n * 500,
      createdAt: 9_000 + n,
      ...(state === "pending" ? {} : { lastHint: bytes(n + 1_000, 32) }),
    },
  };
}

/**
 * A realistic channel history, as commits: sends that go from pending to sent to acknowledged (and some
 * deleted once acknowledged), delivered messages in the log with their bytes, a buffered message waiting for a
 * dependency, handled ids, counters and meta blobs (a bloom filter, a join point). Replaced and deleted rows
 * leave older versions in free pages, as a live database does.
 */
export function channelHistory(): StorageOp[][] {
  const commits: StorageOp[][] = [];
  for (let n = 1; n <= 12; n++) {
    commits.push([
      outboxPut(n, "pending", 0),
      { type: "handled-add", messageId: id(n) },
      {
        type: "counters",
        counters: { sequence: BigInt(n), lamportTimestamp: 1_800_000_000_000n + BigInt(n) },
      },
    ]);
  }
  for (let n = 1; n <= 12; n++) commits.push([outboxPut(n, "sent", 1)]);
  for (let n = 100; n < 140; n++) {
    commits.push([
      {
        type: "log-put",
        entry: {
          messageId: id(n),
          lamportTimestamp: 1_800_000_000_100n + BigInt(n),
          senderId: `peer-${n % 4}`,
          retrievalHint: bytes(n, 32),
          ...(n % 3 === 0 ? {} : { bytes: bytes(n, 300) }),
        },
      },
      { type: "handled-add", messageId: id(n) },
      { type: "meta-put", key: "bloom", value: bytes(n, 1_024) },
    ]);
  }
  for (let n = 1; n <= 5; n++) commits.push([outboxPut(n, "acknowledged", 1)]);
  commits.push([
    { type: "outbox-delete", messageId: id(1) },
    { type: "outbox-delete", messageId: id(2) },
    { type: "handled-delete", messageId: id(100) },
    { type: "log-delete", messageId: id(101) },
    { type: "incoming-put", entry: { messageId: id(500), bytes: bytes(500, 400), receivedAt: 77_000 } },
    {
      type: "incoming-put",
      entry: { messageId: id(501), bytes: bytes(501, 90), retrievalHint: bytes(7, 32), receivedAt: 77_001 },
    },
    { type: "meta-put", key: "join-point", value: bytes(3, 24) },
    { type: "counters", counters: { lamportTimestamp: 1_800_000_000_400n } },
  ]);
  commits.push([outboxPut(6, "possibly-acknowledged", 2), outboxPut(7, "failed", 9)]);
  return commits;
}

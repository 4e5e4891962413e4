import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createReliableChannel } from "@reliable-channel/channel";
import type { ChannelStorage, Storage, StorageOp } from "@reliable-channel/interfaces";
import { sqliteStorage } from "@reliable-channel/storage-sqlite";
import { createMemoryNetwork, createSeededRandom } from "@reliable-channel/transport-memory";

/**
 * `send`s awaited one at a time (each waits for its own durable commit). Kept small: the channel's core
 * snapshot grows with every unacknowledged message (see the bytes/message line), so the rate falls with N.
 */
export const SEQUENTIAL_SENDS = 200;
/** `send`s issued together (the channel may group their commits). */
export const BURST_SENDS = 1_000;
/** Raw outbox-style commits straight on the adapter (its ceiling, without the channel). */
export const RAW_COMMITS = 2_000;
/** Log entries (and handled ids) of history for the restore measurement. */
export const HISTORY = 100_000;
const PAYLOAD = new Uint8Array(200).fill(0x61);

/** The payload bytes an op asks storage to write (blobs only; keys and numbers left out). */
function opBytes(op: StorageOp): number {
  if (op.type === "meta-put") return op.value.length;
  if (op.type === "outbox-put" || op.type === "incoming-put") return op.entry.bytes.length;
  if (op.type === "log-put") return (op.entry.bytes?.length ?? 0) + (op.entry.retrievalHint?.length ?? 0);
  return 0;
}

/** Counts the transactions a storage runs (each `commit` is one SQLite transaction) and the bytes written. */
function countingStorage(inner: Storage) {
  const totals = { commits: 0, bytes: 0 };
  const wrap = (handle: ChannelStorage): ChannelStorage => ({
    channelId: handle.channelId,
    load: () => handle.load(),
    commit: (ops) => {
      totals.commits++;
      totals.bytes += ops.reduce((sum, op) => sum + opBytes(op), 0);
      return handle.commit(ops);
    },
    close: () => handle.close(),
  });
  const storage: Storage = {
    open: async (id, options) => wrap(await inner.open(id, options)),
    close: () => inner.close(),
  };
  return { storage, totals: () => ({ ...totals }) };
}

interface SendRun {
  readonly perSecond: number;
  readonly commitsPerMessage: number;
  readonly bytesPerMessage: number;
}

/** A channel on SQLite over an in-memory network (virtual clock, so no timer fires): `send` throughput. */
async function sendThroughput(directory: string, count: number, burst: boolean): Promise<SendRun> {
  const network = createMemoryNetwork({ seed: 1 });
  const counted = countingStorage(sqliteStorage({ path: directory }));
  const channel = await createReliableChannel({
    channelId: burst ? "burst" : "sequential",
    participantId: "sender",
    transport: network.join("sender"),
    storage: counted.storage,
    clock: network.clock,
    random: createSeededRandom(1),
  });
  const before = counted.totals();
  const started = performance.now();
  if (burst) await Promise.all(Array.from({ length: count }, () => channel.send(PAYLOAD)));
  else for (let i = 0; i < count; i++) await channel.send(PAYLOAD);
  const elapsed = performance.now() - started;
  const after = counted.totals();
  await channel.stop();
  return {
    perSecond: (count / elapsed) * 1000,
    commitsPerMessage: (after.commits - before.commits) / count,
    bytesPerMessage: (after.bytes - before.bytes) / count,
  };
}

function outboxPut(i: number): StorageOp {
  return {
    type: "outbox-put",
    entry: {
      messageId: i.toString(16).padStart(64, "0"),
      sequence: BigInt(i),
      lamportTimestamp: 1_700_000_000_000n + BigInt(i),
      bytes: PAYLOAD,
      state: "pending",
      attempts: 0,
      nextAttemptAt: 0,
      createdAt: 0,
    },
  };
}

/** One commit per message straight on the adapter: outbox put + counters, as the channel's send writes. */
async function rawCommits(directory: string, count: number): Promise<number> {
  const storage = sqliteStorage({ path: directory });
  const channel = await storage.open("raw");
  const started = performance.now();
  for (let i = 1; i <= count; i++) {
    await channel.commit([outboxPut(i), { type: "counters", counters: { sequence: BigInt(i) } }]);
  }
  const elapsed = performance.now() - started;
  await storage.close();
  return (count / elapsed) * 1000;
}

/** Writes `HISTORY` log entries and handled ids, then times `open` + `load` after a restart (best of 3). */
async function restoreTime(directory: string): Promise<{ readonly ms: number; readonly entries: number }> {
  const writer = sqliteStorage({ path: directory });
  const channel = await writer.open("history");
  const hint = new Uint8Array(32).fill(7);
  for (let start = 0; start < HISTORY; start += 1_000) {
    const ops: StorageOp[] = [];
    for (let i = start; i < start + 1_000; i++) {
      const messageId = i.toString(16).padStart(64, "0");
      const entry = { messageId, lamportTimestamp: BigInt(i), senderId: `p${i % 8}`, retrievalHint: hint };
      ops.push({ type: "log-put", entry }, { type: "handled-add", messageId });
    }
    await channel.commit(ops);
  }
  await writer.close();
  let best = Number.POSITIVE_INFINITY;
  let entries = 0;
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    const storage = sqliteStorage({ path: directory });
    const state = await (await storage.open("history")).load();
    best = Math.min(best, performance.now() - started);
    entries = state.log.length;
    await storage.close();
  }
  return { ms: best, entries };
}

/** The lines of one channel `send` run. */
function describeSends(label: string, run: SendRun): string[] {
  return [
    `  channel send, ${label}: ${run.perSecond.toFixed(0)} messages/s, ${run.commitsPerMessage.toFixed(3)} transactions/message`,
    `    = ${run.commitsPerMessage.toFixed(3)} WAL fsyncs/message (+ checkpoints); ${(run.bytesPerMessage / 1024).toFixed(1)} KiB written/message`,
  ];
}

/**
 * `./run bench storage-sqlite`: the adapter's sustained durable commit rate, `send` throughput through the
 * reliable channel, and restore time with 10^5 history entries. Fsyncs per message are derived from the
 * counted transactions: with WAL and `synchronous=FULL`, SQLite fsyncs the WAL once per committed
 * transaction, plus about two fsyncs per automatic checkpoint (every ~1000 WAL pages). There is no reference
 * implementation (@waku/sdk persists nothing), so the last line's "ratio" is the adapter's durable messages
 * per second.
 */
export async function runStorageSqliteBench(print: (line: string) => void = console.log): Promise<number> {
  const root = await mkdtemp(join(tmpdir(), "bench-storage-sqlite-"));
  try {
    print("storage-sqlite: node:sqlite, WAL, synchronous=FULL, one transaction per commit");
    const raw = await rawCommits(join(root, "raw"), RAW_COMMITS);
    print(
      `  adapter alone, one outbox commit per message (${RAW_COMMITS}): ${raw.toFixed(0)} messages/s, 1 transaction = 1 WAL fsync/message`,
    );
    const sequential = await sendThroughput(join(root, "sequential"), SEQUENTIAL_SENDS, false);
    for (const line of describeSends(`${SEQUENTIAL_SENDS} awaited one by one`, sequential)) print(line);
    const burst = await sendThroughput(join(root, "burst"), BURST_SENDS, true);
    for (const line of describeSends(`${BURST_SENDS} issued together`, burst)) print(line);
    const restore = await restoreTime(join(root, "restore"));
    print(
      `  restore after restart: open + load of ${restore.entries} log entries + ${HISTORY} handled ids: ${restore.ms.toFixed(0)} ms`,
    );
    print(
      "  (no reference implementation: @waku/sdk keeps nothing durable; the ratio is the adapter's messages/s)",
    );
    print(`ratio storage-sqlite ${raw.toFixed(0)}`);
    return raw;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

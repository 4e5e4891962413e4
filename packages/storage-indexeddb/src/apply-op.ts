import type { ChannelId, Counters, StorageOp } from "@reliable-channel/interfaces";
import { type RowTally, rowChecksum, type StoredRow } from "@reliable-channel/storage-memory/helpers";
import { requested } from "./idb-promises.js";
import { toRecord } from "./records.js";
import type { RowStore } from "./stored-rows.js";

/** A read-write transaction over every store. */
export type WriteTransaction = IDBTransaction;

/** What a commit keeps beside the rows: the tally of rows and the counters, both written to the manifest. */
export interface CommitTally {
  readonly rows: RowTally;
  counters: Counters;
}

/**
 * Applies one (validated) op of `channelId` inside `tx`; requests run in the order they are made. Every row
 * is written with its checksum, and the tally moves: the replaced or deleted row's checksum out, the new one
 * in.
 */
export async function applyOp(
  tx: WriteTransaction,
  channelId: ChannelId,
  op: StorageOp,
  tally: CommitTally,
): Promise<void> {
  switch (op.type) {
    case "outbox-put":
    case "log-put":
    case "incoming-put": {
      const row: StoredRow =
        op.type === "outbox-put"
          ? { kind: "outbox", entry: op.entry }
          : op.type === "log-put"
            ? { kind: "log", entry: op.entry }
            : { kind: "incoming", entry: op.entry };
      const record = toRecord(channelId, op.entry, rowChecksum(row));
      await put(tx, storeOf(op.type), [channelId, op.entry.messageId], record, tally);
      return;
    }
    case "meta-put": {
      const row: StoredRow = { kind: "meta", key: op.key, value: op.value };
      const record = { channelId, key: op.key, value: op.value, checksum: rowChecksum(row) };
      await put(tx, "meta", [channelId, op.key], record, tally);
      return;
    }
    case "outbox-delete":
    case "log-delete":
    case "incoming-delete":
      await remove(tx, storeOf(op.type), [channelId, op.messageId], tally);
      return;
    case "meta-delete":
      await remove(tx, "meta", [channelId, op.key], tally);
      return;
    case "handled-add":
    case "handled-delete":
      await applyHandled(tx, channelId, op.messageId, op.type === "handled-add", tally);
      return;
    case "counters":
      tally.counters = raise(tally.counters, op.counters);
      return;
  }
}

function storeOf(type: `${"outbox" | "log" | "incoming"}-${string}`): "outbox" | "log" | "incoming" {
  return type.startsWith("outbox") ? "outbox" : type.startsWith("log") ? "log" : "incoming";
}

async function put(
  tx: WriteTransaction,
  name: RowStore,
  key: IDBValidKey,
  record: { readonly checksum: Uint8Array },
  tally: CommitTally,
): Promise<void> {
  await countOut(tx, name, key, tally);
  await requested(tx.objectStore(name).put(record));
  tally.rows.add(record.checksum);
}

async function remove(tx: WriteTransaction, name: RowStore, key: IDBValidKey, tally: CommitTally) {
  if (await countOut(tx, name, key, tally)) await requested(tx.objectStore(name).delete(key));
}

/** Counts out the row stored under `key`, if there is one. */
async function countOut(tx: WriteTransaction, name: RowStore, key: IDBValidKey, tally: CommitTally) {
  const old: unknown = await requested(tx.objectStore(name).get(key));
  if (old === undefined) return false;
  tally.rows.remove((old as { checksum?: unknown }).checksum);
  return true;
}

/** Adding keeps the first position of an id already there; the auto-incremented key is the position. */
async function applyHandled(
  tx: WriteTransaction,
  channelId: ChannelId,
  messageId: string,
  add: boolean,
  tally: CommitTally,
) {
  const store = tx.objectStore("handled");
  const key = await requested(store.index("byId").getKey([channelId, messageId]));
  if (add && key === undefined) {
    const position = Number(await requested(store.add({ channelId, messageId })));
    const checksum = rowChecksum({ kind: "handled", position, messageId });
    await requested(store.put({ channelId, messageId, checksum }, position));
    tally.rows.add(checksum);
  }
  if (!add && key !== undefined) {
    await countOut(tx, "handled", key, tally);
    await requested(store.delete(key));
  }
}

function raise(current: Counters, proposed: Partial<Counters>): Counters {
  const max = (a: bigint, b: bigint | undefined) => (b !== undefined && b > a ? b : a);
  return {
    lamportTimestamp: max(current.lamportTimestamp, proposed.lamportTimestamp),
    sequence: max(current.sequence, proposed.sequence),
  };
}

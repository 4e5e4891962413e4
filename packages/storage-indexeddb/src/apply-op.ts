import type { ChannelId, Counters, StorageOp } from "@reliable-channel/interfaces";
import type { IDBPTransaction } from "idb";
import { countersFromRecord, toRecord } from "./records.js";
import type { ChannelsDb, STORES } from "./schema.js";

/** A read-write transaction over every store. */
export type WriteTransaction = IDBPTransaction<ChannelsDb, typeof STORES, "readwrite">;

/** Applies one (validated) op of `channelId` inside `tx`; requests run in the order they are made. */
export async function applyOp(tx: WriteTransaction, channelId: ChannelId, op: StorageOp): Promise<void> {
  switch (op.type) {
    case "outbox-put":
    case "log-put":
    case "incoming-put":
      await tx.objectStore(storeOf(op.type)).put(toRecord(channelId, op.entry));
      return;
    case "outbox-delete":
    case "log-delete":
    case "incoming-delete":
      await tx.objectStore(storeOf(op.type)).delete([channelId, op.messageId]);
      return;
    case "handled-add":
    case "handled-delete":
      await applyHandled(tx, channelId, op.messageId, op.type === "handled-add");
      return;
    case "counters":
      await raiseCounters(tx, channelId, op.counters);
      return;
    case "meta-put":
      await tx.objectStore("meta").put({ channelId, key: op.key, value: op.value });
      return;
    case "meta-delete":
      await tx.objectStore("meta").delete([channelId, op.key]);
      return;
  }
}

function storeOf(type: `${"outbox" | "log" | "incoming"}-${string}`): "outbox" | "log" | "incoming" {
  return type.startsWith("outbox") ? "outbox" : type.startsWith("log") ? "log" : "incoming";
}

/** Adding keeps the first position of an id already there; the auto-incremented key is the position. */
async function applyHandled(tx: WriteTransaction, channelId: ChannelId, messageId: string, add: boolean) {
  const store = tx.objectStore("handled");
  const key = await store.index("byId").getKey([channelId, messageId]);
  if (add && key === undefined) await store.add({ channelId, messageId });
  if (!add && key !== undefined) await store.delete(key);
}

/** Read-modify-write inside the transaction, so the stored counters only ever rise. */
async function raiseCounters(tx: WriteTransaction, channelId: ChannelId, proposed: Partial<Counters>) {
  const store = tx.objectStore("counters");
  const current = countersFromRecord(await store.get(channelId));
  await store.put({
    channelId,
    lamportTimestamp: max(current.lamportTimestamp, proposed.lamportTimestamp),
    sequence: max(current.sequence, proposed.sequence),
  });
}

function max(current: bigint, proposed: bigint | undefined): bigint {
  return proposed !== undefined && proposed > current ? proposed : current;
}

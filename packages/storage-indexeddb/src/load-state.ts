import type { ChannelId, StoredChannelState } from "@reliable-channel/interfaces";
import { compareBigints, compareMessageIds } from "@reliable-channel/storage-memory";
import type { IDBPDatabase } from "idb";
import {
  countersFromRecord,
  handledFromRecord,
  incomingFromRecord,
  logFromRecord,
  metaFromRecord,
  outboxFromRecord,
} from "./records.js";
import { type ChannelsDb, STORES } from "./schema.js";

/**
 * Reads one channel's state in one read-only transaction (so it sees whole commits only) and orders it as the
 * port documents. IndexedDB cannot index bigints, so the outbox and log are sorted here; handled ids come in
 * primary-key (first-added) order from the index.
 */
export async function loadState(
  db: IDBPDatabase<ChannelsDb>,
  channelId: ChannelId,
): Promise<StoredChannelState> {
  const tx = db.transaction(STORES, "readonly");
  const [outbox, log, incoming, handled, counters, meta] = await Promise.all([
    tx.objectStore("outbox").index("byChannel").getAll(channelId),
    tx.objectStore("log").index("byChannel").getAll(channelId),
    tx.objectStore("incoming").index("byChannel").getAll(channelId),
    tx.objectStore("handled").index("byChannel").getAll(channelId),
    tx.objectStore("counters").get(channelId),
    tx.objectStore("meta").index("byChannel").getAll(channelId),
    tx.done,
  ]);
  return {
    outbox: outbox
      .map(outboxFromRecord)
      .sort((a, b) => compareBigints(a.sequence, b.sequence) || compareMessageIds(a.messageId, b.messageId)),
    log: log
      .map(logFromRecord)
      .sort(
        (a, b) =>
          compareBigints(a.lamportTimestamp, b.lamportTimestamp) ||
          compareMessageIds(a.messageId, b.messageId),
      ),
    incoming: incoming
      .map(incomingFromRecord)
      .sort((a, b) => a.receivedAt - b.receivedAt || compareMessageIds(a.messageId, b.messageId)),
    handled: handled.map(handledFromRecord),
    counters: countersFromRecord(counters),
    meta: Object.fromEntries(meta.map(metaFromRecord)),
  };
}

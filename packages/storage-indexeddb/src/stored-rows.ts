import type { ChannelId } from "@reliable-channel/interfaces";
import type { StoredRow } from "@reliable-channel/storage-memory/helpers";
import { requested } from "./idb-promises.js";
import {
  handledFromRecord,
  incomingFromRecord,
  logFromRecord,
  metaFromRecord,
  outboxFromRecord,
} from "./records.js";

/** The stores that hold a channel's rows (the manifest vouches for them). */
export const ROW_STORES = ["outbox", "log", "incoming", "handled", "meta"] as const;

/** One of {@link ROW_STORES}. */
export type RowStore = (typeof ROW_STORES)[number];

/** A row as read: its store, primary key, raw record, decoded form and stored checksum. */
export interface ReadRow {
  readonly store: RowStore;
  readonly key: IDBValidKey;
  readonly record: object;
  readonly stored: StoredRow;
  readonly checksum: unknown;
  /** Names the row in error messages. */
  readonly where: string;
}

/**
 * Every row of `channelId`, decoded (a malformed record throws `StorageCorruptionError`), in one transaction.
 * Handled ids come with their primary key, which is their position.
 */
export async function readRows(tx: IDBTransaction, channelId: ChannelId): Promise<ReadRow[]> {
  const rows: ReadRow[] = [];
  for (const store of ROW_STORES) {
    const index = tx.objectStore(store).index("byChannel");
    // Values and primary keys in the same (index) order.
    const [records, keys] = await Promise.all([
      requested<unknown[]>(index.getAll(channelId)),
      requested(index.getAllKeys(channelId)),
    ]);
    records.forEach((value, i) => {
      const key = keys[i] ?? i;
      const record = (typeof value === "object" && value !== null ? value : {}) as object;
      rows.push({
        store,
        key,
        record,
        stored: decode(store, record, key),
        checksum: (record as { checksum?: unknown }).checksum,
        where: `${store} record ${JSON.stringify(describeKey(key))}`,
      });
    });
  }
  return rows;
}

function decode(store: RowStore, record: object, key: IDBValidKey): StoredRow {
  switch (store) {
    case "outbox":
      return { kind: "outbox", entry: outboxFromRecord(record) };
    case "log":
      return { kind: "log", entry: logFromRecord(record) };
    case "incoming":
      return { kind: "incoming", entry: incomingFromRecord(record) };
    case "handled":
      return { kind: "handled", position: Number(key), messageId: handledFromRecord(record) };
    case "meta": {
      const [metaKey, value] = metaFromRecord(record);
      return { kind: "meta", key: metaKey, value };
    }
  }
}

function describeKey(key: IDBValidKey): string {
  return Array.isArray(key) ? String(key[key.length - 1]) : String(key);
}

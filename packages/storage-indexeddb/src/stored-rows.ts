import type { ChannelId } from "@reliable-channel/interfaces";
import type { StoredRow } from "@reliable-channel/storage-memory/helpers";
import type { IDBPTransaction } from "idb";
import {
  handledFromRecord,
  incomingFromRecord,
  logFromRecord,
  metaFromRecord,
  outboxFromRecord,
} from "./records.js";
import type { ChannelsDb, STORES } from "./schema.js";

/** The stores that hold a channel's rows (the manifest vouches for them). */
export const ROW_STORES = ["outbox", "log", "incoming", "handled", "meta"] as const;

/** One of {@link ROW_STORES}. */
export type RowStore = (typeof ROW_STORES)[number];

/** A transaction over every store. */
export type AnyTransaction = IDBPTransaction<ChannelsDb, typeof STORES, IDBTransactionMode>;

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
export async function readRows(tx: AnyTransaction, channelId: ChannelId): Promise<ReadRow[]> {
  const rows: ReadRow[] = [];
  for (const store of ROW_STORES) {
    const index = tx.objectStore(store).index("byChannel");
    for (let cursor = await index.openCursor(channelId); cursor !== null; cursor = await cursor.continue()) {
      const record = cursor.value as object;
      const where = `${store} record ${JSON.stringify(describeKey(cursor.primaryKey))}`;
      rows.push({
        store,
        key: cursor.primaryKey,
        record,
        stored: decode(store, record, cursor.primaryKey),
        checksum: (record as { checksum?: unknown }).checksum,
        where,
      });
    }
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

/** A store seen without idb's per-store typing, for code that handles every row store alike. */
export interface UntypedStore {
  get(key: IDBValidKey): Promise<unknown>;
  put(value: unknown, key?: IDBValidKey): Promise<IDBValidKey>;
  add(value: unknown): Promise<IDBValidKey>;
  delete(key: IDBValidKey): Promise<void>;
}

/** `name`'s store in `tx`, untyped. */
export function untypedStore(tx: AnyTransaction, name: RowStore): UntypedStore {
  return tx.objectStore(name) as unknown as UntypedStore;
}

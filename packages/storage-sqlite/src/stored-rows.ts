import type { DatabaseSync } from "node:sqlite";
import { StorageCorruptionError } from "@reliable-channel/interfaces";
import type { StoredRow } from "@reliable-channel/storage-memory/helpers";
import { blob, id, incomingFromRow, logFromRow, outboxFromRow, type Row } from "./rows.js";
import { describe } from "./uint64.js";

/** The tables that hold rows (the channel row is the manifest). */
export const ROW_TABLES = ["outbox", "log", "incoming", "handled", "meta"] as const;

/** One of {@link ROW_TABLES}. */
export type RowTable = (typeof ROW_TABLES)[number];

/** Each table's primary key column. */
export const KEY_COLUMN: Readonly<Record<RowTable, string>> = {
  outbox: "message_id",
  log: "message_id",
  incoming: "message_id",
  handled: "position",
  meta: "key",
};

/** A row as read: its decoded form, its primary key and its stored checksum column. */
export interface ReadRow {
  readonly stored: StoredRow;
  readonly key: unknown;
  readonly checksum: unknown;
  /** Names the row in error messages. */
  readonly where: string;
}

/** Every row of `table` in storage order (no index is used), decoded; a malformed one throws. */
export function* readRows(db: DatabaseSync, table: RowTable): Generator<ReadRow> {
  for (const row of db.prepare(`SELECT * FROM ${table}`).all()) {
    const key = row[KEY_COLUMN[table]];
    const where = `${table} row ${JSON.stringify(typeof key === "string" ? key : describe(key))}`;
    yield { stored: decode(table, row, where), key, checksum: row.checksum, where };
  }
}

function decode(table: RowTable, row: Row, where: string): StoredRow {
  switch (table) {
    case "outbox":
      return { kind: "outbox", entry: outboxFromRow(row) };
    case "log":
      return { kind: "log", entry: logFromRow(row) };
    case "incoming":
      return { kind: "incoming", entry: incomingFromRow(row) };
    case "handled":
      return {
        kind: "handled",
        position: position(row.position, where),
        messageId: id(row.message_id, where),
      };
    case "meta":
      return { kind: "meta", key: id(row.key, where), value: blob(row.value, `${where} value`) };
  }
}

function position(value: unknown, where: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    throw new StorageCorruptionError(`${where}: position ${describe(value)} is not an integer ≥ 1`);
  }
  return value;
}

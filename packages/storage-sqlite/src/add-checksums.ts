import type { DatabaseSync } from "node:sqlite";
import { RowTally, rowChecksum } from "@reliable-channel/storage-memory/helpers";
import { newStoreId, readCounters, writeManifest } from "./manifest.js";
import { KEY_COLUMN, ROW_TABLES, readRows } from "./stored-rows.js";

/**
 * Schema 2's data step: computes the checksum of every row once (a row that does not decode is reported as
 * corruption, not carried over) and writes the first manifest, with a new store id.
 */
export function addChecksums(db: DatabaseSync): void {
  const tally = new RowTally();
  for (const table of ROW_TABLES) {
    const rows = [...readRows(db, table)];
    const update = db.prepare(`UPDATE ${table} SET checksum = ? WHERE ${KEY_COLUMN[table]} = ?`);
    for (const row of rows) {
      const checksum = rowChecksum(row.stored);
      update.run(checksum, row.key as string | number);
      tally.add(checksum);
    }
  }
  const { channelId, counters } = readCounters(db);
  writeManifest(db, { channelId, storeId: newStoreId(), counters, rows: tally.rows, digest: tally.digest });
}

import type { DatabaseSync } from "node:sqlite";
import type { StoredChannelState } from "@reliable-channel/interfaces";
import {
  checkRowChecksum,
  RowTally,
  rowChecksum,
  type StoredRow,
  storedChannelState,
} from "@reliable-channel/storage-memory/helpers";
import { readManifest } from "./manifest.js";
import { ROW_TABLES, readRows } from "./stored-rows.js";

/**
 * Reads the whole channel and proves it is what was committed: every row matches its checksum, and the rows'
 * count and checksum digest match the manifest. Lists are sorted here, in memory, so a
 * damaged index cannot reorder them.
 * @throws {StorageCorruptionError} naming the first thing that does not add up.
 */
export function loadState(db: DatabaseSync): StoredChannelState {
  const manifest = readManifest(db);
  const tally = new RowTally();
  const rows: StoredRow[] = [];
  for (const table of ROW_TABLES) {
    for (const { stored, checksum, where } of readRows(db, table)) {
      tally.add(checkRowChecksum(checksum, rowChecksum(stored), where));
      rows.push(stored);
    }
  }
  tally.check(manifest, "channel rows");
  return storedChannelState(rows, manifest.counters);
}

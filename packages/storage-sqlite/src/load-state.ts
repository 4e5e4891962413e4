import type { DatabaseSync } from "node:sqlite";
import type { IncomingEntry, LogEntry, OutboxEntry, StoredChannelState } from "@reliable-channel/interfaces";
import {
  checkRowChecksum,
  compareBigints,
  compareMessageIds,
  RowTally,
  rowChecksum,
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
  const outbox: OutboxEntry[] = [];
  const log: LogEntry[] = [];
  const incoming: IncomingEntry[] = [];
  const handled: { position: number; messageId: string }[] = [];
  const meta: [string, Uint8Array][] = [];
  for (const table of ROW_TABLES) {
    for (const { stored, checksum, where } of readRows(db, table)) {
      tally.add(checkRowChecksum(checksum, rowChecksum(stored), where));
      if (stored.kind === "outbox") outbox.push(stored.entry);
      else if (stored.kind === "log") log.push(stored.entry);
      else if (stored.kind === "incoming") incoming.push(stored.entry);
      else if (stored.kind === "handled") handled.push(stored);
      else meta.push([stored.key, stored.value]);
    }
  }
  tally.check(manifest, "channel rows");
  return {
    outbox: outbox.sort(
      (a, b) => compareBigints(a.sequence, b.sequence) || compareMessageIds(a.messageId, b.messageId),
    ),
    log: log.sort(
      (a, b) =>
        compareBigints(a.lamportTimestamp, b.lamportTimestamp) || compareMessageIds(a.messageId, b.messageId),
    ),
    incoming: incoming.sort(
      (a, b) => a.receivedAt - b.receivedAt || compareMessageIds(a.messageId, b.messageId),
    ),
    handled: handled.sort((a, b) => a.position - b.position).map((row) => row.messageId),
    counters: manifest.counters,
    meta: Object.fromEntries(meta),
  };
}

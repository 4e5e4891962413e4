import {
  type ChannelId,
  StorageCorruptionError,
  type StoredChannelState,
} from "@reliable-channel/interfaces";
import {
  checkRowChecksum,
  RowTally,
  rowChecksum,
  storedChannelState,
} from "@reliable-channel/storage-memory/helpers";
import { committed } from "./idb-promises.js";
import { readManifest } from "./manifest.js";
import { STORES } from "./schema.js";
import { readRows } from "./stored-rows.js";

/**
 * Reads one channel's state in one read-only transaction (so it sees whole commits only), proves it is what
 * was committed — every record matches its checksum, and their count and checksum digest match the manifest —
 * and orders it as the port documents. IndexedDB cannot index bigints, so lists are sorted here; handled ids
 * come in primary-key (first-added) order.
 * @throws {StorageCorruptionError} naming the first thing that does not add up.
 */
export async function loadState(db: IDBDatabase, channelId: ChannelId): Promise<StoredChannelState> {
  const tx = db.transaction([...STORES], "readonly");
  const done = committed(tx);
  done.catch(() => {}); // observed below, or superseded by a read's failure
  const [manifest, rows] = await Promise.all([readManifest(tx, channelId), readRows(tx, channelId)]);
  await done;
  const tally = new RowTally();
  for (const row of rows) tally.add(checkRowChecksum(row.checksum, rowChecksum(row.stored), row.where));
  if (manifest === undefined && rows.length > 0) {
    throw new StorageCorruptionError(`channel ${JSON.stringify(channelId)} has rows but no manifest`);
  }
  if (manifest !== undefined) tally.check(manifest, `channel ${JSON.stringify(channelId)}`);
  return storedChannelState(
    rows.map((row) => row.stored),
    manifest?.counters ?? { lamportTimestamp: 0n, sequence: 0n },
  );
}

import { type ChannelId, StorageCorruptionError } from "@reliable-channel/interfaces";
import { RowTally, rowChecksum } from "@reliable-channel/storage-memory/helpers";
import { committed, requested } from "./idb-promises.js";
import { emptyManifest, readManifest, writeManifest } from "./manifest.js";
import { countersFromRecord } from "./records.js";
import { type CountersRecord, STORES } from "./schema.js";
import { readRows } from "./stored-rows.js";

/**
 * Readies a channel when it is opened. A channel with a manifest, or without any rows (a new one), needs
 * nothing. A channel with rows and no manifest is either a schema-1 channel — none of its rows has a checksum:
 * they get one now, once, and the manifest is written with its schema-1 counters — or a damaged one: rows
 * with checksums but the manifest gone.
 * @throws {StorageCorruptionError} when the manifest is missing or damaged, or a schema-1 row is malformed.
 */
export async function prepareChannel(db: IDBDatabase, channelId: ChannelId): Promise<void> {
  const tx = db.transaction([...STORES], "readwrite", { durability: "strict" });
  const done = committed(tx);
  done.catch(() => {}); // observed below, or superseded by the failure that aborts it
  try {
    if ((await readManifest(tx, channelId)) !== undefined) return await done;
    const rows = await readRows(tx, channelId);
    const legacyCounters = await requested<CountersRecord | undefined>(
      tx.objectStore("counters").get(channelId),
    );
    if (rows.length === 0 && legacyCounters === undefined) return await done;
    const checksummed = rows.find((row) => row.checksum !== undefined);
    if (checksummed !== undefined) {
      throw new StorageCorruptionError(
        `channel ${JSON.stringify(channelId)} has rows (${checksummed.where}, …) but its manifest is gone`,
      );
    }
    const tally = new RowTally();
    for (const row of rows) {
      const checksum = rowChecksum(row.stored);
      tally.add(checksum);
      const store = tx.objectStore(row.store);
      if (row.store === "handled") await requested(store.put({ ...row.record, checksum }, row.key));
      else await requested(store.put({ ...row.record, checksum }));
    }
    const counters = countersFromRecord(legacyCounters);
    await requested(tx.objectStore("counters").delete(channelId));
    await writeManifest(tx, {
      ...emptyManifest(channelId, counters),
      rows: tally.rows,
      digest: tally.digest,
    });
    await done;
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // already aborted or finished
    }
    throw error;
  }
}

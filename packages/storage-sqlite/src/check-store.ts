import type { DatabaseSync } from "node:sqlite";
import { type ChannelId, StorageCorruptionError } from "@reliable-channel/interfaces";
import { readManifest } from "./manifest.js";
import { bindMarker, type Marker } from "./marker.js";

/** The columns of each table at {@link SCHEMA_VERSION}, in order. */
const COLUMNS: Readonly<Record<string, string>> = {
  channel: "id,channel_id,lamport,sequence,schema_version,store_id,row_count,row_digest,checksum",
  outbox: "message_id,sequence,lamport,bytes,state,attempts,next_attempt_at,created_at,last_hint,checksum",
  log: "message_id,lamport,sender_id,hint,bytes,checksum",
  incoming: "message_id,bytes,hint,received_at,checksum",
  handled: "position,message_id,checksum",
  meta: "key,value,checksum",
};

/**
 * Checks an opened, migrated database before it is used: SQLite's own structural check (`quick_check`), the
 * tables and their columns, the manifest's checksum and owner, and the marker beside the file (written here
 * when the file has none yet).
 * @throws {StorageCorruptionError} naming what is wrong.
 */
export function checkStore(db: DatabaseSync, file: string, channelId: ChannelId, marker: Marker | undefined) {
  const problems = db
    .prepare("PRAGMA quick_check")
    .all()
    .map((row) => String(row.quick_check))
    .filter((line) => line !== "ok");
  if (problems.length > 0) {
    throw new StorageCorruptionError(`SQLite's quick_check failed: ${problems.slice(0, 3).join("; ")}`);
  }
  for (const [table, expected] of Object.entries(COLUMNS)) {
    const found = db
      .prepare("SELECT name FROM pragma_table_info(?)")
      .all(table)
      .map((row) => String(row.name))
      .join(",");
    if (found !== expected) {
      throw new StorageCorruptionError(`table ${table} has columns [${found}], expected [${expected}]`);
    }
  }
  const manifest = readManifest(db);
  if (manifest.channelId !== channelId) {
    throw new StorageCorruptionError(
      `the database file of channel ${JSON.stringify(channelId)} holds ${JSON.stringify(manifest.channelId)}`,
    );
  }
  bindMarker(file, marker, channelId, manifest.storeId);
}

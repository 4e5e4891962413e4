import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { type ChannelId, StorageCorruptionError, StorageError } from "@reliable-channel/interfaces";
import { checkStore } from "./check-store.js";
import { databaseExists, readMarker } from "./marker.js";
import { migrate } from "./schema.js";
import { toStorageError } from "./sqlite-errors.js";

/** What {@link openChannelDatabase} needs. */
export interface OpenDatabaseOptions {
  /** The database file (its directory is created if missing). */
  readonly file: string;
  readonly channelId: ChannelId;
  readonly journalSizeLimitBytes: number;
}

/**
 * Opens (creating if needed) the channel's database and takes its exclusive lock.
 *
 * `locking_mode=EXCLUSIVE` makes SQLite keep the POSIX lock on the file from the first write until the
 * connection closes; the empty write transaction below takes it at once. A second connection — in this
 * process or another — then gets SQLITE_BUSY (busy timeout 0), reported as `StorageLockedError`. The kernel
 * drops the lock when the holding process dies, however it dies, so a crash never leaves a stale lock.
 */
export function openChannelDatabase(options: OpenDatabaseOptions): DatabaseSync {
  const { file, channelId } = options;
  let db: DatabaseSync | undefined;
  try {
    const marker = readMarker(file);
    if (marker !== undefined && !databaseExists(file)) {
      throw new StorageCorruptionError(
        `the database of channel ${JSON.stringify(channelId)} is gone, but its marker says it held the channel (delete ${file}-marker to start the channel anew)`,
      );
    }
    mkdirSync(dirname(file), { recursive: true });
    db = new DatabaseSync(file, {
      timeout: 0,
      enableForeignKeyConstraints: false,
    });
    db.exec("PRAGMA locking_mode = EXCLUSIVE");
    const mode = db.prepare("PRAGMA journal_mode = WAL").get()?.journal_mode;
    if (mode !== "wal")
      throw new StorageError(`the file system refused WAL mode (journal mode is ${String(mode)})`);
    db.exec("PRAGMA synchronous = FULL");
    db.exec(`PRAGMA journal_size_limit = ${Math.trunc(options.journalSizeLimitBytes)}`);
    db.exec("BEGIN IMMEDIATE; COMMIT");
    migrate(db, channelId, { mayCreate: marker === undefined });
    checkOwner(db, channelId);
    checkStore(db, file, channelId, marker);
    return db;
  } catch (error) {
    db?.close();
    throw toStorageError(error, `cannot open channel ${JSON.stringify(channelId)}`, "content");
  }
}

/** The file must hold the channel it is named after (a copied or colliding file is reported, not used). */
function checkOwner(db: DatabaseSync, channelId: ChannelId): void {
  const stored = db.prepare("SELECT channel_id FROM channel WHERE id = 1").get()?.channel_id;
  if (stored !== channelId) {
    throw new StorageCorruptionError(
      `the database file of channel ${JSON.stringify(channelId)} holds ${JSON.stringify(stored ?? null)}`,
    );
  }
}

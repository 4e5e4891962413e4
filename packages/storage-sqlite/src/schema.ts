import type { DatabaseSync } from "node:sqlite";
import { type ChannelId, StorageCorruptionError, StorageError } from "@reliable-channel/interfaces";
import { addChecksums } from "./add-checksums.js";
import { transaction } from "./transaction.js";

/** One schema migration: moves a database from version `i` to `i + 1` inside the open's transaction. */
type Migration = (db: DatabaseSync, channelId: ChannelId) => void;

/**
 * The schema, as migrations: entry `i` moves a database from version `i` to `i + 1` (`PRAGMA user_version`).
 * Append new migrations; never edit a released one. Every version from 2 on keeps `channel.schema_version`
 * equal to `user_version`, so that a damaged header is told apart from a file of a newer version.
 */
const MIGRATIONS: readonly Migration[] = [
  (db, channelId) => {
    db.exec(`
    CREATE TABLE channel (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      channel_id TEXT NOT NULL,
      lamport BLOB NOT NULL,
      sequence BLOB NOT NULL
    ) STRICT;
    CREATE TABLE outbox (
      message_id TEXT PRIMARY KEY,
      sequence BLOB NOT NULL,
      lamport BLOB NOT NULL,
      bytes BLOB NOT NULL,
      state TEXT NOT NULL,
      attempts INTEGER NOT NULL,
      next_attempt_at REAL NOT NULL,
      created_at REAL NOT NULL,
      last_hint BLOB
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX outbox_order ON outbox (sequence, message_id);
    CREATE TABLE log (
      message_id TEXT PRIMARY KEY,
      lamport BLOB NOT NULL,
      sender_id TEXT NOT NULL,
      hint BLOB,
      bytes BLOB
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX log_order ON log (lamport, message_id);
    CREATE TABLE incoming (
      message_id TEXT PRIMARY KEY,
      bytes BLOB NOT NULL,
      hint BLOB,
      received_at REAL NOT NULL
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX incoming_order ON incoming (received_at, message_id);
    CREATE TABLE handled (
      position INTEGER PRIMARY KEY,
      message_id TEXT NOT NULL UNIQUE
    ) STRICT;
    CREATE TABLE meta (
      key TEXT PRIMARY KEY,
      value BLOB NOT NULL
    ) STRICT, WITHOUT ROWID;
    `);
    db.prepare(
      "INSERT INTO channel (id, channel_id, lamport, sequence) VALUES (1, ?, zeroblob(8), zeroblob(8))",
    ).run(channelId);
  },
  // 2: a checksum on every row and a manifest in the channel row (loads sort in memory, so the order indexes go).
  (db) => {
    db.exec(`
    DROP INDEX outbox_order;
    DROP INDEX log_order;
    DROP INDEX incoming_order;
    ALTER TABLE channel ADD COLUMN schema_version INTEGER NOT NULL DEFAULT 2;
    ALTER TABLE channel ADD COLUMN store_id BLOB;
    ALTER TABLE channel ADD COLUMN row_count INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE channel ADD COLUMN row_digest BLOB;
    ALTER TABLE channel ADD COLUMN checksum BLOB;
    ALTER TABLE outbox ADD COLUMN checksum BLOB;
    ALTER TABLE log ADD COLUMN checksum BLOB;
    ALTER TABLE incoming ADD COLUMN checksum BLOB;
    ALTER TABLE handled ADD COLUMN checksum BLOB;
    ALTER TABLE meta ADD COLUMN checksum BLOB;
    `);
    addChecksums(db);
  },
];

/** The schema version this code writes. */
export const SCHEMA_VERSION: number = MIGRATIONS.length;

/** Options of {@link migrate}. */
export interface MigrateOptions {
  /** May an empty database become this channel's? Not when a marker says the channel was stored here. */
  readonly mayCreate: boolean;
}

/**
 * Brings the database to {@link SCHEMA_VERSION} in one transaction; an empty one becomes the channel's.
 * @throws {StorageError} when the file was written by a newer schema version.
 * @throws {StorageCorruptionError} when an empty database was expected to hold the channel, or the version in
 *   the header does not match the tables.
 */
export function migrate(db: DatabaseSync, channelId: ChannelId, options: MigrateOptions): void {
  transaction(db, () => {
    const version = Number(db.prepare("PRAGMA user_version").get()?.user_version ?? 0);
    if (version > SCHEMA_VERSION) throw newerOrDamaged(db, version);
    const tables = Number(db.prepare("SELECT count(*) AS n FROM sqlite_master").get()?.n ?? 0);
    if (version === 0 && tables > 0) {
      throw new StorageCorruptionError(
        `the database header says schema version 0 but ${tables} tables exist`,
      );
    }
    if (version === 0 && !options.mayCreate) {
      throw new StorageCorruptionError(
        `the database of channel ${JSON.stringify(channelId)} is empty, but its marker says it held the channel: the file was truncated, emptied or replaced`,
      );
    }
    for (const migration of MIGRATIONS.slice(version)) migration(db, channelId);
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
  });
}

/** A header version above ours: a newer release's file when its channel row agrees, damage otherwise. */
function newerOrDamaged(db: DatabaseSync, version: number): StorageError {
  let recorded: unknown;
  try {
    recorded = db.prepare("SELECT schema_version FROM channel WHERE id = 1").get()?.schema_version;
  } catch {
    recorded = undefined; // a release that no longer has the column: trust the header
  }
  if (recorded !== undefined && recorded !== version) {
    return new StorageCorruptionError(
      `the database header says schema version ${version}, its channel row ${String(recorded)}`,
    );
  }
  return new StorageError(`database schema version ${version} is newer than this code's ${SCHEMA_VERSION}`);
}

import type { DatabaseSync } from "node:sqlite";
import { StorageError } from "@reliable-channel/interfaces";
import { transaction } from "./transaction.js";

/**
 * The schema, as migrations: entry `i` moves a database from version `i` to `i + 1` (`PRAGMA user_version`).
 * Append new migrations; never edit a released one.
 */
const MIGRATIONS: readonly string[] = [
  `
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
  `,
];

/** The schema version this code writes. */
export const SCHEMA_VERSION: number = MIGRATIONS.length;

/**
 * Brings the database to {@link SCHEMA_VERSION} in one transaction, and records which channel it holds.
 * @throws {StorageError} when the file was written by a newer schema version.
 */
export function migrate(db: DatabaseSync, channelId: string): void {
  transaction(db, () => {
    const version = Number(db.prepare("PRAGMA user_version").get()?.user_version ?? 0);
    if (version > SCHEMA_VERSION) {
      throw new StorageError(
        `database schema version ${version} is newer than this code's ${SCHEMA_VERSION}`,
      );
    }
    for (const migration of MIGRATIONS.slice(version)) db.exec(migration);
    if (version === 0) {
      db.prepare(
        "INSERT INTO channel (id, channel_id, lamport, sequence) VALUES (1, ?, zeroblob(8), zeroblob(8))",
      ).run(channelId);
    }
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
  });
}

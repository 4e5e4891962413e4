import type { OutboxState } from "@reliable-channel/interfaces";

/** An outbox entry as stored: the port's fields plus the channel it belongs to. */
export interface OutboxRecord {
  readonly channelId: string;
  readonly messageId: string;
  readonly sequence: bigint;
  readonly lamportTimestamp: bigint;
  readonly bytes: Uint8Array;
  readonly state: OutboxState;
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly createdAt: number;
  readonly lastHint?: Uint8Array;
  /** The row's checksum (`rowChecksum` of `@reliable-channel/storage-memory`); absent in schema-1 records. */
  readonly checksum?: Uint8Array;
}

/** A log entry as stored. */
export interface LogRecord {
  readonly channelId: string;
  readonly messageId: string;
  readonly lamportTimestamp: bigint;
  readonly senderId: string;
  readonly retrievalHint?: Uint8Array;
  readonly bytes?: Uint8Array;
  /** The row's checksum (`rowChecksum` of `@reliable-channel/storage-memory`); absent in schema-1 records. */
  readonly checksum?: Uint8Array;
}

/** An incoming entry as stored. */
export interface IncomingRecord {
  readonly channelId: string;
  readonly messageId: string;
  readonly bytes: Uint8Array;
  readonly retrievalHint?: Uint8Array;
  readonly receivedAt: number;
  /** The row's checksum (`rowChecksum` of `@reliable-channel/storage-memory`); absent in schema-1 records. */
  readonly checksum?: Uint8Array;
}

/** A handled id; its auto-incremented primary key is its position (first-added order). */
export interface HandledRecord {
  readonly channelId: string;
  readonly messageId: string;
  /** The row's checksum (`rowChecksum` of `@reliable-channel/storage-memory`); absent in schema-1 records. */
  readonly checksum?: Uint8Array;
}

/** A channel's manifest: its counters, row count, row digest and store id, with their checksum. */
export interface ManifestRecord {
  readonly channelId: string;
  readonly lamportTimestamp: bigint;
  readonly sequence: bigint;
  readonly storeId: Uint8Array;
  readonly rows: number;
  readonly digest: Uint8Array;
  readonly checksum: Uint8Array;
}

/** The counters row of a channel (schema 1; schema 2 keeps the counters in the manifest). */
export interface CountersRecord {
  readonly channelId: string;
  readonly lamportTimestamp: bigint;
  readonly sequence: bigint;
}

/** A meta blob. */
export interface MetaRecord {
  readonly channelId: string;
  readonly key: string;
  readonly value: Uint8Array;
  /** The row's checksum (`rowChecksum` of `@reliable-channel/storage-memory`); absent in schema-1 records. */
  readonly checksum?: Uint8Array;
}

/**
 * Every object store, which a commit may all touch. One database holds every channel and records carry their
 * channel id: `outbox`, `log`, `incoming` (values above) and `meta` are keyed by `[channelId, messageId | key]`
 * with a `byChannel` index; `handled` is auto-incremented (the key is the position) with `byChannel` and a
 * unique `byId` (`[channelId, messageId]`); `counters` (schema 1) and `manifest` are keyed by `channelId`.
 */
export const STORES = ["outbox", "log", "incoming", "handled", "counters", "meta", "manifest"] as const;

/**
 * Schema migrations: entry `i` moves the database from version `i` to `i + 1` inside the upgrade transaction.
 * Append new ones; never edit a released one.
 */
const MIGRATIONS: readonly ((db: IDBDatabase) => void)[] = [
  (db) => {
    for (const name of ["outbox", "log", "incoming"] as const) {
      db.createObjectStore(name, { keyPath: ["channelId", "messageId"] }).createIndex(
        "byChannel",
        "channelId",
      );
    }
    const handled = db.createObjectStore("handled", { autoIncrement: true });
    handled.createIndex("byChannel", "channelId");
    handled.createIndex("byId", ["channelId", "messageId"], { unique: true });
    db.createObjectStore("counters", { keyPath: "channelId" });
    db.createObjectStore("meta", { keyPath: ["channelId", "key"] }).createIndex("byChannel", "channelId");
  },
  // 2: a manifest per channel; rows gain checksums. A channel's schema-1 rows get theirs when it is first
  // opened (see `prepareChannel`): an upgrade transaction cannot wait for the work.
  (db) => {
    db.createObjectStore("manifest", { keyPath: "channelId" });
  },
];

/** The IndexedDB version this code writes. */
export const SCHEMA_VERSION: number = MIGRATIONS.length;

/** Runs the migrations from `oldVersion` up to {@link SCHEMA_VERSION}. */
export function upgrade(db: IDBDatabase, oldVersion: number): void {
  for (const migration of MIGRATIONS.slice(oldVersion)) migration(db);
}

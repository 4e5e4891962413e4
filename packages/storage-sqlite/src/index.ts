/**
 * Durable Storage port for Node on `node:sqlite`: WAL, `synchronous=FULL`, one transaction per commit, a
 * schema version with migrations, and a per-channel exclusive lock that dies with its process.
 * @packageDocumentation
 */
export { SCHEMA_VERSION } from "./schema.js";
export { DEFAULT_JOURNAL_SIZE_LIMIT_BYTES, type SqliteStorageInit, sqliteStorage } from "./sqlite-storage.js";

import { StorageCorruptionError, StorageError, StorageLockedError } from "@reliable-channel/interfaces";

/** SQLite primary result codes this adapter tells apart (the low byte of an extended code). */
const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;
const SQLITE_CORRUPT = 11;
const SQLITE_NOTADB = 26;

/**
 * Codes that say something about the machine, not the file's content: out of memory, read-only, I/O, disk
 * full, cannot open, permissions, interrupted, locking.
 */
const ENVIRONMENT = new Set([SQLITE_BUSY, SQLITE_LOCKED, 7, 8, 9, 10, 13, 14, 15, 22, 23]);

/** The SQLite result code carried by an error from `node:sqlite`, if any. */
function sqliteCode(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null || !("errcode" in error)) return undefined;
  const code = (error as { errcode: unknown }).errcode;
  return typeof code === "number" ? code & 0xff : undefined;
}

/**
 * Translates a failure into this project's storage errors: busy/locked → {@link StorageLockedError}, a damaged
 * file → {@link StorageCorruptionError}, anything else (disk full, I/O) → {@link StorageError}; the original
 * is the `cause`. Errors that are already storage errors pass through.
 *
 * With `reading: "content"` (opening, migrating, checking or loading a database that exists), every SQLite
 * error that does not come from the machine — a missing table or column, a constraint a migration trips
 * over, a value of the wrong type — can only come from the file's content, and is corruption too.
 */
export function toStorageError(error: unknown, what: string, reading?: "content"): StorageError {
  if (error instanceof StorageError) return error;
  const code = sqliteCode(error);
  const detail = error instanceof Error ? error.message : String(error);
  if (code === SQLITE_BUSY || code === SQLITE_LOCKED) {
    return new StorageLockedError(
      `${what}: the channel's database is held by another connection or process`,
      {
        cause: error,
      },
    );
  }
  if (code === SQLITE_CORRUPT || code === SQLITE_NOTADB) {
    return new StorageCorruptionError(`${what}: ${detail}`, { cause: error });
  }
  if (reading === "content" && code !== undefined && !ENVIRONMENT.has(code)) {
    return new StorageCorruptionError(`${what}: ${detail}`, { cause: error });
  }
  return new StorageError(`${what}: ${detail}`, { cause: error });
}

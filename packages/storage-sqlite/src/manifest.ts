import { randomBytes } from "node:crypto";
import type { DatabaseSync, StatementSync } from "node:sqlite";
import { type Counters, StorageCorruptionError } from "@reliable-channel/interfaces";
import {
  CHECKSUM_BYTES,
  manifestChecksum,
  type StoreManifest,
  sameBytes,
} from "@reliable-channel/storage-memory/helpers";
import { blob } from "./rows.js";
import { decodeUint64, describe, encodeUint64 } from "./uint64.js";

const statements = new WeakMap<DatabaseSync, { select: StatementSync; update: StatementSync }>();

/** The manifest's statements of `db`, prepared once (a commit reads and writes the manifest each time). */
function prepared(db: DatabaseSync): { select: StatementSync; update: StatementSync } {
  let found = statements.get(db);
  if (found === undefined) {
    found = {
      select: db.prepare(
        "SELECT channel_id, lamport, sequence, store_id, row_count, row_digest, checksum FROM channel WHERE id = 1",
      ),
      update: db.prepare(
        `UPDATE channel SET channel_id = ?, lamport = ?, sequence = ?, store_id = ?, row_count = ?, row_digest = ?,
           checksum = ? WHERE id = 1`,
      ),
    };
    statements.set(db, found);
  }
  return found;
}

/**
 * Reads the manifest (the channel row: owner, counters, row count and digest, store id) and checks its
 * checksum.
 * @throws {StorageCorruptionError} when the row is missing, malformed or does not match its checksum.
 */
export function readManifest(db: DatabaseSync): StoreManifest {
  const row = prepared(db).select.get();
  if (row === undefined) throw new StorageCorruptionError("the manifest (channel row) is missing");
  const rows = row.row_count;
  if (typeof rows !== "number" || !Number.isSafeInteger(rows) || rows < 0) {
    throw new StorageCorruptionError(`manifest row_count: expected an integer ≥ 0, found ${describe(rows)}`);
  }
  const manifest: StoreManifest = {
    ...ownerAndCounters(row),
    storeId: blob(row.store_id, "manifest store_id"),
    rows,
    digest: blob(row.row_digest, "manifest row_digest"),
  };
  const stored = row.checksum;
  if (!(stored instanceof Uint8Array) || !sameBytes(stored, manifestChecksum(manifest))) {
    throw new StorageCorruptionError("the manifest (channel row) does not match its checksum");
  }
  return manifest;
}

/** The channel row's owner and counters, unchecked (schema 1 had no checksum to check them with). */
export function readCounters(db: DatabaseSync): Pick<StoreManifest, "channelId" | "counters"> {
  const row = db.prepare("SELECT channel_id, lamport, sequence FROM channel WHERE id = 1").get();
  if (row === undefined) throw new StorageCorruptionError("the channel row is missing");
  return ownerAndCounters(row);
}

function ownerAndCounters(
  row: Readonly<Record<string, unknown>>,
): Pick<StoreManifest, "channelId" | "counters"> {
  if (typeof row.channel_id !== "string") {
    throw new StorageCorruptionError(`manifest channel_id: expected TEXT, found ${describe(row.channel_id)}`);
  }
  return {
    channelId: row.channel_id,
    counters: {
      lamportTimestamp: decodeUint64(row.lamport, "manifest lamport"),
      sequence: decodeUint64(row.sequence, "manifest sequence"),
    },
  };
}

/** Writes the manifest with its checksum (inside the caller's transaction). */
export function writeManifest(db: DatabaseSync, manifest: StoreManifest): void {
  prepared(db).update.run(
    manifest.channelId,
    encodeUint64(manifest.counters.lamportTimestamp),
    encodeUint64(manifest.counters.sequence),
    manifest.storeId,
    manifest.rows,
    manifest.digest,
    manifestChecksum(manifest),
  );
}

/** A new store's identity: random bytes that the marker beside the file repeats. */
export function newStoreId(): Uint8Array {
  return new Uint8Array(randomBytes(16));
}

/** The counters raised to at least `proposed` (never lowered). */
export function raise(current: Counters, proposed: Partial<Counters>): Counters {
  const max = (a: bigint, b: bigint | undefined) => (b !== undefined && b > a ? b : a);
  return {
    lamportTimestamp: max(current.lamportTimestamp, proposed.lamportTimestamp),
    sequence: max(current.sequence, proposed.sequence),
  };
}

/** The digest of a store without rows. */
export const EMPTY_DIGEST: Uint8Array = new Uint8Array(CHECKSUM_BYTES);

import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  writeSync,
} from "node:fs";
import { toHex } from "@reliable-channel/hash";
import { type ChannelId, StorageCorruptionError } from "@reliable-channel/interfaces";

/** What the marker beside a database file says: the file held this channel, in this store. */
export interface Marker {
  readonly channelId: ChannelId;
  /** The manifest's store id, as hex. */
  readonly storeId: string;
}

const FORMAT = "reliable-channel/storage-sqlite marker 1";

/** The marker of a database file: `<file>-marker`, beside SQLite's own `-wal`. */
export function markerFile(file: string): string {
  return `${file}-marker`;
}

/**
 * Reads the marker of `file`, or `undefined` when there is none (a new channel, or a file written before
 * markers existed).
 * @throws {StorageCorruptionError} when the marker exists but cannot be read as one.
 */
export function readMarker(file: string): Marker | undefined {
  let text: string;
  try {
    text = readFileSync(markerFile(file), "utf8");
  } catch (error) {
    if ((error as { code?: unknown }).code === "ENOENT") return undefined;
    throw error;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (isMarker(parsed)) return { channelId: parsed.channelId, storeId: parsed.storeId };
  } catch {
    // reported below
  }
  throw new StorageCorruptionError(`the marker ${markerFile(file)} is damaged`);
}

function isMarker(value: unknown): value is Marker & { format: string } {
  if (typeof value !== "object" || value === null) return false;
  const fields = value as Record<string, unknown>;
  return (
    fields.format === FORMAT && typeof fields.channelId === "string" && typeof fields.storeId === "string"
  );
}

/**
 * Writes the marker durably (a temporary file, fsynced, renamed over the marker). Called only after the
 * database that it vouches for is itself durable, so a crash in between leaves a database without a marker
 * (which gets one on the next open), never a marker without its database.
 */
export function writeMarker(file: string, channelId: ChannelId, storeId: Uint8Array): void {
  const target = markerFile(file);
  const temporary = `${target}.tmp`;
  const fd = openSync(temporary, "w");
  try {
    writeSync(fd, JSON.stringify({ format: FORMAT, channelId, storeId: toHex(storeId) }));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, target);
}

/** Whether SQLite would find anything at `file`: the database or its write-ahead log has bytes. */
export function databaseExists(file: string): boolean {
  const size = (path: string) => (existsSync(path) ? statSync(path).size : 0);
  return size(file) > 0 || size(`${file}-wal`) > 0;
}

/**
 * Checks the marker against the opened database's manifest, or writes it when there is none yet.
 * @throws {StorageCorruptionError} when they name another channel or another store (the file was replaced).
 */
export function bindMarker(
  file: string,
  expected: Marker | undefined,
  channelId: ChannelId,
  storeId: Uint8Array,
) {
  if (expected === undefined) {
    writeMarker(file, channelId, storeId);
    return;
  }
  if (expected.channelId !== channelId || expected.storeId !== toHex(storeId)) {
    throw new StorageCorruptionError(
      `the database ${file} is not the one its marker names (marker: channel ${JSON.stringify(expected.channelId)}, store ${expected.storeId}): it was replaced`,
    );
  }
}

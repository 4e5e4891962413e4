import { StorageCorruptionError } from "@reliable-channel/interfaces";

/**
 * Encodes a uint64 as 8 big-endian bytes. SQLite's INTEGER is signed 64-bit, so 2^63..2^64 − 1 would not fit;
 * fixed-width big-endian BLOBs hold the whole range and sort numerically under the BINARY collation (and with
 * SQLite's `max()`), which the outbox and log indexes and the counters rely on. Callers validate the range.
 */
export function encodeUint64(value: bigint): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, value);
  return bytes;
}

/**
 * Decodes what {@link encodeUint64} wrote.
 * @throws {StorageCorruptionError} when `value` is not an 8-byte BLOB; `where` names the row.
 */
export function decodeUint64(value: unknown, where: string): bigint {
  if (!(value instanceof Uint8Array) || value.length !== 8) {
    throw new StorageCorruptionError(`${where}: expected an 8-byte uint64, found ${describe(value)}`);
  }
  return new DataView(value.buffer, value.byteOffset, 8).getBigUint64(0);
}

/** A short description of a stored value for error messages. */
export function describe(value: unknown): string {
  if (value instanceof Uint8Array) return `a ${value.length}-byte BLOB`;
  if (value === null) return "NULL";
  return `${typeof value} ${String(value).slice(0, 40)}`;
}

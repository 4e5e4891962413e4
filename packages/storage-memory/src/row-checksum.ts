import { sha256 } from "@reliable-channel/hash";
import type { Counters, IncomingEntry, LogEntry, MessageId, OutboxEntry } from "@reliable-channel/interfaces";

/** One stored row of a channel, as the port sees it: what a durable adapter checksums. */
export type StoredRow =
  | { readonly kind: "outbox"; readonly entry: OutboxEntry }
  | { readonly kind: "log"; readonly entry: LogEntry }
  | { readonly kind: "incoming"; readonly entry: IncomingEntry }
  /** A handled id at its position (the adapter's first-added order key). */
  | { readonly kind: "handled"; readonly position: number; readonly messageId: MessageId }
  | { readonly kind: "meta"; readonly key: string; readonly value: Uint8Array };

/** The size of a row checksum and of a manifest's row digest (bytes). */
export const CHECKSUM_BYTES = 32;

const TAG = { absent: 0, text: 1, bytes: 2, uint64: 3, number: 4 } as const;
const utf8 = new TextEncoder();

type Field = string | Uint8Array | bigint | number | undefined;

/** One buffer reused for every encoding (hashing is synchronous, so it is never shared), grown as needed. */
let scratch = new Uint8Array(4096);
let scratchView = new DataView(scratch.buffer);

/**
 * A canonical, unambiguous encoding: every field is a tag, a 4-byte length and its bytes (strings as UTF-8,
 * bigints as 8-byte uint64, numbers as 8-byte float64), written into one buffer and hashed in one call.
 */
function digestOf(fields: readonly Field[]): Uint8Array {
  let size = 0;
  for (const field of fields) size += 5 + fieldSize(field);
  if (size > scratch.length) {
    scratch = new Uint8Array(Math.max(size, scratch.length * 2));
    scratchView = new DataView(scratch.buffer);
  }
  const out = scratch;
  const view = scratchView;
  let at = 0;
  for (const field of fields) {
    const start = at + 5;
    let length: number;
    if (field === undefined) {
      out[at] = TAG.absent;
      length = 0;
    } else if (typeof field === "string") {
      out[at] = TAG.text;
      length = utf8.encodeInto(field, out.subarray(start)).written;
    } else if (field instanceof Uint8Array) {
      out[at] = TAG.bytes;
      out.set(field, start);
      length = field.length;
    } else if (typeof field === "bigint") {
      out[at] = TAG.uint64;
      view.setBigUint64(start, BigInt.asUintN(64, field));
      length = 8;
    } else {
      out[at] = TAG.number;
      view.setFloat64(start, field);
      length = 8;
    }
    view.setUint32(at + 1, length);
    at = start + length;
  }
  return sha256([out.subarray(0, at)]);
}

/** An upper bound of a field's encoded size (a string's UTF-8 takes at most 3 bytes per UTF-16 unit). */
function fieldSize(field: Field): number {
  if (field === undefined) return 0;
  if (typeof field === "string") return field.length * 3;
  if (field instanceof Uint8Array) return field.length;
  return 8;
}

/**
 * The checksum of one stored row: SHA-256 over a canonical encoding of its kind, its key and every field of its
 * value, so a changed byte, a value moved to another key or a row moved to another table all change it.
 * Durable adapters write it with the row and compare it on load.
 */
export function rowChecksum(row: StoredRow): Uint8Array {
  switch (row.kind) {
    case "outbox": {
      const e = row.entry;
      return digestOf([
        row.kind,
        e.messageId,
        e.sequence,
        e.lamportTimestamp,
        e.bytes,
        e.state,
        e.attempts,
        e.nextAttemptAt,
        e.createdAt,
        e.lastHint,
      ]);
    }
    case "log": {
      const e = row.entry;
      return digestOf([row.kind, e.messageId, e.lamportTimestamp, e.senderId, e.retrievalHint, e.bytes]);
    }
    case "incoming": {
      const e = row.entry;
      return digestOf([row.kind, e.messageId, e.bytes, e.retrievalHint, e.receivedAt]);
    }
    case "handled":
      return digestOf([row.kind, row.position, row.messageId]);
    case "meta":
      return digestOf([row.kind, row.key, row.value]);
  }
}

/**
 * What a channel's manifest row vouches for: its owner, the counters, and how many rows the channel holds
 * with the XOR of all their checksums. Updated in the same transaction as every commit, so a row that
 * vanished, reappeared in an older version or was duplicated no longer adds up.
 */
export interface StoreManifest {
  readonly channelId: string;
  /** Random bytes chosen when the store was created; a marker kept beside the store names them too. */
  readonly storeId: Uint8Array;
  readonly counters: Counters;
  readonly rows: number;
  /** The XOR of every row's {@link rowChecksum} ({@link CHECKSUM_BYTES} bytes). */
  readonly digest: Uint8Array;
}

/** The checksum of a manifest, written with it and compared on load. */
export function manifestChecksum(manifest: StoreManifest): Uint8Array {
  return digestOf([
    "manifest",
    manifest.channelId,
    manifest.storeId,
    manifest.counters.lamportTimestamp,
    manifest.counters.sequence,
    manifest.rows,
    manifest.digest,
  ]);
}

/** Whether two byte arrays hold the same bytes. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

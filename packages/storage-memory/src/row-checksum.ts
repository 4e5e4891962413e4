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

/** A canonical, unambiguous encoding: every field is a tag, a 4-byte length and its bytes. */
class Canonical {
  readonly #fields: { tag: number; bytes: Uint8Array }[] = [];
  #size = 0;

  field(value: string | Uint8Array | bigint | number | undefined): this {
    if (value === undefined) return this.#push(TAG.absent, EMPTY);
    if (typeof value === "string") return this.#push(TAG.text, utf8.encode(value));
    if (value instanceof Uint8Array) return this.#push(TAG.bytes, value);
    const bytes = new Uint8Array(8);
    const view = new DataView(bytes.buffer);
    if (typeof value === "bigint") {
      view.setBigUint64(0, BigInt.asUintN(64, value));
      return this.#push(TAG.uint64, bytes);
    }
    view.setFloat64(0, value);
    return this.#push(TAG.number, bytes);
  }

  /** SHA-256 of the fields, written into one buffer and hashed in one call. */
  digest(): Uint8Array {
    const out = new Uint8Array(this.#size);
    const view = new DataView(out.buffer);
    let at = 0;
    for (const { tag, bytes } of this.#fields) {
      out[at] = tag;
      view.setUint32(at + 1, bytes.length);
      out.set(bytes, at + 5);
      at += 5 + bytes.length;
    }
    return sha256([out]);
  }

  #push(tag: number, bytes: Uint8Array): this {
    this.#fields.push({ tag, bytes });
    this.#size += 5 + bytes.length;
    return this;
  }
}

const EMPTY = new Uint8Array(0);

/**
 * The checksum of one stored row: SHA-256 over a canonical encoding of its kind, its key and every field of its
 * value, so a changed byte, a value moved to another key or a row moved to another table all change it.
 * Durable adapters write it with the row and compare it on load.
 */
export function rowChecksum(row: StoredRow): Uint8Array {
  const out = new Canonical().field(row.kind);
  switch (row.kind) {
    case "outbox": {
      const e = row.entry;
      return out
        .field(e.messageId)
        .field(e.sequence)
        .field(e.lamportTimestamp)
        .field(e.bytes)
        .field(e.state)
        .field(e.attempts)
        .field(e.nextAttemptAt)
        .field(e.createdAt)
        .field(e.lastHint)
        .digest();
    }
    case "log": {
      const e = row.entry;
      return out
        .field(e.messageId)
        .field(e.lamportTimestamp)
        .field(e.senderId)
        .field(e.retrievalHint)
        .field(e.bytes)
        .digest();
    }
    case "incoming": {
      const e = row.entry;
      return out.field(e.messageId).field(e.bytes).field(e.retrievalHint).field(e.receivedAt).digest();
    }
    case "handled":
      return out.field(row.position).field(row.messageId).digest();
    case "meta":
      return out.field(row.key).field(row.value).digest();
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
  return new Canonical()
    .field("manifest")
    .field(manifest.channelId)
    .field(manifest.storeId)
    .field(manifest.counters.lamportTimestamp)
    .field(manifest.counters.sequence)
    .field(manifest.rows)
    .field(manifest.digest)
    .digest();
}

/** Whether two byte arrays hold the same bytes. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

import type { HistoryEntry } from "@reliable-channel/interfaces";
import { DecodeError } from "@reliable-channel/interfaces";

/*
 * Protobuf primitives shared by the wire profiles' codecs (`codec.ts` for js-waku, `nim-codec.ts` for
 * nim-sds): sizes, a one-pass writer and a bounds-checked reader. Every read past the end, bad varint or
 * bad wire type throws {@link DecodeError}, never anything else.
 */

/** Protobuf wire types. */
export const VARINT = 0;
export const FIXED64 = 1;
export const LEN = 2;
const START_GROUP = 3;
const END_GROUP = 4;
export const FIXED32 = 5;

/** HistoryEntry tags (the same in both wire profiles): 1 message_id, 2 retrieval_hint, 3 sender_id. */
const ENTRY_TAG = { id: 10, hint: 18, sender: 26 } as const;

export function varintSize(value: number): number {
  let size = 1;
  for (let rest = value; rest >= 0x80; rest = Math.floor(rest / 128)) size++;
  return size;
}

export function uint64Size(value: bigint): number {
  let size = 1;
  for (let rest = value; rest >= 0x80n; rest >>= 7n) size++;
  return size;
}

/**
 * The UTF-8 length of `s` as UTF-16 is converted code unit by code unit: a surrogate pair is 4 bytes, a lone
 * surrogate 3 (as protobuf.js and @waku/sds's protons write it).
 */
export function utf8Size(s: string): number {
  let size = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) size += 1;
    else if ((c & 0xfc00) === 0xd800 && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      size += 2; // the pair's two code units count 2; its 4 bytes add 2
      i++;
    } else size += 2;
  }
  return size;
}

/** A length-delimited field's size: tag, length, body. */
export const fieldSize = (tagBytes: number, body: number): number => tagBytes + varintSize(body) + body;

/** The UTF-8 sizes of a history entry's two strings, and the entry's encoded size. */
export interface EntrySizes {
  readonly id: number;
  readonly sender: number;
  readonly total: number;
}

/** Which fields of a history entry are written. */
interface EntryFields {
  readonly id: boolean;
  readonly hint: boolean;
  readonly sender: boolean;
}

/**
 * js-waku (proto3 with optional hint and sender): an empty id is left out, a present hint or sender is
 * written even when empty. nim-sds: the id always, the hint and sender only when non-empty.
 */
function entryFields(entry: HistoryEntry, nim: boolean): EntryFields {
  const { messageId, retrievalHint, senderId } = entry;
  return nim
    ? { id: true, hint: (retrievalHint?.length ?? 0) > 0, sender: (senderId?.length ?? 0) > 0 }
    : { id: messageId !== "", hint: retrievalHint !== undefined, sender: senderId !== undefined };
}

/** The sizes of `entry` under js-waku's rules, or nim-sds's when `nim` (see {@link entryFields}). */
export function entrySizes(entry: HistoryEntry, nim = false): EntrySizes {
  const id = utf8Size(entry.messageId);
  const sender = entry.senderId === undefined ? 0 : utf8Size(entry.senderId);
  const write = entryFields(entry, nim);
  let total = 0;
  if (write.id) total += fieldSize(1, id);
  if (write.hint) total += fieldSize(1, entry.retrievalHint?.length ?? 0);
  if (write.sender) total += fieldSize(1, sender);
  return { id, sender, total };
}

/** A fixed-size output buffer, filled in one pass after the sizes are known. */
export class Out {
  readonly buf: Uint8Array;
  pos = 0;

  constructor(size: number) {
    this.buf = new Uint8Array(size);
  }

  byte(value: number): void {
    this.buf[this.pos++] = value;
  }

  varint(value: number): void {
    let rest = value;
    while (rest >= 0x80) {
      this.buf[this.pos++] = (rest & 0x7f) | 0x80;
      rest = Math.floor(rest / 128);
    }
    this.buf[this.pos++] = rest;
  }

  uint64(value: bigint): void {
    let rest = value;
    while (rest >= 0x80n) {
      this.buf[this.pos++] = Number(rest & 0x7fn) | 0x80;
      rest >>= 7n;
    }
    this.buf[this.pos++] = Number(rest);
  }

  bytes(tag: number, value: Uint8Array): void {
    this.buf[this.pos++] = tag;
    this.varint(value.length);
    this.buf.set(value, this.pos);
    this.pos += value.length;
  }

  string(tag: number, value: string, size: number): void {
    this.buf[this.pos++] = tag;
    this.varint(size);
    const { buf } = this;
    let pos = this.pos;
    for (let i = 0; i < value.length; i++) {
      let c = value.charCodeAt(i);
      if (c < 0x80) buf[pos++] = c;
      else if (c < 0x800) {
        buf[pos++] = (c >> 6) | 0xc0;
        buf[pos++] = (c & 0x3f) | 0x80;
      } else if ((c & 0xfc00) === 0xd800 && (value.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        c = 0x10000 + ((c & 0x3ff) << 10) + (value.charCodeAt(++i) & 0x3ff);
        buf[pos++] = (c >> 18) | 0xf0;
        buf[pos++] = ((c >> 12) & 0x3f) | 0x80;
        buf[pos++] = ((c >> 6) & 0x3f) | 0x80;
        buf[pos++] = (c & 0x3f) | 0x80;
      } else {
        buf[pos++] = (c >> 12) | 0xe0;
        buf[pos++] = ((c >> 6) & 0x3f) | 0x80;
        buf[pos++] = (c & 0x3f) | 0x80;
      }
    }
    this.pos = pos;
  }

  /** A history entry under js-waku's rules, or nim-sds's when `nim` (see {@link entrySizes}). */
  entry(tag: number, entry: HistoryEntry, sizes: EntrySizes, nim = false): void {
    const write = entryFields(entry, nim);
    this.buf[this.pos++] = tag;
    this.varint(sizes.total);
    if (write.id) this.string(ENTRY_TAG.id, entry.messageId, sizes.id);
    if (write.hint) this.bytes(ENTRY_TAG.hint, entry.retrievalHint ?? new Uint8Array(0));
    if (write.sender) this.string(ENTRY_TAG.sender, entry.senderId ?? "", sizes.sender);
  }
}

const utf8 = new TextDecoder();
/** Longer strings skip the ASCII fast path (it passes every byte as a call argument). */
const ASCII_FAST_PATH_MAX = 1024;

/** A cursor over received bytes; every read checks the end and throws {@link DecodeError}. */
export class In {
  readonly buf: Uint8Array;
  pos = 0;

  constructor(buf: Uint8Array) {
    // A Buffer's `subarray` is a Buffer: read through a plain view, so byte fields come out plain too.
    this.buf =
      buf.constructor === Uint8Array ? buf : new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  get len(): number {
    return this.buf.length;
  }

  /** A varint that must fit 32 bits (tags and lengths), as an unsigned number. */
  uint32(): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (this.pos >= this.buf.length) throw new DecodeError("truncated varint");
      const byte = this.buf[this.pos++] ?? 0;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value > 0xffffffff ? value % 2 ** 32 : value;
    }
    // Longer varints (negative int32s are written in 10 bytes): keep the low 32 bits, skip the rest.
    for (let i = 5; i < 10; i++) {
      if (this.pos >= this.buf.length) throw new DecodeError("truncated varint");
      if ((this.buf[this.pos++] ?? 0) < 0x80) return value % 2 ** 32;
    }
    throw new DecodeError("varint longer than 10 bytes");
  }

  /** A varint of up to 64 bits as a bigint. */
  uint64(): bigint {
    // Up to 7 bytes (49 bits: every millisecond timestamp) in a plain number, the rest as a bigint.
    let low = 0;
    for (let i = 0; i < 7; i++) {
      if (this.pos >= this.buf.length) throw new DecodeError("truncated varint");
      const byte = this.buf[this.pos++] ?? 0;
      low += (byte & 0x7f) * 2 ** (7 * i);
      if (byte < 0x80) return BigInt(low);
    }
    let value = BigInt(low);
    for (let shift = 49n; shift < 70n; shift += 7n) {
      if (this.pos >= this.buf.length) throw new DecodeError("truncated varint");
      const byte = this.buf[this.pos++] ?? 0;
      value |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return BigInt.asUintN(64, value);
    }
    throw new DecodeError("varint longer than 10 bytes");
  }

  /** The end offset of a length-delimited field whose length is read now. */
  delimited(what: string): number {
    const length = this.uint32();
    const end = this.pos + length;
    if (end > this.buf.length) throw new DecodeError(`${what} runs past the end`);
    return end;
  }

  /** A length-delimited field as a view into the input (no copy). */
  bytes(): Uint8Array {
    const end = this.delimited("bytes field");
    const view = this.buf.subarray(this.pos, end);
    this.pos = end;
    return view;
  }

  /** A length-delimited UTF-8 string; invalid UTF-8 becomes U+FFFD (as in @waku/sds's protons). */
  string(): string {
    const end = this.delimited("string");
    const view = this.buf.subarray(this.pos, end);
    this.pos = end;
    // Ids are short ASCII: one flat string from the char codes; anything else goes to the platform decoder.
    if (view.length > ASCII_FAST_PATH_MAX) return utf8.decode(view);
    for (let i = 0; i < view.length; i++) if ((view[i] ?? 0) >= 0x80) return utf8.decode(view);
    return String.fromCharCode.apply(null, view as unknown as number[]);
  }

  skip(wire: number, depth = 0): void {
    if (wire === VARINT) this.uint64();
    else if (wire === FIXED64) this.advance(8);
    else if (wire === LEN) this.pos = this.delimited("field");
    else if (wire === FIXED32) this.advance(4);
    else if (wire === START_GROUP) {
      if (depth > 32) throw new DecodeError("groups nested too deeply");
      for (;;) {
        const wireType = this.uint32() & 7;
        if (wireType === END_GROUP) return;
        this.skip(wireType, depth + 1);
      }
    } else throw new DecodeError(`invalid wire type ${wire}`);
  }

  advance(n: number): void {
    if (this.pos + n > this.buf.length) throw new DecodeError("fixed-size field runs past the end");
    this.pos += n;
  }
}

export function expectWire(field: number, wire: number, expected: number): void {
  if (wire !== expected) throw new DecodeError(`field ${field} has wire type ${wire}, expected ${expected}`);
}

/** A decoded history entry, and whether its field 1 (the id) was present at all. */
export interface ReadEntry {
  readonly entry: HistoryEntry;
  readonly hasId: boolean;
}

/**
 * Reads a length-delimited HistoryEntry. `strict`: a known field with the wrong wire type is a
 * {@link DecodeError} (js-waku's protons); otherwise it is skipped, as if absent (nim-libp2p's minprotobuf).
 */
export function readEntry(r: In, strict = true): ReadEntry {
  const end = r.delimited("history entry");
  let messageId = "";
  let retrievalHint: Uint8Array | undefined;
  let senderId: string | undefined;
  let hasId = false;
  while (r.pos < end) {
    const tag = r.uint32();
    const field = tag >>> 3;
    const wire = tag & 7;
    const known = field >= 1 && field <= 3;
    if (known && strict) expectWire(field, wire, LEN);
    if (known && wire !== LEN) r.skip(wire);
    else if (field === 1) {
      messageId = r.string();
      hasId = true;
    } else if (field === 2) retrievalHint = r.bytes();
    else if (field === 3) senderId = r.string();
    else r.skip(wire);
  }
  if (r.pos !== end) throw new DecodeError("history entry length mismatch");
  const entry = {
    messageId,
    ...(retrievalHint === undefined ? {} : { retrievalHint }),
    ...(senderId === undefined ? {} : { senderId }),
  };
  return { entry, hasId };
}

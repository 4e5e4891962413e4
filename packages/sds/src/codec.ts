import type { HistoryEntry, SdsMessage, SdsMessageKind } from "@reliable-channel/interfaces";
import { DecodeError } from "@reliable-channel/interfaces";

/*
 * The SDS wire format (see PROTOCOL.md), byte-compatible with @waku/sds 0.0.8:
 *   SdsMessage   { string sender_id = 1; string message_id = 2; string channel_id = 3;
 *                  optional uint64 lamport_timestamp = 10; repeated HistoryEntry causal_history = 11;
 *                  optional bytes bloom_filter = 12; repeated HistoryEntry repair_request = 13;
 *                  optional bytes content = 20; }
 *   HistoryEntry { string message_id = 1; optional bytes retrieval_hint = 2; optional string sender_id = 3; }
 * Fields are written in ascending order; empty ids are omitted (proto3), optional fields are written
 * whenever they are present, even when empty.
 *
 * Hand-written, in two passes (sizes, then bytes into one buffer): a message is encoded and decoded once
 * per send and per receive, seconds apart in a chat, so this runs cold, and a general protobuf library's
 * per-field allocations are what cost there.
 */

const VARINT = 0;
const FIXED64 = 1;
const LEN = 2;
const START_GROUP = 3;
const END_GROUP = 4;
const FIXED32 = 5;

// Tags (field number << 3 | wire type); content's tag takes two bytes.
const TAG = { sender: 10, id: 18, channel: 26, lamport: 80, history: 90, bloom: 98, repair: 106 } as const;
const CONTENT_TAG = [162, 1] as const;
const ENTRY_TAG = { id: 10, hint: 18, sender: 26 } as const;

// ---- encoding --------------------------------------------------------------------------------------------

function varintSize(value: number): number {
  let size = 1;
  for (let rest = value; rest >= 0x80; rest = Math.floor(rest / 128)) size++;
  return size;
}

function uint64Size(value: bigint): number {
  let size = 1;
  for (let rest = value; rest >= 0x80n; rest >>= 7n) size++;
  return size;
}

/**
 * The UTF-8 length of `s` as UTF-16 is converted code unit by code unit: a surrogate pair is 4 bytes, a lone
 * surrogate 3 (as protobuf.js and @waku/sds's protons write it).
 */
function utf8Size(s: string): number {
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
const fieldSize = (tagBytes: number, body: number): number => tagBytes + varintSize(body) + body;

/** The UTF-8 sizes of a history entry's two strings, and the entry's encoded size. */
interface EntrySizes {
  readonly id: number;
  readonly sender: number;
  readonly total: number;
}

function entrySizes(entry: HistoryEntry): EntrySizes {
  const id = utf8Size(entry.messageId);
  const sender = entry.senderId === undefined ? 0 : utf8Size(entry.senderId);
  let total = 0;
  if (entry.messageId !== "") total += fieldSize(1, id);
  if (entry.retrievalHint !== undefined) total += fieldSize(1, entry.retrievalHint.length);
  if (entry.senderId !== undefined) total += fieldSize(1, sender);
  return { id, sender, total };
}

class Out {
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

  entry(tag: number, entry: HistoryEntry, sizes: EntrySizes): void {
    this.buf[this.pos++] = tag;
    this.varint(sizes.total);
    if (entry.messageId !== "") this.string(ENTRY_TAG.id, entry.messageId, sizes.id);
    if (entry.retrievalHint !== undefined) this.bytes(ENTRY_TAG.hint, entry.retrievalHint);
    if (entry.senderId !== undefined) this.string(ENTRY_TAG.sender, entry.senderId, sizes.sender);
  }
}

/** Encodes `message` in the SDS wire format (see PROTOCOL.md). */
export function encodeSdsMessage(message: SdsMessage): Uint8Array {
  const { senderId, messageId, channelId, causalHistory, bloomFilter, repairRequest, content } = message;
  const lamport =
    message.lamportTimestamp === undefined ? undefined : BigInt.asUintN(64, message.lamportTimestamp);
  const [senderSize, idSize, channelSize] = [utf8Size(senderId), utf8Size(messageId), utf8Size(channelId)];
  const historySizes = causalHistory.map(entrySizes);
  const repairSizes = repairRequest.map(entrySizes);
  let size = 0;
  if (senderId !== "") size += fieldSize(1, senderSize);
  if (messageId !== "") size += fieldSize(1, idSize);
  if (channelId !== "") size += fieldSize(1, channelSize);
  if (lamport !== undefined) size += 1 + uint64Size(lamport);
  for (const s of historySizes) size += fieldSize(1, s.total);
  if (bloomFilter !== undefined) size += fieldSize(1, bloomFilter.length);
  for (const s of repairSizes) size += fieldSize(1, s.total);
  if (content !== undefined) size += fieldSize(2, content.length);

  const out = new Out(size);
  if (senderId !== "") out.string(TAG.sender, senderId, senderSize);
  if (messageId !== "") out.string(TAG.id, messageId, idSize);
  if (channelId !== "") out.string(TAG.channel, channelId, channelSize);
  if (lamport !== undefined) {
    out.byte(TAG.lamport);
    out.uint64(lamport);
  }
  causalHistory.forEach((entry, i) => {
    out.entry(TAG.history, entry, historySizes[i] ?? entrySizes(entry));
  });
  if (bloomFilter !== undefined) out.bytes(TAG.bloom, bloomFilter);
  repairRequest.forEach((entry, i) => {
    out.entry(TAG.repair, entry, repairSizes[i] ?? entrySizes(entry));
  });
  if (content !== undefined) {
    out.byte(CONTENT_TAG[0]);
    out.bytes(CONTENT_TAG[1], content);
  }
  if (out.pos !== size) throw new Error(`SDS encoder size mismatch: wrote ${out.pos} of ${size} bytes`);
  return out.buf;
}

// ---- decoding --------------------------------------------------------------------------------------------

const utf8 = new TextDecoder();
/** Longer strings skip the ASCII fast path (it passes every byte as a call argument). */
const ASCII_FAST_PATH_MAX = 1024;

/** A cursor over received bytes; every read checks the end and throws {@link DecodeError}. */
class In {
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

function expectWire(field: number, wire: number, expected: number): void {
  if (wire !== expected) throw new DecodeError(`field ${field} has wire type ${wire}, expected ${expected}`);
}

function readEntry(r: In): HistoryEntry {
  const end = r.delimited("history entry");
  let messageId = "";
  let retrievalHint: Uint8Array | undefined;
  let senderId: string | undefined;
  while (r.pos < end) {
    const tag = r.uint32();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field >= 1 && field <= 3) expectWire(field, wire, LEN);
    if (field === 1) messageId = r.string();
    else if (field === 2) retrievalHint = r.bytes();
    else if (field === 3) senderId = r.string();
    else r.skip(wire);
  }
  if (r.pos !== end) throw new DecodeError("history entry length mismatch");
  return {
    messageId,
    ...(retrievalHint === undefined ? {} : { retrievalHint }),
    ...(senderId === undefined ? {} : { senderId }),
  };
}

interface Draft {
  senderId: string;
  messageId: string;
  channelId: string;
  lamportTimestamp?: bigint;
  causalHistory: HistoryEntry[];
  bloomFilter?: Uint8Array;
  repairRequest: HistoryEntry[];
  content?: Uint8Array;
}

/** The wire type of each known field of `SdsMessage`. */
const FIELD_WIRE: Readonly<Record<number, number>> = {
  1: LEN,
  2: LEN,
  3: LEN,
  10: VARINT,
  11: LEN,
  12: LEN,
  13: LEN,
  20: LEN,
};

function readField(r: In, draft: Draft, field: number, wire: number): void {
  const expected = FIELD_WIRE[field];
  if (expected === undefined) {
    r.skip(wire);
    return;
  }
  expectWire(field, wire, expected);
  if (field === 1) draft.senderId = r.string();
  else if (field === 2) draft.messageId = r.string();
  else if (field === 3) draft.channelId = r.string();
  else if (field === 10) draft.lamportTimestamp = r.uint64();
  else if (field === 11) draft.causalHistory.push(readEntry(r));
  else if (field === 12) draft.bloomFilter = r.bytes();
  else if (field === 13) draft.repairRequest.push(readEntry(r));
  else draft.content = r.bytes();
}

/**
 * Decodes SDS wire bytes. Unknown fields are skipped (forward compatible); a later occurrence of a
 * singular field wins (protobuf rules). Byte fields are views into `bytes` (no copy).
 * @throws DecodeError when the bytes are not a well-formed SDS message (truncated, bad varint, bad wire
 * type for a known field, invalid field number).
 */
export function decodeSdsMessage(bytes: Uint8Array): SdsMessage {
  const draft: Draft = { senderId: "", messageId: "", channelId: "", causalHistory: [], repairRequest: [] };
  const r = new In(bytes);
  while (r.pos < r.len) {
    const tag = r.uint32();
    if (tag >>> 3 === 0) throw new DecodeError("field number 0");
    readField(r, draft, tag >>> 3, tag & 7);
  }
  return draft;
}

/**
 * The kind of `message`, from which fields are present (as @waku/sds 0.0.8 decides it): a Lamport timestamp
 * and non-empty content → content; a Lamport timestamp and no (or empty) content → sync; non-empty content
 * without a timestamp → ephemeral. A message with neither has no kind (`undefined`).
 */
export function sdsMessageKind(message: SdsMessage): SdsMessageKind | undefined {
  const hasContent = message.content !== undefined && message.content.length > 0;
  if (message.lamportTimestamp !== undefined) return hasContent ? "content" : "sync";
  return hasContent ? "ephemeral" : undefined;
}

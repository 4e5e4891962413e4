import type { HistoryEntry, SdsMessage, SdsMessageKind } from "@reliable-channel/interfaces";
import { DecodeError } from "@reliable-channel/interfaces";
import protobuf from "protobufjs/minimal.js";

/*
 * The SDS wire format (see PROTOCOL.md), byte-compatible with @waku/sds 0.0.8:
 *   SdsMessage   { string sender_id = 1; string message_id = 2; string channel_id = 3;
 *                  optional uint64 lamport_timestamp = 10; repeated HistoryEntry causal_history = 11;
 *                  optional bytes bloom_filter = 12; repeated HistoryEntry repair_request = 13;
 *                  optional bytes content = 20; }
 *   HistoryEntry { string message_id = 1; optional bytes retrieval_hint = 2; optional string sender_id = 3; }
 * Fields are written in ascending order; empty ids are omitted (proto3), optional fields are written
 * whenever they are present, even when empty.
 */

const { Reader, Writer } = protobuf;
type ProtoReader = InstanceType<typeof Reader>;
type ProtoWriter = InstanceType<typeof Writer>;

const VARINT = 0;
const LEN = 2;

function writeEntry(w: ProtoWriter, tag: number, entry: HistoryEntry): void {
  w.uint32(tag).fork();
  if (entry.messageId !== "") w.uint32(10).string(entry.messageId);
  if (entry.retrievalHint !== undefined) w.uint32(18).bytes(entry.retrievalHint);
  if (entry.senderId !== undefined) w.uint32(26).string(entry.senderId);
  w.ldelim();
}

/** Encodes `message` in the SDS wire format (see PROTOCOL.md). */
export function encodeSdsMessage(message: SdsMessage): Uint8Array {
  const w = new Writer();
  if (message.senderId !== "") w.uint32(10).string(message.senderId);
  if (message.messageId !== "") w.uint32(18).string(message.messageId);
  if (message.channelId !== "") w.uint32(26).string(message.channelId);
  const lamport = message.lamportTimestamp;
  if (lamport !== undefined) {
    const v = BigInt.asUintN(64, lamport);
    w.uint32(80).uint64({ low: Number(v & 0xffffffffn) | 0, high: Number(v >> 32n) | 0, unsigned: true });
  }
  for (const entry of message.causalHistory) writeEntry(w, 90, entry);
  if (message.bloomFilter !== undefined) w.uint32(98).bytes(message.bloomFilter);
  for (const entry of message.repairRequest) writeEntry(w, 106, entry);
  if (message.content !== undefined) w.uint32(162).bytes(message.content);
  return w.finish();
}

/** Reads a varint of up to 64 bits as a bigint (protobufjs has no bigint reader without long.js). */
function readUint64(r: ProtoReader): bigint {
  // Up to 7 bytes (49 bits: every millisecond timestamp) in a plain number, the rest as a bigint.
  let low = 0;
  for (let i = 0; i < 7; i++) {
    if (r.pos >= r.len) throw new RangeError("truncated varint");
    const byte = r.buf[r.pos++] ?? 0;
    low += (byte & 0x7f) * 2 ** (7 * i);
    if (byte < 0x80) return BigInt(low);
  }
  let value = BigInt(low);
  for (let shift = 49n; shift < 70n; shift += 7n) {
    if (r.pos >= r.len) throw new RangeError("truncated varint");
    const byte = r.buf[r.pos++] ?? 0;
    value |= BigInt(byte & 0x7f) << shift;
    if (byte < 0x80) return BigInt.asUintN(64, value);
  }
  throw new RangeError("varint longer than 10 bytes");
}

const utf8 = new TextDecoder();

/** A length-delimited UTF-8 string (TextDecoder: flat strings, cheap to hash; invalid UTF-8 becomes U+FFFD, as in @waku/proto). */
function readString(r: ProtoReader): string {
  const length = r.uint32();
  const start = r.pos;
  const end = start + length;
  if (end > r.len) throw new DecodeError("string runs past the end");
  const buf = r.buf;
  r.pos = end;
  return utf8.decode(buf.subarray(start, end));
}

/** A length-delimited field as a plain `Uint8Array` view (protobufjs may hand out a `Buffer`). */
function readBytes(r: ProtoReader): Uint8Array {
  const b = r.bytes();
  return b.constructor === Uint8Array ? b : new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

function expectWire(field: number, wire: number, expected: number): void {
  if (wire !== expected) throw new DecodeError(`field ${field} has wire type ${wire}, expected ${expected}`);
}

function readEntry(r: ProtoReader): HistoryEntry {
  const end = r.uint32() + r.pos;
  if (end > r.len) throw new DecodeError("history entry runs past the end");
  let messageId = "";
  let retrievalHint: Uint8Array | undefined;
  let senderId: string | undefined;
  while (r.pos < end) {
    const tag = r.uint32();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field >= 1 && field <= 3) expectWire(field, wire, LEN);
    if (field === 1) messageId = readString(r);
    else if (field === 2) retrievalHint = readBytes(r);
    else if (field === 3) senderId = readString(r);
    else r.skipType(wire);
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

function readField(r: ProtoReader, draft: Draft, field: number, wire: number): void {
  const expected = FIELD_WIRE[field];
  if (expected === undefined) {
    r.skipType(wire);
    return;
  }
  expectWire(field, wire, expected);
  if (field === 1) draft.senderId = readString(r);
  else if (field === 2) draft.messageId = readString(r);
  else if (field === 3) draft.channelId = readString(r);
  else if (field === 10) draft.lamportTimestamp = readUint64(r);
  else if (field === 11) draft.causalHistory.push(readEntry(r));
  else if (field === 12) draft.bloomFilter = readBytes(r);
  else if (field === 13) draft.repairRequest.push(readEntry(r));
  else draft.content = readBytes(r);
}

/**
 * Decodes SDS wire bytes. Unknown fields are skipped (forward compatible); a later occurrence of a
 * singular field wins (protobuf rules). Byte fields are views into `bytes` (no copy).
 * @throws DecodeError when the bytes are not a well-formed SDS message (truncated, bad varint, bad wire
 * type for a known field, invalid field number).
 */
export function decodeSdsMessage(bytes: Uint8Array): SdsMessage {
  const draft: Draft = { senderId: "", messageId: "", channelId: "", causalHistory: [], repairRequest: [] };
  try {
    const r = new Reader(bytes);
    while (r.pos < r.len) {
      const tag = r.uint32();
      if (tag >>> 3 === 0) throw new DecodeError("field number 0");
      readField(r, draft, tag >>> 3, tag & 7);
    }
    if (r.pos !== r.len) throw new DecodeError("message runs past the end");
  } catch (error) {
    if (error instanceof DecodeError) throw error;
    throw new DecodeError(error instanceof Error ? error.message : "malformed protobuf", { cause: error });
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

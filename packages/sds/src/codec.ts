import type { HistoryEntry, SdsMessage, SdsMessageKind } from "@reliable-channel/interfaces";
import { DecodeError } from "@reliable-channel/interfaces";
import {
  entrySizes,
  expectWire,
  fieldSize,
  In,
  LEN,
  Out,
  readEntry,
  uint64Size,
  utf8Size,
  VARINT,
} from "./proto-io.js";

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

// Tags (field number << 3 | wire type); content's tag takes two bytes.
const TAG = { sender: 10, id: 18, channel: 26, lamport: 80, history: 90, bloom: 98, repair: 106 } as const;
const CONTENT_TAG = [162, 1] as const;

// ---- encoding --------------------------------------------------------------------------------------------

/** Encodes `message` in the SDS wire format (see PROTOCOL.md). */
export function encodeSdsMessage(message: SdsMessage): Uint8Array {
  const { senderId, messageId, channelId, causalHistory, bloomFilter, repairRequest, content } = message;
  const lamport =
    message.lamportTimestamp === undefined ? undefined : BigInt.asUintN(64, message.lamportTimestamp);
  const [senderSize, idSize, channelSize] = [utf8Size(senderId), utf8Size(messageId), utf8Size(channelId)];
  const historySizes = causalHistory.map((e) => entrySizes(e));
  const repairSizes = repairRequest.map((e) => entrySizes(e));
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
  else if (field === 11) draft.causalHistory.push(readEntry(r).entry);
  else if (field === 12) draft.bloomFilter = r.bytes();
  else if (field === 13) draft.repairRequest.push(readEntry(r).entry);
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

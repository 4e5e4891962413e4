import type { HistoryEntry, SdsMessage } from "@reliable-channel/interfaces";
import { DecodeError } from "@reliable-channel/interfaces";
import {
  type EntrySizes,
  entrySizes,
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
 * The nim-sds wire format (nim-sds master, sds/protobuf.nim; see PROTOCOL.md "nim-sds profile"):
 *   SdsMessage   { 1 message_id; 2 lamport_timestamp (int64 written as uint64); 3 causal_history (repeated);
 *                  4 channel_id; 5 content; 6 bloom_filter; 7 sender_id; 13 repair_request (repeated) }
 *   HistoryEntry { 1 message_id; 2 retrieval_hint; 3 sender_id } (the same as js-waku's)
 * Written in the order 1, 2, 3…, 4, 5, 6, 7, 13…; fields 1, 2, 4, 5 and 6 always, even when empty
 * (an absent content or filter is written as a zero-length field), field 7 only when non-empty, an
 * entry's id always, its hint and sender only when non-empty.
 *
 * Decoding follows nim-sds's decoder where it is sound: fields 1, 2, 4 and 5 are required, a known field
 * with an unexpected wire type counts as absent, unknown fields are skipped, the last occurrence of a
 * singular field wins, and an entry without an id fails the message. Where nim-sds crashes (a Lamport
 * timestamp of 2^63 or more does not fit its int64) this throws {@link DecodeError}, like every other
 * failure. An empty filter decodes as absent (nim-sds ignores it too).
 */

const TAG = {
  id: 10,
  lamport: 16,
  history: 26,
  channel: 34,
  content: 42,
  bloom: 50,
  sender: 58,
  repair: 106,
};
const INT64_LIMIT = 1n << 63n;
const EMPTY = new Uint8Array(0);

/** Sizes of an entry list, each entry's id written even when empty. */
const sizesOf = (entries: readonly HistoryEntry[]): EntrySizes[] => entries.map((e) => entrySizes(e, true));

/** Encodes `message` in the nim-sds wire format. */
export function encodeNimSdsMessage(message: SdsMessage): Uint8Array {
  const { senderId, messageId, channelId, causalHistory, repairRequest } = message;
  const lamport = BigInt.asUintN(64, message.lamportTimestamp ?? 0n);
  const content = message.content ?? EMPTY;
  const bloom = message.bloomFilter ?? EMPTY;
  const [idSize, channelSize, senderSize] = [utf8Size(messageId), utf8Size(channelId), utf8Size(senderId)];
  const historySizes = sizesOf(causalHistory);
  const repairSizes = sizesOf(repairRequest);
  let size = fieldSize(1, idSize) + 1 + uint64Size(lamport) + fieldSize(1, channelSize);
  size += fieldSize(1, content.length) + fieldSize(1, bloom.length);
  if (senderId !== "") size += fieldSize(1, senderSize);
  for (const s of historySizes) size += fieldSize(1, s.total);
  for (const s of repairSizes) size += fieldSize(1, s.total);

  const out = new Out(size);
  out.string(TAG.id, messageId, idSize);
  out.byte(TAG.lamport);
  out.uint64(lamport);
  causalHistory.forEach((entry, i) => {
    out.entry(TAG.history, entry, historySizes[i] ?? entrySizes(entry, true), true);
  });
  out.string(TAG.channel, channelId, channelSize);
  out.bytes(TAG.content, content);
  out.bytes(TAG.bloom, bloom);
  if (senderId !== "") out.string(TAG.sender, senderId, senderSize);
  repairRequest.forEach((entry, i) => {
    out.entry(TAG.repair, entry, repairSizes[i] ?? entrySizes(entry, true), true);
  });
  if (out.pos !== size) throw new Error(`nim-sds encoder size mismatch: wrote ${out.pos} of ${size} bytes`);
  return out.buf;
}

interface Draft {
  messageId?: string;
  lamportTimestamp?: bigint;
  channelId?: string;
  content?: Uint8Array;
  bloomFilter?: Uint8Array;
  senderId: string;
  causalHistory: HistoryEntry[];
  repairRequest: HistoryEntry[];
}

/** The wire type each known field must have to count. */
const FIELD_WIRE: Readonly<Record<number, number>> = {
  1: LEN,
  2: VARINT,
  3: LEN,
  4: LEN,
  5: LEN,
  6: LEN,
  7: LEN,
  13: LEN,
};

function entryOf(r: In): HistoryEntry {
  const { entry, hasId } = readEntry(r, false);
  if (!hasId) throw new DecodeError("history entry without message_id");
  return entry;
}

function readField(r: In, draft: Draft, field: number, wire: number): void {
  if (FIELD_WIRE[field] !== wire) {
    r.skip(wire);
    return;
  }
  if (field === 1) draft.messageId = r.string();
  else if (field === 2) draft.lamportTimestamp = r.uint64();
  else if (field === 3) draft.causalHistory.push(entryOf(r));
  else if (field === 4) draft.channelId = r.string();
  else if (field === 5) draft.content = r.bytes();
  else if (field === 6) draft.bloomFilter = r.bytes();
  else if (field === 7) draft.senderId = r.string();
  else draft.repairRequest.push(entryOf(r));
}

/**
 * Decodes nim-sds wire bytes. Byte fields are views into `bytes` (no copy).
 * @throws DecodeError when the bytes are not a well-formed nim-sds message: truncated, a bad varint, a
 * required field (message_id, lamport_timestamp, channel_id, content) missing, a history entry without an
 * id, or a Lamport timestamp of 2^63 or more.
 */
export function decodeNimSdsMessage(bytes: Uint8Array): SdsMessage {
  const draft: Draft = { senderId: "", causalHistory: [], repairRequest: [] };
  const r = new In(bytes);
  while (r.pos < r.len) {
    const tag = r.uint32();
    if (tag >>> 3 === 0) throw new DecodeError("field number 0");
    readField(r, draft, tag >>> 3, tag & 7);
  }
  const { messageId, lamportTimestamp, channelId, content, bloomFilter } = draft;
  if (messageId === undefined) throw new DecodeError("missing message_id");
  if (lamportTimestamp === undefined) throw new DecodeError("missing lamport_timestamp");
  if (lamportTimestamp >= INT64_LIMIT) throw new DecodeError("lamport_timestamp does not fit an int64");
  if (channelId === undefined) throw new DecodeError("missing channel_id");
  if (content === undefined) throw new DecodeError("missing content");
  return {
    senderId: draft.senderId,
    messageId,
    channelId,
    lamportTimestamp,
    causalHistory: draft.causalHistory,
    ...(bloomFilter === undefined || bloomFilter.length === 0 ? {} : { bloomFilter }),
    repairRequest: draft.repairRequest,
    content,
  };
}

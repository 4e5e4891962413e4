import { cachedUtf8, sha256Hex } from "@reliable-channel/hash";

/**
 * sha256 over length-prefixed parts (4-byte big-endian length each), as 64 lowercase hex chars. The parts
 * are framed into one buffer and hashed in one call.
 */
function hashParts(parts: readonly Uint8Array[]): string {
  let size = 0;
  for (const part of parts) size += 4 + part.length;
  const framed = new Uint8Array(size);
  const view = new DataView(framed.buffer);
  let at = 0;
  for (const part of parts) {
    view.setUint32(at, part.length);
    framed.set(part, at + 4);
    at += 4 + part.length;
  }
  return sha256Hex([framed]);
}

function uint64(value: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt.asUintN(64, value));
  return out;
}

/** Inputs of a content message id. */
export interface ContentIdInput {
  readonly channelId: string;
  readonly participantId: string;
  readonly sequence: bigint;
  readonly nonce: Uint8Array;
  readonly content: Uint8Array;
}

/**
 * The id of a content message: sha256("sds/content", channelId, participantId, sequence, nonce, content),
 * each part length-prefixed. Unique per send (the sequence grows, the nonce differs), even for identical
 * payloads; stable across retries because the bytes are kept and re-published unchanged.
 */
export function contentMessageId(input: ContentIdInput): string {
  return hashParts([
    cachedUtf8("sds/content"),
    cachedUtf8(input.channelId),
    cachedUtf8(input.participantId),
    uint64(input.sequence),
    input.nonce,
    input.content,
  ]);
}

/** The id of a sync message: sha256("sds/sync", channelId, participantId, lamport) — unique as Lamport grows. */
export function syncMessageId(channelId: string, participantId: string, lamport: bigint): string {
  return hashParts([
    cachedUtf8("sds/sync"),
    cachedUtf8(channelId),
    cachedUtf8(participantId),
    uint64(lamport),
  ]);
}

/** The id of an ephemeral message: sha256("sds/ephemeral", channelId, participantId, nonce, content). */
export function ephemeralMessageId(
  channelId: string,
  participantId: string,
  nonce: Uint8Array,
  content: Uint8Array,
): string {
  return hashParts([
    cachedUtf8("sds/ephemeral"),
    cachedUtf8(channelId),
    cachedUtf8(participantId),
    nonce,
    content,
  ]);
}

import { sha256, toHex } from "@reliable-channel/hash";

const utf8 = new TextEncoder();

/** sha256 over length-prefixed parts (4-byte big-endian length each), as 64 lowercase hex chars. */
function hashParts(parts: readonly Uint8Array[]): string {
  const framed: Uint8Array[] = [];
  for (const part of parts) {
    const len = new Uint8Array(4);
    new DataView(len.buffer).setUint32(0, part.length);
    framed.push(len, part);
  }
  return toHex(sha256(framed));
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
    utf8.encode("sds/content"),
    utf8.encode(input.channelId),
    utf8.encode(input.participantId),
    uint64(input.sequence),
    input.nonce,
    input.content,
  ]);
}

/** The id of a sync message: sha256("sds/sync", channelId, participantId, lamport) — unique as Lamport grows. */
export function syncMessageId(channelId: string, participantId: string, lamport: bigint): string {
  return hashParts([
    utf8.encode("sds/sync"),
    utf8.encode(channelId),
    utf8.encode(participantId),
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
    utf8.encode("sds/ephemeral"),
    utf8.encode(channelId),
    utf8.encode(participantId),
    nonce,
    content,
  ]);
}

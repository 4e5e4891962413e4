import { sha256 } from "@reliable-channel/hash";

const utf8 = new TextEncoder();

/**
 * The SDS-R hash primitive: the first 8 bytes of `sha256(utf8(input))`, read as a big-endian unsigned
 * 64-bit integer. This is the primitive @waku/sds 0.0.8 uses, so both implementations agree on every
 * request time, response time and response group.
 *
 * @param input - any string (a participant id, a message id, or their concatenation)
 * @returns an integer in `[0, 2^64)`
 */
export function sdsrHash(input: string): bigint {
  const digest = sha256([utf8.encode(input)]);
  return new DataView(digest.buffer, digest.byteOffset, 8).getBigUint64(0, false);
}

/**
 * `hash(participant_id, message_id)` of the SDS-R spec: {@link sdsrHash} of the two ids concatenated
 * with no separator (as @waku/sds 0.0.8 does).
 *
 * @param participantId - a participant id (ours when computing T_req, the original sender's for groups)
 * @param messageId - the message id the request or response is about
 */
export function participantMessageHash(participantId: string, messageId: string): bigint {
  return sdsrHash(`${participantId}${messageId}`);
}

/**
 * The spec's `participant_id XOR sender_id`. String ids have no native XOR, so each id is first mapped to
 * 64 bits with {@link sdsrHash} (as @waku/sds 0.0.8 does). The distance of a participant to itself is 0.
 */
export function participantDistance(participantId: string, senderId: string): bigint {
  return sdsrHash(participantId) ^ sdsrHash(senderId);
}

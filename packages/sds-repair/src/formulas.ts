import { InvalidArgumentError } from "@reliable-channel/interfaces";
import type { RepairBackoff } from "./defaults.js";
import { participantDistance, participantMessageHash, sdsrHash } from "./hash.js";

/**
 * The `T_req` offset (ms after the dependency was found missing) at which `participantId` first requests
 * the repair of `messageId`: `hash(participant_id, message_id) mod (T_max − T_min) + T_min`, in
 * `[T_min, T_max)`. Deterministic per participant and message, and the same as @waku/sds 0.0.8.
 * (The spec text writes `mod T_max + T_min`, i.e. `[T_min, T_min + T_max)`; we follow the implementation.)
 *
 * @param participantId - our own participant id
 * @param messageId - the missing message
 * @param window - `tMinMs` and `tMaxMs`, with `0 ≤ tMinMs < tMaxMs`
 */
export function requestOffsetMs(
  participantId: string,
  messageId: string,
  window: { readonly tMinMs: number; readonly tMaxMs: number },
): number {
  const span = BigInt(window.tMaxMs - window.tMinMs);
  return Number(participantMessageHash(participantId, messageId) % span) + window.tMinMs;
}

/**
 * The `T_resp` offset (ms after the request was seen) at which `participantId` rebroadcasts `messageId`
 * whose original sender is `senderId`: `(distance × hash(message_id)) mod T_max` where
 * `distance = hash(participant_id) XOR hash(sender_id)`. In `[0, T_max)`; exactly 0 for the original sender,
 * so the sender answers first. The same as @waku/sds 0.0.8.
 *
 * @param participantId - our own participant id
 * @param senderId - the original sender of the requested message
 * @param messageId - the requested message
 * @param tMaxMs - `T_max` (ms, > 0)
 */
export function responseOffsetMs(
  participantId: string,
  senderId: string,
  messageId: string,
  tMaxMs: number,
): number {
  const product = participantDistance(participantId, senderId) * sdsrHash(messageId);
  return Number(product % BigInt(tMaxMs));
}

/**
 * The number of response groups for a channel of `participants`: `max(1, floor(participants / perGroup))`
 * (the rule of @waku/sds 0.0.8; about one group per 128 participants by default).
 *
 * @param participants - the (roughly) expected participant count, an integer ≥ 0
 * @param perGroup - participants per group, an integer ≥ 1
 * @throws InvalidArgumentError when either is not a non-negative integer (perGroup: positive)
 */
export function responseGroupCount(participants: number, perGroup: number): number {
  if (!Number.isSafeInteger(participants) || participants < 0) {
    throw new InvalidArgumentError(`participant count must be a non-negative integer, got ${participants}`);
  }
  if (!Number.isSafeInteger(perGroup) || perGroup < 1) {
    throw new InvalidArgumentError(
      `participants per response group must be a positive integer, got ${perGroup}`,
    );
  }
  return Math.max(1, Math.floor(participants / perGroup));
}

/**
 * Whether `participantId` is in the response group for `messageId` sent by `senderId`:
 * `hash(participant_id, message_id) mod groups == hash(sender_id, message_id) mod groups`.
 * The original sender is always in it; with one group everyone is.
 *
 * @param groups - the number of response groups (see {@link responseGroupCount}), ≥ 1
 */
export function isInResponseGroup(
  participantId: string,
  senderId: string,
  messageId: string,
  groups: number,
): boolean {
  if (groups <= 1) return true;
  const n = BigInt(groups);
  return (
    participantMessageHash(participantId, messageId) % n === participantMessageHash(senderId, messageId) % n
  );
}

/**
 * The multiplier applied to an entry's `T_req` offset before request round `round` (0 = the first request):
 * exponential `min(2^round, cap)` or linear `min(round + 1, cap)`; never below 1.
 *
 * @param round - how many request rounds already happened for the entry (integer ≥ 0)
 * @param backoff - the curve
 * @param cap - the largest multiplier (≥ 1)
 */
export function backoffMultiplier(round: number, backoff: RepairBackoff, cap: number): number {
  const raw = backoff === "exponential" ? 2 ** Math.min(round, 52) : round + 1;
  return Math.max(1, Math.min(raw, cap));
}

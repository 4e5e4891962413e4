/**
 * SDS-Repair (SDS-R) as a plug-in to the `@reliable-channel/sds` core: participants that miss a message ask
 * the channel for it after a deterministic backoff, and a participant that holds it (the original sender
 * first) rebroadcasts the original bytes — with suppression on both sides so that one request and one
 * response per lost message is the norm.
 * @packageDocumentation
 */
export {
  DEFAULT_BACKOFF,
  DEFAULT_CACHE_MAX_BYTES,
  DEFAULT_CACHE_SIZE,
  DEFAULT_CACHE_TTL_MS,
  DEFAULT_MAX_BACKOFF_MULTIPLIER,
  DEFAULT_MAX_PENDING_REQUESTS,
  DEFAULT_MAX_PENDING_RESPONSES,
  DEFAULT_MAX_REQUEST_ROUNDS,
  DEFAULT_MAX_REQUESTS_PER_MESSAGE,
  DEFAULT_MAX_REQUESTS_PER_NAMER,
  DEFAULT_MAX_REQUESTS_PER_WINDOW,
  DEFAULT_MAX_RESPONSES_PER_REQUESTER,
  DEFAULT_MAX_RESPONSES_PER_WINDOW,
  DEFAULT_PARTICIPANT_COUNT,
  DEFAULT_PARTICIPANTS_PER_RESPONSE_GROUP,
  DEFAULT_RESPONSE_BUDGET_WINDOW_MS,
  DEFAULT_RESPONSE_QUIET_MS,
  DEFAULT_T_MAX_MS,
  DEFAULT_T_MIN_MS,
  type RepairBackoff,
} from "./defaults.js";
export {
  backoffMultiplier,
  isInResponseGroup,
  requestOffsetMs,
  responseGroupCount,
  responseOffsetMs,
} from "./formulas.js";
export { participantDistance, participantMessageHash, sdsrHash } from "./hash.js";
export type { SdsRepairComponents, SdsRepairInit } from "./options.js";
export { createSdsRepair, type SdsRepair, type SdsRepairFactory, sdsRepair } from "./sds-repair.js";
export type { RepairStats } from "./stats.js";

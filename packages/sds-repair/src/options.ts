import { InvalidArgumentError, type ParticipantId } from "@reliable-channel/interfaces";
import {
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

/**
 * What the plug-in is created with by whoever runs it (the channel, or {@link createSdsRepair}'s caller).
 */
export interface SdsRepairComponents {
  /**
   * Our own participant id (the core's `participantId`), non-empty: request times, response times and group
   * membership are derived from it.
   */
  readonly participantId: ParticipantId;
}

/**
 * Options of {@link sdsRepair} and {@link createSdsRepair}. Every option is optional; each default is an
 * exported `DEFAULT_*` constant. `tMinMs`, `tMaxMs` and `participantsPerResponseGroup` SHOULD be the same
 * for every participant of a channel.
 */
export interface SdsRepairInit {
  /** `T_min` (ms). @default {@link DEFAULT_T_MIN_MS} = 30_000 (ms) */
  readonly tMinMs?: number;
  /** `T_max` (ms), greater than `tMinMs`. @default {@link DEFAULT_T_MAX_MS} = 120_000 (ms) */
  readonly tMaxMs?: number;
  /** Curve between repeated requests of one entry. @default {@link DEFAULT_BACKOFF} = "exponential" */
  readonly backoff?: RepairBackoff;
  /** Cap on the backoff multiplier. @default {@link DEFAULT_MAX_BACKOFF_MULTIPLIER} = 8 */
  readonly maxBackoffMultiplier?: number;
  /** Request rounds per missing entry. @default {@link DEFAULT_MAX_REQUEST_ROUNDS} = 5 */
  readonly maxRequestRounds?: number;
  /** Repair-request entries per outgoing message. @default {@link DEFAULT_MAX_REQUESTS_PER_MESSAGE} = 3 */
  readonly maxRequestsPerMessage?: number;
  /** Initial participant count (see `setParticipantCount`). @default {@link DEFAULT_PARTICIPANT_COUNT} = 1 (participants: one response group) */
  readonly participantCount?: number;
  /** Participants per response group. @default {@link DEFAULT_PARTICIPANTS_PER_RESPONSE_GROUP} = 128 */
  readonly participantsPerResponseGroup?: number;
  /** Cached messages (count). @default {@link DEFAULT_CACHE_SIZE} = 500 (messages) */
  readonly cacheSize?: number;
  /** Cached messages (total bytes). @default {@link DEFAULT_CACHE_MAX_BYTES} = 16 MiB */
  readonly cacheMaxBytes?: number;
  /** How long a logged message stays repairable (ms). @default {@link DEFAULT_CACHE_TTL_MS} = 900_000 (ms) */
  readonly cacheTtlMs?: number;
  /** Tracked missing entries. @default {@link DEFAULT_MAX_PENDING_REQUESTS} = 1_000 (entries) */
  readonly maxPendingRequests?: number;
  /** Scheduled responses. @default {@link DEFAULT_MAX_PENDING_RESPONSES} = 1_000 (entries) */
  readonly maxPendingResponses?: number;
  /** Requests ignored this long after a rebroadcast (ms). @default {@link DEFAULT_RESPONSE_QUIET_MS} = 10_000 (ms) */
  readonly responseQuietMs?: number;
  /** Length of a response-budget window (ms). @default {@link DEFAULT_RESPONSE_BUDGET_WINDOW_MS} = 60_000 (ms) */
  readonly responseBudgetWindowMs?: number;
  /** Responses per requester per window. @default {@link DEFAULT_MAX_RESPONSES_PER_REQUESTER} = 30 */
  readonly maxResponsesPerRequester?: number;
  /** Responses in all per window. @default {@link DEFAULT_MAX_RESPONSES_PER_WINDOW} = 300 */
  readonly maxResponsesPerWindow?: number;
  /** Pending requests for ids one sender named. @default {@link DEFAULT_MAX_REQUESTS_PER_NAMER} = 32 (entries) */
  readonly maxRequestsPerNamer?: number;
  /** Request entries we send per window. @default {@link DEFAULT_MAX_REQUESTS_PER_WINDOW} = 60 (entries) */
  readonly maxRequestsPerWindow?: number;
}

/** {@link SdsRepairInit} with every default filled in. Internal. */
export type ResolvedRepairOptions = Required<SdsRepairInit>;

/**
 * Fills defaults and validates. Throws {@link InvalidArgumentError} on a bad value (negative, not an integer
 * where one is needed, `tMaxMs <= tMinMs`, unknown backoff). Internal.
 */
export function resolveRepairOptions(init: SdsRepairInit): ResolvedRepairOptions {
  const options: ResolvedRepairOptions = {
    tMinMs: init.tMinMs ?? DEFAULT_T_MIN_MS,
    tMaxMs: init.tMaxMs ?? DEFAULT_T_MAX_MS,
    backoff: init.backoff ?? DEFAULT_BACKOFF,
    maxBackoffMultiplier: init.maxBackoffMultiplier ?? DEFAULT_MAX_BACKOFF_MULTIPLIER,
    maxRequestRounds: init.maxRequestRounds ?? DEFAULT_MAX_REQUEST_ROUNDS,
    maxRequestsPerMessage: init.maxRequestsPerMessage ?? DEFAULT_MAX_REQUESTS_PER_MESSAGE,
    participantCount: init.participantCount ?? DEFAULT_PARTICIPANT_COUNT,
    participantsPerResponseGroup:
      init.participantsPerResponseGroup ?? DEFAULT_PARTICIPANTS_PER_RESPONSE_GROUP,
    cacheSize: init.cacheSize ?? DEFAULT_CACHE_SIZE,
    cacheMaxBytes: init.cacheMaxBytes ?? DEFAULT_CACHE_MAX_BYTES,
    cacheTtlMs: init.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS,
    maxPendingRequests: init.maxPendingRequests ?? DEFAULT_MAX_PENDING_REQUESTS,
    maxPendingResponses: init.maxPendingResponses ?? DEFAULT_MAX_PENDING_RESPONSES,
    responseQuietMs: init.responseQuietMs ?? DEFAULT_RESPONSE_QUIET_MS,
    responseBudgetWindowMs: init.responseBudgetWindowMs ?? DEFAULT_RESPONSE_BUDGET_WINDOW_MS,
    maxResponsesPerRequester: init.maxResponsesPerRequester ?? DEFAULT_MAX_RESPONSES_PER_REQUESTER,
    maxResponsesPerWindow: init.maxResponsesPerWindow ?? DEFAULT_MAX_RESPONSES_PER_WINDOW,
    maxRequestsPerNamer: init.maxRequestsPerNamer ?? DEFAULT_MAX_REQUESTS_PER_NAMER,
    maxRequestsPerWindow: init.maxRequestsPerWindow ?? DEFAULT_MAX_REQUESTS_PER_WINDOW,
  };
  const { backoff, tMinMs, tMaxMs, ...counts } = options;
  for (const [name, value] of Object.entries({ tMinMs, ...counts })) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new InvalidArgumentError(`sdsRepair: ${name} must be a non-negative integer, got ${value}`);
    }
  }
  if (!Number.isSafeInteger(tMaxMs) || tMaxMs <= tMinMs) {
    throw new InvalidArgumentError(`sdsRepair: tMaxMs must be an integer greater than tMinMs, got ${tMaxMs}`);
  }
  if (options.maxBackoffMultiplier < 1 || options.participantsPerResponseGroup < 1) {
    throw new InvalidArgumentError(
      "sdsRepair: maxBackoffMultiplier and participantsPerResponseGroup must be ≥ 1",
    );
  }
  if (backoff !== "exponential" && backoff !== "linear") {
    throw new InvalidArgumentError(
      `sdsRepair: backoff must be "exponential" or "linear", got ${String(backoff)}`,
    );
  }
  return options;
}

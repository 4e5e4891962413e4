/**
 * Defaults of {@link SdsRepairInit}. Every option of `sdsRepair` is optional; these are the values used
 * when it is left out. Times are in milliseconds of the clock the caller passes as `now`.
 * @packageDocumentation
 */

/**
 * `T_min`: the shortest wait between finding a dependency missing and requesting its repair.
 * The SDS-R spec recommends at least 30 s; @waku/sds 0.0.8 uses 30 s.
 * @default 30_000 (ms)
 */
export const DEFAULT_T_MIN_MS = 30_000;

/**
 * `T_max`: request times fall in `[T_min, T_max)` after detection and response times in `[0, T_max)` after
 * the request is seen. The spec recommends 120–600 s; @waku/sds 0.0.8 uses 120 s.
 * @default 120_000 (ms)
 */
export const DEFAULT_T_MAX_MS = 120_000;

/**
 * How many repair-request entries one outgoing message carries at most (the spec recommends 3; the core may
 * ask for fewer). Due entries with the lowest `T_req` go first.
 * @default 3 (entries per message)
 */
export const DEFAULT_MAX_REQUESTS_PER_MESSAGE = 3;

/**
 * How many request rounds one missing entry gets (our own requests and requests by others that we saw both
 * count). After the last round the entry is dropped from the request buffer; the core's lost-dependency
 * timeout then decides its fate.
 * @default 5 (rounds)
 */
export const DEFAULT_MAX_REQUEST_ROUNDS = 5;

/**
 * Cap on the backoff multiplier applied to an entry's own `T_req` offset for a repeated request: round `k`
 * (k = 1, 2, …) waits `offset × min(2^k, cap)` (exponential) or `offset × min(k + 1, cap)` (linear). The cap is on
 * the multiplier, not the delay, so participants keep their distinct offsets and never fire in lockstep.
 * With the default offsets this bounds the wait between rounds to `8 × T_max` = 16 min.
 * @default 8 (× the participant's T_req offset)
 */
export const DEFAULT_MAX_BACKOFF_MULTIPLIER = 8;

/** The backoff curve between repeated requests of one entry. */
export type RepairBackoff = "exponential" | "linear";

/**
 * Exponential backoff between repeated requests of one entry (the seed's risk: linear backoff lets
 * requests pile up). `"linear"` is available for parity with the spec's linear distribution.
 * @default "exponential"
 */
export const DEFAULT_BACKOFF: RepairBackoff = "exponential";

/**
 * Participants per response group: `groups = max(1, floor(participants / 128))`, the same rule as
 * @waku/sds 0.0.8 (the spec text says `div 128 + 1`; we follow the implementation so both agree on groups).
 * @default 128 (participants per group)
 */
export const DEFAULT_PARTICIPANTS_PER_RESPONSE_GROUP = 128;

/**
 * The participant count assumed until `setParticipantCount` is called: one response group, so every holder
 * of a requested message may answer (the facade should pass the real count).
 * @default 1 (participants)
 */
export const DEFAULT_PARTICIPANT_COUNT = 1;

/**
 * How many original messages are kept (encoded bytes) so that they can be rebroadcast on request. The oldest
 * is evicted first. With @waku/sds-compatible bloom filters a message is about 19 KB, so the default cache
 * holds about 9.5 MB at most (see also {@link DEFAULT_CACHE_MAX_BYTES}).
 * @default 500 (messages)
 */
export const DEFAULT_CACHE_SIZE = 500;

/**
 * Total size cap of the cached original messages; the oldest are evicted first.
 * @default 16_777_216 (bytes, 16 MiB)
 */
export const DEFAULT_CACHE_MAX_BYTES = 16 * 1024 * 1024;

/**
 * How long a logged message stays repairable by us after it entered our log.
 * @default 900_000 (ms, 15 min)
 */
export const DEFAULT_CACHE_TTL_MS = 900_000;

/**
 * Cap on the outgoing repair-request buffer (distinct missing entries tracked). When full, the entry added
 * longest ago is evicted.
 * @default 1_000 (entries)
 */
export const DEFAULT_MAX_PENDING_REQUESTS = 1_000;

/**
 * Cap on the incoming repair-request buffer (responses we may send). When full, the response scheduled
 * longest ago is evicted.
 * @default 1_000 (entries)
 */
export const DEFAULT_MAX_PENDING_RESPONSES = 1_000;

/**
 * Requests for a message that arrive within this window after it last reached us (first copy, echo or
 * anyone's rebroadcast) or after we rebroadcast it are ignored: they were sent before their author could see
 * that copy. Later requests are answered again (the copy may have been lost for their author). Keep it
 * below `T_min`.
 * @default 10_000 (ms)
 */
export const DEFAULT_RESPONSE_QUIET_MS = 10_000;

/**
 * Length of a response-budget window: the responses this participant schedules are counted per window.
 * @default 60_000 (ms)
 */
export const DEFAULT_RESPONSE_BUDGET_WINDOW_MS = 60_000;

/**
 * Responses scheduled on behalf of one requester per budget window: a participant cannot make us
 * rebroadcast more than this per minute, however many ids it requests.
 * @default 30 (responses)
 */
export const DEFAULT_MAX_RESPONSES_PER_REQUESTER = 30;

/**
 * Responses scheduled in all per budget window (requesters with spoofed ids share it).
 * @default 300 (responses)
 */
export const DEFAULT_MAX_RESPONSES_PER_WINDOW = 300;

/**
 * Missing ids one naming sender can have us request at a time: the ids a message's causal history makes
 * missing count against its sender's share while their requests are pending; ids over the share are not
 * requested (store retrieval and the missing time limit still settle them). A sender naming thousands of
 * ids no one has (ghosts) cannot fill the request buffer or drive our requests.
 * @default 32 (entries)
 */
export const DEFAULT_MAX_REQUESTS_PER_NAMER = 32;

/**
 * Repair-request entries we send per response-budget window (`responseBudgetWindowMs`), in all: due requests
 * over it wait for the next window instead of bringing a sync forward. Bounds our repair traffic whatever
 * the ids named (senders with spoofed ids share it).
 * @default 60 (entries per window)
 */
export const DEFAULT_MAX_REQUESTS_PER_WINDOW = 60;

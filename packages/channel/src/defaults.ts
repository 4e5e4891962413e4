import {
  DEFAULT_CAUSAL_HISTORY_SIZE as CORE_CAUSAL_HISTORY_SIZE,
  DEFAULT_DEDUPE_WINDOW as CORE_DEDUPE_WINDOW,
  DEFAULT_MAX_LOG_ENTRIES as CORE_MAX_LOG_ENTRIES,
  DEFAULT_RECENTLY_LOGGED_HISTORY_SIZE as CORE_RECENTLY_LOGGED_HISTORY_SIZE,
} from "@reliable-channel/sds";

/**
 * Default values of every {@link ReliableChannelOptions} option, with units.
 * @module
 */

/**
 * Delay before the first re-publish of an unacknowledged message.
 * @default 5_000 (ms)
 */
export const DEFAULT_RETRY_BASE_DELAY_MS = 5_000;

/**
 * Longest delay between two publish attempts of one message (before jitter).
 * @default 120_000 (ms)
 */
export const DEFAULT_RETRY_MAX_DELAY_MS = 120_000;

/**
 * Each retry waits this many times longer than the previous one.
 * @default 2 (factor)
 */
export const DEFAULT_RETRY_BACKOFF_FACTOR = 2;

/**
 * Random spread of every retry delay: the delay is multiplied by a factor drawn from [1 - jitter, 1 + jitter].
 * @default 0.2 (fraction)
 */
export const DEFAULT_RETRY_JITTER = 0.2;

/**
 * Publish attempts (the first included) before an unacknowledged message is given up with `send-failed`
 * (reason `retries-exhausted`). Unlimited: the outbox has no time limit, and a message is re-published
 * with backoff (at most every `retryMaxDelayMs`) until it is acknowledged. Attempts are only made, and
 * counted, while the transport is online.
 * @default Infinity (attempts)
 */
export const DEFAULT_MAX_SEND_ATTEMPTS = Number.POSITIVE_INFINITY;

/**
 * How long (ms) a message may stay unacknowledged before it is given up with `send-failed` (reason
 * `max-age`). Unlimited: the outbox has no time limit.
 * @default Infinity (ms)
 */
export const DEFAULT_MAX_MESSAGE_AGE_MS = Number.POSITIVE_INFINITY;

/**
 * A catch-up asks the store for the messages published since this much before the last one completed (or
 * before the join), for clocks that disagree and stores that take a moment to hold what was published.
 * @default 10_000 (ms)
 */
export const DEFAULT_CATCH_UP_MARGIN_MS = 10_000;

/**
 * Retry delays of a possibly-acknowledged message (bloom hit) are multiplied by this factor.
 * @default 4 (factor)
 */
export const DEFAULT_POSSIBLY_ACKNOWLEDGED_BACKOFF = 4;

/**
 * Delay before the second store query for a missing message (the first is made at once).
 * @default 2_000 (ms)
 */
export const DEFAULT_RETRIEVAL_BASE_DELAY_MS = 2_000;

/**
 * Longest delay between two store queries for one missing message.
 * @default 30_000 (ms)
 */
export const DEFAULT_RETRIEVAL_MAX_DELAY_MS = 30_000;

/**
 * Store queries per missing message before it is declared irretrievable (reason `not-in-store`).
 * @default 5 (queries)
 */
export const DEFAULT_MAX_RETRIEVAL_ATTEMPTS = 5;

/**
 * How long a dependency may stay missing before it is declared irretrievable (reason `timeout`), whether
 * or not it has a retrieval hint.
 * @default 300_000 (ms, 5 minutes)
 */
export const DEFAULT_MISSING_TIMEOUT_MS = 300_000;

/**
 * Mean interval between two sync messages of a participant (the actual delay is drawn from
 * [0.5, 1.5] × this value; receiving another participant's sync postpones ours).
 * @default 30_000 (ms)
 */
export const DEFAULT_SYNC_INTERVAL_MS = 30_000;

/**
 * Delay of the sync message sent soon after start, and soonest delay after a received message leaves
 * something to acknowledge (the actual delay is drawn from [1, 2] × this value).
 * @default 1_000 (ms)
 */
export const DEFAULT_SYNC_MIN_DELAY_MS = 1_000;

/**
 * Longest time between two checkpoints of the SDS core in storage (its bloom filter, join point and other
 * small state; every row — log, delivered ids, buffered messages, outbox — is written with the change that
 * caused it).
 * @default 1_000 (ms)
 */
export const DEFAULT_SNAPSHOT_INTERVAL_MS = 1_000;

/**
 * Ids remembered (and stored) as delivered to the app or sent by us: the SDS core's deduplication window
 * (`DEFAULT_DEDUPE_WINDOW` of `@reliable-channel/sds`), whose rows the core's changes keep.
 * @default 100_000 (ids)
 */
export const DEFAULT_HANDLED_IDS_LIMIT = CORE_DEDUPE_WINDOW;

/**
 * Entries kept in the local log, in memory and in storage: the SDS core's log (`DEFAULT_MAX_LOG_ENTRIES`
 * of `@reliable-channel/sds`), whose rows the core's changes keep.
 * @default 1_000 (entries)
 */
export const DEFAULT_LOG_LIMIT = CORE_MAX_LOG_ENTRIES;

/**
 * Entries of causal history per message: the SDS core's own default (`@reliable-channel/sds`). About 100 bytes per entry on the wire. Late-logged messages are
 * named by the extra {@link DEFAULT_RECENTLY_LOGGED_HISTORY_SIZE} entries, so the newest entries need not
 * cover them. Measured with `./run pnpm exec vitest run --project channel test/simulation` (the 10 × 200
 * scenario, seeds 1–3 and 1–2, and the two 100-seed sweeps) plus the sweeps over seeds 3000–3199: every
 * seed passes at 3, 4, 6, 8 and 12 entries (and 30 more seeds of the 10 × 200 scenario at 3, 4 and 6). At
 * 2 entries 3 of the 5 scenario runs and 1 of the 30 more lose a message silently: others acknowledged it,
 * so it was no longer re-published, and it left every history before the participant that missed it
 * heard of it.
 * `./run bench waku-latency` showed no measurable latency difference on loopback between 4 and 20 entries.
 * @default 4 (entries)
 */
export const DEFAULT_CAUSAL_HISTORY_SIZE = CORE_CAUSAL_HISTORY_SIZE;

/**
 * Entries per causal history, besides the newest `causalHistorySize`, that name recently logged messages
 * none of our content messages has named yet: the SDS core's own default (`@reliable-channel/sds`). A message delivered late —
 * an old Lamport timestamp because it was created during a partition or while its sender was offline —
 * sorts below every later message's newest entries, so without these entries no one would name it and a
 * participant that missed it would never learn it exists. Costs nothing while messages arrive in order
 * (they are named by the newest entries); about 100 bytes per extra entry on the wire otherwise.
 * @default 4 (entries)
 */
export const DEFAULT_RECENTLY_LOGGED_HISTORY_SIZE = CORE_RECENTLY_LOGGED_HISTORY_SIZE;

/**
 * Entries per sync message, besides the newest `causalHistorySize`, that name logged messages none of our
 * syncs has named yet; passed to the SDS core unless `sds.syncRecentlyLoggedHistorySize` is given. A
 * participant that mostly reads then acknowledges a burst of up to this many messages with its next sync.
 * In a channel of two, a bloom filter alone never acknowledges (it takes two participants' filters), so
 * with 4 entries a burst of 20 messages to a reader was acknowledged 8 within a minute and all 20 within 5,
 * after 22 re-publishes of the 12 its first sync did not name; with 32, all 20 within 3.5 s and no
 * re-publish (`test/two-party.test.ts`). Costs about 100 bytes per entry, only in syncs, and only while
 * such messages wait.
 * @default 32 (entries)
 */
export const DEFAULT_SYNC_RECENTLY_LOGGED_HISTORY_SIZE = 32;

/**
 * Whether the SDS core treats the first message seen from each sender as its join frontier (not waiting
 * for the dependencies it names). Off: the channel gives the core an explicit join point (the time it
 * first started), and under loss or reordering the first message seen from a sender is often not its
 * first one, so the heuristic would release messages before their dependencies. A participant joining a
 * long-running channel may turn it on (`sds: { joinFrontier: true }`) to never fetch history from before
 * its join; with it off, the direct dependencies of the first messages it sees are fetched or time out.
 * @default false
 */
export const DEFAULT_JOIN_FRONTIER = false;

/**
 * The store retention (ms) the channel assumes when the transport does not advertise one (`retention`):
 * within it after its join, a participant takes a dependency that a catch-up from the store did not find
 * for one from before its join (not waited for, not reported). Give a Waku transport the real retention
 * of its store nodes (`wakuTransport({ retention })`) when it is shorter.
 * @default 3_600_000 (ms, 1 hour)
 */
export const ASSUMED_STORE_RETENTION_MS = 3_600_000;

/**
 * The SDS wire a channel speaks: `"js-waku"` (byte-compatible with `@waku/sds` 0.0.8) or `"nim-sds"`
 * (nim-sds's format, as Logos Chat's delivery layer runs it). Every participant must use the same one.
 * @default "js-waku"
 */
export const DEFAULT_WIRE_PROFILE = "js-waku";

/**
 * Whether `createReliableChannel` starts the channel before resolving.
 * @default true
 */
export const DEFAULT_AUTO_START = true;

/**
 * Most of our messages whose delivery state is kept while not every member has them (with a member away
 * for long, the oldest are dropped beyond it, and the stability watermark stops below the first dropped).
 * @default 10_000 (messages)
 */
export const DEFAULT_MAX_PENDING_DELIVERIES = 10_000;

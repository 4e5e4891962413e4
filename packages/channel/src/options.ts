import type {
  ChannelId,
  Clock,
  Encryption,
  Logger,
  ParticipantId,
  Random,
  Storage,
  Transport,
} from "@reliable-channel/interfaces";
import type { WireProfileName } from "@reliable-channel/sds";
import type { BackoffPolicy } from "./backoff.js";
import * as D from "./defaults.js";
import type { RetrievalPolicy } from "./retrieval-tracker.js";
import type { RetryPolicy } from "./retry-policy.js";

/** Tuning of a reliable channel. Every option is optional; its default is the `DEFAULT_*` constant named. */
export interface ReliableChannelOptions {
  /** Delay before the first re-publish (ms). @default {@link D.DEFAULT_RETRY_BASE_DELAY_MS} */
  readonly retryBaseDelayMs?: number;
  /** Cap of the re-publish delay (ms). @default {@link D.DEFAULT_RETRY_MAX_DELAY_MS} */
  readonly retryMaxDelayMs?: number;
  /** Growth of the re-publish delay per attempt. @default {@link D.DEFAULT_RETRY_BACKOFF_FACTOR} */
  readonly retryBackoffFactor?: number;
  /** Jitter of every delay (fraction in [0, 1)). @default {@link D.DEFAULT_RETRY_JITTER} */
  readonly retryJitter?: number;
  /**
   * Publish attempts made while online before `send-failed` (`retries-exhausted`); a limit is an app
   * policy. @default {@link D.DEFAULT_MAX_SEND_ATTEMPTS} (unlimited)
   */
  readonly maxSendAttempts?: number;
  /**
   * Age (ms since `send`) after which an unacknowledged message is given up (`send-failed`, `max-age`).
   * @default {@link D.DEFAULT_MAX_MESSAGE_AGE_MS} (unlimited)
   */
  readonly maxMessageAgeMs?: number;
  /**
   * Margin (ms) a catch-up reaches back before the end of the last one (or the join), for clock skew.
   * @default {@link D.DEFAULT_CATCH_UP_MARGIN_MS}
   */
  readonly catchUpMarginMs?: number;
  /**
   * History from before this participant joined, delivered (marked `history: true`) in causal order when
   * it first starts: `{ since }` a time (ms of the channel's clock), or the `{ last }` n messages. Without it, nothing from before
   * the join is ever delivered, waited for or reported irretrievable. Only the first start of a
   * participant uses it (later starts restore what was decided). @default none
   */
  readonly history?: HistoryRequest;
  /** Extra delay factor while possibly acknowledged. @default {@link D.DEFAULT_POSSIBLY_ACKNOWLEDGED_BACKOFF} */
  readonly possiblyAcknowledgedBackoff?: number;
  /** Delay before the second store query (ms). @default {@link D.DEFAULT_RETRIEVAL_BASE_DELAY_MS} */
  readonly retrievalBaseDelayMs?: number;
  /** Cap of the store query delay (ms). @default {@link D.DEFAULT_RETRIEVAL_MAX_DELAY_MS} */
  readonly retrievalMaxDelayMs?: number;
  /** Store queries per missing message. @default {@link D.DEFAULT_MAX_RETRIEVAL_ATTEMPTS} */
  readonly maxRetrievalAttempts?: number;
  /** Time a dependency may stay missing (ms). @default {@link D.DEFAULT_MISSING_TIMEOUT_MS} */
  readonly missingTimeoutMs?: number;
  /** Mean interval of sync messages (ms). @default {@link D.DEFAULT_SYNC_INTERVAL_MS} */
  readonly syncIntervalMs?: number;
  /** Soonest sync after start or a delivery (ms). @default {@link D.DEFAULT_SYNC_MIN_DELAY_MS} */
  readonly syncMinDelayMs?: number;
  /**
   * Largest app payload `send` accepts (bytes); larger ones reject with `PayloadTooLargeError`.
   * @default the transport's `maxPayloadBytes`, else no limit
   */
  readonly maxPayloadBytes?: number;
  /**
   * Longest time (ms) between two checkpoints of the SDS core in storage (rows are written as they change).
   * @default {@link D.DEFAULT_SNAPSHOT_INTERVAL_MS}
   */
  readonly snapshotIntervalMs?: number;
  /**
   * Ids remembered (and stored) as delivered or ours: the SDS core's dedupe window (`sds.dedupeWindow`,
   * which wins when both are given). @default {@link D.DEFAULT_HANDLED_IDS_LIMIT}
   */
  readonly handledIdsLimit?: number;
  /**
   * Entries kept in the local log, in memory and in storage: the SDS core's `sds.maxLogEntries` (which wins
   * when both are given). @default {@link D.DEFAULT_LOG_LIMIT}
   */
  readonly logLimit?: number;
  /**
   * The SDS wire profile (same at every participant): `"js-waku"` speaks to `@waku/sds` 0.0.8, `"nim-sds"`
   * to nim-sds (Logos Chat). Give a Waku transport the same (`wakuTransport({ wireProfile })`): it marks
   * and filters the messages of a nim-sds channel. @default {@link D.DEFAULT_WIRE_PROFILE}
   */
  readonly wireProfile?: WireProfileName;
  /**
   * The roster to start with: every member of the channel (this participant may be listed), as the app's
   * group layer decides. With a roster the channel tracks who has each message of ours (`deliveryState`),
   * emits `delivered-to-all` and `stability-watermark`, and tells the encryption of every change;
   * `setMembers` changes it later. @default none (no delivery tracking, no such events)
   */
  readonly members?: readonly ParticipantId[];
  /**
   * Most of our messages whose delivery state is kept while some member lacks them.
   * @default {@link D.DEFAULT_MAX_PENDING_DELIVERIES} (messages)
   */
  readonly maxPendingDeliveries?: number;
}

/**
 * The history a newcomer asks for (see {@link ReliableChannelOptions.history}): the messages with a
 * timestamp at or after `since` (ms of the channel's clock), or the last `last` messages before the join
 * (more when several share the oldest one's Lamport timestamp) that the store still holds.
 */
export type HistoryRequest = { readonly since: number } | { readonly last: number };

/** The options of every component, resolved against the defaults. */
export interface ResolvedOptions {
  readonly retry: RetryPolicy;
  readonly retrieval: RetrievalPolicy;
  readonly syncIntervalMs: number;
  readonly syncMinDelayMs: number;
  readonly catchUpMarginMs: number;
  readonly history: HistoryRequest | undefined;
  readonly maxPayloadBytes: number | undefined;
  readonly snapshotIntervalMs: number;
  readonly handledIdsLimit: number;
  readonly logLimit: number;
  /** The roster to start with, when given. */
  readonly members: readonly ParticipantId[] | undefined;
  readonly maxPendingDeliveries: number;
  readonly wireProfile: WireProfileName;
  /** What the encryption adds to an envelope: declared, or measured when the channel was created. */
  readonly encryptionOverheadBytes: number;
}

/** The ports a channel is built from. */
export interface ReliableChannelComponents {
  readonly channelId: ChannelId;
  readonly participantId: ParticipantId;
  readonly transport: Transport;
  readonly storage: Storage;
  readonly encryption: Encryption | undefined;
  readonly clock: Clock;
  readonly random: Random;
  readonly logger: Logger;
}

/** Resolves `options` against the defaults. */
export function resolveOptions(
  options: ReliableChannelOptions,
  transport: Transport,
): Omit<ResolvedOptions, "encryptionOverheadBytes"> {
  const jitter = options.retryJitter ?? D.DEFAULT_RETRY_JITTER;
  const retryBackoff: BackoffPolicy = {
    baseDelayMs: options.retryBaseDelayMs ?? D.DEFAULT_RETRY_BASE_DELAY_MS,
    maxDelayMs: options.retryMaxDelayMs ?? D.DEFAULT_RETRY_MAX_DELAY_MS,
    factor: options.retryBackoffFactor ?? D.DEFAULT_RETRY_BACKOFF_FACTOR,
    jitter,
  };
  const retrievalBackoff: BackoffPolicy = {
    baseDelayMs: options.retrievalBaseDelayMs ?? D.DEFAULT_RETRIEVAL_BASE_DELAY_MS,
    maxDelayMs: options.retrievalMaxDelayMs ?? D.DEFAULT_RETRIEVAL_MAX_DELAY_MS,
    factor: options.retryBackoffFactor ?? D.DEFAULT_RETRY_BACKOFF_FACTOR,
    jitter,
  };
  return {
    retry: {
      backoff: retryBackoff,
      maxAttempts: options.maxSendAttempts ?? D.DEFAULT_MAX_SEND_ATTEMPTS,
      maxAgeMs: options.maxMessageAgeMs ?? D.DEFAULT_MAX_MESSAGE_AGE_MS,
      possiblyAcknowledgedBackoff:
        options.possiblyAcknowledgedBackoff ?? D.DEFAULT_POSSIBLY_ACKNOWLEDGED_BACKOFF,
    },
    retrieval: {
      backoff: retrievalBackoff,
      maxAttempts: options.maxRetrievalAttempts ?? D.DEFAULT_MAX_RETRIEVAL_ATTEMPTS,
      missingTimeoutMs: options.missingTimeoutMs ?? D.DEFAULT_MISSING_TIMEOUT_MS,
    },
    syncIntervalMs: options.syncIntervalMs ?? D.DEFAULT_SYNC_INTERVAL_MS,
    syncMinDelayMs: options.syncMinDelayMs ?? D.DEFAULT_SYNC_MIN_DELAY_MS,
    catchUpMarginMs: options.catchUpMarginMs ?? D.DEFAULT_CATCH_UP_MARGIN_MS,
    history: options.history,
    maxPayloadBytes: options.maxPayloadBytes ?? transport.maxPayloadBytes,
    snapshotIntervalMs: options.snapshotIntervalMs ?? D.DEFAULT_SNAPSHOT_INTERVAL_MS,
    handledIdsLimit: options.handledIdsLimit ?? D.DEFAULT_HANDLED_IDS_LIMIT,
    logLimit: options.logLimit ?? D.DEFAULT_LOG_LIMIT,
    members: options.members,
    maxPendingDeliveries: options.maxPendingDeliveries ?? D.DEFAULT_MAX_PENDING_DELIVERIES,
    wireProfile: options.wireProfile ?? D.DEFAULT_WIRE_PROFILE,
  };
}

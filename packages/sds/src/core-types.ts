import type {
  ChannelId,
  HistoryEntry,
  MessageId,
  ParticipantId,
  StorageOp,
} from "@reliable-channel/interfaces";
import type { BloomProfile } from "./bloom-profile.js";
import type { DeliveredFloorsState } from "./delivered-floors.js";
import type { SdsExtension } from "./extension.js";
import type { LogRecord } from "./local-log.js";
import type { OutgoingState } from "./outgoing.js";
import type {
  BuiltMessage,
  DeliveredMessage,
  OutgoingEntry,
  ReceiveResult,
  SendResult,
  StorageChanges,
  SweepResult,
} from "./results.js";
import type { RollingBloomState } from "./rolling-bloom.js";
import type { WireProfile } from "./wire-profile.js";

/** Options of {@link SdsCore.sweep}. */
export interface SweepOptions {
  /** The current time (ms). */
  readonly now: number;
  /**
   * Whether dependencies missing longer than `lostDependencyTimeoutMs` are declared lost (and their
   * dependents released). @default true
   */
  readonly declareLost?: boolean;
}

/** Options of {@link createSdsCore}. Every option but the ids is optional; defaults are in `defaults.ts`. */
export interface SdsCoreInit {
  readonly channelId: ChannelId;
  readonly participantId: ParticipantId;
  /** Entries of causal history per sent message. @default DEFAULT_CAUSAL_HISTORY_SIZE = 4 (entries) */
  readonly causalHistorySize?: number;
  /**
   * Extra entries per sent message naming logged messages none of our earlier messages named (late
   * arrivals, or messages pushed out of the tail before we sent); 0 turns it off.
   * @default DEFAULT_RECENTLY_LOGGED_HISTORY_SIZE = 4 (entries)
   */
  readonly recentlyLoggedHistorySize?: number;
  /**
   * Extra entries per sync message naming logged messages none of our syncs named yet (a sync names them
   * once; content messages still name them until one does). A participant that mostly reads acknowledges a
   * burst with its next sync instead of one sync per few messages: in a channel of two, where a bloom
   * filter alone never acknowledges, the rest of the burst would be re-published. When there are fewer
   * such messages, a sync still names up to `recentlyLoggedHistorySize` waiting entries in turn.
   * @default recentlyLoggedHistorySize (entries)
   */
  readonly syncRecentlyLoggedHistorySize?: number;
  /** @default DEFAULT_MAX_UNNAMED_ENTRIES = 256 (messages) */
  readonly maxUnnamedEntries?: number;
  /**
   * The wire profile (same at every participant): the message codec, the bloom filter's wire form and
   * hash, the Lamport unit. @default jsWakuWire (byte-compatible with @waku/sds 0.0.8)
   */
  readonly wire?: WireProfile;
  /** The channel's bloom profile (same at every participant). @default the wire profile's (`wire.bloom`) */
  readonly bloom?: BloomProfile;
  /** @default DEFAULT_MAX_CLOCK_DRIFT_MS = 60_000 (ms) */
  readonly maxClockDriftMs?: number;
  /** @default DEFAULT_LOST_DEPENDENCY_TIMEOUT_MS = 300_000 (ms) */
  readonly lostDependencyTimeoutMs?: number;
  readonly extensions?: readonly SdsExtension[];
  /**
   * State to resume from after a restart: `restoreFromStorage(await storage.load())` when the core's changes
   * and checkpoints were committed to a storage port, or {@link SdsCore.exportState}.
   */
  readonly restore?: SdsRestoreState;
  /**
   * The join point, as local time (ms). Messages with a Lamport timestamp below it are history from before
   * the join. @default the first `now` the core is given
   */
  readonly joinedAt?: number;
  /**
   * The start of the history we want (local time, ms). A message from before the join point with a
   * Lamport timestamp at or above it is delivered as history (`history: true`); an older one is recorded
   * as seen and satisfies what depends on it, but is never delivered (outcome `pre-join`). A restored core
   * keeps the value it was saved with. @default 0 (every message from before the join is delivered)
   */
  readonly historyFrom?: number;
  /**
   * Whether the first message from each sender marks the join frontier: the dependencies it names that we
   * have not seen are assumed to be from before our join and are not waited for. A heuristic for a newcomer
   * to a busy channel; it can deliver a message before a live dependency still in flight (out of causal
   * order), so it is off unless asked for. @default false (every dependency is waited for, up to the
   * lost-dependency timeout)
   */
  readonly joinFrontier?: boolean;
  /** @default DEFAULT_MAX_BUFFERED_MESSAGES = 2_000 (messages) */
  readonly maxBufferedMessages?: number;
  /** @default DEFAULT_MAX_BUFFERED_BYTES = 16 MiB (bytes of encoded messages) */
  readonly maxBufferedBytes?: number;
  /** @default DEFAULT_MAX_MISSING = 10_000 (ids) */
  readonly maxMissing?: number;
  /** @default DEFAULT_MAX_HISTORY_ENTRIES_ACCEPTED = 256 (entries) */
  readonly maxHistoryEntriesAccepted?: number;
  /** @default DEFAULT_DEDUPE_WINDOW = 100_000 (ids) */
  readonly dedupeWindow?: number;
  /** @default DEFAULT_MAX_LOG_ENTRIES = 1_000 (entries) */
  readonly maxLogEntries?: number;
  /** @default DEFAULT_MAX_OUTGOING = 10_000 (messages) */
  readonly maxOutgoing?: number;
  /** @default DEFAULT_MAX_REPAIR_REQUESTS = 3 (entries) */
  readonly maxRepairRequests?: number;
  /** @default DEFAULT_BLOOM_ACK_MIN_PARTICIPANTS = 2 (participants) */
  readonly bloomAckMinParticipants?: number;
  /** @default DEFAULT_BLOOM_ACK_FALSE_POSITIVE_TARGET = 1e-6 */
  readonly bloomAckFalsePositiveTarget?: number;
}

/** A buffered message as persisted. */
export interface SavedIncoming {
  readonly bytes: Uint8Array;
  readonly retrievalHint?: Uint8Array;
  readonly receivedAt: number;
}

/** Everything needed to resume a core: plain data (bigints, strings, byte arrays). */
export interface SdsRestoreState {
  readonly version: 1;
  readonly channelId: ChannelId;
  readonly participantId: ParticipantId;
  readonly lamportTimestamp: bigint;
  readonly sequence: bigint;
  /** The join point (Lamport time, in the wire's unit), once known. */
  readonly joinedAt?: bigint;
  /** The start of the wanted history (Lamport time; absent: every pre-join message is delivered). */
  readonly historyFrom?: bigint;
  readonly knownSenders: readonly ParticipantId[];
  /** The log tail, ordered by (Lamport, id). */
  readonly log: readonly LogRecord[];
  /**
   * Logged messages none of our messages has named yet, earliest arrival first (absent in states exported
   * before it existed: then nothing waits to be named).
   */
  readonly unnamed?: readonly LogRecord[];
  /** Ids delivered or sent by us (the dedupe window), oldest first. */
  readonly handled: readonly MessageId[];
  /** Ids declared lost or assumed from before the join, oldest first. */
  readonly released: readonly MessageId[];
  /**
   * Per sender, what left the dedupe window delivered (its floor), and the origins of the delivered ids
   * still in it, by generation (absent in states saved before floors existed: no floor, and the ids in
   * the window raise none when they leave it).
   */
  readonly floors?: DeliveredFloorsState;
  /** The ordinal the next released-id row takes (from `restoreFromStorage`). @default `released.length` */
  readonly nextReleasedOrdinal?: number;
  readonly incoming: readonly SavedIncoming[];
  readonly outgoing: readonly OutgoingState[];
  /** Name, size and hash (absent: `"murmur3-32"`) of the profile the bloom state belongs to. */
  readonly bloomProfile: { readonly name: string; readonly bits: number; readonly hash?: string };
  readonly bloom: RollingBloomState;
}

/** Options of {@link SdsCore.exportState}. */
export interface ExportOptions {
  /** Leave `log` and `handled` empty. @default false */
  readonly omitLogAndHandled?: boolean;
  /** Leave the `bytes` of outgoing entries empty. @default false */
  readonly omitOutgoingBytes?: boolean;
}

/** The SDS state machine of one participant in one channel. Synchronous and deterministic. */
export interface SdsCore {
  readonly channelId: ChannelId;
  readonly participantId: ParticipantId;
  /** The wire profile the core encodes and decodes with. */
  readonly wire: WireProfile;
  /** The current Lamport clock (in the wire's unit: ms for js-waku, s for nim-sds). */
  readonly lamportTimestamp: bigint;
  /**
   * The join point (Lamport time, in the wire's unit): from `joinedAt`, the restored state, or the first
   * `now` given; until then undefined.
   */
  readonly joinedAt: bigint | undefined;
  /**
   * Builds a content message, logs it and tracks it until acknowledged.
   *
   * `maxBytes`, when given, is the most the encoded message may take (say, the transport's limit less the
   * encryption's overhead): a larger one throws `PayloadTooLargeError` and leaves the core exactly as it
   * was — no clock tick, no sequence number, nothing logged. Repair requests that would push the message
   * over it are left for a later message.
   *
   * `messageId`, when given, is the message's id instead of the one the core derives (nim-sds leaves ids
   * to its caller); it must be new to this core.
   * @throws InvalidArgumentError when `content` is empty, `maxBytes` is not a positive integer, or
   * `messageId` is empty or already known.
   * @throws PayloadTooLargeError when the encoded message would exceed `maxBytes`.
   */
  send(
    content: Uint8Array,
    opts: {
      readonly now: number;
      readonly nonce: Uint8Array;
      readonly maxBytes?: number;
      readonly messageId?: string;
    },
  ): SendResult;
  /**
   * Builds a sync message (Lamport, causal history, bloom, repair requests); nothing is stored. Over
   * `maxBytes` it leaves out the filter, then the repair requests (they are re-armed by their plug-in),
   * then, halving them, the extra history entries in front of the newest `causalHistorySize`; if those
   * alone are larger, the message is returned as it is, for the transport to refuse.
   * @throws InvalidArgumentError when `maxBytes` is not a positive integer.
   */
  sync(opts: { readonly now: number; readonly maxBytes?: number }): BuiltMessage;
  /**
   * Builds an ephemeral message (content only); nothing is stored or tracked.
   * @throws InvalidArgumentError when `content` is empty or the wire has no ephemeral messages (nim-sds).
   */
  ephemeral(content: Uint8Array, opts: { readonly nonce: Uint8Array }): BuiltMessage;
  /** Processes received bytes. Never throws for bad input: see `outcome` and `reason`. */
  receive(
    bytes: Uint8Array,
    opts: { readonly now: number; readonly retrievalHint?: Uint8Array },
  ): ReceiveResult;
  /**
   * Releases what time allows: far-future messages whose time came, lost dependencies (missing longer than
   * `lostDependencyTimeoutMs`), stuck buffers. With `declareLost: false` no dependency is declared lost:
   * a facade that decides itself when a dependency is gone (and calls `markIrretrievable`) passes it.
   */
  sweep(opts: SweepOptions): SweepResult;
  /** The facade gave up on these dependencies: release their dependents now. */
  /**
   * Lowers the start of the wanted history to `lamportTimestamp` (ms): pre-join messages from then on are
   * delivered as history (a newcomer that asked for the last n messages learns where they start). Never
   * raises it; a core without a `historyFrom` (every pre-join message delivered) is left as it is.
   */
  wantHistoryFrom(lamportTimestamp: bigint): void;
  markIrretrievable(
    ids: readonly MessageId[],
    opts: { readonly now: number },
  ): { readonly delivered: readonly DeliveredMessage[] } & StorageChanges;
  /** Our message `messageId` was published with this hint; later causal histories carry it. */
  recordRetrievalHint(messageId: MessageId, hint: Uint8Array): StorageChanges;
  /** Our messages not yet acknowledged, oldest first. */
  outgoing(): readonly OutgoingEntry[];
  /** Dependencies currently missing. */
  missing(): readonly HistoryEntry[];
  /**
   * Everything needed to resume (see {@link SdsRestoreState}). For cheap, frequent snapshots by a caller
   * that persists some parts itself: `omitLogAndHandled` leaves `log` and `handled` empty (put them back into
   * `restore`), `omitOutgoingBytes` leaves each outgoing entry's `bytes` empty (after such a restore,
   * `outgoing()` has empty bytes too; the caller's outbox has them).
   */
  exportState(options?: ExportOptions): SdsRestoreState;
  /**
   * The checkpoint: `meta-put`s of the parts of the state that are not rows and changed since the last
   * call (the bloom filter, the join point and wanted history, the logged messages none of ours named, the
   * senders seen, the bloom hits on our messages; each bounded by a window of the core). Every other change
   * comes with the operation that caused it (`changes`). Call it as often as a crash may lose that much
   * (a stale checkpoint loses bloom bits and hits, never a delivery, a buffered message or a row).
   */
  checkpoint(): readonly StorageOp[];
}

import { type HistoryEntry, InvalidArgumentError, type StorageOp } from "@reliable-channel/interfaces";
import type { BloomProfile } from "./bloom-profile.js";
import type { SdsCoreInit, SdsRestoreState } from "./core-types.js";
import * as d from "./defaults.js";
import { createDeliveredFloors, type DeliveredFloors } from "./delivered-floors.js";
import type { SdsExtension } from "./extension.js";
import type { IdWindow } from "./id-window.js";
import { createIdWindow } from "./id-window.js";
import type { IncomingBuffer } from "./incoming-buffer.js";
import { createIncomingBuffer } from "./incoming-buffer.js";
import type { LocalLog, LogRecord } from "./local-log.js";
import { createLocalLog } from "./local-log.js";
import type { OutgoingTracker } from "./outgoing.js";
import { createOutgoingTracker } from "./outgoing.js";
import type { PendingAcks } from "./pending-acks.js";
import { createPendingAcks } from "./pending-acks.js";
import { createReAcks, REACKS_CAPACITY, type ReAcks } from "./re-acks.js";
import type { RollingBloom } from "./rolling-bloom.js";
import { createRollingBloom } from "./rolling-bloom.js";
import type { WireProfile } from "./wire-profile.js";
import { jsWakuWire } from "./wire-profile.js";

/** Resolved options. */
export interface CoreConfig {
  readonly channelId: string;
  readonly participantId: string;
  readonly causalHistorySize: number;
  readonly recentlyLoggedHistorySize: number;
  readonly syncRecentlyLoggedHistorySize: number;
  readonly wire: WireProfile;
  readonly profile: BloomProfile;
  readonly maxClockDriftMs: number;
  readonly lostDependencyTimeoutMs: number;
  readonly joinFrontier: boolean;
  readonly maxBufferedMessages: number;
  readonly maxBufferedBytes: number;
  readonly maxMissing: number;
  readonly maxHistoryEntriesAccepted: number;
  readonly dedupeWindow: number;
  readonly maxRepairRequests: number;
  readonly maxKnownSenders: number;
  readonly extensions: readonly SdsExtension[];
}

/** The mutable state of one core (internal). */
export interface CoreState {
  readonly config: CoreConfig;
  lamport: bigint;
  sequence: bigint;
  /** Received messages no message of ours has acknowledged yet (decides when the filter rides along). */
  readonly pendingAcks: PendingAcks;
  /** Content messages sent since the last message (content or sync) that carried the filter. */
  sinceFilter: number;
  /** The join point in Lamport time (the wire's unit), set from `joinedAt` or the first `now`. */
  joinedAt: bigint | undefined;
  /**
   * Our newest content message, which our next one always names (so that every participant delivers our
   * messages in our send order). Restored from the newest own entry of the log.
   */
  lastOwn: HistoryEntry | undefined;
  /** Pre-join messages below this Lamport time are seen, never delivered (undefined: all delivered). */
  historyFrom: bigint | undefined;
  readonly log: LocalLog;
  /** Delivered or own ids (dedupe and satisfied dependencies). */
  readonly handled: IdWindow;
  /** Per sender, what left `handled` delivered: a re-send below it stays a duplicate (see the file). */
  readonly floors: DeliveredFloors;
  /** Lost, irretrievable or pre-join ids (satisfied dependencies, still deliverable if they come). */
  readonly released: IdWindow;
  readonly knownSenders: IdWindow;
  readonly buffer: IncomingBuffer;
  /** Buffered ids whose timestamp is still too far ahead of local time. */
  readonly held: Set<string>;
  readonly outgoing: OutgoingTracker;
  /** Delivered messages re-sent to us, to name in our next message (see `re-acks.ts`). */
  readonly reAcks: ReAcks;
  readonly bloom: RollingBloom;
  /** Storage ops recorded by the current operation (see `state-changes.ts`). */
  readonly changes: StorageOp[];
  /** The ordinal of the next released-id row. */
  releasedOrdinal: number;
}

function positive(name: string, value: number, integer = true): number {
  if (!(value > 0) || (integer && !Number.isInteger(value))) {
    throw new InvalidArgumentError(
      `${name} must be a positive ${integer ? "integer" : "number"}, got ${value}`,
    );
  }
  return value;
}

function nonNegative(name: string, value: number): number {
  if (!(Number.isInteger(value) && value >= 0)) {
    throw new InvalidArgumentError(`${name} must be a non-negative integer, got ${value}`);
  }
  return value;
}

function resolveConfig(init: SdsCoreInit): CoreConfig {
  const wire = init.wire ?? jsWakuWire;
  if (init.channelId === "") throw new InvalidArgumentError("channelId must not be empty");
  if (init.participantId === "") throw new InvalidArgumentError("participantId must not be empty");
  const recentlyLoggedHistorySize = nonNegative(
    "recentlyLoggedHistorySize",
    init.recentlyLoggedHistorySize ?? d.DEFAULT_RECENTLY_LOGGED_HISTORY_SIZE,
  );
  return {
    channelId: init.channelId,
    participantId: init.participantId,
    causalHistorySize: positive("causalHistorySize", init.causalHistorySize ?? d.DEFAULT_CAUSAL_HISTORY_SIZE),
    recentlyLoggedHistorySize,
    syncRecentlyLoggedHistorySize: nonNegative(
      "syncRecentlyLoggedHistorySize",
      init.syncRecentlyLoggedHistorySize ?? recentlyLoggedHistorySize,
    ),
    wire,
    profile: init.bloom ?? wire.bloom,
    maxClockDriftMs: positive("maxClockDriftMs", init.maxClockDriftMs ?? d.DEFAULT_MAX_CLOCK_DRIFT_MS, false),
    lostDependencyTimeoutMs: positive(
      "lostDependencyTimeoutMs",
      init.lostDependencyTimeoutMs ?? d.DEFAULT_LOST_DEPENDENCY_TIMEOUT_MS,
      false,
    ),
    joinFrontier: init.joinFrontier ?? false,
    maxBufferedMessages: positive(
      "maxBufferedMessages",
      init.maxBufferedMessages ?? d.DEFAULT_MAX_BUFFERED_MESSAGES,
    ),
    maxBufferedBytes: positive("maxBufferedBytes", init.maxBufferedBytes ?? d.DEFAULT_MAX_BUFFERED_BYTES),
    maxMissing: positive("maxMissing", init.maxMissing ?? d.DEFAULT_MAX_MISSING),
    maxHistoryEntriesAccepted: positive(
      "maxHistoryEntriesAccepted",
      init.maxHistoryEntriesAccepted ?? d.DEFAULT_MAX_HISTORY_ENTRIES_ACCEPTED,
    ),
    dedupeWindow: positive("dedupeWindow", init.dedupeWindow ?? d.DEFAULT_DEDUPE_WINDOW),
    maxRepairRequests: init.maxRepairRequests ?? d.DEFAULT_MAX_REPAIR_REQUESTS,
    maxKnownSenders: d.DEFAULT_MAX_KNOWN_SENDERS,
    extensions: init.extensions ?? [],
  };
}

function restoredBloom(config: CoreConfig, saved: SdsRestoreState | undefined): RollingBloom {
  const { profile, wire } = config;
  const fits =
    saved !== undefined &&
    saved.bloomProfile.name === profile.name &&
    saved.bloomProfile.bits === profile.bits &&
    (saved.bloomProfile.hash ?? "murmur3-32") === wire.bloomHash;
  return createRollingBloom(profile, fits ? saved.bloom : undefined, wire.bloomHasher);
}

function createStateLog(init: SdsCoreInit, config: CoreConfig, saved: SdsRestoreState | undefined): LocalLog {
  const capacity = init.maxLogEntries ?? d.DEFAULT_MAX_LOG_ENTRIES;
  const maxUnnamed = positive("maxUnnamedEntries", init.maxUnnamedEntries ?? d.DEFAULT_MAX_UNNAMED_ENTRIES);
  return createLocalLog({
    capacity,
    ...(saved === undefined ? {} : { initial: saved.log }),
    unnamedCapacity:
      config.recentlyLoggedHistorySize === 0 && config.syncRecentlyLoggedHistorySize === 0 ? 0 : maxUnnamed,
    ...(saved?.unnamed === undefined ? {} : { unnamed: saved.unnamed }),
  });
}

/** Builds the state of a new core, or of one resumed from `init.restore` (buffer refilled by the caller). */
export function createCoreState(init: SdsCoreInit): CoreState {
  const config = resolveConfig(init);
  const saved = init.restore;
  if (
    saved !== undefined &&
    (saved.channelId !== config.channelId || saved.participantId !== config.participantId)
  ) {
    throw new InvalidArgumentError("restore state belongs to another channel or participant");
  }
  const unit = config.wire.lamportUnitMs;
  const joinedAt =
    saved?.joinedAt ?? (init.joinedAt === undefined ? undefined : toLamport(unit, init.joinedAt));
  const historyFrom =
    saved === undefined
      ? init.historyFrom === undefined
        ? undefined
        : toLamport(unit, init.historyFrom)
      : saved.historyFrom;
  return {
    config,
    historyFrom,
    lastOwn: newestOwn(saved?.log ?? [], config.participantId),
    lamport: saved?.lamportTimestamp ?? 0n,
    sequence: saved?.sequence ?? 0n,
    pendingAcks: createPendingAcks(d.PENDING_ACKS_CAPACITY, saved !== undefined),
    sinceFilter: Number.POSITIVE_INFINITY,
    joinedAt,
    log: createStateLog(init, config, saved),
    handled: createIdWindow(config.dedupeWindow, saved?.handled),
    floors: createDeliveredFloors(config.maxKnownSenders, saved?.floors),
    released: createIdWindow(config.dedupeWindow, saved?.released),
    knownSenders: createIdWindow(config.maxKnownSenders, saved?.knownSenders),
    buffer: createIncomingBuffer(),
    held: new Set(),
    outgoing: createOutgoingTracker(
      {
        profile: config.profile,
        hash: config.wire.bloomHasher,
        minParticipants: init.bloomAckMinParticipants ?? d.DEFAULT_BLOOM_ACK_MIN_PARTICIPANTS,
        falsePositiveTarget: init.bloomAckFalsePositiveTarget ?? d.DEFAULT_BLOOM_ACK_FALSE_POSITIVE_TARGET,
        capacity: init.maxOutgoing ?? d.DEFAULT_MAX_OUTGOING,
      },
      saved?.outgoing,
    ),
    reAcks: createReAcks(REACKS_CAPACITY),
    bloom: restoredBloom(config, saved),
    changes: [],
    releasedOrdinal: saved?.nextReleasedOrdinal ?? saved?.released.length ?? 0,
  };
}

/** The history entry of the newest of our own records in `log`, if any. */
function newestOwn(log: readonly LogRecord[], participantId: string): HistoryEntry | undefined {
  let newest: LogRecord | undefined;
  for (const r of log) {
    if (
      r.senderId === participantId &&
      (newest === undefined || r.lamportTimestamp > newest.lamportTimestamp)
    )
      newest = r;
  }
  if (newest === undefined) return undefined;
  const { messageId, senderId, retrievalHint } = newest;
  return retrievalHint === undefined ? { messageId, senderId } : { messageId, senderId, retrievalHint };
}

/** Local time `ms` in Lamport units of `unitMs` milliseconds (floored). */
function toLamport(unitMs: number, ms: number): bigint {
  return BigInt(Math.floor(ms / unitMs));
}

/** Local time `ms` as a Lamport time of the core's wire (ms for js-waku, seconds for nim-sds). */
export function lamportAt(state: CoreState, ms: number): bigint {
  return toLamport(state.config.wire.lamportUnitMs, ms);
}

/** The local time (ms) at which wall time reaches Lamport time `lamport`. */
export function msAt(state: CoreState, lamport: bigint): number {
  return Number(lamport) * state.config.wire.lamportUnitMs;
}

/** Sets the join point from the first `now` the core sees. */
export function touchJoinPoint(state: CoreState, now: number): void {
  state.joinedAt ??= lamportAt(state, now);
}

/** Whether a message with this Lamport timestamp is from before the join point. */
export function isPreJoin(state: CoreState, lamport: bigint): boolean {
  return state.joinedAt !== undefined && lamport < state.joinedAt;
}

/** Whether a message with this Lamport timestamp is from before the join and before the wanted history. */
export function isUnwantedHistory(state: CoreState, lamport: bigint): boolean {
  return isPreJoin(state, lamport) && state.historyFrom !== undefined && lamport < state.historyFrom;
}

/** True when `id` counts as a satisfied dependency. */
export function isSatisfied(state: CoreState, id: string): boolean {
  return state.handled.has(id) || state.released.has(id);
}

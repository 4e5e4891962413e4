import type { HistoryEntry, SdsMessage } from "@reliable-channel/interfaces";
import { DecodeError } from "@reliable-channel/interfaces";
import { sdsMessageKind } from "./codec.js";
import { compareOrdered } from "./compare.js";
import type { CoreState } from "./core-state.js";
import { isPreJoin, isSatisfied, isUnwantedHistory, lamportAt, msAt, touchJoinPoint } from "./core-state.js";
import type { Collected } from "./delivery.js";
import {
  collected,
  deliverCascade,
  deliverNow,
  forceRelease,
  recordUnwanted,
  releaseDependencies,
} from "./delivery.js";
import type { BufferedMessage } from "./incoming-buffer.js";
import type { ReceiveResult as FullResult, ReceiveOutcome } from "./results.js";
import { bufferAdd, markReleased } from "./state-changes.js";

/** A receive result before the core adds its storage changes. */
type ReceiveResult = Omit<FullResult, "changes">;

/** Options of {@link receive}. */
export interface ReceiveOptions {
  readonly now: number;
  readonly retrievalHint?: Uint8Array;
}

function result(outcome: ReceiveOutcome, extra: Partial<Omit<ReceiveResult, "outcome">> = {}): ReceiveResult {
  return {
    outcome,
    delivered: [],
    missing: [],
    acknowledged: [],
    possiblyAcknowledged: [],
    lost: [],
    ...extra,
  };
}

/** Buffered messages whose timestamp local time has now reached, and that wait for nothing else. */
export function releaseHeld(state: CoreState, now: number, out: Collected): void {
  if (state.held.size === 0) return;
  const ready: BufferedMessage[] = [];
  for (const id of state.held) {
    const m = state.buffer.get(id);
    if (m === undefined || m.notBefore <= now) state.held.delete(id);
    if (m !== undefined && m.notBefore <= now && state.buffer.pendingCount(id) === 0) ready.push(m);
  }
  deliverCascade(state, ready, now, out);
}

/**
 * Brings the missing set and the buffer back under their caps (count, bytes, missing ids): first declares
 * lost the missing entries no buffered message waits for (only a sync named them), oldest first; then
 * releases buffered messages early, earliest in (Lamport, id) order first.
 */
export function enforceCaps(state: CoreState, now: number, out: Collected): void {
  const { maxBufferedMessages, maxBufferedBytes, maxMissing } = state.config;
  while (state.buffer.missingSize > maxMissing) {
    const idle = state.buffer.oldestUnawaited();
    if (idle === undefined) break;
    out.lost.push(idle);
    releaseDependencies(state, [idle], now, out);
  }
  while (
    state.buffer.size > maxBufferedMessages ||
    state.buffer.bytes > maxBufferedBytes ||
    state.buffer.missingSize > maxMissing
  ) {
    const first = earliestBuffered(state);
    if (first === undefined) return;
    state.held.delete(first.messageId);
    forceRelease(state, first, now, out);
  }
}

/**
 * The buffered message first in (Lamport, id) order. Releasing it early never delivers a message ahead of
 * a buffered dependency (those have smaller timestamps); only dependencies nobody has are skipped. A scan
 * of the buffer, done only when a cap is exceeded.
 */
function earliestBuffered(state: CoreState): BufferedMessage | undefined {
  let first: BufferedMessage | undefined;
  for (const m of state.buffer.values()) if (first === undefined || compareOrdered(m, first) < 0) first = m;
  return first;
}

function decode(state: CoreState, bytes: Uint8Array): SdsMessage | string {
  try {
    return state.config.wire.decode(bytes);
  } catch (error) {
    return error instanceof DecodeError ? error.reason : "malformed";
  }
}

/** What a message waits for, and what it is released from (join frontier, pre-join history). */
interface Dependencies {
  readonly wait: HistoryEntry[];
  readonly skipped: string[];
}

/**
 * Dependencies of `message` still to wait for; releases those the join point covers. Pre-join history
 * (say, fetched from a store) does not count as the sender's first contact, and does not wait — unless the
 * core has a `historyFrom`: then the history asked for is delivered in causal order, its content messages
 * waiting like live ones (the caller settles a dependency older than the wanted history with
 * `markIrretrievable`).
 */
function dependencies(
  state: CoreState,
  message: SdsMessage,
  history: readonly HistoryEntry[],
  kind: "content" | "sync",
): Dependencies {
  const lamport = message.lamportTimestamp ?? 0n;
  const preJoin = isPreJoin(state, lamport);
  const skipsAsHistory = preJoin && (kind === "sync" || state.historyFrom === undefined);
  const firstContact = !preJoin && state.config.joinFrontier && !state.knownSenders.has(message.senderId);
  if (!preJoin) state.knownSenders.add(message.senderId);
  const out: Dependencies = { wait: [], skipped: [] };
  const seen = new Set<string>();
  for (const e of history) {
    if (e.messageId === message.messageId || isSatisfied(state, e.messageId) || seen.has(e.messageId))
      continue;
    seen.add(e.messageId);
    if (skipsAsHistory) out.skipped.push(e.messageId);
    else if (firstContact && !state.buffer.has(e.messageId)) {
      markReleased(state, e.messageId);
      out.skipped.push(e.messageId);
    } else out.wait.push(e);
  }
  return out;
}

/** What `message` acknowledges of ours: by its causal history, and by its filter when the wire can read it. */
function review(state: CoreState, message: SdsMessage, history: readonly HistoryEntry[]) {
  const { wire, profile } = state.config;
  const bytes = message.bloomFilter;
  const filter = bytes === undefined ? undefined : wire.decodeFilter(bytes, profile);
  const acks = state.outgoing.review(message.senderId, history, filter);
  for (const messageId of acks.acknowledged) state.changes.push({ type: "outbox-delete", messageId });
  return acks;
}

/**
 * A sync satisfies what depends on its id, without counting as delivered: `released`, not `handled`, so a
 * content message that a hostile peer's sync reuses the id of is still delivered when it comes, and no
 * plug-in hears of it (a sync must not stop a repair).
 */
function seenSync(state: CoreState, messageId: string, now: number, out: Collected): void {
  markReleased(state, messageId);
  const next = state.buffer.resolve(messageId);
  if (next.length > 0) deliverCascade(state, next, now, out);
}

/**
 * A sync message: acks, and the dependencies it names that we lack are tracked as missing (no message
 * waits on them; they resolve when the message arrives, or are declared lost after the timeout). The sync
 * itself counts as seen, never delivered: nim-sds logs every message, an empty one too, and names our syncs
 * in its causal histories, so a message that depends on one is released by its arrival.
 */
function receiveSync(
  state: CoreState,
  message: SdsMessage,
  history: readonly HistoryEntry[],
  now: number,
): ReceiveResult {
  const acks = review(state, message, history);
  const room = Math.max(0, state.config.maxMissing - state.buffer.missingSize);
  const candidates = dependencies(state, message, history, "sync").wait.filter(
    (e) => !state.buffer.has(e.messageId),
  );
  // `slice(-0)` would keep everything: a full missing set takes nothing more from a sync.
  const missing = room === 0 ? [] : state.buffer.addMissing(candidates.slice(-room), now);
  if (missing.length > 0) for (const ext of state.config.extensions) ext.onMissing?.(missing, { now });
  const out = collected();
  if (!isSatisfied(state, message.messageId)) seenSync(state, message.messageId, now, out);
  return result("sync", { message, missing, delivered: out.delivered, ...acks });
}

function receiveContent(
  state: CoreState,
  message: SdsMessage,
  bytes: Uint8Array,
  opts: ReceiveOptions,
  history: readonly HistoryEntry[],
): ReceiveResult {
  const { now } = opts;
  const lamport = message.lamportTimestamp ?? 0n;
  const acks = review(state, message, history);
  if (isUnwantedHistory(state, lamport)) {
    // From before the join and the wanted history: it satisfies its dependents, but is never delivered.
    const out = collected();
    recordUnwanted(state, message.messageId, now, out);
    enforceCaps(state, now, out);
    return result("pre-join", { message, delivered: out.delivered, lost: out.lost, ...acks });
  }
  state.bloom.insert(message.messageId);
  state.pendingAcks.add(message.messageId);
  const deps = dependencies(state, message, history, "content");
  const drift = state.config.maxClockDriftMs;
  const ahead = lamport > lamportAt(state, now + drift);
  const buffered: BufferedMessage = {
    message,
    messageId: message.messageId,
    lamportTimestamp: lamport,
    bytes,
    ...(opts.retrievalHint === undefined ? {} : { retrievalHint: opts.retrievalHint }),
    receivedAt: now,
    notBefore: ahead ? msAt(state, lamport) - drift : Number.NEGATIVE_INFINITY,
    deps: deps.wait.map((e) => e.messageId),
    skipped: deps.skipped,
  };
  const out = collected();
  let newlyMissing: HistoryEntry[] = [];
  // The common case, nothing to wait for: delivered at once, without a stay in the buffer.
  if (!ahead && deps.wait.length === 0) deliverNow(state, buffered, now, out);
  else {
    newlyMissing = bufferAdd(state, buffered, deps.wait, now);
    if (ahead) state.held.add(message.messageId);
  }
  enforceCaps(state, now, out);
  const missing = newlyMissing.filter((e) => state.buffer.isMissing(e.messageId));
  if (missing.length > 0) for (const ext of state.config.extensions) ext.onMissing?.(missing, { now });
  const delivered = state.handled.has(message.messageId);
  return result(delivered ? "delivered" : "buffered", {
    message,
    ...(delivered ? {} : { reason: ahead ? "timestamp ahead of local time" : "waiting for dependencies" }),
    delivered: out.delivered,
    missing,
    lost: out.lost,
    ...acks,
  });
}

/**
 * Whether a content message not in the dedupe window was delivered before it rolled: at or below its
 * sender's floor (see `delivered-floors.ts`).
 */
function isDeliveredBeforeWindow(state: CoreState, message: SdsMessage): boolean {
  return state.floors.covers(message.senderId, message.lamportTimestamp ?? 0n);
}

/**
 * A duplicate that someone's history made missing again (it had left the dedupe window): it satisfies what
 * waits for it, as a seen sync does, and is not delivered again.
 */
function duplicateReceived(state: CoreState, duplicate: ReceiveResult, now: number): ReceiveResult {
  const id = duplicate.message?.messageId;
  if (id === undefined || !state.buffer.isMissing(id) || isSatisfied(state, id)) return duplicate;
  const out = collected();
  seenSync(state, id, now, out);
  return out.delivered.length === 0 ? duplicate : { ...duplicate, delivered: out.delivered };
}

/** A decoded message of this channel from someone else, ready for the protocol. */
interface Screened {
  readonly message: SdsMessage;
  readonly kind: "content" | "sync";
}

/**
 * Everything that ends a receive before the protocol runs: undecodable, other channel, no kind, no ids,
 * own echo, ephemeral, duplicate, timestamp beyond any bound. Calls `onIncoming` for every decoded
 * message of the channel.
 */
function screen(state: CoreState, bytes: Uint8Array, now: number): ReceiveResult | Screened {
  const message = decode(state, bytes);
  if (typeof message === "string") return result("invalid", { reason: message });
  const cfg = state.config;
  if (message.channelId !== cfg.channelId)
    return result("wrong-channel", { message, reason: message.channelId });
  const kind = sdsMessageKind(message);
  if (kind === undefined) return result("invalid", { message, reason: "neither timestamp nor content" });
  if (message.messageId === "" || message.senderId === "") {
    return result("invalid", { message, reason: "empty message id or sender id" });
  }
  const id = message.messageId;
  const buffered = state.buffer.has(id);
  const duplicate =
    kind === "content" && (buffered || state.handled.has(id) || isDeliveredBeforeWindow(state, message));
  for (const ext of cfg.extensions) ext.onIncoming?.(message, { now, bytes, duplicate });
  if (message.senderId === cfg.participantId) return result("own-echo", { message });
  if (kind === "ephemeral") {
    const content = message.content ?? new Uint8Array(0);
    const delivered = { messageId: id, senderId: message.senderId, lamportTimestamp: 0n, content, bytes };
    return result("ephemeral", { message, delivered: [{ ...delivered, skippedDependencies: [] }] });
  }
  if (duplicate) {
    // Re-sent (by its sender or a repairer): our acknowledgement may not have arrived; send it again, by
    // name too (a bloom hit alone does not acknowledge in a channel of two) unless none was sent yet.
    const unanswered = state.pendingAcks.has(id);
    state.pendingAcks.add(id);
    if (!buffered && !unanswered)
      state.reAcks.add({
        messageId: id,
        lamportTimestamp: message.lamportTimestamp ?? 0n,
        senderId: message.senderId,
      });
    return result("duplicate", { message, reason: buffered ? "already buffered" : "already delivered" });
  }
  const bound = lamportAt(state, now + cfg.maxClockDriftMs + cfg.lostDependencyTimeoutMs);
  if ((message.lamportTimestamp ?? 0n) > bound) {
    return result("invalid", { message, reason: "timestamp too far in the future" });
  }
  return { message, kind };
}

/**
 * A content message under our own sender id that we never sent (not delivered or released here: a forgery,
 * or ours from before lost state) is never delivered, but others may have delivered it and name it: it is
 * released, as a seen sync is, so that what depends on it does not wait for it forever.
 */
function ownIdReceived(state: CoreState, echo: ReceiveResult, now: number): ReceiveResult {
  const message = echo.message;
  if (message === undefined || sdsMessageKind(message) !== "content" || isSatisfied(state, message.messageId))
    return echo;
  const out = collected();
  seenSync(state, message.messageId, now, out);
  return out.delivered.length === 0 ? echo : { ...echo, delivered: out.delivered };
}

/** Processes received bytes (see {@link SdsCore.receive}). */
export function receive(state: CoreState, bytes: Uint8Array, opts: ReceiveOptions): ReceiveResult {
  const { now } = opts;
  touchJoinPoint(state, now);
  const screened = screen(state, bytes, now);
  if (!("kind" in screened)) {
    if (screened.outcome === "own-echo") return ownIdReceived(state, screened, now);
    return screened.outcome === "duplicate" ? duplicateReceived(state, screened, now) : screened;
  }
  const { message, kind } = screened;
  const history = message.causalHistory.slice(-state.config.maxHistoryEntriesAccepted);
  const out = collected();
  releaseHeld(state, now, out);
  const res =
    kind === "sync"
      ? receiveSync(state, message, history, now)
      : receiveContent(state, message, bytes, opts, history);
  if (out.delivered.length === 0 && out.lost.length === 0) return res;
  return { ...res, delivered: [...out.delivered, ...res.delivered], lost: [...out.lost, ...res.lost] };
}

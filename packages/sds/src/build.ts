import type { HistoryEntry, SdsMessage } from "@reliable-channel/interfaces";
import { InvalidArgumentError, PayloadTooLargeError } from "@reliable-channel/interfaces";
import type { CoreState } from "./core-state.js";
import { isSatisfied, lamportAt, touchJoinPoint } from "./core-state.js";
import { contentMessageId, ephemeralMessageId, syncMessageId } from "./message-id.js";
import { REACKS_PER_MESSAGE } from "./re-acks.js";
import type { BuiltMessage as FullBuilt, SendResult as FullSend } from "./results.js";
import { logInsert, markHandled, markReleased } from "./state-changes.js";

/** Results before the core adds their storage changes. */
type BuiltMessage = Omit<FullBuilt, "changes">;
type SendResult = Omit<FullSend, "changes">;

/**
 * The Lamport timestamp of the next message we build, by the wire's rule (js-waku: `max(now, clock + 1)`
 * in ms; nim-sds: `max(now, clock) + 1` in seconds). The clock is not advanced.
 */
function nextLamport(state: CoreState, now: number): bigint {
  return state.config.wire.nextLamport(state.lamport, lamportAt(state, now));
}

/** Advances the clock for a message we build. */
function tick(state: CoreState, now: number): bigint {
  state.lamport = nextLamport(state, now);
  return state.lamport;
}

function repairRequests(state: CoreState, now: number): HistoryEntry[] {
  const max = state.config.maxRepairRequests;
  const out: HistoryEntry[] = [];
  for (const ext of state.config.extensions) {
    if (out.length >= max || ext.outgoingRepairRequests === undefined) continue;
    out.push(...ext.outgoingRepairRequests({ now, maxEntries: max - out.length }).slice(0, max - out.length));
  }
  return out;
}

function requireContent(content: Uint8Array): void {
  if (content.length === 0) throw new InvalidArgumentError("content must not be empty");
}

/** Options of {@link buildContent} (see {@link SdsCore.send}). */
export interface ContentOptions {
  readonly now: number;
  readonly nonce: Uint8Array;
  readonly maxBytes?: number;
  readonly messageId?: string;
}

/** The filter as the wire carries it. */
function wireFilter(state: CoreState): Uint8Array {
  const { wire, profile } = state.config;
  return wire.encodeFilter(state.bloom.view(), profile);
}

/** Throws unless a caller's `messageId` is absent, or non-empty and new to this core. */
function checkMessageId(state: CoreState, messageId: string | undefined): void {
  if (messageId === undefined) return;
  if (messageId === "") throw new InvalidArgumentError("messageId must not be empty");
  if (isSatisfied(state, messageId) || state.buffer.has(messageId))
    throw new InvalidArgumentError(`messageId ${messageId} is already known`);
}

/**
 * Builds, logs and tracks a content message (see {@link SdsCore.send}). Transactional: the message is
 * built and measured first, and the state changes only once it fits `maxBytes`.
 */
export function buildContent(state: CoreState, content: Uint8Array, opts: ContentOptions): SendResult {
  requireContent(content);
  const { now, maxBytes } = opts;
  checkMaxBytes(maxBytes);
  checkMessageId(state, opts.messageId);
  const cfg = state.config;
  const lamportTimestamp = nextLamport(state, now);
  const sequence = state.sequence + 1n;
  const messageId =
    opts.messageId ??
    contentMessageId({
      channelId: cfg.channelId,
      participantId: cfg.participantId,
      sequence,
      nonce: opts.nonce,
      content,
    });
  const history = withOwnPrevious(
    state.log.history(cfg.causalHistorySize, cfg.recentlyLoggedHistorySize, "content"),
    state.lastOwn,
  );
  // Re-sent messages we delivered are answered in front, unless that alone makes the message too large.
  const reAcks = state.reAcks.first(REACKS_PER_MESSAGE, history);
  let { bare, bytes } = contentCandidate(state, [...reAcks, ...history], {
    messageId,
    lamportTimestamp,
    content,
  });
  if (maxBytes !== undefined && bytes.length > maxBytes && reAcks.length > 0)
    ({ bare, bytes } = contentCandidate(state, history, { messageId, lamportTimestamp, content }));
  if (maxBytes !== undefined && bytes.length > maxBytes)
    throw new PayloadTooLargeError(bytes.length, maxBytes);
  const { causalHistory } = bare;
  const withFilter = bare.bloomFilter !== undefined;
  let message = bare;
  const requests = repairRequests(state, now);
  if (requests.length > 0) {
    const withRequests = { ...bare, repairRequest: requests };
    const encoded = cfg.wire.encode(withRequests);
    // Requests that do not fit wait for a later message or sync (the plug-in re-arms them with backoff).
    if (maxBytes === undefined || encoded.length <= maxBytes) [message, bytes] = [withRequests, encoded];
  }
  // Commit: from here on the message exists.
  touchJoinPoint(state, now);
  state.lamport = lamportTimestamp;
  state.sequence = sequence;
  state.sinceFilter = withFilter ? 0 : state.sinceFilter + 1;
  state.pendingAcks.sent(causalHistory, withFilter);
  state.log.named(causalHistory);
  state.reAcks.named(causalHistory);
  logInsert(state, { messageId, lamportTimestamp, senderId: cfg.participantId });
  state.lastOwn = { messageId, senderId: cfg.participantId };
  markHandled(state, messageId);
  state.bloom.insert(messageId);
  state.outgoing.add({ messageId, bytes, lamportTimestamp, sequence });
  state.changes.push({
    type: "outbox-put",
    entry: {
      messageId,
      sequence,
      lamportTimestamp,
      bytes,
      state: "pending",
      attempts: 0,
      nextAttemptAt: now,
      createdAt: now,
    },
  });
  for (const ext of cfg.extensions) ext.onLogged?.(message, { now, bytes, own: true });
  return { message, bytes, sequence };
}

/** A content message naming `causalHistory`, with the filter when it is due, and its encoding. */
function contentCandidate(
  state: CoreState,
  causalHistory: HistoryEntry[],
  fields: { readonly messageId: string; readonly lamportTimestamp: bigint; readonly content: Uint8Array },
): { bare: SdsMessage; bytes: Uint8Array } {
  const cfg = state.config;
  const due = cfg.profile.attach === "always" || state.pendingAcks.filterDue(causalHistory);
  const withFilter = due && state.sinceFilter + 1 >= cfg.profile.sendEvery;
  const bare: SdsMessage = {
    senderId: cfg.participantId,
    messageId: fields.messageId,
    channelId: cfg.channelId,
    lamportTimestamp: fields.lamportTimestamp,
    causalHistory,
    ...(withFilter ? { bloomFilter: wireFilter(state) } : {}),
    repairRequest: [],
    content: fields.content,
  };
  return { bare, bytes: cfg.wire.encode(bare) };
}

/**
 * `history` with our previous message in front when it is not named already: every message of ours names
 * the one before it, so that every participant delivers them in our send order.
 */
function withOwnPrevious(history: HistoryEntry[], previous: HistoryEntry | undefined): HistoryEntry[] {
  if (previous === undefined || history.some((e) => e.messageId === previous.messageId)) return history;
  return [previous, ...history];
}

/** Throws unless `maxBytes` is absent or a positive integer. */
function checkMaxBytes(maxBytes: number | undefined): void {
  if (maxBytes !== undefined && !(Number.isInteger(maxBytes) && maxBytes > 0)) {
    throw new InvalidArgumentError(`maxBytes must be a positive integer, got ${maxBytes}`);
  }
}

/**
 * Builds a sync message (see {@link SdsCore.sync}). Over `maxBytes`, the filter is left out first (its
 * acknowledgements stay pending for the next message), then the repair requests, then the extra causal
 * history entries in front of the newest `causalHistorySize`, halving them until the message fits (the
 * ones left out stay fresh for the next sync).
 */
export function buildSync(
  state: CoreState,
  opts: { readonly now: number; readonly maxBytes?: number },
): BuiltMessage {
  const { now, maxBytes } = opts;
  checkMaxBytes(maxBytes);
  touchJoinPoint(state, now);
  const cfg = state.config;
  const lamportTimestamp = tick(state, now);
  const logged = state.log.history(
    cfg.causalHistorySize,
    cfg.recentlyLoggedHistorySize,
    "sync",
    cfg.syncRecentlyLoggedHistorySize,
  );
  // Re-sent messages we delivered are answered in front (the first extras left out when too large).
  const causalHistory = [...state.reAcks.first(REACKS_PER_MESSAGE, logged), ...logged];
  const full: SdsMessage = {
    senderId: cfg.participantId,
    messageId: syncMessageId(cfg.channelId, cfg.participantId, lamportTimestamp),
    channelId: cfg.channelId,
    lamportTimestamp,
    causalHistory,
    bloomFilter: wireFilter(state),
    repairRequest: repairRequests(state, now),
  };
  let message = full;
  let bytes = cfg.wire.encode(full);
  if (maxBytes !== undefined && bytes.length > maxBytes) {
    const { bloomFilter: _left, ...withoutFilter } = full;
    const bare = { ...withoutFilter, repairRequest: [] };
    const smaller: SdsMessage[] = [withoutFilter, bare];
    for (const candidate of smaller) {
      [message, bytes] = [candidate, cfg.wire.encode(candidate)];
      if (bytes.length <= maxBytes) break;
    }
    const newest = Math.min(cfg.causalHistorySize, causalHistory.length);
    for (let extra = causalHistory.length - newest; bytes.length > maxBytes && extra > 0; ) {
      extra = Math.floor(extra / 2);
      const candidate = {
        ...bare,
        causalHistory: causalHistory.slice(causalHistory.length - newest - extra),
      };
      [message, bytes] = [candidate, cfg.wire.encode(candidate)];
    }
  }
  const withFilter = message.bloomFilter !== undefined;
  state.log.syncNamed(message.causalHistory);
  state.reAcks.named(message.causalHistory);
  // Seen: a nim-sds peer logs our sync like any message and may name it in its causal history.
  markReleased(state, message.messageId);
  state.pendingAcks.sent(message.causalHistory, withFilter);
  if (withFilter) state.sinceFilter = 0;
  return { message, bytes };
}

/** Builds an ephemeral message (see {@link SdsCore.ephemeral}). */
export function buildEphemeral(
  state: CoreState,
  content: Uint8Array,
  opts: { readonly nonce: Uint8Array },
): BuiltMessage {
  requireContent(content);
  const cfg = state.config;
  if (!cfg.wire.ephemeral)
    throw new InvalidArgumentError(`the ${cfg.wire.name} wire has no ephemeral messages`);
  const message: SdsMessage = {
    senderId: cfg.participantId,
    messageId: ephemeralMessageId(cfg.channelId, cfg.participantId, opts.nonce, content),
    channelId: cfg.channelId,
    causalHistory: [],
    repairRequest: [],
    content,
  };
  return { message, bytes: cfg.wire.encode(message) };
}

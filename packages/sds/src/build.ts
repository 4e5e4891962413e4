import type { HistoryEntry, SdsMessage } from "@reliable-channel/interfaces";
import { InvalidArgumentError } from "@reliable-channel/interfaces";
import { encodeSdsMessage } from "./codec.js";
import type { CoreState } from "./core-state.js";
import { touchJoinPoint } from "./core-state.js";
import { contentMessageId, ephemeralMessageId, syncMessageId } from "./message-id.js";
import type { BuiltMessage, SendResult } from "./results.js";

/** Advances the clock for a message we build: `max(now, clock + 1)`. */
function tick(state: CoreState, now: number): bigint {
  const wall = BigInt(Math.floor(now));
  const next = state.lamport + 1n;
  state.lamport = wall > next ? wall : next;
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

/** Builds, logs and tracks a content message (see {@link SdsCore.send}). */
export function buildContent(
  state: CoreState,
  content: Uint8Array,
  opts: { readonly now: number; readonly nonce: Uint8Array },
): SendResult {
  requireContent(content);
  const { now } = opts;
  touchJoinPoint(state, now);
  const cfg = state.config;
  const lamportTimestamp = tick(state, now);
  state.sequence += 1n;
  const sequence = state.sequence;
  const messageId = contentMessageId({
    channelId: cfg.channelId,
    participantId: cfg.participantId,
    sequence,
    nonce: opts.nonce,
    content,
  });
  const causalHistory = state.log.history(cfg.causalHistorySize, cfg.recentlyLoggedHistorySize, "content");
  // Always asked: it also takes the ids this causal history names out of the pending set.
  const due = state.pendingAcks.filterDue(causalHistory) || cfg.profile.attach === "always";
  const withFilter = due && state.sinceFilter + 1 >= cfg.profile.sendEvery;
  state.sinceFilter = withFilter ? 0 : state.sinceFilter + 1;
  if (withFilter) state.pendingAcks.clear();
  const message: SdsMessage = {
    senderId: cfg.participantId,
    messageId,
    channelId: cfg.channelId,
    lamportTimestamp,
    causalHistory,
    ...(withFilter ? { bloomFilter: state.bloom.view().slice() } : {}),
    repairRequest: repairRequests(state, now),
    content,
  };
  const bytes = encodeSdsMessage(message);
  state.log.insert({ messageId, lamportTimestamp, senderId: cfg.participantId });
  state.handled.add(messageId);
  state.bloom.insert(messageId);
  state.outgoing.add({ messageId, bytes, lamportTimestamp, sequence });
  for (const ext of cfg.extensions) ext.onLogged?.(message, { now, bytes, own: true });
  return { message, bytes, sequence };
}

/** Builds a sync message (see {@link SdsCore.sync}). */
export function buildSync(state: CoreState, opts: { readonly now: number }): BuiltMessage {
  const { now } = opts;
  touchJoinPoint(state, now);
  const cfg = state.config;
  const lamportTimestamp = tick(state, now);
  state.pendingAcks.clear();
  state.sinceFilter = 0;
  const message: SdsMessage = {
    senderId: cfg.participantId,
    messageId: syncMessageId(cfg.channelId, cfg.participantId, lamportTimestamp),
    channelId: cfg.channelId,
    lamportTimestamp,
    causalHistory: state.log.history(cfg.causalHistorySize, cfg.recentlyLoggedHistorySize, "sync"),
    bloomFilter: state.bloom.view().slice(),
    repairRequest: repairRequests(state, now),
  };
  return { message, bytes: encodeSdsMessage(message) };
}

/** Builds an ephemeral message (see {@link SdsCore.ephemeral}). */
export function buildEphemeral(
  state: CoreState,
  content: Uint8Array,
  opts: { readonly nonce: Uint8Array },
): BuiltMessage {
  requireContent(content);
  const cfg = state.config;
  const message: SdsMessage = {
    senderId: cfg.participantId,
    messageId: ephemeralMessageId(cfg.channelId, cfg.participantId, opts.nonce, content),
    channelId: cfg.channelId,
    causalHistory: [],
    repairRequest: [],
    content,
  };
  return { message, bytes: encodeSdsMessage(message) };
}

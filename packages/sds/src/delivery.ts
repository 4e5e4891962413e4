import type { HistoryEntry, MessageId } from "@reliable-channel/interfaces";
import { compareOrdered } from "./compare.js";
import { type CoreState, isPreJoin, lamportAt } from "./core-state.js";
import type { BufferedMessage } from "./incoming-buffer.js";
import { createMinHeap } from "./min-heap.js";
import type { DeliveredMessage } from "./results.js";
import { bufferRemove, logInsert, markHandled, markReleased } from "./state-changes.js";

/** What a step of delivery produced, in order. */
export interface Collected {
  readonly delivered: DeliveredMessage[];
  readonly lost: HistoryEntry[];
}

/** An empty {@link Collected}. */
export function collected(): Collected {
  return { delivered: [], lost: [] };
}

function notifyResolved(state: CoreState, ids: readonly MessageId[], now: number): void {
  if (ids.length === 0) return;
  for (const ext of state.config.extensions) ext.onResolved?.(ids, { now });
}

/** Delivers one message: clock, dedupe set, log, hooks, result. The caller removed it from the buffer. */
function deliverOne(state: CoreState, msg: BufferedMessage, now: number, out: Collected): void {
  const cap = lamportAt(state, now + state.config.maxClockDriftMs);
  const pulled = msg.lamportTimestamp < cap ? msg.lamportTimestamp : cap;
  if (pulled > state.lamport) state.lamport = pulled;
  const senderId = msg.message.senderId;
  markHandled(state, msg.messageId, { senderId, lamportTimestamp: msg.lamportTimestamp });
  logInsert(state, {
    messageId: msg.messageId,
    lamportTimestamp: msg.lamportTimestamp,
    senderId,
    ...(msg.retrievalHint === undefined ? {} : { retrievalHint: msg.retrievalHint }),
  });
  for (const ext of state.config.extensions)
    ext.onLogged?.(msg.message, { now, bytes: msg.bytes, own: false });
  out.delivered.push({
    messageId: msg.messageId,
    senderId,
    lamportTimestamp: msg.lamportTimestamp,
    content: msg.message.content ?? new Uint8Array(0),
    ...(msg.retrievalHint === undefined ? {} : { retrievalHint: msg.retrievalHint }),
    bytes: msg.bytes,
    skippedDependencies:
      msg.deps.length === 0
        ? [...msg.skipped]
        : [...msg.skipped, ...msg.deps.filter((d) => !state.handled.has(d))],
    ...(isPreJoin(state, msg.lamportTimestamp) ? { history: true as const } : {}),
  });
  notifyResolved(state, [msg.messageId], now);
}

/**
 * Delivers `msg`, which was never buffered and waits for nothing, then whatever waited for it: what
 * {@link deliverCascade} does for a buffered message, without the stay in the buffer.
 */
export function deliverNow(state: CoreState, msg: BufferedMessage, now: number, out: Collected): void {
  deliverOne(state, msg, now, out);
  const next = state.buffer.resolve(msg.messageId);
  if (next.length > 0) deliverCascade(state, next, now, out);
}

/**
 * Records a message from before the join point that the app did not ask for: it satisfies what depends on
 * it (delivered now if nothing else is missing) and is never delivered itself.
 */
export function recordUnwanted(state: CoreState, messageId: MessageId, now: number, out: Collected): void {
  markHandled(state, messageId);
  notifyResolved(state, [messageId], now);
  const next = state.buffer.resolve(messageId);
  if (next.length > 0) deliverCascade(state, next, now, out);
}

/**
 * Delivers `ready` messages and every message they unblock, smallest (Lamport, id) first among those
 * ready at the same time. Messages whose time has not come stay buffered.
 */
export function deliverCascade(
  state: CoreState,
  ready: readonly BufferedMessage[],
  now: number,
  out: Collected,
): void {
  // Fast path (the common case): one message, nothing waiting on it.
  const only = ready.length === 1 ? ready[0] : undefined;
  if (only !== undefined && state.buffer.has(only.messageId) && only.notBefore <= now) {
    bufferRemove(state, only.messageId);
    deliverNow(state, only, now, out);
    return;
  }
  if (ready.length === 0) return;
  const heap = createMinHeap<BufferedMessage>(compareOrdered);
  for (const m of ready) heap.push(m);
  for (let m = heap.pop(); m !== undefined; m = heap.pop()) {
    if (!state.buffer.has(m.messageId) || m.notBefore > now) continue;
    bufferRemove(state, m.messageId);
    deliverOne(state, m, now, out);
    for (const next of state.buffer.resolve(m.messageId)) heap.push(next);
  }
}

/** Declares `ids` satisfied without delivery (lost, irretrievable, pre-join) and delivers what they unblock. */
export function releaseDependencies(
  state: CoreState,
  entries: readonly HistoryEntry[],
  now: number,
  out: Collected,
): void {
  const ready: BufferedMessage[] = [];
  for (const entry of entries) {
    markReleased(state, entry.messageId);
    ready.push(...state.buffer.resolve(entry.messageId));
  }
  notifyResolved(
    state,
    entries.map((e) => e.messageId),
    now,
  );
  deliverCascade(state, ready, now, out);
}

/**
 * Delivers a buffered message now although dependencies are unmet (buffer pressure, or it waited longer
 * than the lost-dependency timeout). Missing dependencies nobody else awaits are declared lost.
 */
export function forceRelease(state: CoreState, msg: BufferedMessage, now: number, out: Collected): void {
  const missing = new Map<MessageId, HistoryEntry>();
  for (const dep of msg.deps) {
    const entry = state.buffer.missingEntry(dep);
    if (entry !== undefined) missing.set(dep, entry);
  }
  const orphaned = bufferRemove(state, msg.messageId);
  const lost = orphaned.map((id) => missing.get(id) ?? { messageId: id });
  for (const entry of lost) markReleased(state, entry.messageId);
  out.lost.push(...lost);
  notifyResolved(
    state,
    lost.map((e) => e.messageId),
    now,
  );
  deliverOne(state, msg, now, out);
  deliverCascade(state, state.buffer.resolve(msg.messageId), now, out);
}

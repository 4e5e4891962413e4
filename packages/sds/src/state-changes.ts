import type { HistoryEntry, LogEntry, MessageId, StorageOp } from "@reliable-channel/interfaces";
import type { CoreState } from "./core-state.js";
import { originPut, rollOps } from "./floor-rows.js";
import type { BufferedMessage } from "./incoming-buffer.js";
import type { LogRecord } from "./local-log.js";

/**
 * The mutations of a core's persisted structures, each recording the storage ops it causes in
 * `state.changes` (drained by every operation of the core into its result): the log, the delivered and
 * released ids, the incoming buffer. What a bounded window forgets is deleted in the same breath.
 */

/** The `meta` key prefix of the rows of released ids (lost, irretrievable, pre-join, syncs seen). */
export const RELEASED_KEY_PREFIX = "sds/released/";

/** The storage row of a log record. */
export function logEntryOf(record: LogRecord): LogEntry {
  const { messageId, lamportTimestamp, senderId, retrievalHint } = record;
  return retrievalHint === undefined
    ? { messageId, lamportTimestamp, senderId }
    : { messageId, lamportTimestamp, senderId, retrievalHint };
}

/** Logs `record` (see `LocalLog.insert`). */
export function logInsert(state: CoreState, record: LogRecord): void {
  const { kept, evicted } = state.log.insert(record);
  if (kept) state.changes.push({ type: "log-put", entry: logEntryOf(record) });
  if (evicted !== undefined) state.changes.push({ type: "log-delete", messageId: evicted });
}

/**
 * Records `id` as delivered or ours (the dedupe window); `origin`, of a delivered message, raises its
 * sender's floor once the id's generation leaves the window (see `delivered-floors.ts`, `floor-rows.ts`).
 */
export function markHandled(
  state: CoreState,
  id: MessageId,
  origin?: { readonly senderId: string; readonly lamportTimestamp: bigint },
): void {
  const rolls = state.handled.rolls;
  const dropped = state.handled.add(id);
  if (dropped === undefined) return;
  for (const old of dropped) state.changes.push({ type: "handled-delete", messageId: old });
  state.changes.push({ type: "handled-add", messageId: id });
  if (state.handled.rolls !== rolls) for (const op of rollOps(state.floors.roll())) state.changes.push(op);
  if (origin === undefined) return;
  const max = state.floors.note(origin.senderId, origin.lamportTimestamp);
  if (max !== undefined) state.changes.push(originPut(state.floors.generation, origin.senderId, max));
}

/** Records `id` as released: a satisfied dependency that was not delivered. */
export function markReleased(state: CoreState, id: MessageId): void {
  const dropped = state.released.add(id);
  if (dropped === undefined) return;
  for (const old of dropped) state.changes.push({ type: "meta-delete", key: RELEASED_KEY_PREFIX + old });
  state.changes.push({ type: "meta-put", key: RELEASED_KEY_PREFIX + id, value: ordinalBytes(state) });
}

/** The next ordinal of a released-id row, as 8 big-endian bytes (rows restore in this order). */
function ordinalBytes(state: CoreState): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setFloat64(0, state.releasedOrdinal);
  state.releasedOrdinal += 1;
  return bytes;
}

/** Reads {@link ordinalBytes}'s value; NaN when `bytes` is not one. */
export function readOrdinal(bytes: Uint8Array): number {
  if (bytes.length !== 8) return Number.NaN;
  return new DataView(bytes.buffer, bytes.byteOffset, 8).getFloat64(0);
}

/** Buffers `msg` until `deps` arrive (see `IncomingBuffer.add`); returns the newly missing entries. */
export function bufferAdd(
  state: CoreState,
  msg: BufferedMessage,
  deps: readonly HistoryEntry[],
  now: number,
): HistoryEntry[] {
  const missing = state.buffer.add(msg, deps, now);
  const { messageId, bytes, retrievalHint, receivedAt } = msg;
  state.changes.push({
    type: "incoming-put",
    entry:
      retrievalHint === undefined
        ? { messageId, bytes, receivedAt }
        : { messageId, bytes, retrievalHint, receivedAt },
  });
  return missing;
}

/** Takes `id` out of the buffer (see `IncomingBuffer.remove`). */
export function bufferRemove(state: CoreState, id: MessageId): MessageId[] {
  if (!state.buffer.has(id)) return [];
  state.changes.push({ type: "incoming-delete", messageId: id });
  return state.buffer.remove(id);
}

/** The ops recorded since the last call (and the counters, when the clock or the sequence moved). */
export function takeChanges(state: CoreState, before: { lamport: bigint; sequence: bigint }): StorageOp[] {
  const ops = state.changes.splice(0);
  if (state.lamport !== before.lamport || state.sequence !== before.sequence) {
    ops.push({
      type: "counters",
      counters: { lamportTimestamp: state.lamport, sequence: state.sequence },
    });
  }
  return ops;
}

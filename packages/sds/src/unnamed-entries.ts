import type { MessageId } from "@reliable-channel/interfaces";
import { compareOrdered } from "./compare.js";
import type { LogRecord } from "./local-log.js";

/**
 * Logged messages that none of our content messages has named yet, in arrival order (the order they
 * entered the local log, not Lamport order; sync messages rotate the queue). A message delivered late — an old Lamport timestamp,
 * created during a partition or re-published after a restart — sorts below the Lamport tail at once, so
 * only this queue gets it named; an in-order message that newer ones push out of the tail before our next
 * send is caught the same way.
 */
export interface UnnamedEntries {
  /** Records a newly logged message (an id already queued is ignored). */
  add(record: LogRecord): void;
  /** The id was named (it is in the tail of a message being built). */
  named(id: MessageId): void;
  /**
   * The first `n` records of the queue that are not in `skip`, ordered by (Lamport, id) — the wire order
   * of a causal history, oldest first. Changes nothing: {@link UnnamedEntries.named} removes them once the
   * message naming them is built.
   */
  first(n: number, skip: ReadonlySet<MessageId>): LogRecord[];
  /**
   * The waiting records a sync message names, not in `skip`, ordered like {@link UnnamedEntries.first}:
   * first up to `fresh` records no sync of ours has named yet (so that a burst of messages gets
   * acknowledged by the next sync, not one sync per few messages); then, up to `rotate` records in all,
   * records an earlier sync named, taken from the front and moved to the back of the queue, so that
   * successive syncs name every waiting record again in turn (for a participant that missed a sync). The
   * records stay queued until a content message names them; {@link UnnamedEntries.syncNamed} marks those
   * the sync really carried.
   */
  forSync(fresh: number, rotate: number, skip: ReadonlySet<MessageId>): LogRecord[];
  /** A sync message naming `id` was built: it is no longer fresh for syncs (content messages still name it). */
  syncNamed(id: MessageId): void;
  /** Updates the hint of a queued record; false when `id` is not queued. */
  setHint(id: MessageId, hint: Uint8Array): boolean;
  /** The queued records, earliest arrival first (for export). */
  records(): readonly LogRecord[];
  readonly size: number;
}

/**
 * Creates an {@link UnnamedEntries} queue holding at most `capacity` records: beyond it the front of the
 * queue (the earliest arrival, unless sync messages rotated it) is dropped unnamed (a participant that logs more than `capacity` messages it never names; see
 * README "Late messages"). `capacity` 0 tracks nothing.
 */
export function createUnnamedEntries(capacity: number, initial: readonly LogRecord[] = []): UnnamedEntries {
  // A Map iterates in insertion order: the arrival order.
  const queue = new Map<MessageId, LogRecord>();
  // Queued ids a sync of ours has named (not persisted: after a restart a sync names them once more).
  const syncNamed = new Set<MessageId>();
  const first = (n: number, skip?: ReadonlySet<MessageId>): LogRecord[] => {
    const out: LogRecord[] = [];
    for (const record of queue.values()) {
      if (out.length >= n) break;
      if (skip?.has(record.messageId) !== true) out.push(record);
    }
    return out;
  };
  const entries: UnnamedEntries = {
    add(record) {
      if (capacity === 0 || queue.has(record.messageId)) return;
      if (queue.size >= capacity) {
        const earliest = queue.keys().next();
        if (earliest.done !== true) {
          queue.delete(earliest.value);
          syncNamed.delete(earliest.value);
        }
      }
      queue.set(record.messageId, record);
    },
    named(id) {
      queue.delete(id);
      syncNamed.delete(id);
    },
    first: (n, skip) => first(n, skip).sort(compareOrdered),
    forSync(fresh, rotate, skip) {
      const out: LogRecord[] = [];
      for (const record of queue.values()) {
        if (out.length >= fresh) break;
        if (!skip.has(record.messageId) && !syncNamed.has(record.messageId)) out.push(record);
      }
      const again: LogRecord[] = [];
      if (out.length < rotate) {
        const chosen = new Set(out.map((record) => record.messageId));
        for (const record of queue.values()) {
          if (out.length + again.length >= rotate) break;
          if (!skip.has(record.messageId) && !chosen.has(record.messageId)) again.push(record);
        }
        for (const record of again) {
          queue.delete(record.messageId);
          queue.set(record.messageId, record);
        }
      }
      return [...out, ...again].sort(compareOrdered);
    },
    syncNamed(id) {
      if (queue.has(id)) syncNamed.add(id);
    },
    setHint(id, hint) {
      const record = queue.get(id);
      if (record === undefined) return false;
      queue.set(id, { ...record, retrievalHint: hint });
      return true;
    },
    records: () => [...queue.values()],
    get size() {
      return queue.size;
    },
  };
  for (const record of initial) entries.add(record);
  return entries;
}

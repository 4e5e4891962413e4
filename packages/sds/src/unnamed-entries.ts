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
   * Returns the first `n` records like {@link UnnamedEntries.take} but keeps them, moved to the back of the
   * queue: repeated peeks go round the whole queue.
   */
  peek(n: number): LogRecord[];
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
        if (earliest.done !== true) queue.delete(earliest.value);
      }
      queue.set(record.messageId, record);
    },
    named(id) {
      queue.delete(id);
    },
    first: (n, skip) => first(n, skip).sort(compareOrdered),
    peek(n) {
      const out = first(n);
      for (const record of out) {
        queue.delete(record.messageId);
        queue.set(record.messageId, record);
      }
      return out.sort(compareOrdered);
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

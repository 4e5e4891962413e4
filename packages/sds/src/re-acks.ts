import type { HistoryEntry, MessageId } from "@reliable-channel/interfaces";
import { compareOrdered } from "./compare.js";
import type { LogRecord } from "./local-log.js";

/** Re-sent ids remembered until answered (a bound against re-sends of many old messages). */
export const REACKS_CAPACITY = 256;
/** Re-sent ids named in front of one message's causal history. */
export const REACKS_PER_MESSAGE = 8;

/**
 * Content messages re-sent to us after we delivered them: their sender (or a repairer) did not hear our
 * acknowledgement, which a flood can starve (our messages name only a few of the many arrivals, and in a
 * channel of two a bloom hit is no acknowledgement). Each is named by the next message we build, content
 * or sync, in front of its causal history, so that the re-send is answered whatever else arrived. Not
 * persisted: after a restart the next re-send queues it again. At most `capacity` ids, the oldest dropped.
 */
export interface ReAcks {
  /** `record`'s message arrived again after it was delivered. */
  add(record: LogRecord): void;
  /** Up to `n` queued entries not in `skip`, in wire order (Lamport, then id). Changes nothing. */
  first(n: number, skip: readonly HistoryEntry[]): HistoryEntry[];
  /** A message naming `entries` was built: they are answered. */
  named(entries: readonly HistoryEntry[]): void;
  readonly size: number;
}

/** Creates a {@link ReAcks} queue of at most `capacity` ids. */
export function createReAcks(capacity: number): ReAcks {
  const queue = new Map<MessageId, LogRecord>();
  return {
    add(record) {
      queue.delete(record.messageId);
      queue.set(record.messageId, record);
      for (const oldest of queue.keys()) {
        if (queue.size <= capacity) break;
        queue.delete(oldest);
      }
    },
    first(n, skip) {
      if (queue.size === 0 || n <= 0) return [];
      const skipped = new Set(skip.map((e) => e.messageId));
      const out: LogRecord[] = [];
      for (const record of queue.values()) {
        if (out.length >= n) break;
        if (!skipped.has(record.messageId)) out.push(record);
      }
      return out
        .sort(compareOrdered)
        .map(({ messageId, senderId, retrievalHint }) =>
          retrievalHint === undefined ? { messageId, senderId } : { messageId, senderId, retrievalHint },
        );
    },
    named(entries) {
      for (const entry of entries) queue.delete(entry.messageId);
    },
    get size() {
      return queue.size;
    },
  };
}

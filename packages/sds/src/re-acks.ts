import type { HistoryEntry, MessageId } from "@reliable-channel/interfaces";
import { compareOrdered } from "./compare.js";
import type { LogRecord } from "./local-log.js";

/** Re-sent ids remembered until answered (a bound against re-sends of many old messages). */
export const REACKS_CAPACITY = 256;
/** Re-sent ids named in front of one message's causal history. */
export const REACKS_PER_MESSAGE = 8;
/** Re-sent ids of one sender remembered (its oldest forgotten first). */
export const REACKS_PER_SENDER = 16;
/** Re-sent ids of one sender named by one message (the others take the next ones). */
export const REACKS_PER_SENDER_PER_MESSAGE = 2;

/**
 * Content messages re-sent to us after we delivered them: their sender (or a repairer) did not hear our
 * acknowledgement, which a flood can starve (our messages name only a few of the many arrivals, and in a
 * channel of two a bloom hit is no acknowledgement). Each is named by the next message we build, content
 * or sync, in front of its causal history, so that the re-send is answered whatever else arrived. Not
 * persisted: after a restart the next re-send queues it again. At most `capacity` ids, the oldest dropped;
 * per sender at most {@link REACKS_PER_SENDER} queued and {@link REACKS_PER_SENDER_PER_MESSAGE} named per
 * message, so that one sender re-sending its own old messages does not crowd out another's.
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
      // A sender re-sending many of its old messages crowds out its own, not everyone's.
      const own = [...queue.values()].filter((r) => r.senderId === record.senderId);
      for (const old of own.slice(0, Math.max(0, own.length - REACKS_PER_SENDER)))
        queue.delete(old.messageId);
      for (const oldest of queue.keys()) {
        if (queue.size <= capacity) break;
        queue.delete(oldest);
      }
    },
    first(n, skip) {
      if (queue.size === 0 || n <= 0) return [];
      const skipped = new Set(skip.map((e) => e.messageId));
      const out: LogRecord[] = [];
      const perSender = new Map<string, number>();
      for (const record of queue.values()) {
        if (out.length >= n) break;
        const count = perSender.get(record.senderId) ?? 0;
        if (skipped.has(record.messageId) || count >= REACKS_PER_SENDER_PER_MESSAGE) continue;
        perSender.set(record.senderId, count + 1);
        out.push(record);
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

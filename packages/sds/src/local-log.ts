import type { HistoryEntry, MessageId, ParticipantId } from "@reliable-channel/interfaces";
import { compareOrdered } from "./compare.js";

/** One entry of the local log. */
export interface LogRecord {
  readonly messageId: MessageId;
  readonly lamportTimestamp: bigint;
  readonly senderId: ParticipantId;
  readonly retrievalHint?: Uint8Array;
}

/** The causal-history entry naming `r`. */
function entryOf(r: LogRecord): HistoryEntry {
  return r.retrievalHint === undefined
    ? { messageId: r.messageId, senderId: r.senderId }
    : { messageId: r.messageId, retrievalHint: r.retrievalHint, senderId: r.senderId };
}

/**
 * The tail of the local log, ordered by (Lamport, message id in byte order), capped at `capacity`
 * entries (the oldest are forgotten; the channel keeps the full log in storage if it wants it).
 * A ring buffer: appends and trims are O(1); an out-of-order insert moves only the entries after it.
 */
export interface LocalLog {
  /** Inserts in order (usually an append); ignores an id already present. */
  insert(record: LogRecord): void;
  has(id: MessageId): boolean;
  setHint(id: MessageId, hint: Uint8Array): boolean;
  /** The last `n` entries as causal-history entries, oldest first. */
  tail(n: number): HistoryEntry[];
  records(): readonly LogRecord[];
  readonly size: number;
}

/** Creates a {@link LocalLog} holding at most `capacity` entries. */
export function createLocalLog(capacity: number, initial: readonly LogRecord[] = []): LocalLog {
  const ring: (LogRecord | undefined)[] = new Array(capacity);
  const ids = new Set<MessageId>();
  let head = 0; // index of the oldest entry
  let size = 0;
  const at = (i: number): LogRecord => ring[(head + i) % capacity] as LogRecord;
  const put = (i: number, r: LogRecord): void => {
    ring[(head + i) % capacity] = r;
  };

  const log: LocalLog = {
    insert(record) {
      if (ids.has(record.messageId)) return;
      if (size === capacity) {
        if (compareOrdered(record, at(0)) < 0) return; // older than everything kept: it would be trimmed at once
        ids.delete(at(0).messageId);
        ring[head] = undefined;
        head = (head + 1) % capacity;
        size--;
      }
      let i = size;
      while (i > 0 && compareOrdered(at(i - 1), record) > 0) {
        put(i, at(i - 1));
        i--;
      }
      put(i, record);
      size++;
      ids.add(record.messageId);
    },
    has: (id) => ids.has(id),
    setHint(id, hint) {
      if (!ids.has(id)) return false;
      for (let i = size - 1; i >= 0; i--) {
        const r = at(i);
        if (r.messageId === id) {
          put(i, { ...r, retrievalHint: hint });
          return true;
        }
      }
      return false;
    },
    tail(n) {
      const out: HistoryEntry[] = [];
      for (let i = Math.max(0, size - n); i < size; i++) out.push(entryOf(at(i)));
      return out;
    },
    records: () => Array.from({ length: size }, (_, i) => at(i)),
    get size() {
      return size;
    },
  };
  for (const r of initial) log.insert(r);
  return log;
}

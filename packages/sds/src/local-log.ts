import type { HistoryEntry, MessageId, ParticipantId } from "@reliable-channel/interfaces";
import { compareOrdered } from "./compare.js";

/** One entry of the local log. */
export interface LogRecord {
  readonly messageId: MessageId;
  readonly lamportTimestamp: bigint;
  readonly senderId: ParticipantId;
  readonly retrievalHint?: Uint8Array;
}

/**
 * The tail of the local log, ordered by (Lamport, message id in byte order), capped at `capacity`
 * entries (the oldest are forgotten; the channel keeps the full log in storage if it wants it).
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
  const entries: LogRecord[] = [];
  const index = new Map<MessageId, number>();
  let offset = 0; // index values are absolute positions; entries[i] has absolute position offset + i

  const reindexFrom = (i: number): void => {
    for (let j = i; j < entries.length; j++) {
      const e = entries[j];
      if (e !== undefined) index.set(e.messageId, offset + j);
    }
  };

  const log: LocalLog = {
    insert(record) {
      if (index.has(record.messageId)) return;
      let i = entries.length;
      while (i > 0) {
        const prev = entries[i - 1];
        if (prev === undefined || compareOrdered(prev, record) <= 0) break;
        i--;
      }
      entries.splice(i, 0, record);
      reindexFrom(i);
      while (entries.length > capacity) {
        const dropped = entries.shift();
        if (dropped !== undefined) index.delete(dropped.messageId);
        offset++;
      }
    },
    has: (id) => index.has(id),
    setHint(id, hint) {
      const pos = index.get(id);
      if (pos === undefined) return false;
      const e = entries[pos - offset];
      if (e === undefined) return false;
      entries[pos - offset] = { ...e, retrievalHint: hint };
      return true;
    },
    tail(n) {
      const out: HistoryEntry[] = [];
      for (let i = Math.max(0, entries.length - n); i < entries.length; i++) {
        const e = entries[i];
        if (e === undefined) continue;
        out.push(
          e.retrievalHint === undefined
            ? { messageId: e.messageId, senderId: e.senderId }
            : { messageId: e.messageId, retrievalHint: e.retrievalHint, senderId: e.senderId },
        );
      }
      return out;
    },
    records: () => entries.slice(),
    get size() {
      return entries.length;
    },
  };
  for (const r of initial) log.insert(r);
  return log;
}

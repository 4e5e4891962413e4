import type { HistoryEntry, MessageId, ParticipantId } from "@reliable-channel/interfaces";
import { compareOrdered } from "./compare.js";
import { createUnnamedEntries } from "./unnamed-entries.js";

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
  /**
   * Inserts in order (usually an append); ignores an id already present. Returns whether the record is
   * now in the log (a record older than everything in a full log is not kept) and the id it pushed out.
   */
  insert(record: LogRecord): LogInsert;
  has(id: MessageId): boolean;
  /** The record of `id`, when it is in the log. */
  get(id: MessageId): LogRecord | undefined;
  setHint(id: MessageId, hint: Uint8Array): boolean;
  /** The last `n` entries as causal-history entries, oldest first. */
  tail(n: number): HistoryEntry[];
  /**
   * The causal history of a message being built: up to `extra` logged entries that no content message of
   * ours has named yet (the front of that queue: earliest arrival first), then the last `tailSize`
   * entries; ordered by (Lamport, id), oldest first. For a content message nothing changes until the
   * caller commits it with {@link LocalLog.named} (every entry of a content message — logged by its
   * receivers, re-sent until acknowledged — counts as named from then on). A sync message (best effort,
   * named by nobody) leaves the entries queued: it first names up to `fresh` entries no sync named yet,
   * then, up to `extra` extra entries in all, entries an earlier sync named, in turn (see
   * `UnnamedEntries.forSync`).
   */
  history(tailSize: number, extra: number, kind: "content" | "sync", fresh?: number): HistoryEntry[];
  /** A content message naming `entries` was built: none of them waits to be named any more. */
  named(entries: readonly HistoryEntry[]): void;
  /** A sync message naming `entries` was built: they wait for a content message, but are no longer fresh. */
  syncNamed(entries: readonly HistoryEntry[]): void;
  /** Logged entries no content message of ours has named yet, in queue order. */
  unnamed(): readonly LogRecord[];
  records(): readonly LogRecord[];
  readonly size: number;
}

/** What {@link LocalLog.insert} did. */
export interface LogInsert {
  /** The record is in the log now (false: already there, or too old for a full log). */
  readonly kept: boolean;
  /** The id pushed out of a full log to make room. */
  readonly evicted?: MessageId;
}

const UNCHANGED: LogInsert = { kept: false };

/** Options of {@link createLocalLog}. */
export interface LocalLogInit {
  /** Entries kept (the tail by Lamport order). */
  readonly capacity: number;
  /** Entries restored into the log (they do not count as unnamed). */
  readonly initial?: readonly LogRecord[];
  /** Most entries waiting to be named; 0 tracks none. @default capacity */
  readonly unnamedCapacity?: number;
  /** Restored unnamed entries, earliest arrival first. */
  readonly unnamed?: readonly LogRecord[];
}

/** Creates a {@link LocalLog} holding at most `init.capacity` entries. */
export function createLocalLog(init: LocalLogInit): LocalLog {
  const { capacity } = init;
  const unnamed = createUnnamedEntries(init.unnamedCapacity ?? capacity, init.unnamed);
  const ring: (LogRecord | undefined)[] = new Array(capacity);
  const ids = new Set<MessageId>();
  let head = 0; // index of the oldest entry
  let size = 0;
  const at = (i: number): LogRecord => ring[(head + i) % capacity] as LogRecord;
  const put = (i: number, r: LogRecord): void => {
    ring[(head + i) % capacity] = r;
  };

  const place = (record: LogRecord): LogInsert => {
    if (ids.has(record.messageId)) return UNCHANGED;
    let evicted: MessageId | undefined;
    if (size === capacity) {
      if (compareOrdered(record, at(0)) < 0) return UNCHANGED; // older than everything kept: trimmed at once
      evicted = at(0).messageId;
      ids.delete(evicted);
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
    return evicted === undefined ? { kept: true } : { kept: true, evicted };
  };

  /** Peeks up to `n` unnamed entries not in `tail` (those the tail names already are skipped). */
  const log: LocalLog = {
    insert(record) {
      if (ids.has(record.messageId)) return UNCHANGED;
      const placed = place(record);
      unnamed.add(record);
      return placed;
    },
    has: (id) => ids.has(id),
    get(id) {
      if (!ids.has(id)) return undefined;
      for (let i = size - 1; i >= 0; i--) if (at(i).messageId === id) return at(i);
      return undefined;
    },
    setHint(id, hint) {
      const queued = unnamed.setHint(id, hint);
      if (!ids.has(id)) return queued;
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
    history(tailSize, extra, kind, fresh = 0) {
      const tail = log.tail(tailSize);
      const inTail = new Set(tail.map((e) => e.messageId));
      const extras =
        kind === "content"
          ? extra === 0
            ? []
            : unnamed.first(extra, inTail)
          : unnamed.forSync(fresh, extra, inTail);
      // Entries outside the tail sort before it (the log is ordered), so the result stays ordered.
      return [...extras.map(entryOf), ...tail];
    },
    named(entries) {
      for (const entry of entries) unnamed.named(entry.messageId);
    },
    syncNamed(entries) {
      for (const entry of entries) unnamed.syncNamed(entry.messageId);
    },
    unnamed: () => unnamed.records(),
    records: () => Array.from({ length: size }, (_, i) => at(i)),
    get size() {
      return size;
    },
  };
  for (const r of init.initial ?? []) place(r);
  return log;
}

import type { HistoryEntry, MessageId, SdsMessage } from "@reliable-channel/interfaces";

/** A received content message waiting for dependencies or for local time to reach its timestamp. */
export interface BufferedMessage {
  readonly message: SdsMessage;
  readonly messageId: MessageId;
  readonly lamportTimestamp: bigint;
  readonly bytes: Uint8Array;
  readonly retrievalHint?: Uint8Array;
  /** Local time (ms) it arrived. */
  readonly receivedAt: number;
  /** Local time (ms) from which its timestamp is close enough to deliver it. */
  readonly notBefore: number;
  /** The dependencies it waits for. */
  readonly deps: readonly MessageId[];
  /** Dependencies it does not wait for (from before our join point). */
  readonly skipped: readonly MessageId[];
}

/** A dependency no one has received, with the time (ms) it was first found missing. */
export interface MissingRecord {
  readonly entry: HistoryEntry;
  readonly since: number;
}

/**
 * The incoming buffer: messages, the reverse index dependency → waiting messages, the count of unmet
 * dependencies per message, and the missing (never received) dependencies. Every operation is O(edges
 * touched); nothing scans the whole buffer except the explicit time-based sweeps.
 */
export interface IncomingBuffer {
  has(id: MessageId): boolean;
  get(id: MessageId): BufferedMessage | undefined;
  /** Adds `msg` waiting for `deps`; returns the entries that became missing (not buffered, not missing before). */
  add(msg: BufferedMessage, deps: readonly HistoryEntry[], now: number): HistoryEntry[];
  /** Tracks `entries` as missing although no buffered message waits on them; returns the newly missing. */
  addMissing(entries: readonly HistoryEntry[], now: number): HistoryEntry[];
  /** Marks `id` available (delivered or released); returns the messages whose last dependency it was. */
  resolve(id: MessageId): BufferedMessage[];
  /** Removes `id` from the buffer, unhooking it from its dependencies; returns missing ids nobody awaits now. */
  remove(id: MessageId): MessageId[];
  pendingCount(id: MessageId): number;
  readonly size: number;
  /** Bytes of the buffered messages' encodings. */
  readonly bytes: number;
  /** Buffered messages, oldest arrival first. */
  values(): IterableIterator<BufferedMessage>;
  missing(): IterableIterator<MissingRecord>;
  readonly missingSize: number;
  isMissing(id: MessageId): boolean;
  missingEntry(id: MessageId): HistoryEntry | undefined;
  /** The missing entry tracked longest that no buffered message waits for (named only by a sync). */
  oldestUnawaited(): HistoryEntry | undefined;
}

/** Creates an empty {@link IncomingBuffer}. */
export function createIncomingBuffer(): IncomingBuffer {
  const messages = new Map<MessageId, BufferedMessage>();
  const pending = new Map<MessageId, number>();
  const waiters = new Map<MessageId, Set<MessageId>>();
  const missing = new Map<MessageId, MissingRecord>();
  let bytes = 0;

  const addMissing = (entry: HistoryEntry, now: number, out: HistoryEntry[]): void => {
    const known = missing.get(entry.messageId);
    if (known === undefined) {
      missing.set(entry.messageId, { entry, since: now });
      out.push(entry);
    } else if (known.entry.retrievalHint === undefined && entry.retrievalHint !== undefined) {
      missing.set(entry.messageId, { entry, since: known.since });
    }
  };

  return {
    has: (id) => messages.has(id),
    get: (id) => messages.get(id),
    add(msg, deps, now) {
      const newlyMissing: HistoryEntry[] = [];
      bytes += msg.bytes.length - (messages.get(msg.messageId)?.bytes.length ?? 0);
      messages.set(msg.messageId, msg);
      pending.set(msg.messageId, deps.length);
      missing.delete(msg.messageId);
      for (const dep of deps) {
        let set = waiters.get(dep.messageId);
        if (set === undefined) {
          set = new Set();
          waiters.set(dep.messageId, set);
        }
        set.add(msg.messageId);
        if (!messages.has(dep.messageId)) addMissing(dep, now, newlyMissing);
      }
      return newlyMissing;
    },
    addMissing(entries, now) {
      const out: HistoryEntry[] = [];
      for (const e of entries) addMissing(e, now, out);
      return out;
    },
    resolve(id) {
      missing.delete(id);
      const set = waiters.get(id);
      if (set === undefined) return [];
      waiters.delete(id);
      const ready: BufferedMessage[] = [];
      for (const w of set) {
        const left = (pending.get(w) ?? 1) - 1;
        pending.set(w, left);
        const m = messages.get(w);
        if (left === 0 && m !== undefined) ready.push(m);
      }
      return ready;
    },
    remove(id) {
      const msg = messages.get(id);
      if (msg === undefined) return [];
      bytes -= msg.bytes.length;
      messages.delete(id);
      pending.delete(id);
      const orphaned: MessageId[] = [];
      for (const dep of msg.deps) {
        const set = waiters.get(dep);
        if (set === undefined) continue;
        set.delete(id);
        if (set.size > 0) continue;
        waiters.delete(dep);
        if (missing.delete(dep)) orphaned.push(dep);
      }
      return orphaned;
    },
    pendingCount: (id) => pending.get(id) ?? 0,
    get size() {
      return messages.size;
    },
    get bytes() {
      return bytes;
    },
    values: () => messages.values(),
    missing: () => missing.values(),
    get missingSize() {
      return missing.size;
    },
    isMissing: (id) => missing.has(id),
    missingEntry: (id) => missing.get(id)?.entry,
    oldestUnawaited() {
      for (const [id, record] of missing) if (!waiters.has(id)) return record.entry;
      return undefined;
    },
  };
}

import { toHex } from "@reliable-channel/hash";
import type { Clock, TimeRange } from "@reliable-channel/interfaces";
import { RETRIEVAL_HINT_BYTES } from "./retrieval-hint.js";

/** One payload kept by a {@link MemoryStore}. */
export interface StoredMessage {
  /** sha256 of `bytes`. */
  readonly retrievalHint: Uint8Array;
  /** The published bytes (a private copy; do not mutate). */
  readonly bytes: Uint8Array;
  /** When it was (last) published (ms of the network's clock). */
  readonly storedAt: number;
  /** The peer that (last) published it. */
  readonly publisher: string;
}

/**
 * The network's store: keeps every published payload for `retentionMs` of virtual time and answers
 * retrieval-hint lookups and time-range queries, like a Waku store node queried by message hash or by time.
 * Expired payloads are gone for good.
 */
export interface MemoryStore {
  /** How long (ms) a payload is kept after it was published. */
  readonly retentionMs: number;
  /** How many payloads are held now (expired ones are not counted). */
  readonly size: number;
  /** The payload stored under `hint`, or `undefined` when unknown or expired. */
  get(hint: Uint8Array): StoredMessage | undefined;
  /** Whether a payload is stored under `hint` (and not expired). */
  has(hint: Uint8Array): boolean;
  /** Every payload held, oldest publish first. */
  entries(): IterableIterator<StoredMessage>;
  /**
   * Every payload held whose `storedAt` lies in `range` (both ends inclusive), oldest first: the answer of a
   * store query by time range. A new array; the messages are the store's own (do not mutate their bytes).
   */
  storedIn(range: TimeRange): StoredMessage[];
}

/** The store plus the write side the network uses. */
export interface WritableMemoryStore extends MemoryStore {
  /** Keeps `message`; republishing identical bytes refreshes its time and publisher. */
  put(message: StoredMessage): void;
}

/** Creates the store of a memory network; expiry is computed from `clock` on every access. */
export function createMemoryStore(clock: Clock, retentionMs: number): WritableMemoryStore {
  // Insertion order is publish order (a republish moves the entry to the end), so expired entries are at the front.
  const byHint = new Map<string, StoredMessage>();
  const expired = (message: StoredMessage): boolean => clock.now() - message.storedAt >= retentionMs;
  let prunedAt = Number.NaN;
  const prune = (): void => {
    // Entries only expire as time moves, so one pass per clock reading is enough.
    if (clock.now() === prunedAt) return;
    prunedAt = clock.now();
    for (const [key, message] of byHint) {
      if (!expired(message)) return;
      byHint.delete(key);
    }
  };
  const get = (hint: Uint8Array): StoredMessage | undefined => {
    if (hint.length !== RETRIEVAL_HINT_BYTES) return undefined;
    prune();
    return byHint.get(toHex(hint));
  };
  return {
    retentionMs,
    get size() {
      prune();
      return byHint.size;
    },
    get,
    has: (hint) => get(hint) !== undefined,
    entries() {
      prune();
      return byHint.values();
    },
    storedIn({ from, to }) {
      prune();
      const found: StoredMessage[] = [];
      for (const message of byHint.values()) {
        if (message.storedAt >= from && message.storedAt <= to) found.push(message);
      }
      return found;
    },
    put(message) {
      prune();
      const key = toHex(message.retrievalHint);
      byHint.delete(key);
      byHint.set(key, message);
    },
  };
}

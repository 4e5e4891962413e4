import type { HistoryEntry, MessageId, Random } from "@reliable-channel/interfaces";
import { type BackoffPolicy, backoffDelay } from "./backoff.js";

/** Limits of the retrieval of missing messages. */
export interface RetrievalPolicy {
  readonly backoff: BackoffPolicy;
  /** Store queries per message before it is given up as `not-in-store`. */
  readonly maxAttempts: number;
  /** How long (ms) a dependency may stay missing before it is given up as `timeout`. */
  readonly missingTimeoutMs: number;
}

/** Options of {@link RetrievalTracker}. */
export interface RetrievalTrackerOptions {
  /**
   * Whether a dependency the store did not have after every query is given up (`not-in-store`); when
   * false (another way may still bring it, e.g. SDS-Repair), only the time limit gives it up.
   */
  readonly giveUpWhenNotInStore: boolean;
}

interface Tracked {
  entry: HistoryEntry;
  readonly since: number;
  /** The order in which it went missing (see {@link RetrievalTracker.mark}). */
  readonly order: number;
  attempts: number;
  nextAt: number;
}

/** What expired at a given time, by reason. */
export interface Expired {
  readonly notInStore: readonly MessageId[];
  readonly timeout: readonly MessageId[];
}

/**
 * Which missing dependencies to query the store for, and when to give them up. Pure state: the caller owns
 * the timer and the queries. A dependency with a hint is queried at once, then with backoff, at most
 * `maxAttempts` times; any dependency is given up `missingTimeoutMs` after it went missing.
 */
export class RetrievalTracker {
  readonly #policy: RetrievalPolicy;
  readonly #random: Random;
  readonly #giveUpWhenNotInStore: boolean;
  readonly #tracked = new Map<MessageId, Tracked>();
  #added = 0;

  constructor(
    policy: RetrievalPolicy,
    random: Random,
    options: RetrievalTrackerOptions = { giveUpWhenNotInStore: true },
  ) {
    this.#policy = policy;
    this.#random = random;
    this.#giveUpWhenNotInStore = options.giveUpWhenNotInStore;
  }

  /** Starts tracking newly missing entries (already tracked ids are kept as they are). */
  add(entries: readonly HistoryEntry[], now: number): void {
    for (const entry of entries) {
      if (this.#tracked.has(entry.messageId)) continue;
      this.#added += 1;
      this.#tracked.set(entry.messageId, { entry, since: now, order: this.#added, attempts: 0, nextAt: now });
    }
  }

  /**
   * Learns retrieval hints from entries seen later (another participant's causal history or repair request
   * names a dependency we track without a hint); returns whether any was learned (then due at `now`).
   */
  learnHints(entries: readonly HistoryEntry[], now: number): boolean {
    let learned = false;
    for (const entry of entries) {
      const tracked = this.#tracked.get(entry.messageId);
      if (tracked === undefined || entry.retrievalHint === undefined) continue;
      if (tracked.entry.retrievalHint !== undefined) continue;
      tracked.entry = { ...tracked.entry, retrievalHint: entry.retrievalHint };
      tracked.nextAt = now;
      learned = true;
    }
    return learned;
  }

  /** Entries with a hint whose next store query is due at `now`. */
  due(now: number): readonly HistoryEntry[] {
    const due: HistoryEntry[] = [];
    for (const tracked of this.#tracked.values()) {
      const hinted = tracked.entry.retrievalHint !== undefined;
      if (hinted && tracked.attempts < this.#policy.maxAttempts && tracked.nextAt <= now)
        due.push(tracked.entry);
    }
    return due;
  }

  /** Records a store query for `ids` made at `now`; schedules the next one with backoff. */
  queried(ids: readonly MessageId[], now: number): void {
    for (const id of ids) {
      const tracked = this.#tracked.get(id);
      if (tracked === undefined) continue;
      tracked.attempts += 1;
      tracked.nextAt = now + backoffDelay(this.#policy.backoff, tracked.attempts, this.#random);
    }
  }

  /** A store query for `ids` failed (the store was not reached): it does not count; retried with backoff. */
  failed(ids: readonly MessageId[], now: number): void {
    for (const id of ids) {
      const tracked = this.#tracked.get(id);
      if (tracked === undefined) continue;
      tracked.attempts = Math.max(0, tracked.attempts - 1);
      tracked.nextAt = now + backoffDelay(this.#policy.backoff, tracked.attempts + 1, this.#random);
    }
  }

  /** A mark of the present: {@link RetrievalTracker.trackedBefore} it lists what went missing until now. */
  mark(): number {
    return this.#added;
  }

  /** The tracked ids that went missing before `mark` was taken. */
  trackedBefore(mark: number): MessageId[] {
    const ids: MessageId[] = [];
    for (const [id, tracked] of this.#tracked) if (tracked.order <= mark) ids.push(id);
    return ids;
  }

  /** Stops tracking ids that arrived (retrieved, re-sent, repaired) or were given up. */
  resolve(ids: Iterable<MessageId>): void {
    for (const id of ids) this.#tracked.delete(id);
  }

  /** Keeps only the ids in `stillMissing` (the core's view of what is missing). */
  retain(stillMissing: ReadonlySet<MessageId>): void {
    for (const id of [...this.#tracked.keys()]) if (!stillMissing.has(id)) this.#tracked.delete(id);
  }

  /** Removes and returns the entries to give up at `now`. */
  takeExpired(now: number): Expired {
    const notInStore: MessageId[] = [];
    const timeout: MessageId[] = [];
    for (const [id, tracked] of this.#tracked) {
      if (now - tracked.since >= this.#policy.missingTimeoutMs) timeout.push(id);
      else if (this.#giveUpWhenNotInStore && this.#exhausted(tracked) && tracked.nextAt <= now)
        notInStore.push(id);
    }
    this.resolve([...notInStore, ...timeout]);
    return { notInStore, timeout };
  }

  /** When (ms) something next falls due (a query or an expiry), or undefined when nothing is tracked. */
  nextWakeAt(): number | undefined {
    let next: number | undefined;
    for (const tracked of this.#tracked.values()) {
      const expiry = tracked.since + this.#policy.missingTimeoutMs;
      const hinted = tracked.entry.retrievalHint !== undefined;
      const queryOrGiveUp = !this.#exhausted(tracked) || this.#giveUpWhenNotInStore;
      const at = hinted && queryOrGiveUp ? Math.min(tracked.nextAt, expiry) : expiry;
      if (next === undefined || at < next) next = at;
    }
    return next;
  }

  #exhausted(tracked: Tracked): boolean {
    return tracked.attempts >= this.#policy.maxAttempts;
  }

  /** Whether `id` is being tracked. */
  has(id: MessageId): boolean {
    return this.#tracked.has(id);
  }

  /** The number of tracked dependencies. */
  get size(): number {
    return this.#tracked.size;
  }
}

import { toHex } from "@reliable-channel/hash";
import type { HistoryEntry, MessageId, Random } from "@reliable-channel/interfaces";
import { type BackoffPolicy, backoffBaseDelay, backoffDelay } from "./backoff.js";

/** Other retrieval hints kept per dependency, tried in turn when the one in use proves wrong or in vain. */
export const MAX_ALTERNATIVE_HINTS = 3;

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
  /**
   * Whether dependencies known without a hint are looked for by scans of the store (see
   * {@link RetrievalTracker.scanDue}); when false, only a hint learned later or the time limit moves them.
   */
  readonly scansHintless?: boolean;
}

interface Tracked {
  entry: HistoryEntry;
  readonly since: number;
  /** The order in which it went missing (see {@link RetrievalTracker.mark}). */
  readonly order: number;
  /** Store queries by its hint, or (without a hint) store scans that looked for it. */
  attempts: number;
  /** When its next store query (or, without a hint, scan) is due. */
  nextAt: number;
  /** Not given up before this time (ms): something may still bring it (see {@link HoldUntil}). */
  heldUntil: number;
  /** Other hints named for it, not tried yet (oldest first). */
  readonly alternatives: Uint8Array[];
  /** Hints tried and proven wrong (they fetched another message), in hex. */
  readonly wrong: Set<string>;
}

/** When a tracked dependency went missing, and in which order (see {@link RetrievalTracker.mark}). */
export interface TrackedInfo {
  readonly since: number;
  readonly order: number;
}

/**
 * Asked for a dependency whose time limit has passed and whose store queries are over: until when (ms) it
 * must not be given up yet because another way may still bring it (`now` or earlier: give it up now;
 * `Infinity`: until {@link RetrievalTracker.unhold}).
 */
export type HoldUntil = (entry: HistoryEntry, info: TrackedInfo) => number;

/** What expired at a given time, by reason. */
export interface Expired {
  readonly notInStore: readonly MessageId[];
  readonly timeout: readonly MessageId[];
}

/**
 * Which missing dependencies to query the store for, and when to give them up. Pure state: the caller owns
 * the timer and the queries. A dependency with a hint is queried at once, then with backoff, at most
 * `maxAttempts` times (then given up as `not-in-store`, when so configured). A dependency is given up as
 * `timeout` no sooner than `missingTimeoutMs` after it went missing, never before the store answered one
 * query for it (when it has a hint), and never while the caller's {@link HoldUntil} says something may
 * still bring it. A dependency without a hint (when so configured) is looked for by scans of the store by
 * time, shared by all such dependencies: first after the backoff's base delay (it may just be late), then
 * with backoff, at most `maxAttempts` times.
 */
export class RetrievalTracker {
  readonly #policy: RetrievalPolicy;
  readonly #random: Random;
  readonly #giveUpWhenNotInStore: boolean;
  readonly #scansHintless: boolean;
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
    this.#scansHintless = options.scansHintless ?? false;
  }

  /** Starts tracking newly missing entries (for already tracked ids, only a new hint is learned). */
  add(entries: readonly HistoryEntry[], now: number): void {
    for (const entry of entries) {
      const known = this.#tracked.get(entry.messageId);
      if (known !== undefined) {
        if (entry.retrievalHint !== undefined) this.#learn(known, entry.retrievalHint, now);
        continue;
      }
      this.#added += 1;
      this.#tracked.set(entry.messageId, {
        entry,
        since: now,
        order: this.#added,
        attempts: 0,
        nextAt: entry.retrievalHint === undefined ? this.#firstScanAt(now) : now,
        heldUntil: Number.NEGATIVE_INFINITY,
        alternatives: [],
        wrong: new Set(),
      });
    }
  }

  /**
   * Learns retrieval hints from entries seen later (another participant's causal history or repair request
   * names a tracked dependency): a dependency without a hint takes it (then due at `now`); one with a hint
   * keeps it as an alternative (at most {@link MAX_ALTERNATIVE_HINTS}). Returns whether a hint was taken.
   */
  learnHints(entries: readonly HistoryEntry[], now: number): boolean {
    let learned = false;
    for (const entry of entries) {
      const tracked = this.#tracked.get(entry.messageId);
      if (tracked === undefined || entry.retrievalHint === undefined) continue;
      if (this.#learn(tracked, entry.retrievalHint, now)) learned = true;
    }
    return learned;
  }

  #learn(tracked: Tracked, hint: Uint8Array, now: number): boolean {
    const hex = toHex(hint);
    const current = tracked.entry.retrievalHint;
    if (tracked.wrong.has(hex) || (current !== undefined && toHex(current) === hex)) return false;
    if (current === undefined) {
      this.#use(tracked, hint, now);
      return true;
    }
    const known = tracked.alternatives.some((alternative) => toHex(alternative) === hex);
    if (!known && tracked.alternatives.length < MAX_ALTERNATIVE_HINTS) tracked.alternatives.push(hint);
    return false;
  }

  /** When the first scan for a dependency that went missing without a hint at `now` is due. */
  #firstScanAt(now: number): number {
    return now + backoffBaseDelay(this.#policy.backoff, 1);
  }

  /** Queries with `hint` from now on, afresh (without one: scans for it, afresh). */
  #use(tracked: Tracked, hint: Uint8Array | undefined, now: number): void {
    const { retrievalHint: _, ...rest } = tracked.entry;
    tracked.entry = hint === undefined ? rest : { ...rest, retrievalHint: hint };
    tracked.attempts = 0;
    tracked.nextAt = hint === undefined ? this.#firstScanAt(now) : now;
    tracked.heldUntil = Number.NEGATIVE_INFINITY;
  }

  /** Moves on to the next alternative hint, if any; returns whether there was one. */
  #next(tracked: Tracked, now: number): boolean {
    const hint = tracked.alternatives.shift();
    if (hint === undefined) return false;
    this.#use(tracked, hint, now);
    return true;
  }

  /**
   * The store answered `hint`, asked for `id`, with another message (or with bytes that are no message):
   * the hint is wrong. It is never used for `id` again; the next alternative is tried, else `id` goes on
   * without a hint.
   */
  wrongHint(id: MessageId, hint: Uint8Array, now: number): void {
    const tracked = this.#tracked.get(id);
    if (tracked === undefined) return;
    const hex = toHex(hint);
    tracked.wrong.add(hex);
    const current = tracked.entry.retrievalHint;
    if (current === undefined || toHex(current) !== hex) return;
    if (!this.#next(tracked, now)) this.#use(tracked, undefined, now);
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

  /**
   * Dependencies without a hint whose next store scan is due at `now` (none unless so configured). One scan
   * looks for all of them; record it with {@link RetrievalTracker.scanned}.
   */
  scanDue(now: number): MessageId[] {
    if (!this.#scansHintless) return [];
    const due: MessageId[] = [];
    for (const [id, tracked] of this.#tracked)
      if (this.#scanning(tracked) && tracked.nextAt <= now) due.push(id);
    return due;
  }

  /**
   * Records a store scan for `ids` started at `now`; schedules the next one with backoff (no jitter: one
   * scan serves them all). A scan that could not read the store is recorded with
   * {@link RetrievalTracker.failed}.
   */
  scanned(ids: readonly MessageId[], now: number): void {
    for (const id of ids) {
      const tracked = this.#tracked.get(id);
      if (tracked === undefined || tracked.entry.retrievalHint !== undefined) continue;
      tracked.attempts += 1;
      tracked.nextAt = now + backoffBaseDelay(this.#policy.backoff, tracked.attempts + 1);
    }
  }

  /** Whether `tracked` is known without a hint and still to be scanned for. */
  #scanning(tracked: Tracked): boolean {
    return (
      this.#scansHintless &&
      tracked.entry.retrievalHint === undefined &&
      tracked.attempts < this.#policy.maxAttempts
    );
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

  /**
   * A store query (or scan) for `ids` failed (the store was not reached): it does not count; retried with
   * backoff.
   */
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

  /** When (ms) the dependency tracked longest went missing, or undefined when nothing is tracked. */
  earliestSince(): number | undefined {
    let earliest: number | undefined;
    for (const { since } of this.#tracked.values())
      if (earliest === undefined || since < earliest) earliest = since;
    return earliest;
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

  /**
   * Removes and returns the entries to give up at `now`: `notInStore` when every store query is over (if
   * so configured); `timeout` when the time limit has passed, the store answered a query for it (if it has
   * a hint) and `hold` lets it go.
   */
  takeExpired(now: number, hold: HoldUntil = () => now): Expired {
    const notInStore: MessageId[] = [];
    const timeout: MessageId[] = [];
    for (const [id, tracked] of this.#tracked) {
      const hinted = tracked.entry.retrievalHint !== undefined;
      const exhausted = this.#exhausted(tracked);
      // The store never had it under this hint: try the next one.
      if (hinted && exhausted && tracked.nextAt <= now && this.#next(tracked, now)) continue;
      if (hinted && exhausted && this.#giveUpWhenNotInStore) {
        if (tracked.nextAt <= now) notInStore.push(id);
        continue;
      }
      // A hinted entry is not given up before the store answered one query for it.
      if (now < this.#expiry(tracked) || (hinted && tracked.attempts === 0)) continue;
      const until = hold(tracked.entry, tracked);
      if (until > now) tracked.heldUntil = until;
      else timeout.push(id);
    }
    this.resolve([...notInStore, ...timeout]);
    return { notInStore, timeout };
  }

  /** Lifts every hold until further notice (`Infinity`): they are asked again when they fall due. */
  unhold(): void {
    for (const tracked of this.#tracked.values())
      if (tracked.heldUntil === Number.POSITIVE_INFINITY) tracked.heldUntil = Number.NEGATIVE_INFINITY;
  }

  /**
   * When (ms) something next falls due (a query, a scan, a give-up or the end of a hold), or undefined when
   * nothing does (nothing tracked, or only holds until further notice). While `scanInFlight`, no scan falls
   * due: the one under way is awaited.
   */
  nextWakeAt(scanInFlight = false): number | undefined {
    let next: number | undefined;
    for (const tracked of this.#tracked.values()) {
      const hinted = tracked.entry.retrievalHint !== undefined;
      const querying =
        (hinted && (!this.#exhausted(tracked) || this.#giveUpWhenNotInStore)) ||
        (!scanInFlight && this.#scanning(tracked));
      const at =
        hinted && tracked.attempts === 0
          ? tracked.nextAt
          : querying
            ? Math.min(tracked.nextAt, this.#expiry(tracked))
            : this.#expiry(tracked);
      if (at === Number.POSITIVE_INFINITY) continue;
      if (next === undefined || at < next) next = at;
    }
    return next;
  }

  /** The time limit of an entry, or the end of its hold. */
  #expiry(tracked: Tracked): number {
    return Math.max(tracked.since + this.#policy.missingTimeoutMs, tracked.heldUntil);
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

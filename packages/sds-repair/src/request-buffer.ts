import type { HistoryEntry, MessageId } from "@reliable-channel/interfaces";
import type { RepairBackoff } from "./defaults.js";
import { DueQueue } from "./due-queue.js";
import { backoffMultiplier } from "./formulas.js";

/** Settings of a {@link RequestBuffer}. Internal. */
export interface RequestBufferSettings {
  readonly backoff: RepairBackoff;
  readonly maxBackoffMultiplier: number;
  readonly maxRounds: number;
  readonly capacity: number;
  /** How long (ms) after the last request its answers may still come (the longest response offset). */
  readonly responseWindowMs: number;
  /** The participant's deterministic T_req offset for a message (ms). */
  readonly offsetOf: (messageId: MessageId) => number;
  /** Called when an entry stops being tracked (answered, resolved, given up after its rounds, evicted). */
  readonly onRemoved?: (messageId: MessageId) => void;
}

interface Pending {
  readonly entry: HistoryEntry;
  readonly offset: number;
  rounds: number;
}

/**
 * The outgoing repair-request buffer: missing entries, each due at its `T_req`. Requesting an entry (or
 * seeing someone else request it) starts a new round, re-armed after `offset × backoff multiplier`; after
 * `maxRounds` rounds the entry is dropped, and remembered as awaited until the answers to the last request
 * can no longer come. Bounded by `capacity` (the entry added longest ago is evicted), the awaited ones too.
 * Internal.
 */
export class RequestBuffer {
  readonly #settings: RequestBufferSettings;
  readonly #pending = new Map<MessageId, Pending>();
  readonly #queue = new DueQueue();
  /** Entries whose last request went out: until when (ms) its answers may still come. */
  readonly #awaiting = new Map<MessageId, number>();

  constructor(settings: RequestBufferSettings) {
    this.#settings = settings;
  }

  /** Number of tracked missing entries. */
  get size(): number {
    return this.#pending.size;
  }

  /** Whether `messageId` is tracked. */
  has(messageId: MessageId): boolean {
    return this.#pending.has(messageId);
  }

  /** Tracks a newly missing entry (no-op if already tracked); its first request is due at `now + offset`. */
  add(entry: HistoryEntry, now: number): void {
    if (this.#pending.has(entry.messageId)) return;
    if (this.#pending.size >= this.#settings.capacity) this.#evictOldest();
    const offset = this.#settings.offsetOf(entry.messageId);
    this.#pending.set(entry.messageId, { entry, offset, rounds: 0 });
    this.#queue.set(entry.messageId, now + offset);
  }

  /**
   * Whether a repair of `messageId` may still come: requests for it are still to be made, or the answers to
   * the last one may still arrive at `now`.
   */
  isRequesting(messageId: MessageId, now: number): boolean {
    if (this.#pending.has(messageId)) return true;
    const until = this.#awaiting.get(messageId);
    if (until === undefined) return false;
    if (until > now) return true;
    this.#awaiting.delete(messageId);
    return false;
  }

  /** Stops tracking `messageId` (it arrived, or it no longer needs repair). */
  remove(messageId: MessageId): boolean {
    this.#queue.delete(messageId);
    this.#awaiting.delete(messageId);
    const removed = this.#pending.delete(messageId);
    if (removed) this.#settings.onRemoved?.(messageId);
    return removed;
  }

  /** The earliest `T_req`, if any. */
  nextDueAt(): number | undefined {
    return this.#queue.peekAt();
  }

  /** Whether at least one entry is due at `now`. */
  hasDue(now: number): boolean {
    const at = this.#queue.peekAt();
    return at !== undefined && at <= now;
  }

  /**
   * Takes up to `max` due entries, lowest `T_req` first, and starts a new round for each (we are requesting
   * them now). Returns the entries to put in `repair_request`.
   */
  takeDue(now: number, max: number): HistoryEntry[] {
    const taken: Pending[] = [];
    while (taken.length < max) {
      const id = this.#queue.popDue(now);
      if (id === undefined) break;
      const pending = this.#pending.get(id);
      if (pending !== undefined) taken.push(pending);
    }
    for (const pending of taken) this.#nextRound(pending, now);
    return taken.map((pending) => pending.entry);
  }

  /**
   * Someone else requested `messageId`: suppress our own request for this round (re-armed after backoff, so
   * we still ask later if no repair arrives). Returns whether the entry was tracked.
   */
  defer(messageId: MessageId, now: number): boolean {
    const pending = this.#pending.get(messageId);
    if (pending === undefined) return false;
    this.#nextRound(pending, now);
    return true;
  }

  #nextRound(pending: Pending, now: number): void {
    pending.rounds += 1;
    const id = pending.entry.messageId;
    if (pending.rounds >= this.#settings.maxRounds) {
      this.remove(id);
      this.#await(id, now + this.#settings.responseWindowMs);
      return;
    }
    const { backoff, maxBackoffMultiplier } = this.#settings;
    const wait =
      Math.max(1, pending.offset) * backoffMultiplier(pending.rounds, backoff, maxBackoffMultiplier);
    this.#queue.set(id, now + wait);
  }

  #await(messageId: MessageId, until: number): void {
    if (this.#awaiting.size >= this.#settings.capacity) {
      const oldest = this.#awaiting.keys().next();
      if (oldest.done !== true) this.#awaiting.delete(oldest.value);
    }
    this.#awaiting.set(messageId, until);
  }

  #evictOldest(): void {
    const oldest = this.#pending.keys().next();
    if (oldest.done !== true) this.remove(oldest.value);
  }
}

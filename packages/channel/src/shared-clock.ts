import type { Cancel, Clock } from "@reliable-channel/interfaces";
import { createMinHeap } from "@reliable-channel/sds/internals";
import { systemClock } from "./system-clock.js";

/** A {@link Clock} that drives every timer set on it from one timer of another clock. */
export interface SharedClock extends Clock {
  /** Timers set on it and not yet fired or cancelled, over every channel that uses it. */
  readonly pending: number;
  /** Timers of the underlying clock armed by it right now: 1 while anything is pending, else 0. */
  readonly armed: number;
}

interface Entry {
  readonly at: number;
  readonly seq: number;
  readonly callback: () => void;
  live: boolean;
}

/**
 * One scheduler for many channels: every `setTimeout` on the returned clock goes into one queue ordered by
 * due time (ties in the order they were set), and only the earliest is armed as a timer of `base`. A chat
 * app with hundreds of channels on one node then holds one platform timer for all their periodic work
 * (syncs, retries, retrieval backoff, snapshots) instead of one or more per channel.
 *
 * Each due timer runs in a callback of its own (the next is armed at once, with no delay when it is due
 * too), so promise continuations run between timers as they do with separate timers; a callback that
 * throws does not stop the others. Timing is `base`'s: a timer never fires before its delay passed.
 *
 * Channels created without a `clock` share {@link defaultSharedClock}; give channels that run on an injected
 * clock one `sharedClock(thatClock)` to share it too.
 *
 * @param base - the clock whose timers it uses. @default systemClock()
 * @example
 * ```ts
 * const clock = sharedClock();
 * const channels = await Promise.all(rooms.map((room) =>
 *   createReliableChannel({ channelId: room, participantId: "me", transport: transportOf(room), clock }),
 * ));
 * ```
 */
export function sharedClock(base: Clock = systemClock()): SharedClock {
  return new SharedScheduler(base);
}

/** Cancelled entries are dropped once the queue holds more than this many times the live ones (plus slack). */
const COMPACT_FACTOR = 2;
const COMPACT_SLACK = 64;

/** An armed timer of the underlying clock overdue by more than this (ms) is taken as lost and re-armed. */
const STALE_ARMED_MS = 5_000;

let processWide: SharedClock | undefined;

/** The shared clock of every channel created without a `clock` in this process (over `systemClock()`). */
export function defaultSharedClock(): SharedClock {
  processWide ??= sharedClock();
  return processWide;
}

class SharedScheduler implements SharedClock {
  readonly #base: Clock;
  readonly #queue = createMinHeap<Entry>((a, b) => a.at - b.at || a.seq - b.seq);
  #seq = 0;
  #pending = 0;
  /** The armed timer of `base`: when it fires and how to cancel it. */
  #armed: { readonly at: number; readonly cancel: Cancel } | undefined;

  constructor(base: Clock) {
    this.#base = base;
  }

  get pending(): number {
    return this.#pending;
  }

  get armed(): number {
    return this.#armed === undefined ? 0 : 1;
  }

  now(): number {
    return this.#base.now();
  }

  setTimeout(callback: () => void, delayMs: number): Cancel {
    if (delayMs === Number.POSITIVE_INFINITY) return () => {};
    const entry: Entry = {
      at: this.#base.now() + Math.max(0, delayMs),
      seq: this.#seq++,
      callback,
      live: true,
    };
    this.#queue.push(entry);
    this.#pending += 1;
    this.#arm();
    return () => {
      if (!entry.live) return;
      entry.live = false;
      this.#pending -= 1;
      if (this.#pending === 0) this.#disarm();
      else if (this.#queue.size > COMPACT_FACTOR * this.#pending + COMPACT_SLACK) this.#compact();
    };
  }

  /** Arms `base` for the earliest live entry, unless it already fires no later. */
  #arm(): void {
    const next = this.#peekLive();
    if (next === undefined) {
      this.#disarm();
      return;
    }
    const armed = this.#armed;
    // An armed timer long overdue was lost (its platform timers were swapped, as test fakes do): re-arm.
    if (armed !== undefined && armed.at <= next.at && armed.at >= this.#base.now() - STALE_ARMED_MS) return;
    this.#disarm();
    const cancel = this.#base.setTimeout(() => this.#fire(), Math.max(0, next.at - this.#base.now()));
    this.#armed = { at: next.at, cancel };
  }

  #disarm(): void {
    this.#armed?.cancel();
    this.#armed = undefined;
  }

  /** Runs the earliest entry if it is due, then arms for the next. */
  #fire(): void {
    this.#armed = undefined;
    const next = this.#peekLive();
    if (next !== undefined && next.at <= this.#base.now()) {
      this.#queue.pop();
      next.live = false;
      this.#pending -= 1;
      try {
        next.callback();
      } finally {
        this.#arm();
      }
      return;
    }
    this.#arm();
  }

  /** Drops cancelled entries (timers rescheduled again and again would otherwise pile up until due). */
  #compact(): void {
    const live: Entry[] = [];
    for (let entry = this.#queue.pop(); entry !== undefined; entry = this.#queue.pop())
      if (entry.live) live.push(entry);
    for (const entry of live) this.#queue.push(entry);
  }

  /** The earliest live entry, dropping cancelled ones from the top. */
  #peekLive(): Entry | undefined {
    let top = this.#queue.peek();
    while (top !== undefined && !top.live) {
      this.#queue.pop();
      top = this.#queue.peek();
    }
    return top;
  }
}

import { type Cancel, type Clock, InvalidArgumentError } from "@reliable-channel/interfaces";
import { TimerQueue } from "./timer-queue.js";
import { yieldToEventLoop } from "./yield.js";

/** Options of {@link createVirtualClock}. */
export interface VirtualClockInit {
  /**
   * The clock's time at creation (ms).
   * @default DEFAULT_VIRTUAL_CLOCK_START
   */
  readonly startAt?: number;
}

/** Limits of {@link VirtualClock.runUntilIdle}. */
export interface RunUntilIdleOptions {
  /**
   * Stop after running this many timers, even if more are pending (guards against timers that re-arm forever).
   * @default DEFAULT_RUN_UNTIL_IDLE_MAX_STEPS
   */
  readonly maxSteps?: number;
  /**
   * Do not run timers due later than `now() + maxTimeMs` (ms); the clock then stops at the last timer run.
   * @default Infinity (ms)
   */
  readonly maxTimeMs?: number;
}

/**
 * A {@link Clock} whose time only moves when the test says so. Timers run in (due time, insertion order),
 * synchronously, inside {@link VirtualClock.advance}, {@link VirtualClock.next} and
 * {@link VirtualClock.runUntilIdle}; the same calls in the same order always give the same run.
 *
 * A timer callback that throws stops the call that ran it (the error propagates to the test); the clock stays
 * consistent and the remaining timers stay scheduled.
 */
export interface VirtualClock extends Clock {
  /**
   * Moves time forward by `ms` (ms), running every timer due on the way (also those scheduled by timers
   * on the way), each at its own due time; ends with `now()` = start + `ms`.
   * @throws InvalidArgumentError when `ms` is negative or not finite.
   */
  advance(ms: number): void;
  /**
   * Runs timers in order, moving time to each one's due time, until none is pending or a limit of
   * `options` is reached. Returns how many timers ran; `pending() > 0` afterwards means a limit stopped it.
   */
  runUntilIdle(options?: RunUntilIdleOptions): number;
  /** Runs the next timer (moving time to its due time); `false` when no timer is pending. */
  next(): boolean;
  /** How many timers are scheduled and neither run nor cancelled. */
  pending(): number;
  /** The due time (ms) of the next timer, or `undefined` when none is pending. */
  nextDueAt(): number | undefined;
  /**
   * Like {@link VirtualClock.advance}, but lets promise continuations run before each timer and at the end
   * (one turn of the event loop each time), so async code driven by the timers makes progress in step.
   */
  advanceAsync(ms: number): Promise<void>;
  /**
   * Like {@link VirtualClock.runUntilIdle}, but lets promise continuations run before each timer and at the
   * end, so timers scheduled by async code (after an `await`) are run too. Resolves with the timers run.
   */
  runUntilIdleAsync(options?: RunUntilIdleOptions): Promise<number>;
}

/** Where a virtual clock starts when no `startAt` is given: 2024-01-01T00:00:00Z. @default 1_704_067_200_000 (ms) */
export const DEFAULT_VIRTUAL_CLOCK_START = 1_704_067_200_000;

/** How many timers {@link VirtualClock.runUntilIdle} runs at most by default. @default 1_000_000 (timers) */
export const DEFAULT_RUN_UNTIL_IDLE_MAX_STEPS = 1_000_000;

/**
 * Creates a {@link VirtualClock}.
 *
 * `setTimeout` treats a negative or `NaN` delay as 0 (like the platform's) and rejects a non-finite one with
 * `InvalidArgumentError`.
 *
 * @example
 * ```ts
 * const clock = createVirtualClock();
 * clock.setTimeout(() => console.log("fired at", clock.now()), 1_000);
 * clock.advance(1_000); // logs
 * ```
 */
export function createVirtualClock(init: VirtualClockInit = {}): VirtualClock {
  const startAt = init.startAt ?? DEFAULT_VIRTUAL_CLOCK_START;
  if (!Number.isFinite(startAt)) throw new InvalidArgumentError(`startAt must be finite, got ${startAt}`);
  const clock = new ManualClock(startAt);
  // Bound, so that methods can be passed around on their own (`setTimeout: clock.setTimeout`).
  return Object.freeze({
    now: clock.now.bind(clock),
    setTimeout: clock.setTimeout.bind(clock),
    advance: clock.advance.bind(clock),
    advanceAsync: clock.advanceAsync.bind(clock),
    runUntilIdle: clock.runUntilIdle.bind(clock),
    runUntilIdleAsync: clock.runUntilIdleAsync.bind(clock),
    next: clock.next.bind(clock),
    pending: clock.pending.bind(clock),
    nextDueAt: clock.nextDueAt.bind(clock),
  });
}

function checkDuration(ms: number): void {
  if (!Number.isFinite(ms) || ms < 0) {
    throw new InvalidArgumentError(`advance needs a finite, non-negative duration, got ${ms}`);
  }
}

class ManualClock implements VirtualClock {
  readonly #queue = new TimerQueue();
  #now: number;

  constructor(startAt: number) {
    this.#now = startAt;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, delayMs: number): Cancel {
    if (delayMs === Number.POSITIVE_INFINITY || delayMs === Number.NEGATIVE_INFINITY) {
      throw new InvalidArgumentError(`timer delay must be finite, got ${delayMs}`);
    }
    const delay = Number.isNaN(delayMs) || delayMs < 0 ? 0 : delayMs;
    const entry = this.#queue.push(this.#now + delay, callback);
    return () => this.#queue.cancel(entry);
  }

  next(): boolean {
    const entry = this.#queue.pop();
    if (entry === undefined) return false;
    this.#now = Math.max(this.#now, entry.at);
    entry.callback();
    return true;
  }

  pending(): number {
    return this.#queue.live;
  }

  nextDueAt(): number | undefined {
    return this.#queue.peek()?.at;
  }

  advance(ms: number): void {
    checkDuration(ms);
    const target = this.#now + ms;
    while (this.#dueBy(target)) this.next();
    this.#now = Math.max(this.#now, target);
  }

  async advanceAsync(ms: number): Promise<void> {
    checkDuration(ms);
    const target = this.#now + ms;
    await yieldToEventLoop();
    while (this.#dueBy(target)) {
      this.next();
      await yieldToEventLoop();
    }
    this.#now = Math.max(this.#now, target);
  }

  runUntilIdle(options: RunUntilIdleOptions = {}): number {
    const { maxSteps, limit } = this.#limits(options);
    let steps = 0;
    while (steps < maxSteps && this.#dueBy(limit)) {
      this.next();
      steps++;
    }
    return steps;
  }

  async runUntilIdleAsync(options: RunUntilIdleOptions = {}): Promise<number> {
    const { maxSteps, limit } = this.#limits(options);
    let steps = 0;
    await yieldToEventLoop();
    while (steps < maxSteps && this.#dueBy(limit)) {
      this.next();
      steps++;
      await yieldToEventLoop();
    }
    return steps;
  }

  /** Whether a timer is due at or before `time`. */
  #dueBy(time: number): boolean {
    const due = this.#queue.peek();
    return due !== undefined && due.at <= time;
  }

  #limits(options: RunUntilIdleOptions): { readonly maxSteps: number; readonly limit: number } {
    return {
      maxSteps: options.maxSteps ?? DEFAULT_RUN_UNTIL_IDLE_MAX_STEPS,
      limit: this.#now + (options.maxTimeMs ?? Number.POSITIVE_INFINITY),
    };
  }
}

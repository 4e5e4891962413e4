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
  const queue = new TimerQueue();
  let now = startAt;

  const runNext = (): boolean => {
    const entry = queue.pop();
    if (entry === undefined) return false;
    now = Math.max(now, entry.at);
    entry.callback();
    return true;
  };

  return {
    now: () => now,
    setTimeout(callback: () => void, delayMs: number): Cancel {
      if (delayMs === Number.POSITIVE_INFINITY || delayMs === Number.NEGATIVE_INFINITY) {
        throw new InvalidArgumentError(`timer delay must be finite, got ${delayMs}`);
      }
      const delay = Number.isNaN(delayMs) || delayMs < 0 ? 0 : delayMs;
      const entry = queue.push(now + delay, callback);
      return () => queue.cancel(entry);
    },
    advance(ms: number): void {
      if (!Number.isFinite(ms) || ms < 0) {
        throw new InvalidArgumentError(`advance needs a finite, non-negative duration, got ${ms}`);
      }
      const target = now + ms;
      for (let due = queue.peek(); due !== undefined && due.at <= target; due = queue.peek()) runNext();
      now = Math.max(now, target);
    },
    runUntilIdle(options: RunUntilIdleOptions = {}): number {
      const maxSteps = options.maxSteps ?? DEFAULT_RUN_UNTIL_IDLE_MAX_STEPS;
      const limit = now + (options.maxTimeMs ?? Number.POSITIVE_INFINITY);
      let steps = 0;
      while (steps < maxSteps) {
        const due = queue.peek();
        if (due === undefined || due.at > limit) break;
        runNext();
        steps++;
      }
      return steps;
    },
    async advanceAsync(ms: number): Promise<void> {
      if (!Number.isFinite(ms) || ms < 0) {
        throw new InvalidArgumentError(`advance needs a finite, non-negative duration, got ${ms}`);
      }
      const target = now + ms;
      await yieldToEventLoop();
      for (let due = queue.peek(); due !== undefined && due.at <= target; due = queue.peek()) {
        runNext();
        await yieldToEventLoop();
      }
      now = Math.max(now, target);
    },
    async runUntilIdleAsync(options: RunUntilIdleOptions = {}): Promise<number> {
      const maxSteps = options.maxSteps ?? DEFAULT_RUN_UNTIL_IDLE_MAX_STEPS;
      const limit = now + (options.maxTimeMs ?? Number.POSITIVE_INFINITY);
      let steps = 0;
      await yieldToEventLoop();
      while (steps < maxSteps) {
        const due = queue.peek();
        if (due === undefined || due.at > limit) break;
        runNext();
        steps++;
        await yieldToEventLoop();
      }
      return steps;
    },
    next: runNext,
    pending: () => queue.live,
    nextDueAt: () => queue.peek()?.at,
  };
}

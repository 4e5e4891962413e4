import type { Cancel, Clock } from "@reliable-channel/interfaces";

/**
 * Named one-shot timers on an injected clock. Scheduling a name again replaces its timer;
 * {@link TimerSet.cancelAll} cancels every pending one (the channel calls it on `stop`).
 */
export class TimerSet {
  readonly #clock: Clock;
  readonly #timers = new Map<string, { readonly at: number; readonly cancel: Cancel }>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Runs `callback` at clock time `at` (ms), replacing the timer of the same `name`. */
  scheduleAt(name: string, at: number, callback: () => void): void {
    this.cancel(name);
    const cancel = this.#clock.setTimeout(
      () => {
        this.#timers.delete(name);
        callback();
      },
      Math.max(0, at - this.#clock.now()),
    );
    this.#timers.set(name, { at, cancel });
  }

  /** Like {@link TimerSet.scheduleAt}, but keeps an existing timer of `name` that fires no later than `at`. */
  scheduleNoLaterThan(name: string, at: number, callback: () => void): void {
    const existing = this.#timers.get(name);
    if (existing !== undefined && existing.at <= at) return;
    this.scheduleAt(name, at, callback);
  }

  /** When the timer `name` fires (clock ms), or undefined. */
  dueAt(name: string): number | undefined {
    return this.#timers.get(name)?.at;
  }

  /** Cancels the timer `name` (no-op when there is none). */
  cancel(name: string): void {
    const timer = this.#timers.get(name);
    if (timer === undefined) return;
    this.#timers.delete(name);
    timer.cancel();
  }

  /** Cancels every pending timer. */
  cancelAll(): void {
    for (const timer of this.#timers.values()) timer.cancel();
    this.#timers.clear();
  }

  /** The number of pending timers. */
  get size(): number {
    return this.#timers.size;
  }
}

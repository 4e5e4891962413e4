/** Options of {@link Deadlines.run}. */
export interface DeadlineOptions {
  /** Rejects with `onTimeout()` after this long (ms). */
  readonly timeoutMs: number;
  /** Rejects with the reason of the first of these signals to abort. */
  readonly signals?: readonly (AbortSignal | undefined)[];
  /** The error to reject with on timeout. */
  readonly onTimeout: () => Error;
}

interface Pending {
  readonly deadline: number;
  readonly signals: readonly AbortSignal[];
  readonly onTimeout: () => Error;
  readonly reject: (reason: unknown) => void;
}

type TimerHandle = ReturnType<typeof setTimeout>;

/**
 * Deadlines for many operations at once, without a timer or an abort listener of its own per operation:
 * one timer (unref'd where the runtime can) stands for the earliest deadline, and each signal gets one
 * listener the first time it is seen. Setting up and clearing a timer and two listeners per
 * publish cost tens of µs when the code runs cold, as it does for a message now and then; here the cost is
 * paid about once per `timeoutMs`, whatever the rate.
 *
 * The timer may outlive the operations it was armed for; it then fires, finds nothing due and is not
 * re-armed. {@link Deadlines.clear} removes it (and rejects whatever is still pending).
 */
export class Deadlines {
  readonly #now: () => number;
  readonly #pending = new Set<Pending>();
  readonly #watched = new WeakSet<AbortSignal>();
  #timer: TimerHandle | undefined;
  #timerAt = Number.POSITIVE_INFINITY;

  /** `now` is a monotonic clock in ms (by default `performance.now()`). */
  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
  }

  /** The operations not settled yet. */
  get pending(): number {
    return this.#pending.size;
  }

  /**
   * Settles like `work`, unless its deadline passes (rejects with `onTimeout()`) or one of its signals aborts
   * first (rejects with its reason; at once when one already has). A late rejection of `work` is swallowed.
   */
  run<T>(work: Promise<T>, options: DeadlineOptions): Promise<T> {
    const signals = (options.signals ?? []).filter((signal) => signal !== undefined);
    work.catch(() => undefined);
    const aborted = signals.find((signal) => signal.aborted);
    if (aborted !== undefined) return Promise.reject(aborted.reason);
    return new Promise<T>((resolve, reject) => {
      const entry: Pending = {
        deadline: this.#now() + options.timeoutMs,
        signals,
        onTimeout: options.onTimeout,
        reject,
      };
      this.#pending.add(entry);
      for (const signal of signals) this.#watch(signal);
      this.#arm(entry.deadline);
      work.then(
        (value) => {
          if (this.#pending.delete(entry)) resolve(value);
        },
        (error: unknown) => {
          if (this.#pending.delete(entry)) reject(error);
        },
      );
    });
  }

  /** Rejects every pending operation with `reason` and removes the timer. */
  clear(reason: unknown): void {
    this.#disarm();
    const pending = [...this.#pending];
    this.#pending.clear();
    for (const entry of pending) entry.reject(reason);
  }

  #watch(signal: AbortSignal): void {
    if (this.#watched.has(signal)) return;
    this.#watched.add(signal);
    signal.addEventListener(
      "abort",
      () => {
        for (const entry of [...this.#pending]) {
          if (!entry.signals.includes(signal)) continue;
          this.#pending.delete(entry);
          entry.reject(signal.reason);
        }
        if (this.#pending.size === 0) this.#disarm();
      },
      { once: true },
    );
  }

  #arm(deadline: number): void {
    if (this.#timer !== undefined && this.#timerAt <= deadline) return;
    this.#disarm();
    this.#timerAt = deadline;
    const timer = setTimeout(() => this.#expire(), Math.max(0, deadline - this.#now()));
    (timer as { unref?: () => void }).unref?.();
    this.#timer = timer;
  }

  #disarm(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerAt = Number.POSITIVE_INFINITY;
  }

  #expire(): void {
    // The timer is trusted over the clock: what it was armed for is due even if the clock lags behind.
    const due = Math.max(this.#timerAt, this.#now());
    this.#timer = undefined;
    this.#timerAt = Number.POSITIVE_INFINITY;
    let next = Number.POSITIVE_INFINITY;
    for (const entry of [...this.#pending]) {
      if (entry.deadline <= due) {
        this.#pending.delete(entry);
        entry.reject(entry.onTimeout());
      } else next = Math.min(next, entry.deadline);
    }
    if (next !== Number.POSITIVE_INFINITY) this.#arm(next);
  }
}

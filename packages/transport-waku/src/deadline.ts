/** Options of {@link withDeadline}. */
export interface DeadlineOptions {
  /** Rejects with `onTimeout()` after this long (ms). */
  readonly timeoutMs: number;
  /** Rejects with the reason of the first of these signals to abort. */
  readonly signals?: readonly (AbortSignal | undefined)[];
  /** The error to reject with on timeout. */
  readonly onTimeout: () => Error;
}

/**
 * Settles like `work`, unless the timeout fires or a signal aborts first. The timer and the abort
 * listener are always removed when the returned promise settles, so nothing is left running; a late
 * rejection of `work` is swallowed (the caller has already been answered).
 */
export function withDeadline<T>(work: Promise<T>, options: DeadlineOptions): Promise<T> {
  const { timeoutMs, onTimeout } = options;
  const signals = (options.signals ?? []).filter((signal) => signal !== undefined);
  work.catch(() => undefined);
  const aborted = signals.find((signal) => signal.aborted);
  if (aborted !== undefined) return Promise.reject(aborted.reason);
  return new Promise<T>((resolve, reject) => {
    const listeners = signals.map((signal) => {
      const onAbort = (): void => {
        cleanup();
        reject(signal.reason);
      };
      signal.addEventListener("abort", onAbort, { once: true });
      return () => signal.removeEventListener("abort", onAbort);
    });
    const timer = setTimeout(() => {
      cleanup();
      reject(onTimeout());
    }, timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      for (const remove of listeners) remove();
    };
    work.then(
      (value) => {
        cleanup();
        resolve(value);
      },
      (error: unknown) => {
        cleanup();
        reject(error);
      },
    );
  });
}

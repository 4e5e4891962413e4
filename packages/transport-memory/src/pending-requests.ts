import type { Cancel, Clock } from "@reliable-channel/interfaces";

interface Pending {
  readonly cancel: Cancel;
  readonly reject: (reason: unknown) => void;
}

/**
 * The waits of a transport's requests in progress (a publish or a retrieval taking virtual time), so that an
 * abort signal or `stop()` can end them at once and leave no timer behind (internal).
 */
export class PendingRequests {
  readonly #clock: Clock;
  readonly #pending = new Set<Pending>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** How many waits are under way. */
  get size(): number {
    return this.#pending.size;
  }

  /** Resolves after `delayMs` (ms) of clock time; rejects with the signal's reason if it aborts first. */
  wait(delayMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      signal?.throwIfAborted();
      const onAbort = (): void => finish(signal?.reason);
      const finish = (error?: unknown): void => {
        entry.cancel();
        this.#pending.delete(entry);
        signal?.removeEventListener("abort", onAbort);
        if (error === undefined) resolve();
        else reject(error);
      };
      const entry: Pending = {
        cancel: this.#clock.setTimeout(() => finish(), delayMs),
        reject: (reason) => finish(reason),
      };
      this.#pending.add(entry);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Ends every wait with the error `makeError()` returns. */
  rejectAll(makeError: () => Error): void {
    for (const entry of [...this.#pending]) entry.reject(makeError());
  }
}

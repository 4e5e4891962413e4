import type { ReliableChannel } from "@reliable-channel/channel";

/** Calls recorded by a test: a promise per condition, resolved by the event that makes it true (no polling). */
export class Recorder<T> {
  readonly values: T[] = [];
  readonly #waiters = new Set<{ test: (values: readonly T[]) => boolean; resolve: () => void }>();

  /** Records `value` and wakes the waits it satisfies. */
  push(value: T): void {
    this.values.push(value);
    for (const waiter of [...this.#waiters]) {
      if (!waiter.test(this.values)) continue;
      this.#waiters.delete(waiter);
      waiter.resolve();
    }
  }

  /** Resolves once `test` holds for the recorded values (at once if it already does). */
  until(test: (values: readonly T[]) => boolean): Promise<void> {
    if (test(this.values)) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.add({ test, resolve }));
  }

  get last(): T | undefined {
    return this.values.at(-1);
  }
}

/** `channel`, whose `stop()` calls are counted and whose completed stops are recorded in `stopped`. */
export function trackStops(channel: ReliableChannel, stopped: Recorder<ReliableChannel>): ReliableChannel {
  const stop = channel.stop.bind(channel);
  Object.assign(channel, {
    stop: async () => {
      await stop();
      stopped.push(channel);
    },
  });
  return channel;
}

/**
 * Awaits `condition` with React's act environment off (as testing-library's `waitFor` does), so the renders
 * that make it true run on React's own scheduler while the test waits on the event, not on a poll.
 */
export async function renders<T>(condition: Promise<T>): Promise<T> {
  const global = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean | undefined };
  const previous = global.IS_REACT_ACT_ENVIRONMENT;
  global.IS_REACT_ACT_ENVIRONMENT = false;
  try {
    return await condition;
  } finally {
    global.IS_REACT_ACT_ENVIRONMENT = previous;
  }
}

/**
 * Counts the timers alive in this process (set and neither fired nor cleared), unref'd ones included, which
 * `process.getActiveResourcesInfo()` leaves out. Patches the global timer functions until `restore()`.
 */
export interface LiveTimers {
  readonly count: () => number;
  readonly restore: () => void;
}

/** Starts counting live timers. */
export function countLiveTimers(): LiveTimers {
  const { setTimeout: set, clearTimeout: clear, setInterval: every, clearInterval: stop } = globalThis;
  const live = new Set<unknown>();
  const patched = {
    setTimeout: ((fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
      const timer = set(
        (...a: unknown[]) => {
          live.delete(timer);
          fn(...a);
        },
        ms,
        ...args,
      );
      live.add(timer);
      return timer;
    }) as typeof setTimeout,
    clearTimeout: ((timer?: Parameters<typeof clearTimeout>[0]) => {
      live.delete(timer);
      clear(timer);
    }) as typeof clearTimeout,
    setInterval: ((fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
      const timer = every(fn, ms, ...args);
      live.add(timer);
      return timer;
    }) as typeof setInterval,
    clearInterval: ((timer?: Parameters<typeof clearInterval>[0]) => {
      live.delete(timer);
      stop(timer);
    }) as typeof clearInterval,
  };
  Object.assign(globalThis, patched);
  return {
    count: () => live.size,
    restore: () => {
      Object.assign(globalThis, {
        setTimeout: set,
        clearTimeout: clear,
        setInterval: every,
        clearInterval: stop,
      });
    },
  };
}

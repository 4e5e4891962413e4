// Captured once, so that faking the global timers (e.g. vitest fake timers) cannot stall the virtual clock.
const realSetImmediate: ((callback: () => void) => unknown) | undefined = globalThis.setImmediate;
const realSetTimeout = globalThis.setTimeout;

/**
 * Resolves after one turn of the event loop, by which time every queued promise continuation has run.
 * It never waits on wall-clock time (a macrotask with no delay).
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    if (realSetImmediate !== undefined) realSetImmediate(resolve);
    else realSetTimeout(resolve, 0);
  });
}

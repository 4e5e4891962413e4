import type { Cancel, Clock } from "@reliable-channel/interfaces";

/** The longest delay (ms) the platform's `setTimeout` honours; a longer one would fire at once. */
export const MAX_TIMER_DELAY_MS = 2_147_483_647;

/**
 * The wall clock: `Date.now()` and real timers. Timers are `unref`'d where the runtime supports it, so a
 * pending retry or sync never keeps a Node.js process alive; stopping the channel cancels them all. A delay
 * longer than 2³¹ − 1 ms (the most `setTimeout` takes) is waited out in steps; an infinite one never fires.
 */
export function systemClock(): Clock {
  return {
    now: () => Date.now(),
    setTimeout(callback: () => void, delayMs: number): Cancel {
      if (delayMs === Number.POSITIVE_INFINITY) return () => {};
      const due = Date.now() + Math.max(0, delayMs);
      let handle: unknown;
      const arm = (): void => {
        const left = due - Date.now();
        if (left > MAX_TIMER_DELAY_MS) handle = timer(arm, MAX_TIMER_DELAY_MS);
        else handle = timer(callback, Math.max(0, left));
      };
      if (delayMs > MAX_TIMER_DELAY_MS) arm();
      else handle = timer(callback, Math.max(0, delayMs));
      return () => globalThis.clearTimeout(handle as Parameters<typeof globalThis.clearTimeout>[0]);
    },
  };
}

/** A platform timer, `unref`'d where the runtime supports it. */
function timer(callback: () => void, delayMs: number): unknown {
  const handle: unknown = globalThis.setTimeout(callback, delayMs);
  if (typeof handle === "object" && handle !== null && "unref" in handle) {
    const { unref } = handle as { unref: unknown };
    if (typeof unref === "function") unref.call(handle);
  }
  return handle;
}

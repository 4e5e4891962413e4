import type { Cancel, Clock } from "@reliable-channel/interfaces";

/**
 * The wall clock: `Date.now()` and real timers. Timers are `unref`'d where the runtime supports it, so a
 * pending retry or sync never keeps a Node.js process alive; stopping the channel cancels them all.
 */
export function systemClock(): Clock {
  return {
    now: () => Date.now(),
    setTimeout(callback: () => void, delayMs: number): Cancel {
      const handle: unknown = globalThis.setTimeout(callback, Math.max(0, delayMs));
      if (typeof handle === "object" && handle !== null && "unref" in handle) {
        const { unref } = handle as { unref: unknown };
        if (typeof unref === "function") unref.call(handle);
      }
      return () => globalThis.clearTimeout(handle as Parameters<typeof globalThis.clearTimeout>[0]);
    },
  };
}

import type { Cancel, Clock } from "@reliable-channel/interfaces";

/** A clock that counts its timers set and neither fired nor cancelled (those of every clock it wraps). */
export interface CountingClock extends Clock {
  readonly live: () => number;
}

/** Wraps `base`; `live()` is the number of timers it holds now. */
export function countingClock(base: Clock): CountingClock {
  let live = 0;
  return {
    now: () => base.now(),
    setTimeout(callback: () => void, delayMs: number): Cancel {
      let pending = true;
      live++;
      const cancel = base.setTimeout(() => {
        if (pending) live--;
        pending = false;
        callback();
      }, delayMs);
      return () => {
        if (pending) live--;
        pending = false;
        cancel();
      };
    },
    live: () => live,
  };
}

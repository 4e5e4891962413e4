import type { VirtualClock } from "@reliable-channel/transport-memory";

/** One turn of the event loop (no wall-clock wait): promise continuations and storage commits run. */
export function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Runs the virtual clock timer by timer, with a turn of the event loop after each, so that what a timer
 * sets off (a delivery's decode and commit, a stop) completes before the next timer runs, until `done()`
 * holds or no timer is due by `untilAt` (then the clock is moved to `untilAt`). Resolves with `done()`.
 */
export async function driveUntil(
  clock: VirtualClock,
  untilAt: number,
  done: () => boolean,
): Promise<boolean> {
  await turn();
  while (!done()) {
    const due = clock.nextDueAt();
    if (due === undefined || due > untilAt) {
      if (clock.now() < untilAt) clock.advance(untilAt - clock.now());
      await turn();
      return done();
    }
    clock.next();
    await turn();
  }
  return true;
}

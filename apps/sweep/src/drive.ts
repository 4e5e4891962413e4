import type { VirtualClock } from "@reliable-channel/transport-memory";

/** One turn of the event loop (no wall-clock wait): promise continuations and storage commits run. */
export function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** How {@link driveUntil} moves the clock. */
export interface DriveOptions {
  /**
   * 0: one timer at a time, with a turn of the event loop after each, so what a timer sets off (a
   * delivery's decode and commit, a stop) completes before the next timer runs. Above 0: every timer due
   * within the next `batchMs` of virtual time runs before the event loop turns, so async work lags
   * behind the network, as with slow storage or a busy process (idle time is skipped).
   */
  readonly batchMs: number;
  /** Called after every turn of the event loop. */
  readonly turned: () => void;
}

/**
 * Runs the virtual clock until `done()` holds or no timer is due by `untilAt` (then the clock is moved to
 * `untilAt`). Resolves with `done()`.
 */
export async function driveUntil(
  clock: VirtualClock,
  untilAt: number,
  done: () => boolean,
  options: DriveOptions,
): Promise<boolean> {
  const settle = async () => {
    await turn();
    options.turned();
  };
  await settle();
  while (!done()) {
    const due = clock.nextDueAt();
    if (due === undefined || due > untilAt) {
      if (clock.now() < untilAt) clock.advance(untilAt - clock.now());
      await settle();
      return done();
    }
    if (options.batchMs === 0) clock.next();
    else clock.advance(Math.min(untilAt, Math.max(clock.now() + options.batchMs, due)) - clock.now());
    await settle();
  }
  return true;
}

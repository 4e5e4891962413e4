import type { VirtualClock } from "@reliable-channel/transport-memory";

/** One turn of the event loop (no wall-clock wait): promise continuations and storage commits run. */
export function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Moves virtual time forward by `ms` in steps of `stepMs`: the timers of each step run synchronously,
 * then the event loop turns so async continuations (commits, events) catch up. Stops early once `until()`
 * holds (checked between steps, on virtual time only).
 */
export async function drive(
  clock: VirtualClock,
  ms: number,
  stepMs = 50,
  until: () => boolean = () => false,
): Promise<void> {
  const end = clock.now() + ms;
  await turn();
  while (clock.now() < end && !until()) {
    clock.advance(Math.min(stepMs, end - clock.now()));
    await turn();
    await turn();
  }
}

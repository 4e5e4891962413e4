import type { Clock, Logger, Random } from "@reliable-channel/interfaces";
import type { TimerSet } from "./timer-set.js";

/**
 * What every timed part of a session (sender, sync scheduler, retrieval, catch-up) uses; each part's own
 * `XComponents` extends it with the few other collaborators that part needs.
 */
export interface TimedPartComponents {
  /** The session's named timers (all cancelled when it stops). */
  readonly timers: TimerSet;
  readonly clock: Clock;
  /** Jitter of backoffs and delays. */
  readonly random: Random;
  readonly logger: Logger;
  /** Aborts when the session stops: what a part has under way is abandoned, and nothing new starts. */
  readonly signal: AbortSignal;
}

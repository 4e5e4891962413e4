/** Cancels a scheduled callback; calling it more than once is harmless. */
export type Cancel = () => void;

/**
 * Time and timers, injected so that tests run on virtual time.
 * `now()` is milliseconds since the Unix epoch (or since any fixed origin for a virtual clock).
 */
export interface Clock {
  now(): number;
  /** Runs `callback` once after `delayMs` (ms) of this clock's time. Timers never keep a process alive. */
  setTimeout(callback: () => void, delayMs: number): Cancel;
}

/** A source of uniform random numbers in [0, 1), injected so that tests are reproducible from a seed. */
export interface Random {
  next(): number;
}

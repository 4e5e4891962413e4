import type { Random } from "@reliable-channel/interfaces";

/** The shape of an exponential backoff. */
export interface BackoffPolicy {
  /** Delay after the first attempt (ms). */
  readonly baseDelayMs: number;
  /** Cap of the delay before jitter (ms). */
  readonly maxDelayMs: number;
  /** Growth per attempt (≥ 1). */
  readonly factor: number;
  /** Spread: the delay is multiplied by a factor drawn from [1 - jitter, 1 + jitter] (0 ≤ jitter < 1). */
  readonly jitter: number;
}

/**
 * The delay (ms) to wait after `attempt` attempts (1 = after the first): `base × factor^(attempt-1)`,
 * capped at `maxDelayMs`, then spread by the jitter. Never negative.
 */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: Random): number {
  const raw = backoffBaseDelay(policy, attempt);
  const spread = 1 + policy.jitter * (2 * random.next() - 1);
  return Math.max(0, Math.round(raw * spread));
}

/** The delay (ms) to wait after `attempt` attempts before jitter: `base × factor^(attempt-1)`, capped. */
export function backoffBaseDelay(policy: BackoffPolicy, attempt: number): number {
  const exponent = Math.max(0, attempt - 1);
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * policy.factor ** exponent);
}

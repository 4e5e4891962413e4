import type { Random } from "@reliable-channel/interfaces";
import { type BackoffPolicy, backoffDelay } from "./backoff.js";

/** When to re-publish an unacknowledged message and when to give it up. */
export interface RetryPolicy {
  readonly backoff: BackoffPolicy;
  /** Publish attempts (the first included) before giving up (Infinity: never). */
  readonly maxAttempts: number;
  /** Age (ms since `send`) after which an unacknowledged message is given up (Infinity: never). */
  readonly maxAgeMs: number;
  /** Extra factor on the delay while the message is possibly acknowledged. */
  readonly possiblyAcknowledgedBackoff: number;
}

/** What to do after a publish attempt. */
export type RetryDecision =
  | { readonly action: "retry"; readonly at: number }
  | { readonly action: "give-up" };

/** The decision after `attempts` attempts at time `now` (ms); a permanent error is handled by the caller. */
export function nextRetry(
  policy: RetryPolicy,
  state: { readonly attempts: number; readonly possiblyAcknowledged: boolean; readonly now: number },
  random: Random,
): RetryDecision {
  if (state.attempts >= policy.maxAttempts) return { action: "give-up" };
  const delay = backoffDelay(policy.backoff, state.attempts, random);
  const factor = state.possiblyAcknowledged ? policy.possiblyAcknowledgedBackoff : 1;
  return { action: "retry", at: state.now + delay * factor };
}

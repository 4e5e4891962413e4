import { epochStartOf, type RateLimitQuota } from "./quota.js";
import type { EpochUsage } from "./usage-store.js";

/**
 * The current epoch's count against the quota. Pure: time comes in. It never counts down within an
 * epoch: a publish counts when it starts, whatever its outcome.
 */
export class EpochBudget {
  #quota: RateLimitQuota;
  #epochStart: number;
  #used: number;

  /** Starts at `now`, from the `stored` usage when it is of the same epoch (a restart mid-epoch). */
  constructor(quota: RateLimitQuota, stored: EpochUsage | undefined, now: number) {
    this.#quota = quota;
    this.#epochStart = epochStartOf(now, quota.epochMs);
    const carried = stored !== undefined && stored.epochStart === this.#epochStart ? stored.used : 0;
    this.#used = Math.max(carried, quota.used ?? 0);
  }

  /** Moves to the epoch of `now`; whether a new epoch started (its count starts at zero). */
  roll(now: number): boolean {
    const start = epochStartOf(now, this.#quota.epochMs);
    if (start <= this.#epochStart) return false;
    this.#epochStart = start;
    this.#used = 0;
    return true;
  }

  /** A fresh quota from the provider: limit and epoch length; its `used` raises the count. */
  update(quota: RateLimitQuota, now: number): void {
    const sameLength = quota.epochMs === this.#quota.epochMs;
    this.#quota = quota;
    if (!sameLength) {
      const start = epochStartOf(now, quota.epochMs);
      // A changed epoch length: count what we used as used in the new epoch too (conservative).
      this.#epochStart = start;
    }
    this.#used = Math.max(this.#used, quota.used ?? 0);
  }

  /** Counts `n` publishes. */
  take(n: number): void {
    this.#used += n;
  }

  /** Counts the epoch as used up (the network refused a publish for rate reasons). */
  exhaust(): void {
    this.#used = Math.max(this.#used, this.#quota.messagesPerEpoch);
  }

  /** Publishes still allowed in this epoch. */
  get available(): number {
    return Math.max(0, this.#quota.messagesPerEpoch - this.#used);
  }

  /** Publishes counted in this epoch. */
  get used(): number {
    return this.#used;
  }

  /** The quota in force. */
  get quota(): RateLimitQuota {
    return this.#quota;
  }

  /** When (clock ms) this epoch started. */
  get epochStart(): number {
    return this.#epochStart;
  }

  /** When (clock ms) the next epoch starts. */
  get nextEpochAt(): number {
    return this.#epochStart + this.#quota.epochMs;
  }

  /** What to store: this epoch and its count. */
  usage(): EpochUsage {
    return { epochStart: this.#epochStart, used: this.#used };
  }
}

import { InvalidArgumentError } from "@reliable-channel/interfaces";

/** How many messages a publisher may send per epoch: an RLN membership's rate. */
export interface RateLimitQuota {
  /** Messages per epoch (a positive integer). */
  readonly messagesPerEpoch: number;
  /** Length of an epoch (ms, positive). Epochs start at multiples of it on the clock, as RLN epochs do. */
  readonly epochMs: number;
  /**
   * Messages already used in the current epoch, as the network node counts them (e.g. by other channels
   * that publish with the same membership). The manager takes the larger of this and its own count.
   */
  readonly used?: number;
}

/**
 * The quota provider port: a transport (or node) that knows its RLN membership supplies the quota. Asked
 * at `start()` and at the first publish of every epoch.
 */
export interface QuotaProvider {
  /** The quota now. */
  quota(): RateLimitQuota | Promise<RateLimitQuota>;
}

/** A provider that always answers `quota` (the `{ messagesPerEpoch, epochMs }` form of the options). */
export function fixedQuota(quota: RateLimitQuota): QuotaProvider {
  const checked = checkQuota(quota);
  return { quota: () => checked };
}

/** Validates a quota; throws `InvalidArgumentError` on a bad value. */
export function checkQuota(quota: RateLimitQuota): RateLimitQuota {
  const { messagesPerEpoch, epochMs, used } = quota;
  if (!Number.isSafeInteger(messagesPerEpoch) || messagesPerEpoch < 1)
    throw new InvalidArgumentError(`messagesPerEpoch must be a positive integer: ${messagesPerEpoch}`);
  if (!Number.isFinite(epochMs) || epochMs <= 0)
    throw new InvalidArgumentError(`epochMs must be a positive number of ms: ${epochMs}`);
  if (used !== undefined && (!Number.isSafeInteger(used) || used < 0))
    throw new InvalidArgumentError(`used must be a non-negative integer: ${used}`);
  return quota;
}

/** When (clock ms) the epoch holding `now` started. */
export function epochStartOf(now: number, epochMs: number): number {
  return Math.floor(now / epochMs) * epochMs;
}

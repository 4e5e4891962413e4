import type { Clock, Logger, Storage } from "@reliable-channel/interfaces";
import type { QuotaProvider } from "./quota.js";
import type { UsageStore } from "./usage-store.js";

/** A fixed quota: an RLN membership's rate, as configured. */
export interface FixedQuotaInit {
  /** Messages per epoch (a positive integer). */
  readonly messagesPerEpoch: number;
  /** Length of an epoch (ms). */
  readonly epochMs: number;
}

/** A quota supplied by a provider (a transport or node that knows its RLN membership). */
export interface ProvidedQuotaInit {
  /** Supplies the quota (and, optionally, what the node counted already in the epoch). */
  readonly quota: QuotaProvider;
}

/** Options of `rateLimited`: the quota, and how traffic is shed. */
export type RateLimitInit = (FixedQuotaInit | ProvidedQuotaInit) & {
  /**
   * Ephemerals are dropped once the epoch's usage reaches this share of the quota (0 to 1).
   * @default DEFAULT_EPHEMERAL_THRESHOLD (0.9)
   */
  readonly ephemeralThreshold?: number;
  /**
   * Rate refusals in a row after which a publish's refusal is passed to its caller.
   * @default DEFAULT_MAX_RATE_REJECTIONS (3)
   */
  readonly maxRateRejections?: number;
};

/** What `rateLimited` uses: the clock epochs are counted on, and where the usage is kept. */
export interface RateLimitComponents {
  /** The clock (the same one the network's epochs follow: RLN epochs are wall-clock time). */
  readonly clock: Clock;
  /**
   * Where the current epoch's usage is kept across restarts. Takes precedence over `storage`.
   * @default storageUsageStore(storage) when `storage` is given, otherwise memoryUsageStore()
   */
  readonly store?: UsageStore;
  /** A storage adapter to keep the usage in (see `storageUsageStore`). */
  readonly storage?: Storage;
  /** Where the manager reports what it could not act on (a failed usage save). */
  readonly logger?: Logger;
}

/**
 * The rate limit manager of the reliable channel: a `Transport` decorator that keeps a publisher within
 * its RLN quota (messages per epoch), queues by priority instead of failing, sheds ephemerals first and
 * keeps the epoch's usage across restarts.
 * @packageDocumentation
 */
export {
  DEFAULT_EPHEMERAL_THRESHOLD,
  DEFAULT_MAX_RATE_REJECTIONS,
  DEFAULT_USAGE_STORAGE_ID,
} from "./defaults.js";
export { EphemeralDroppedError } from "./errors.js";
export type {
  EphemeralDroppedEvent,
  EphemeralDropReason,
  QueueDrainedEvent,
  QueueWaitingEvent,
  RateLimitEvents,
  RateLimitedEvent,
} from "./events.js";
export type { FixedQuotaInit, ProvidedQuotaInit, RateLimitComponents, RateLimitInit } from "./options.js";
export { fixedQuota, type QuotaProvider, type RateLimitQuota } from "./quota.js";
export { type RateLimitedTransport, rateLimited } from "./rate-limited.js";
export type { RateLimitUsage } from "./rate-limiter.js";
export { type StorageUsageStoreInit, storageUsageStore } from "./storage-usage-store.js";
export { type EpochUsage, memoryUsageStore, type UsageStore } from "./usage-store.js";

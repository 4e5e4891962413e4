import { InvalidArgumentError, type Transport, type TypedEmitter } from "@reliable-channel/interfaces";
import { DEFAULT_EPHEMERAL_THRESHOLD, DEFAULT_MAX_RATE_REJECTIONS } from "./defaults.js";
import type { RateLimitEvents } from "./events.js";
import type { RateLimitComponents, RateLimitInit } from "./options.js";
import { fixedQuota, type QuotaProvider } from "./quota.js";
import { RateLimiter, type RateLimitUsage } from "./rate-limiter.js";
import { storageUsageStore } from "./storage-usage-store.js";
import { memoryUsageStore } from "./usage-store.js";

/**
 * A transport behind a rate limit manager: itself a `Transport` (put it wherever a transport goes), plus
 * the manager's events and figures.
 */
export interface RateLimitedTransport
  extends Transport,
    Pick<TypedEmitter<RateLimitEvents>, "on" | "off" | "once" | "listenerCount"> {
  /** The current epoch's usage, quota and queue length. */
  usage(): RateLimitUsage;
}

/**
 * Puts a rate limit manager in front of `transport`: never more publishes per epoch than the quota, the
 * current epoch's usage kept across restarts, the rest queued by `PublishOptions.kind` (content in order,
 * then retries, repair responses, syncs; syncs and repeated bytes coalesced while waiting), ephemerals
 * dropped past the threshold, and a `RateLimitedError` from the network taken as "this epoch is used up".
 *
 * @example
 * ```ts
 * const transport = rateLimited(wakuTransport, { messagesPerEpoch: 100, epochMs: 600_000 }, { clock, storage });
 * transport.on("queue-waiting", ({ queued, nextSlotAt }) => console.log(queued, "waiting until", nextSlotAt));
 * const channel = await createReliableChannel({ channelId, participantId, transport, clock, storage });
 * ```
 * @throws InvalidArgumentError on a bad quota or option.
 */
export function rateLimited(
  transport: Transport,
  init: RateLimitInit,
  components: RateLimitComponents,
): RateLimitedTransport {
  const provider: QuotaProvider = "quota" in init ? init.quota : fixedQuota(init);
  const ephemeralThreshold = init.ephemeralThreshold ?? DEFAULT_EPHEMERAL_THRESHOLD;
  if (!(ephemeralThreshold >= 0 && ephemeralThreshold <= 1))
    throw new InvalidArgumentError(`ephemeralThreshold must be within [0, 1]: ${ephemeralThreshold}`);
  const maxRateRejections = init.maxRateRejections ?? DEFAULT_MAX_RATE_REJECTIONS;
  if (!Number.isSafeInteger(maxRateRejections) || maxRateRejections < 1)
    throw new InvalidArgumentError(`maxRateRejections must be a positive integer: ${maxRateRejections}`);
  const store =
    components.store ??
    (components.storage === undefined ? memoryUsageStore() : storageUsageStore(components.storage));
  const limiter = new RateLimiter({
    inner: transport,
    provider,
    clock: components.clock,
    store,
    logger: components.logger,
    ephemeralThreshold,
    maxRateRejections,
  });
  const { retrieve, queryRange, connectivity, retention, maxPayloadBytes, wireProfile } = transport;
  return {
    start: () => limiter.start(),
    stop: () => limiter.stop(),
    publish: (bytes, options) => limiter.publish(bytes, options),
    subscribe: (listener) => transport.subscribe(listener),
    on: (type, listener) => limiter.on(type, listener),
    off: (type, listener) => limiter.off(type, listener),
    once: (type, options) => limiter.once(type, options),
    listenerCount: (type) => limiter.listenerCount(type),
    usage: () => limiter.usage(),
    ...(retrieve === undefined ? {} : { retrieve: retrieve.bind(transport) }),
    ...(queryRange === undefined ? {} : { queryRange: queryRange.bind(transport) }),
    ...(connectivity === undefined ? {} : { connectivity }),
    ...(retention === undefined ? {} : { retention }),
    ...(maxPayloadBytes === undefined ? {} : { maxPayloadBytes }),
    ...(wireProfile === undefined ? {} : { wireProfile }),
  };
}

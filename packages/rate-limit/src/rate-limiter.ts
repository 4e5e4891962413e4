import {
  type Cancel,
  type Clock,
  type Logger,
  NotStartedError,
  type PublishOptions,
  type PublishResult,
  RateLimitedError,
  type Transport,
  TypedEmitter,
} from "@reliable-channel/interfaces";
import { EpochBudget } from "./epoch-budget.js";
import { EphemeralDroppedError } from "./errors.js";
import type { EphemeralDropReason, RateLimitEvents } from "./events.js";
import { isQueuedKind, PublishQueue, type QueuedPublish, type Waiter } from "./publish-queue.js";
import { checkQuota, type QuotaProvider } from "./quota.js";
import type { UsageStore } from "./usage-store.js";

/** Where a rate-limited transport stands now. */
export interface RateLimitUsage {
  /** When (clock ms) the current epoch started. */
  readonly epochStart: number;
  /** Publishes counted in it. */
  readonly used: number;
  /** The quota in force: messages per epoch. */
  readonly messagesPerEpoch: number;
  /** The quota in force: the epoch's length (ms). */
  readonly epochMs: number;
  /** Publishes waiting for a slot (coalesced ones count once). */
  readonly queued: number;
}

/** Everything the manager runs on, resolved. */
export interface RateLimiterConfig {
  readonly inner: Transport;
  readonly provider: QuotaProvider;
  readonly clock: Clock;
  readonly store: UsageStore;
  readonly logger: Logger | undefined;
  readonly ephemeralThreshold: number;
  readonly maxRateRejections: number;
}

/**
 * The rate limit manager: counts publishes per epoch against the quota, holds the rest in a priority
 * queue and lets it out as slots open (at each epoch start), drops ephemerals past the threshold, and
 * treats a network refusal for rate reasons as "this epoch is used up". Publishes leave the queue one
 * after the other, in priority order, so content reaches the network in the order it was handed in.
 */
export class RateLimiter extends TypedEmitter<RateLimitEvents> {
  readonly #config: RateLimiterConfig;
  readonly #queue = new PublishQueue();
  #budget: EpochBudget | undefined;
  #started = false;
  #pumping = false;
  #again = false;
  #timer: Cancel | undefined;
  #drainCheck: Cancel | undefined;
  /** No publish before this time (a wait the network asked for). */
  #holdUntil = 0;
  #unwatch: (() => void) | undefined;
  /** When the current waiting spell started; `undefined` while nothing waits for a slot. */
  #waitingSince: number | undefined;
  #announcedSlot: number | undefined;

  constructor(config: RateLimiterConfig) {
    super();
    this.#config = config;
  }

  /** Reads the quota and the stored usage, then starts the transport. */
  async start(): Promise<void> {
    if (this.#started) return;
    const { inner, provider, store, clock } = this.#config;
    const quota = checkQuota(await provider.quota());
    this.#budget = new EpochBudget(quota, await store.load(), clock.now());
    await inner.start();
    this.#started = true;
    this.#unwatch = inner.connectivity?.onChange((online) => {
      if (online) this.#pump();
    });
    this.#pump();
  }

  /** Stops: waiting publishes reject with `NotStartedError`; then the transport and the store. */
  async stop(): Promise<void> {
    const wasStarted = this.#started;
    this.#started = false;
    this.#timer?.();
    this.#timer = undefined;
    this.#drainCheck?.();
    this.#drainCheck = undefined;
    this.#unwatch?.();
    this.#unwatch = undefined;
    this.#waitingSince = undefined;
    this.#announcedSlot = undefined;
    for (const entry of this.#queue.clear()) settle(entry.waiters, new NotStartedError());
    await this.#config.inner.stop();
    if (wasStarted) await this.#config.store.close?.();
  }

  /** Publishes now if the quota allows, otherwise queues (or drops an ephemeral). */
  publish(bytes: Uint8Array, options: PublishOptions = {}): Promise<PublishResult> {
    const { signal } = options;
    if (!this.#started) return Promise.reject(new NotStartedError());
    if (signal?.aborted) return Promise.reject(signal.reason);
    const kind = options.kind ?? "content";
    if (!isQueuedKind(kind)) return this.#ephemeral(bytes, options);
    return new Promise<PublishResult>((resolve, reject) => {
      const onAbort = (): void => {
        if (this.#queue.removeWaiter(waiter)) reject(signal?.reason);
        this.#pump();
      };
      const done = (): void => signal?.removeEventListener("abort", onAbort);
      const waiter: Waiter = {
        resolve: (result) => {
          done();
          resolve(result);
        },
        reject: (error) => {
          done();
          reject(error);
        },
        signal,
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#queue.add(kind, bytes, waiter);
      this.#pump();
    });
  }

  /** The current epoch's figures. */
  usage(): RateLimitUsage {
    const budget = this.#budget;
    const quota = budget?.quota;
    return {
      epochStart: budget?.epochStart ?? 0,
      used: budget?.used ?? 0,
      messagesPerEpoch: quota?.messagesPerEpoch ?? 0,
      epochMs: quota?.epochMs ?? 0,
      queued: this.#queue.size,
    };
  }

  async #ephemeral(bytes: Uint8Array, options: PublishOptions): Promise<PublishResult> {
    const budget = this.#budgetNow();
    const { messagesPerEpoch } = budget.quota;
    const reason: EphemeralDropReason | undefined =
      this.#queue.size > 0 || budget.available === 0 || this.#holdUntil > this.#config.clock.now()
        ? "reached"
        : budget.used >= this.#config.ephemeralThreshold * messagesPerEpoch
          ? "approached"
          : undefined;
    if (reason !== undefined) {
      this.emit("ephemeral-dropped", { reason, used: budget.used, messagesPerEpoch });
      throw new EphemeralDroppedError(reason);
    }
    budget.take(1);
    await this.#config.store.save(budget.usage());
    return this.#config.inner.publish(bytes, options);
  }

  /** The budget, moved to the current epoch. */
  #budgetNow(): EpochBudget {
    const budget = this.#budget;
    if (budget === undefined) throw new NotStartedError();
    if (budget.roll(this.#config.clock.now())) void this.#refreshQuota(budget);
    return budget;
  }

  async #refreshQuota(budget: EpochBudget): Promise<void> {
    try {
      budget.update(checkQuota(await this.#config.provider.quota()), this.#config.clock.now());
    } catch (error) {
      this.#config.logger?.warn("rate limit: quota provider failed; keeping the last quota", {
        error: String(error),
      });
    }
  }

  #pump(): void {
    if (this.#pumping) {
      this.#again = true;
      return;
    }
    this.#pumping = true;
    void this.#run();
  }

  async #run(): Promise<void> {
    try {
      do {
        this.#again = false;
        await this.#drain();
      } while (this.#again && this.#started);
    } finally {
      this.#pumping = false;
    }
  }

  /** Lets queued publishes out while slots are free, one after the other; arms the timer otherwise. */
  async #drain(): Promise<void> {
    const { clock, inner } = this.#config;
    while (this.#started && this.#queue.size > 0) {
      if (inner.connectivity?.online === false) return;
      const budget = this.#budgetNow();
      const now = clock.now();
      if (this.#holdUntil > now || budget.available === 0) {
        this.#wait(Math.max(this.#holdUntil, budget.available === 0 ? budget.nextEpochAt : now));
        return;
      }
      const entry = this.#queue.shift();
      if (entry === undefined) break;
      budget.take(1);
      try {
        await this.#config.store.save(budget.usage());
      } catch (error) {
        settle(entry.waiters, error);
        continue;
      }
      await this.#dispatch(entry);
    }
    if (this.#queue.size === 0 && this.#waitingSince !== undefined) this.#checkDrainedSoon();
  }

  /**
   * The queue is empty: the spell ends on the next timer turn if it still is then. A caller that publishes
   * one message after the other (the channel's first publishes) puts the next one in within that turn.
   */
  #checkDrainedSoon(): void {
    const { clock } = this.#config;
    this.#drainCheck?.();
    this.#drainCheck = clock.setTimeout(() => {
      this.#drainCheck = undefined;
      if (this.#queue.size > 0 || this.#waitingSince === undefined) return;
      const waitedMs = clock.now() - this.#waitingSince;
      this.#waitingSince = undefined;
      this.#announcedSlot = undefined;
      this.emit("queue-drained", { waitedMs });
    }, 0);
  }

  /** Publishes wait until `at`: the timer is armed, and `queue-waiting` said once per slot time. */
  #wait(at: number): void {
    const { clock } = this.#config;
    const now = clock.now();
    this.#waitingSince ??= now;
    this.#timer?.();
    this.#timer = clock.setTimeout(
      () => {
        this.#timer = undefined;
        this.#pump();
      },
      Math.max(0, at - now),
    );
    if (this.#announcedSlot === at) return;
    this.#announcedSlot = at;
    this.emit("queue-waiting", { queued: this.#queue.size, nextSlotAt: at });
  }

  async #dispatch(entry: QueuedPublish): Promise<void> {
    const live = entry.waiters.filter((waiter) => waiter.signal?.aborted !== true);
    for (const waiter of entry.waiters) if (!live.includes(waiter)) waiter.reject(waiter.signal?.reason);
    if (live.length === 0) return;
    const signal = live.length === 1 ? live[0]?.signal : undefined;
    try {
      const options = signal === undefined ? { kind: entry.kind } : { kind: entry.kind, signal };
      const result = await this.#config.inner.publish(entry.bytes, options);
      for (const waiter of live) waiter.resolve(result);
    } catch (error) {
      if (error instanceof RateLimitedError && this.#started)
        this.#refused({ ...entry, waiters: live }, error);
      else settle(live, error);
    }
  }

  /** The network refused `entry` for rate reasons: hold the queue, keep the entry first in its lane. */
  #refused(entry: QueuedPublish, error: RateLimitedError): void {
    const budget = this.#budgetNow();
    const now = this.#config.clock.now();
    if (error.retryAfterMs === undefined) budget.exhaust();
    const retryAt = error.retryAfterMs === undefined ? budget.nextEpochAt : now + error.retryAfterMs;
    this.#holdUntil = Math.max(this.#holdUntil, retryAt);
    this.#config.store.save(budget.usage()).catch((saveError: unknown) => {
      this.#config.logger?.warn("rate limit: usage not saved", { error: String(saveError) });
    });
    const rejections = entry.rejections + 1;
    this.emit("rate-limited", { error, retryAt, rejections });
    if (rejections >= this.#config.maxRateRejections) settle(entry.waiters, error);
    else this.#queue.unshift({ ...entry, rejections });
  }
}

function settle(waiters: readonly Waiter[], error: unknown): void {
  for (const waiter of waiters) waiter.reject(error);
}

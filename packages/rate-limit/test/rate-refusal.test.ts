import { RateLimitedError, type Transport } from "@reliable-channel/interfaces";
import { memoryStorage } from "@reliable-channel/storage-memory";
import { createMemoryNetwork, type MemoryNetwork } from "@reliable-channel/transport-memory";
import { describe, expect, it } from "vitest";
import { rateLimited, storageUsageStore } from "../src/index.js";
import { text, turn } from "./helpers.js";

const EPOCH_MS = 1_000;

/** `inner` that refuses the next `count` publishes with `RateLimitedError`; counts the attempts. */
function refusing(
  inner: Transport,
  count: number,
  attempts: { n: number },
  retryAfterMs?: number,
): Transport {
  let left = count;
  return {
    start: () => inner.start(),
    stop: () => inner.stop(),
    subscribe: (listener) => inner.subscribe(listener),
    publish: async (bytes, options) => {
      attempts.n++;
      if (left-- > 0)
        throw new RateLimitedError(undefined, retryAfterMs === undefined ? {} : { retryAfterMs });
      return inner.publish(bytes, options);
    },
  };
}

async function runFor(network: MemoryNetwork, ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 50) {
    network.clock.advance(50);
    await turn();
    await turn();
  }
}

describe("a refusal by the network for rate reasons", () => {
  it("is not retried at once nor passed on: the epoch counts as used up and the publish goes out in the next", async () => {
    const network = createMemoryNetwork({ seed: 11 });
    network.clock.advance(EPOCH_MS - (network.clock.now() % EPOCH_MS));
    const attempts = { n: 0 };
    const limited = rateLimited(
      refusing(network.join("a"), 1, attempts),
      { messagesPerEpoch: 10, epochMs: EPOCH_MS },
      { clock: network.clock },
    );
    await limited.start();
    const refusals: number[] = [];
    limited.on("rate-limited", ({ retryAt }) => refusals.push(retryAt));
    const start = network.clock.now();
    let done = false;
    const published = limited.publish(text("x")).then(() => {
      done = true;
    });
    await turn();
    expect(refusals).toEqual([start + EPOCH_MS]);
    expect(limited.usage().used).toBe(10);
    await runFor(network, EPOCH_MS - 50);
    expect(done).toBe(false);
    expect(attempts.n).toBe(1);
    await runFor(network, 100);
    await published;
    expect(attempts.n).toBe(2);
    await limited.stop();
  });

  it("waits as long as the network asked when it said, and passes the refusal on after maxRateRejections", async () => {
    const network = createMemoryNetwork({ seed: 12 });
    const attempts = { n: 0 };
    const limited = rateLimited(
      refusing(network.join("a"), 5, attempts, 200),
      { messagesPerEpoch: 10, epochMs: EPOCH_MS, maxRateRejections: 2 },
      { clock: network.clock },
    );
    await limited.start();
    const failed = limited.publish(text("x"));
    const outcome = failed.then(
      () => "published",
      (error: unknown) => error,
    );
    await runFor(network, 300);
    expect(await outcome).toBeInstanceOf(RateLimitedError);
    expect(attempts.n).toBe(2);
    await limited.stop();
  });
});

describe("storageUsageStore", () => {
  it("keeps the epoch's usage in a Storage adapter, beside the channels' states", async () => {
    const storage = memoryStorage();
    const store = storageUsageStore(storage);
    expect(await store.load()).toBeUndefined();
    await store.save({ epochStart: 5_000, used: 7 });
    await store.close?.();
    const again = storageUsageStore(storage);
    expect(await again.load()).toEqual({ epochStart: 5_000, used: 7 });
    await again.close?.();
    const other = storageUsageStore(storage, { id: "another-membership" });
    expect(await other.load()).toBeUndefined();
    await other.close?.();
  });
});

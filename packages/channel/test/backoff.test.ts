import { createSeededRandom } from "@reliable-channel/transport-memory";
import { describe, expect, it } from "vitest";
import { backoffDelay } from "../src/backoff.js";
import { nextRetry } from "../src/retry-policy.js";

const policy = { baseDelayMs: 1_000, maxDelayMs: 10_000, factor: 2, jitter: 0 };
const fixed = { next: () => 0.5 };

describe("backoffDelay", () => {
  it("grows exponentially and stops at the cap", () => {
    const delays = [1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(policy, attempt, fixed));
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
  });

  it("spreads each delay within ±jitter (seed 7)", () => {
    const random = createSeededRandom(7);
    const jittered = { ...policy, jitter: 0.2 };
    const delays = Array.from({ length: 200 }, () => backoffDelay(jittered, 1, random));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(800);
    expect(Math.max(...delays)).toBeLessThanOrEqual(1_200);
    expect(new Set(delays).size).toBeGreaterThan(50);
  });
});

describe("nextRetry", () => {
  const retry = {
    backoff: policy,
    maxAttempts: 3,
    maxAgeMs: Number.POSITIVE_INFINITY,
    possiblyAcknowledgedBackoff: 4,
  };

  it("retries with backoff until the attempt limit, then gives up", () => {
    expect(nextRetry(retry, { attempts: 1, possiblyAcknowledged: false, now: 100 }, fixed)).toEqual({
      action: "retry",
      at: 1_100,
    });
    expect(nextRetry(retry, { attempts: 2, possiblyAcknowledged: false, now: 100 }, fixed)).toEqual({
      action: "retry",
      at: 2_100,
    });
    expect(nextRetry(retry, { attempts: 3, possiblyAcknowledged: false, now: 100 }, fixed)).toEqual({
      action: "give-up",
    });
  });

  it("backs off further while possibly acknowledged", () => {
    expect(nextRetry(retry, { attempts: 1, possiblyAcknowledged: true, now: 0 }, fixed)).toEqual({
      action: "retry",
      at: 4_000,
    });
  });
});

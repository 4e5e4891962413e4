import { describe, expect, it } from "vitest";
import { simulateRateLimit } from "../src/rate-limit/simulate.js";

const run = { seed: 3, senders: 3, messagesPerEpoch: 10, epochMs: 10_000, epochs: 10 };

describe("the rate-limit bench's simulation", () => {
  it("senders faster than their quota: the quota goes to content, nothing is refused", async () => {
    const report = await simulateRateLimit({ ...run, load: 1.5 });
    expect(report.refused).toBe(0);
    expect(report.peakPerEpoch).toBe(10);
    expect(report.contentShare).toBeGreaterThanOrEqual(0.98);
  });

  it("a busy channel under its quota: at most 0.25 non-content publishes per content message", async () => {
    const report = await simulateRateLimit({ ...run, load: 0.8 });
    expect(report.refused).toBe(0);
    expect(report.peakPerEpoch).toBeLessThanOrEqual(10);
    expect(report.overheadPerContent).toBeLessThanOrEqual(0.25);
    expect(report.delays.length).toBeGreaterThan(0);
  });
});

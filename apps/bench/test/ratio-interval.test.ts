import { describe, expect, it } from "vitest";
import { formatRatio, median, ratioInterval } from "../src/waku-latency/ratio-interval.js";

describe("ratioInterval", () => {
  it("takes the element at ⌊n/2⌋ of the sorted values as the median, as the bench's p50 does", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(3);
    expect(median([])).toBeNaN();
  });

  it("gives a zero-width interval when the numerator is the denominator scaled", () => {
    const raw = [2.1, 2.4, 1.9, 3.5, 2.2, 2.8, 2.0, 2.6];
    const interval = ratioInterval(
      raw.map((x) => x * 1.25),
      raw,
    );
    expect(interval.paired).toBe(true);
    expect(interval.ratio).toBeCloseTo(1.25, 12);
    expect(interval.low).toBeCloseTo(1.25, 12);
    expect(interval.high).toBeCloseTo(1.25, 12);
  });

  it("brackets the measured ratio, and pairing removes the load both series shared", () => {
    // Each round has its own load (from 1 to 3 ms), which both systems feel; ours adds 0.5 ms ± noise.
    const rounds = 300;
    const load = Array.from({ length: rounds }, (_, i) => 1 + ((i * 7919) % 200) / 100);
    const raw = load.map((x, i) => x + ((i * 31) % 10) / 100);
    const ours = load.map((x, i) => x + 0.5 + ((i * 17) % 10) / 100);
    const paired = ratioInterval(ours, raw, { seed: 7 });
    const unpaired = ratioInterval(ours, raw.slice(1), { seed: 7 });
    expect(paired.paired).toBe(true);
    expect(unpaired.paired).toBe(false);
    for (const interval of [paired, unpaired]) {
      expect(interval.low).toBeLessThanOrEqual(interval.ratio);
      expect(interval.high).toBeGreaterThanOrEqual(interval.ratio);
    }
    expect(paired.high - paired.low).toBeLessThan(unpaired.high - unpaired.low);
  });

  it("is the same for the same seed", () => {
    const a = [1, 5, 2, 8, 3, 9, 4];
    const b = [2, 3, 4, 1, 6, 2, 3];
    expect(ratioInterval(a, b, { seed: 3 })).toEqual(ratioInterval(a, b, { seed: 3 }));
  });

  it("prints the ratio with its interval, and n/a when a series is empty", () => {
    expect(formatRatio({ ratio: 1.2749, low: 1.2211, high: 1.3102, paired: true })).toBe(
      "1.27x (95% 1.22–1.31)",
    );
    expect(formatRatio(ratioInterval([], [1, 2]))).toBe("n/a");
  });
});

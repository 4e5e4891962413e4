import { describe, expect, it } from "vitest";
import { percentile } from "../src/metrics/percentile.js";

describe("percentile", () => {
  it("uses the nearest rank and leaves the input alone", () => {
    const values = [50, 10, 40, 20, 30];
    expect(percentile(values, 50)).toBe(30);
    expect(percentile(values, 95)).toBe(50);
    expect(percentile(values, 0)).toBe(10);
    expect(percentile(values, 100)).toBe(50);
    expect(values).toEqual([50, 10, 40, 20, 30]);
  });

  it("is undefined for no values", () => {
    expect(percentile([], 50)).toBeUndefined();
  });

  it("p95 of 1..100 is 95", () => {
    expect(
      percentile(
        Array.from({ length: 100 }, (_, i) => 100 - i),
        95,
      ),
    ).toBe(95);
  });
});

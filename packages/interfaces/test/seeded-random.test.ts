import { describe, expect, it } from "vitest";
import { createSeededRandom, InvalidArgumentError } from "../src/index.js";

const draw = (seed: number, n: number): number[] => {
  const random = createSeededRandom(seed);
  return Array.from({ length: n }, () => random.next());
};

describe("createSeededRandom", () => {
  it("gives the same sequence for the same seed and different ones for different seeds", () => {
    expect(draw(7, 100)).toEqual(draw(7, 100));
    expect(draw(7, 10)).not.toEqual(draw(8, 10));
    expect(draw(2 ** 40, 10)).not.toEqual(draw(0, 10));
    expect(createSeededRandom(7).seed).toBe(7);
  });

  it("draws numbers in [0, 1) that look uniform", () => {
    const values = draw(12_345, 20_000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const buckets = new Array<number>(10).fill(0);
    for (const v of values) buckets[Math.floor(v * 10)] = (buckets[Math.floor(v * 10)] ?? 0) + 1;
    for (const count of buckets) expect(count).toBeGreaterThan(1_800);
  });

  it("int(bound) stays in range and hits every value", () => {
    const random = createSeededRandom(3);
    const seen = new Set<number>();
    for (let i = 0; i < 1_000; i++) {
      const x = random.int(7);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(7);
      seen.add(x);
    }
    expect(seen.size).toBe(7);
    expect(() => random.int(0)).toThrow(InvalidArgumentError);
    expect(() => random.int(1.5)).toThrow(InvalidArgumentError);
  });

  it("bytes(n) are reproducible and of the asked length", () => {
    const a = createSeededRandom(9).bytes(13);
    expect(a).toHaveLength(13);
    expect(a).toEqual(createSeededRandom(9).bytes(13));
    expect(new Set(a).size).toBeGreaterThan(5);
    expect(() => createSeededRandom(9).bytes(-1)).toThrow(InvalidArgumentError);
  });

  it("fork() gives an independent but reproducible generator", () => {
    const first = createSeededRandom(5).fork();
    const again = createSeededRandom(5).fork();
    expect(first.next()).toBe(again.next());
    expect(draw(first.seed, 5)).not.toEqual(draw(5, 5));
  });

  it("rejects seeds that are not safe integers", () => {
    expect(() => createSeededRandom(1.5)).toThrow(InvalidArgumentError);
    expect(() => createSeededRandom(Number.NaN)).toThrow(InvalidArgumentError);
    expect(() => createSeededRandom(2 ** 60)).toThrow(InvalidArgumentError);
  });
});

import { describe, expect, it, vi } from "vitest";
import { cryptoRandom, randomBytes } from "../src/crypto-random.js";
import { systemClock } from "../src/system-clock.js";

describe("systemClock", () => {
  it("runs timers on real time, cancels them, and unrefs them so the process can exit", () => {
    vi.useFakeTimers({ now: 5_000 });
    try {
      const clock = systemClock();
      expect(clock.now()).toBe(5_000);
      const fired: number[] = [];
      clock.setTimeout(() => fired.push(1), 100);
      const cancel = clock.setTimeout(() => fired.push(2), 100);
      cancel();
      cancel();
      vi.advanceTimersByTime(100);
      expect(fired).toEqual([1]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("unrefs the Node.js timer handle", () => {
    const unref = vi.fn();
    const spy = vi.spyOn(globalThis, "setTimeout").mockReturnValue({ unref } as never);
    const clear = vi.spyOn(globalThis, "clearTimeout").mockImplementation(() => {});
    try {
      systemClock().setTimeout(() => {}, 10)();
      expect(unref).toHaveBeenCalledOnce();
      expect(clear).toHaveBeenCalledOnce();
    } finally {
      spy.mockRestore();
      clear.mockRestore();
    }
  });
});

describe("cryptoRandom", () => {
  it("draws values in [0, 1) that are not constant", () => {
    const random = cryptoRandom();
    const values = Array.from({ length: 600 }, () => random.next());
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(new Set(values).size).toBeGreaterThan(590);
  });

  it("randomBytes fills the requested length from the source", () => {
    expect(randomBytes({ next: () => 0.999 }, 4)).toEqual(new Uint8Array([255, 255, 255, 255]));
    expect(randomBytes({ next: () => 0 }, 2)).toEqual(new Uint8Array([0, 0]));
  });
});

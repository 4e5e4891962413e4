import { describe, expect, it, vi } from "vitest";
import { cryptoRandom, randomBytes } from "../src/crypto-random.js";
import { MAX_TIMER_DELAY_MS, systemClock } from "../src/system-clock.js";

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

  it("waits out a delay beyond the platform's 2^31 − 1 ms limit, and never fires an infinite one", () => {
    vi.useFakeTimers({ now: 0 });
    try {
      const clock = systemClock();
      const fired: string[] = [];
      const thirtyDays = 30 * 24 * 3_600_000;
      clock.setTimeout(() => fired.push("30 days"), thirtyDays);
      const cancel = clock.setTimeout(() => fired.push("cancelled"), thirtyDays);
      clock.setTimeout(() => fired.push("never"), Number.POSITIVE_INFINITY)();
      clock.setTimeout(() => fired.push("infinity"), Number.POSITIVE_INFINITY);
      vi.advanceTimersByTime(MAX_TIMER_DELAY_MS + 1);
      cancel();
      expect(fired).toEqual([]);
      vi.advanceTimersByTime(thirtyDays - MAX_TIMER_DELAY_MS - 2);
      expect(fired).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(fired).toEqual(["30 days"]);
      vi.advanceTimersByTime(100 * thirtyDays);
      expect(fired).toEqual(["30 days"]);
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

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Deadlines } from "../src/deadline.js";
import { deferred } from "./fake-waku.js";

describe("Deadlines, one operation", () => {
  const withDeadline: Deadlines["run"] = (work, options) =>
    new Deadlines(() => Date.now()).run(work, options);
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("resolves with the work", async () => {
    await expect(
      withDeadline(Promise.resolve(7), { timeoutMs: 1000, onTimeout: () => new Error("late") }),
    ).resolves.toBe(7);
  });

  it("rejects with onTimeout() once the time is up", async () => {
    const work = deferred<number>();
    const result = withDeadline(work.promise, { timeoutMs: 1000, onTimeout: () => new Error("late") });
    const settled = expect(result).rejects.toThrow("late");
    vi.advanceTimersByTime(999);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(1);
    await settled;
    work.resolve(1);
  });

  it("rejects with the reason of the first aborted signal and removes the timer", async () => {
    const first = new AbortController();
    const second = new AbortController();
    const result = withDeadline(new Promise<never>(() => undefined), {
      timeoutMs: 1000,
      signals: [undefined, first.signal, second.signal],
      onTimeout: () => new Error("late"),
    });
    second.abort(new Error("second"));
    await expect(result).rejects.toThrow("second");
    expect(vi.getTimerCount()).toBe(0);
  });

  it("rejects at once when a signal is already aborted", async () => {
    const controller = new AbortController();
    controller.abort(new Error("before"));
    const result = withDeadline(Promise.resolve(1), {
      timeoutMs: 1000,
      signals: [controller.signal],
      onTimeout: () => new Error("late"),
    });
    await expect(result).rejects.toThrow("before");
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("Deadlines", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("keeps one timer for many operations, and leaves it to fire instead of clearing it", async () => {
    const deadlines = new Deadlines(() => Date.now());
    const results = [1, 2, 3].map((n) =>
      deadlines.run(Promise.resolve(n), { timeoutMs: 1000, onTimeout: () => new Error("late") }),
    );
    expect(vi.getTimerCount()).toBe(1);
    await expect(Promise.all(results)).resolves.toEqual([1, 2, 3]);
    expect(deadlines.pending).toBe(0);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(1000);
    // Nothing was due: the timer is not re-armed.
    expect(vi.getTimerCount()).toBe(0);
  });

  it("rejects each operation at its own deadline, re-arming for the next one", async () => {
    const deadlines = new Deadlines(() => Date.now());
    const first = deadlines.run(new Promise<never>(() => undefined), {
      timeoutMs: 1000,
      onTimeout: () => new Error("first late"),
    });
    vi.advanceTimersByTime(400);
    const second = deadlines.run(new Promise<never>(() => undefined), {
      timeoutMs: 1000,
      onTimeout: () => new Error("second late"),
    });
    const firstSettled = expect(first).rejects.toThrow("first late");
    vi.advanceTimersByTime(600);
    await firstSettled;
    expect(deadlines.pending).toBe(1);
    vi.advanceTimersByTime(399);
    expect(deadlines.pending).toBe(1);
    const secondSettled = expect(second).rejects.toThrow("second late");
    vi.advanceTimersByTime(1);
    await secondSettled;
    expect(vi.getTimerCount()).toBe(0);
  });

  it("re-arms earlier when a shorter deadline arrives", async () => {
    const deadlines = new Deadlines(() => Date.now());
    const slow = deadlines.run(new Promise<never>(() => undefined), {
      timeoutMs: 10_000,
      onTimeout: () => new Error("slow late"),
    });
    const fast = deadlines.run(new Promise<never>(() => undefined), {
      timeoutMs: 100,
      onTimeout: () => new Error("fast late"),
    });
    const fastSettled = expect(fast).rejects.toThrow("fast late");
    vi.advanceTimersByTime(100);
    await fastSettled;
    expect(deadlines.pending).toBe(1);
    deadlines.clear(new Error("cleared"));
    await expect(slow).rejects.toThrow("cleared");
  });

  it("trusts its timer when the clock lags behind it", async () => {
    const stuck = 0;
    const deadlines = new Deadlines(() => stuck);
    const result = deadlines.run(new Promise<never>(() => undefined), {
      timeoutMs: 500,
      onTimeout: () => new Error("late"),
    });
    const settled = expect(result).rejects.toThrow("late");
    vi.advanceTimersByTime(500);
    await settled;
    expect(vi.getTimerCount()).toBe(0);
  });

  it("rejects only the operations of an aborted signal, listening to each signal once", async () => {
    const deadlines = new Deadlines(() => Date.now());
    const controller = new AbortController();
    const listen = vi.spyOn(controller.signal, "addEventListener");
    const never = (): Promise<never> => new Promise<never>(() => undefined);
    const options = { timeoutMs: 1000, onTimeout: () => new Error("late") };
    const watched = [
      deadlines.run(never(), { ...options, signals: [controller.signal] }),
      deadlines.run(never(), { ...options, signals: [undefined, controller.signal] }),
    ];
    await expect(deadlines.run(Promise.resolve("other"), options)).resolves.toBe("other");
    expect(listen).toHaveBeenCalledTimes(1);
    expect(deadlines.pending).toBe(2);
    controller.abort(new Error("gave up"));
    for (const result of watched) await expect(result).rejects.toThrow("gave up");
    expect(deadlines.pending).toBe(0);
    // The last pending operation went with the signal: the timer went too.
    expect(vi.getTimerCount()).toBe(0);
  });

  it("rejects at once when a signal is already aborted, without arming a timer", async () => {
    const deadlines = new Deadlines(() => Date.now());
    const controller = new AbortController();
    controller.abort(new Error("before"));
    const result = deadlines.run(Promise.resolve(1), {
      timeoutMs: 1000,
      signals: [controller.signal],
      onTimeout: () => new Error("late"),
    });
    await expect(result).rejects.toThrow("before");
    expect(vi.getTimerCount()).toBe(0);
  });

  it("answers a late settlement of the work no more (the caller was answered by the deadline)", async () => {
    const deadlines = new Deadlines(() => Date.now());
    let fail: (error: Error) => void = () => undefined;
    const work = new Promise<number>((_, reject) => {
      fail = reject;
    });
    const result = deadlines.run(work, { timeoutMs: 10, onTimeout: () => new Error("late") });
    const settled = expect(result).rejects.toThrow("late");
    vi.advanceTimersByTime(10);
    await settled;
    // Would be an unhandled rejection if the deadline had not taken care of the work's late failure.
    fail(new Error("too late to matter"));
    await Promise.resolve();
    expect(deadlines.pending).toBe(0);
  });
});

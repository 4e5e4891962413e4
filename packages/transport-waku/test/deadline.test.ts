import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { withDeadline } from "../src/deadline.js";
import { deferred } from "./fake-waku.js";

describe("withDeadline", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("resolves with the work and leaves no timer", async () => {
    await expect(
      withDeadline(Promise.resolve(7), { timeoutMs: 1000, onTimeout: () => new Error("late") }),
    ).resolves.toBe(7);
    expect(vi.getTimerCount()).toBe(0);
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

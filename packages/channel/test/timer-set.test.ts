import { createVirtualClock } from "@reliable-channel/transport-memory";
import { describe, expect, it } from "vitest";
import { TimerSet } from "../src/timer-set.js";

describe("TimerSet", () => {
  it("replaces a timer of the same name and cancels everything at once", () => {
    const clock = createVirtualClock({ startAt: 0 });
    const timers = new TimerSet(clock);
    const fired: string[] = [];
    timers.scheduleAt("a", 100, () => fired.push("a1"));
    timers.scheduleAt("a", 200, () => fired.push("a2"));
    timers.scheduleAt("b", 150, () => fired.push("b"));
    clock.advance(175);
    expect(fired).toEqual(["b"]);
    timers.cancelAll();
    clock.advance(1_000);
    expect(fired).toEqual(["b"]);
    expect(timers.size).toBe(0);
    expect(clock.pending()).toBe(0);
  });

  it("scheduleNoLaterThan keeps an earlier timer and replaces a later one", () => {
    const clock = createVirtualClock({ startAt: 0 });
    const timers = new TimerSet(clock);
    timers.scheduleAt("s", 100, () => {});
    timers.scheduleNoLaterThan("s", 500, () => {});
    expect(timers.dueAt("s")).toBe(100);
    timers.scheduleNoLaterThan("s", 50, () => {});
    expect(timers.dueAt("s")).toBe(50);
    expect(clock.pending()).toBe(1);
  });
});

import { InvalidArgumentError } from "@reliable-channel/interfaces";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createVirtualClock, DEFAULT_VIRTUAL_CLOCK_START } from "../src/index.js";

describe("createVirtualClock", () => {
  it("starts at startAt, or at the documented default", () => {
    expect(createVirtualClock({ startAt: 5 }).now()).toBe(5);
    expect(createVirtualClock().now()).toBe(DEFAULT_VIRTUAL_CLOCK_START);
  });

  it("runs timers in (time, insertion) order, each at its own due time", () => {
    const clock = createVirtualClock({ startAt: 0 });
    const log: string[] = [];
    clock.setTimeout(() => log.push(`b@${clock.now()}`), 20);
    clock.setTimeout(() => log.push(`a@${clock.now()}`), 10);
    clock.setTimeout(() => log.push(`c@${clock.now()}`), 20);
    clock.advance(25);
    expect(log).toEqual(["a@10", "b@20", "c@20"]);
    expect(clock.now()).toBe(25);
  });

  it("does not run timers due after the advanced time", () => {
    const clock = createVirtualClock({ startAt: 0 });
    let fired = false;
    clock.setTimeout(() => {
      fired = true;
    }, 100);
    clock.advance(99);
    expect(fired).toBe(false);
    expect(clock.pending()).toBe(1);
    clock.advance(1);
    expect(fired).toBe(true);
    expect(clock.pending()).toBe(0);
  });

  it("runs timers scheduled by timers within the same advance", () => {
    const clock = createVirtualClock({ startAt: 0 });
    const times: number[] = [];
    const tick = (): void => {
      times.push(clock.now());
      if (times.length < 4) clock.setTimeout(tick, 10);
    };
    clock.setTimeout(tick, 10);
    clock.advance(35);
    expect(times).toEqual([10, 20, 30]);
    expect(clock.pending()).toBe(1);
  });

  it("cancels timers, and cancelling twice or after running is harmless", () => {
    const clock = createVirtualClock({ startAt: 0 });
    let runs = 0;
    const cancel = clock.setTimeout(() => runs++, 5);
    const ran = clock.setTimeout(() => runs++, 1);
    clock.advance(1);
    ran();
    cancel();
    cancel();
    expect(clock.pending()).toBe(0);
    clock.advance(10);
    expect(runs).toBe(1);
  });

  it("next() runs one timer at a time and reports whether one ran", () => {
    const clock = createVirtualClock({ startAt: 0 });
    const log: number[] = [];
    clock.setTimeout(() => log.push(1), 7);
    clock.setTimeout(() => log.push(2), 3);
    expect(clock.nextDueAt()).toBe(3);
    expect(clock.next()).toBe(true);
    expect(log).toEqual([2]);
    expect(clock.now()).toBe(3);
    expect(clock.next()).toBe(true);
    expect(clock.now()).toBe(7);
    expect(clock.next()).toBe(false);
    expect(clock.nextDueAt()).toBeUndefined();
  });

  it("runUntilIdle runs everything, and stops at maxSteps or maxTimeMs", () => {
    const clock = createVirtualClock({ startAt: 0 });
    const rearm = (): void => {
      clock.setTimeout(rearm, 100);
    };
    clock.setTimeout(rearm, 100);
    expect(clock.runUntilIdle({ maxSteps: 5 })).toBe(5);
    expect(clock.now()).toBe(500);
    expect(clock.runUntilIdle({ maxTimeMs: 250 })).toBe(2);
    expect(clock.now()).toBe(700);
    expect(clock.pending()).toBe(1);

    const finite = createVirtualClock({ startAt: 0 });
    finite.setTimeout(() => finite.setTimeout(() => undefined, 50), 50);
    expect(finite.runUntilIdle()).toBe(2);
    expect(finite.pending()).toBe(0);
    expect(finite.now()).toBe(100);
  });

  it("treats negative and NaN delays as 0 and rejects non-finite ones and bad advances", () => {
    const clock = createVirtualClock({ startAt: 10 });
    const log: number[] = [];
    clock.setTimeout(() => log.push(clock.now()), -5);
    clock.setTimeout(() => log.push(clock.now()), Number.NaN);
    clock.advance(0);
    expect(log).toEqual([10, 10]);
    expect(() => clock.setTimeout(() => undefined, Number.POSITIVE_INFINITY)).toThrow(InvalidArgumentError);
    expect(() => clock.advance(-1)).toThrow(InvalidArgumentError);
    expect(() => clock.advance(Number.NaN)).toThrow(InvalidArgumentError);
    expect(() => createVirtualClock({ startAt: Number.NaN })).toThrow(InvalidArgumentError);
  });

  it("never moves time backwards, even when a timer advances the clock itself", () => {
    const clock = createVirtualClock({ startAt: 0 });
    clock.setTimeout(() => clock.advance(100), 10);
    clock.advance(20);
    expect(clock.now()).toBe(110);
  });

  it("works with its methods passed around unbound", () => {
    const { now, setTimeout, advance, pending } = createVirtualClock({ startAt: 0 });
    let at = -1;
    setTimeout(() => {
      at = now();
    }, 4);
    expect(pending()).toBe(1);
    advance(4);
    expect(at).toBe(4);
  });

  it("stays consistent when a timer throws", () => {
    const clock = createVirtualClock({ startAt: 0 });
    let later = false;
    clock.setTimeout(() => {
      throw new Error("boom");
    }, 1);
    clock.setTimeout(() => {
      later = true;
    }, 2);
    expect(() => clock.advance(5)).toThrow("boom");
    expect(clock.pending()).toBe(1);
    clock.advance(5);
    expect(later).toBe(true);
  });

  it("advanceAsync and runUntilIdleAsync let awaited code schedule further timers", async () => {
    const clock = createVirtualClock({ startAt: 0 });
    const times: number[] = [];
    const sleep = (ms: number): Promise<void> => new Promise((resolve) => clock.setTimeout(resolve, ms));
    const task = (async () => {
      for (let i = 0; i < 3; i++) {
        await sleep(10);
        await Promise.resolve();
        times.push(clock.now());
      }
    })();
    await clock.advanceAsync(15);
    expect(times).toEqual([10]);
    expect(await clock.runUntilIdleAsync()).toBe(2);
    await task;
    expect(times).toEqual([10, 20, 30]);
  });

  it("runs any set of timers in (time, insertion) order (property, seed printed on failure)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 60 }), (delays) => {
        const clock = createVirtualClock({ startAt: 0 });
        const fired: { at: number; index: number }[] = [];
        delays.forEach((delay, index) => {
          clock.setTimeout(() => fired.push({ at: clock.now(), index }), delay);
        });
        clock.runUntilIdle();
        const expected = delays
          .map((at, index) => ({ at, index }))
          .sort((x, y) => x.at - y.at || x.index - y.index);
        expect(fired).toEqual(expected);
      }),
      { seed: 20_261_122, numRuns: 200 },
    );
  });
});

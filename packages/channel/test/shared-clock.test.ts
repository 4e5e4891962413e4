import { createSeededRandom, createVirtualClock } from "@reliable-channel/transport-memory";
import { describe, expect, it } from "vitest";
import { sharedClock } from "../src/shared-clock.js";

describe("sharedClock", () => {
  it("runs timers in due order (ties in the order set) on one timer of the underlying clock", () => {
    const base = createVirtualClock({ startAt: 0 });
    const clock = sharedClock(base);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push("c@30"), 30);
    clock.setTimeout(() => fired.push("a@10"), 10);
    clock.setTimeout(() => fired.push("b@10"), 10);
    clock.setTimeout(() => fired.push("d@0"), 0);
    expect(clock.pending).toBe(4);
    expect(base.pending()).toBe(1);
    const seen: number[] = [];
    while (base.next()) seen.push(base.pending());
    expect(fired).toEqual(["d@0", "a@10", "b@10", "c@30"]);
    expect(Math.max(...seen)).toBe(1);
    expect(clock.pending).toBe(0);
    expect(clock.armed).toBe(0);
  });

  it("never fires a timer before its delay, and fires it at its due time", () => {
    const base = createVirtualClock({ startAt: 1_000 });
    const clock = sharedClock(base);
    const at: number[] = [];
    clock.setTimeout(() => at.push(base.now()), 250);
    base.advance(249);
    expect(at).toEqual([]);
    clock.setTimeout(() => at.push(base.now()), 100);
    base.advance(1);
    expect(at).toEqual([1_250]);
    base.advance(99);
    expect(at).toEqual([1_250, 1_349]);
  });

  it("a cancelled timer never fires; with none left, nothing is armed on the underlying clock", () => {
    const base = createVirtualClock({ startAt: 0 });
    const clock = sharedClock(base);
    const fired: string[] = [];
    const cancelA = clock.setTimeout(() => fired.push("a"), 10);
    const cancelB = clock.setTimeout(() => fired.push("b"), 20);
    cancelA();
    cancelA();
    expect(clock.pending).toBe(1);
    base.advance(15);
    expect(fired).toEqual([]);
    cancelB();
    expect(base.pending()).toBe(0);
    expect(clock.armed).toBe(0);
    base.advance(100);
    expect(fired).toEqual([]);
  });

  it("runs each due timer in a callback of its own: promise continuations run in between", async () => {
    const base = createVirtualClock({ startAt: 0 });
    const clock = sharedClock(base);
    const log: string[] = [];
    clock.setTimeout(() => {
      log.push("a");
      void Promise.resolve().then(() => log.push("a's continuation"));
    }, 5);
    clock.setTimeout(() => log.push("b"), 5);
    await base.advanceAsync(5);
    expect(log).toEqual(["a", "a's continuation", "b"]);
  });

  it("a timer that throws does not stop the others", () => {
    const base = createVirtualClock({ startAt: 0 });
    const clock = sharedClock(base);
    const fired: string[] = [];
    clock.setTimeout(() => {
      throw new Error("boom");
    }, 1);
    clock.setTimeout(() => fired.push("after"), 2);
    expect(() => base.advance(1)).toThrow("boom");
    base.advance(5);
    expect(fired).toEqual(["after"]);
  });

  it("matches a model of independent timers over random schedules and cancels", () => {
    const seed = Number(process.env.SHARED_CLOCK_SEED ?? 20261202);
    const random = createSeededRandom(seed);
    const base = createVirtualClock({ startAt: 0 });
    const clock = sharedClock(base);
    const fired: number[] = [];
    const expected: { at: number; id: number }[] = [];
    const cancels = new Map<number, () => void>();
    for (let id = 0; id < 3_000; id++) {
      const delay = Math.floor(random.next() * 500);
      const at = base.now() + delay;
      cancels.set(
        id,
        clock.setTimeout(() => fired.push(id), delay),
      );
      expected.push({ at, id });
      // Reschedule churn, as a TimerSet does: cancel a random earlier timer now and then.
      if (random.next() < 0.4) {
        const victim = Math.floor(random.next() * (id + 1));
        cancels.get(victim)?.();
        const index = expected.findIndex((entry) => entry.id === victim);
        if (index >= 0 && !fired.includes(victim)) expected.splice(index, 1);
      }
      if (random.next() < 0.1) base.advance(Math.floor(random.next() * 50));
      expect(base.pending(), `seed ${seed}`).toBeLessThanOrEqual(1);
    }
    base.runUntilIdle();
    const order = [...expected].sort((x, y) => x.at - y.at || x.id - y.id).map((entry) => entry.id);
    expect(fired, `seed ${seed}`).toEqual(order);
    expect(clock.pending).toBe(0);
  });
});

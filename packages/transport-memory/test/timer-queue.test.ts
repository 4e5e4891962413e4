import { describe, expect, it } from "vitest";
import { TimerQueue } from "../src/timer-queue.js";

describe("TimerQueue", () => {
  it("keeps its heap bounded when far-future timers are armed and cancelled over and over", () => {
    const queue = new TimerQueue();
    const keep = queue.push(5, () => {});
    for (let i = 0; i < 10_000; i++) queue.cancel(queue.push(1_000_000 + i, () => {}));
    expect(queue.live).toBe(1);
    expect(queue.slots).toBeLessThanOrEqual(2 * queue.live + 32);
    expect(queue.pop()).toBe(keep);
    expect(queue.pop()).toBeUndefined();
  });

  it("still runs live timers in (due time, insertion order) after compacting", () => {
    const queue = new TimerQueue();
    const order: number[] = [];
    for (let i = 0; i < 200; i++) {
      const entry = queue.push(i % 7, () => order.push(i));
      if (i % 3 !== 0) queue.cancel(entry);
    }
    for (let e = queue.pop(); e !== undefined; e = queue.pop()) e.callback();
    const expected = Array.from({ length: 200 }, (_, i) => i)
      .filter((i) => i % 3 === 0)
      .sort((a, b) => (a % 7) - (b % 7) || a - b);
    expect(order).toEqual(expected);
  });
});

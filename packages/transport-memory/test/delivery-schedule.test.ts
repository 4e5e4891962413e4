import { describe, expect, it } from "vitest";
import { DeliverySchedule } from "../src/delivery-schedule.js";
import { createVirtualClock } from "../src/index.js";

interface Item {
  readonly name: string;
  done: boolean;
}

const item = (name: string): Item => ({ name, done: false });

describe("DeliverySchedule", () => {
  it("groups items by due millisecond (rounded) into one timer each, in the order added", () => {
    const clock = createVirtualClock({ startAt: 0 });
    const out: string[] = [];
    const schedule = new DeliverySchedule<Item>(clock, (i) => out.push(`${i.name}@${clock.now()}`));
    schedule.add(item("a"), 10.4);
    schedule.add(item("b"), 5);
    schedule.add(item("c"), 9.6);
    expect(clock.pending()).toBe(2);
    clock.runUntilIdle();
    expect(out).toEqual(["b@5", "a@10", "c@10"]);
  });

  it("cancels matching items, returns them, and drops timers left empty", () => {
    const clock = createVirtualClock({ startAt: 0 });
    const out: string[] = [];
    const schedule = new DeliverySchedule<Item>(clock, (i) => out.push(i.name));
    schedule.add(item("x1"), 5);
    schedule.add(item("y1"), 5);
    schedule.add(item("x2"), 8);
    const cancelled = schedule.cancelWhere((i) => i.name.startsWith("x"));
    expect(cancelled.map((i) => i.name)).toEqual(["x1", "x2"]);
    expect(clock.pending()).toBe(1);
    expect(schedule.cancelWhere((i) => i.name.startsWith("x"))).toEqual([]);
    clock.runUntilIdle();
    expect(out).toEqual(["y1"]);
  });

  it("runs items added for the same millisecond while that millisecond's items are handed out", () => {
    const clock = createVirtualClock({ startAt: 0 });
    const out: string[] = [];
    const schedule = new DeliverySchedule<Item>(clock, (i) => {
      out.push(`${i.name}@${clock.now()}`);
      if (i.name === "first") schedule.add(item("same-ms"), 0);
    });
    schedule.add(item("first"), 3);
    schedule.add(item("second"), 3);
    clock.runUntilIdle();
    expect(out).toEqual(["first@3", "second@3", "same-ms@3"]);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DueQueue } from "../src/due-queue.js";

const SEED = 0x0d0e_2026;

describe(`DueQueue (fast-check seed ${SEED})`, () => {
  it("pops exactly the live keys that are due, in (time, key) order, whatever the schedule/delete mix", () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant("set" as const),
        key: fc.constantFrom("a", "b", "c", "d", "e", "f"),
        at: fc.nat(100),
      }),
      fc.record({ kind: fc.constant("delete" as const), key: fc.constantFrom("a", "b", "c", "d", "e", "f") }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), fc.nat(100), (ops, now) => {
        const queue = new DueQueue();
        const model = new Map<string, number>();
        for (const o of ops) {
          if (o.kind === "set") {
            queue.set(o.key, o.at);
            model.set(o.key, o.at);
          } else {
            expect(queue.delete(o.key)).toBe(model.delete(o.key));
          }
        }
        expect(queue.size).toBe(model.size);
        const expected = [...model]
          .filter(([, at]) => at <= now)
          .sort(([ka, a], [kb, b]) => a - b || (ka < kb ? -1 : 1))
          .map(([key]) => key);
        const popped: string[] = [];
        for (let key = queue.popDue(now); key !== undefined; key = queue.popDue(now)) popped.push(key);
        expect(popped).toEqual(expected);
        const rest = [...model.values()].filter((at) => at > now);
        expect(queue.peekAt()).toBe(rest.length === 0 ? undefined : Math.min(...rest));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createMinHeap } from "../src/min-heap.js";

const SEED = 0x4ea9_2026;

describe(`createMinHeap (fast-check seed ${SEED})`, () => {
  it("pops in compare order and peeks the next pop, whatever the push/pop mix", () => {
    const op = fc.oneof(fc.integer({ min: -50, max: 50 }), fc.constant("pop" as const));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const heap = createMinHeap<number>((a, b) => a - b);
        const model: number[] = [];
        for (const o of ops) {
          if (o === "pop") {
            model.sort((a, b) => a - b);
            expect(heap.peek()).toBe(model[0]);
            expect(heap.pop()).toBe(model.shift());
          } else {
            heap.push(o);
            model.push(o);
          }
          expect(heap.size).toBe(model.length);
        }
        const rest: number[] = [];
        for (let v = heap.pop(); v !== undefined; v = heap.pop()) rest.push(v);
        expect(rest).toEqual(model.sort((a, b) => a - b));
        expect(heap.peek()).toBeUndefined();
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

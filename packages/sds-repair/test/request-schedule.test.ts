import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backoffMultiplier, createSdsRepair, requestOffsetMs } from "../src/index.js";

const SEED = 0x0e0_2026;
const W = { tMinMs: 30_000, tMaxMs: 120_000 };

describe(`sdsRepair request schedule (fast-check seed ${SEED})`, () => {
  it("requests each entry first at detection + T_req, then only after the backoff, at most maxRequestRounds times", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 4, maxLength: 8 }),
          {
            minLength: 1,
            maxLength: 8,
          },
        ),
        fc.array(fc.integer({ min: 1, max: 90_000 }), { minLength: 1, maxLength: 120 }),
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom("exponential" as const, "linear" as const),
        (ids, steps, maxEntries, backoff) => {
          const repair = createSdsRepair({ participantId: "alice", backoff, maxRequestRounds: 4 });
          repair.onMissing?.(
            ids.map((messageId) => ({ messageId })),
            { now: 0 },
          );
          const sent = new Map<string, number[]>(ids.map((id) => [id, []]));
          let now = 0;
          for (const step of steps) {
            now += step;
            const due = repair.hasDueRequests(now);
            const out = repair.outgoingRepairRequests?.({ now, maxEntries }) ?? [];
            expect(out.length > 0).toBe(due);
            expect(out.length).toBeLessThanOrEqual(maxEntries);
            expect(new Set(out.map((e) => e.messageId)).size).toBe(out.length);
            for (const entry of out) sent.get(entry.messageId)?.push(now);
          }
          for (const [id, times] of sent) {
            const offset = requestOffsetMs("alice", id, W);
            expect(times.length).toBeLessThanOrEqual(4);
            times.forEach((t, round) => {
              const previous = round === 0 ? 0 : (times[round - 1] ?? 0);
              const wait = round === 0 ? offset : offset * backoffMultiplier(round, backoff, 8);
              expect(t - previous).toBeGreaterThanOrEqual(wait);
            });
          }
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });
});

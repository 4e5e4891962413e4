import { describe, expect, it } from "vitest";
import { deliveryViolations, unacknowledged } from "./check.js";
import { runScenario, type ScenarioInit } from "./scenario.js";

/** A smaller run with every fault of the full scenario, for a sweep over many seeds. */
export const SMALL_SCENARIO: Omit<ScenarioInit, "seed"> = {
  participants: 5,
  messages: 40,
  sendWindowMs: 40_000,
  loss: 0.3,
  duplication: 0.1,
  reorder: 0.2,
  partition: { fromMs: 8_000, toMs: 20_000 },
  offline: { member: 4, fromMs: 12_000, toMs: 30_000 },
  retentionMs: 3_600_000,
  settleMs: 600_000,
  repair: true,
};

/**
 * Defines one sweep of {@link SMALL_SCENARIO} over `count` seeds from `firstSeed`; every assertion names its
 * seed. The sweep is split over several test files so vitest runs the parts in parallel.
 */
export function defineSweep(title: string, firstSeed: number, count: number): void {
  const seeds = Array.from({ length: count }, (_, i) => firstSeed + i);
  describe(title, () => {
    it.each(seeds)("seed %i: exactly once, causal order, all acknowledged, no hang", async (seed) => {
      const run = await runScenario({ seed, ...SMALL_SCENARIO });
      const why = `seed ${seed}`;
      expect(run.sentBy.size, why).toBe(SMALL_SCENARIO.messages);
      expect(deliveryViolations(run), why).toEqual([]);
      expect(unacknowledged(run), why).toEqual([]);
      expect(
        run.members.flatMap((m) => m.recorder.of("irretrievable")),
        why,
      ).toEqual([]);
      expect(run.pendingAfterStop, why).toBe(0);
    });
  });
}

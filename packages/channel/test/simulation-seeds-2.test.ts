import { describe, expect, it } from "vitest";
import { deliveryViolations, unacknowledged } from "./helpers/check.js";
import { runScenario, type ScenarioInit } from "./helpers/scenario.js";

/** A smaller run with every fault of the full scenario, for a sweep over many seeds. */
const SMALL: Omit<ScenarioInit, "seed"> = {
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

const FIRST_SEED = 2_000;
const SEEDS = Array.from({ length: 100 }, (_, i) => FIRST_SEED + i);

describe("simulation sweep 2/2: 5 participants × 40 messages, all faults, 100 seeds", () => {
  it.each(SEEDS)("seed %i: exactly once, causal order, all acknowledged, no hang", async (seed) => {
    const run = await runScenario({ seed, ...SMALL });
    const why = `seed ${seed}`;
    expect(run.sentBy.size, why).toBe(40);
    expect(deliveryViolations(run), why).toEqual([]);
    expect(unacknowledged(run), why).toEqual([]);
    expect(
      run.members.flatMap((m) => m.recorder.of("irretrievable")),
      why,
    ).toEqual([]);
    expect(run.pendingAfterStop, why).toBe(0);
  });
});

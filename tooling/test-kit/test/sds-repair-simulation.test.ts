import { describe, expect, it } from "vitest";
import { type RepairSimulationReport, simulateRepair } from "../src/sds-repair-simulation/index.js";

const FIRST_SEED = 1;
const SEEDS = 100;

describe(`SDS-R simulation: 100 participants, one message lost for a third (seeds ${FIRST_SEED}..${FIRST_SEED + SEEDS - 1})`, () => {
  it("replays exactly from its seed", () => {
    expect(simulateRepair({ seed: 7 })).toEqual(simulateRepair({ seed: 7 }));
  });

  it("repairs everyone with ≤ 1.5 responses per lost message on average and ≤ 1 response per participant", () => {
    const reports: RepairSimulationReport[] = [];
    for (let seed = FIRST_SEED; seed < FIRST_SEED + SEEDS; seed++) {
      const report = simulateRepair({ seed });
      reports.push(report);
      expect(report.lostFor, `seed ${seed}`).toBe(33);
      expect(report.undelivered, `seed ${seed}: participants without the lost message`).toEqual([]);
      expect(report.responses, `seed ${seed}: responses`).toBeGreaterThanOrEqual(1);
      expect(
        report.maxResponsesByOneParticipant,
        `seed ${seed}: responses by one participant`,
      ).toBeLessThanOrEqual(1);
    }
    const mean = (pick: (r: RepairSimulationReport) => number) =>
      reports.reduce((sum, r) => sum + pick(r), 0) / reports.length;
    const responsesPerLost = mean((r) => r.responses / r.lostMessages);
    const requestsPerLost = mean((r) => r.requests / r.lostMessages);
    console.info(
      `sds-repair simulation over ${SEEDS} seeds: ${requestsPerLost.toFixed(2)} requests and ` +
        `${responsesPerLost.toFixed(2)} responses per lost message; ` +
        `mean repair time ${(mean((r) => r.repairTimeMs) / 1000).toFixed(1)} s`,
    );
    expect(responsesPerLost).toBeLessThanOrEqual(1.5);
    expect(requestsPerLost).toBeLessThanOrEqual(3);
  });

  it("with the original sender offline, the other holders still answer about once (25 seeds)", () => {
    let responses = 0;
    for (let seed = FIRST_SEED; seed < FIRST_SEED + 25; seed++) {
      const report = simulateRepair({ seed, originOffline: true });
      expect(report.undelivered, `seed ${seed}`).toEqual([]);
      expect(report.maxResponsesByOneParticipant, `seed ${seed}`).toBeLessThanOrEqual(1);
      responses += report.responses;
    }
    expect(responses / 25).toBeLessThanOrEqual(1.5);
  });
});

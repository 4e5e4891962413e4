import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { DEFAULT_SEEDS } from "../src/args.js";
import { runSweep } from "../src/pool.js";

// The sweep in CI: seeds 1–300 (what a bare `./run sweep` runs) over worker threads, one per CPU. Every
// violation is listed with its seed; replay one with `./run sweep --seed <n> --trace <participant>`.
describe("the fault-schedule sweep", () => {
  it(`keeps the promise over seeds ${DEFAULT_SEEDS.first}–${DEFAULT_SEEDS.first + DEFAULT_SEEDS.count - 1}`, async () => {
    const results = await runSweep({ ...DEFAULT_SEEDS, workers: availableParallelism() });
    expect(results.map((r) => r.seed)).toEqual(
      Array.from({ length: DEFAULT_SEEDS.count }, (_, i) => DEFAULT_SEEDS.first + i),
    );
    const violations = results.flatMap((r) => r.violations.map((v) => `seed ${r.seed}: ${v}`));
    expect(violations).toEqual([]);
  }, 600_000);
});

/**
 * `./run sweep`: a randomized sweep of fault schedules on the memory network, each seed checked against
 * the channel's promise. Prints each violation with its seed, then `sweep: N seeds, V violations, T s`.
 * Exits 0 when no seed broke the promise, 1 when one did, 2 on invalid arguments.
 *
 * `./run sweep --seed <n> [--trace <participant>]` replays one seed with its trace.
 */
import { InvalidArgumentError } from "@reliable-channel/interfaces";
import { parseSweepArgs, USAGE } from "./args.js";
import { runSweep } from "./pool.js";
import { COUNTED_EVENTS, type CountedEvent, runSeed, type SeedResult } from "./run-seed.js";

const print = (line: string) => process.stdout.write(`${line}\n`);

function printViolations(result: SeedResult): void {
  for (const violation of result.violations) print(`seed ${result.seed}: ${violation}`);
}

async function main(argv: readonly string[]): Promise<number> {
  let args: ReturnType<typeof parseSweepArgs>;
  try {
    args = parseSweepArgs(argv);
  } catch (error) {
    if (!(error instanceof InvalidArgumentError)) throw error;
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    return 2;
  }
  if (args.mode === "help") {
    print(USAGE);
    return 0;
  }
  const startedAt = performance.now();
  const summary = (seeds: number, violations: number) =>
    print(
      `sweep: ${seeds} seeds, ${violations} violations, ${((performance.now() - startedAt) / 1000).toFixed(1)} s`,
    );
  if (args.mode === "replay") {
    const result = await runSeed(args.seed, { trace: print, participant: args.participant });
    printViolations(result);
    summary(1, result.violations.length);
    return result.violations.length === 0 ? 0 : 1;
  }
  print(`sweep: seeds ${args.first}–${args.first + args.count - 1} on ${args.workers} worker threads`);
  const results = await runSweep({ ...args, onResult: printViolations });
  const violations = results.reduce((n, r) => n + r.violations.length, 0);
  const failed = results.filter((r) => r.violations.length > 0).map((r) => r.seed);
  const total = (type: CountedEvent) => results.reduce((n, r) => n + r.counts[type], 0);
  print(`exercised: ${COUNTED_EVENTS.map((type) => `${total(type)} ${type}`).join(", ")}`);
  if (failed.length > 0) print(`failing seeds (${failed.length}): ${failed.join(" ")}`);
  summary(results.length, violations);
  return violations === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));

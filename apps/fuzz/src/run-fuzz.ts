import type { WireProfileName } from "@reliable-channel/sds";
import { WIRE_PROFILES } from "@reliable-channel/sds/nim-sds";
import type { FuzzArgs } from "./args.js";
import { fuzzChannelRound } from "./channel-target.js";
import { fuzzDecoder } from "./decoder-target.js";
import { trackHeap } from "./heap.js";

/** The figures of a fuzz run. */
export interface FuzzSummary {
  readonly inputs: number;
  readonly crashes: number;
  readonly roundTripFailures: number;
  readonly channelViolations: number;
  readonly seconds: number;
  /** Used heap after a full collection, MiB: at the start, the highest sample, at the end. */
  readonly heapMiB: { readonly first: number; readonly peak: number; readonly last: number };
}

/** Inputs the channel target publishes per virtual tick (50 ms): 400 per second of virtual time. */
const INPUTS_PER_TICK = 20;

/** Runs the targets `args` names, printing one line per profile and target and one per failure. */
export async function runFuzz(args: FuzzArgs, print: (line: string) => void): Promise<FuzzSummary> {
  const startedAt = performance.now();
  const heap = trackHeap();
  heap.sample();
  const profiles = Object.keys(WIRE_PROFILES) as WireProfileName[];
  let [inputs, crashes, roundTripFailures, channelViolations] = [0, 0, 0, 0];
  if (args.targets.includes("decoder")) {
    for (const [i, name] of profiles.entries()) {
      const report = fuzzDecoder(WIRE_PROFILES[name], { seed: args.seed * 7 + i, inputs: args.inputs });
      heap.sample();
      for (const failure of report.failures) print(`decoder ${name}: ${failure}`);
      print(
        `decoder ${name}: ${report.inputs} inputs (${report.decoded} decoded) + ${report.wellFormed} well-formed, ` +
          `${report.crashes} crashes, ${report.roundTripFailures} round-trip failures`,
      );
      [inputs, crashes, roundTripFailures] = [
        inputs + report.inputs,
        crashes + report.crashes,
        roundTripFailures + report.roundTripFailures,
      ];
    }
  }
  if (args.targets.includes("channel")) {
    for (const [i, profile] of profiles.entries()) {
      let [done, violations, dropped, honest] = [0, 0, 0, 0];
      for (let round = 0; done < args.inputs; round += 1) {
        const size = Math.min(args.round, args.inputs - done);
        const seed = (args.seed * 2 + i) * 100_000 + round;
        const report = await fuzzChannelRound({ seed, inputs: size, profile, perTick: INPUTS_PER_TICK });
        heap.sample();
        for (const violation of report.violations)
          print(`channel ${profile} round seed ${seed}: ${violation}`);
        [done, violations, dropped, honest] = [
          done + report.inputs,
          violations + report.violations.length,
          dropped + report.dropped,
          honest + report.honestSent,
        ];
      }
      print(
        `channel ${profile}: ${done} inputs, ${honest} honest messages, ${dropped} dropped, ${violations} violations`,
      );
      [inputs, channelViolations] = [inputs + done, channelViolations + violations];
    }
  }
  heap.sample();
  const seconds = (performance.now() - startedAt) / 1000;
  return {
    inputs,
    crashes,
    roundTripFailures,
    channelViolations,
    seconds,
    heapMiB: { first: heap.first, peak: heap.peak, last: heap.last },
  };
}

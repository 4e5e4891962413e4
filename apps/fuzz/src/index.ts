/**
 * `./run fuzz`: seeded, bounded fuzzing of the SDS decoders (both wire profiles) and of the reliable
 * channel's receive path on the memory network. Prints each failure, one line per target and profile, then
 * `fuzz: N inputs, C crashes, R round-trip failures, V channel violations, T s, heap …`. Exits 0 when
 * nothing failed, 1 when something did, 2 on invalid arguments.
 */
import { InvalidArgumentError } from "@reliable-channel/interfaces";
import { type FuzzArgs, parseFuzzArgs, USAGE } from "./args.js";
import { runFuzz } from "./run-fuzz.js";

const print = (line: string) => process.stdout.write(`${line}\n`);

async function main(argv: readonly string[]): Promise<number> {
  let args: FuzzArgs;
  try {
    args = parseFuzzArgs(argv);
  } catch (error) {
    if (!(error instanceof InvalidArgumentError)) throw error;
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    print(USAGE);
    return 0;
  }
  print(
    `fuzz: seed ${args.seed}, ${args.inputs} inputs per target and wire profile (${args.targets.join(", ")})`,
  );
  const s = await runFuzz(args, print);
  const mib = (n: number) => n.toFixed(1);
  print(
    `fuzz: ${s.inputs} inputs, ${s.crashes} crashes, ${s.roundTripFailures} round-trip failures, ` +
      `${s.channelViolations} channel violations, ${s.seconds.toFixed(1)} s, ` +
      `heap ${mib(s.heapMiB.first)} → peak ${mib(s.heapMiB.peak)} → ${mib(s.heapMiB.last)} MiB`,
  );
  return s.crashes + s.roundTripFailures + s.channelViolations === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));

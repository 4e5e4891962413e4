import { InvalidArgumentError } from "@reliable-channel/interfaces";

/** Demo runs of a soak when no count is given. @default 100 (runs) */
export const DEFAULT_SOAK_RUNS = 100;

/** What `./run soak [N] [demo args...]` asks for. */
export interface SoakArgs {
  /** Consecutive demo runs. */
  readonly runs: number;
  /** The arguments every `./run demo` of the soak gets, unchanged. */
  readonly demoArgs: readonly string[];
}

/**
 * Parses `[N] [demo args...]` (without the node and script paths). A first argument made of digits is
 * the run count; everything else goes to the demo. The `--` that `pnpm run soak -- …` forwards is dropped.
 */
export function parseSoakArgs(argv: readonly string[]): SoakArgs {
  const args = argv[0] === "--" ? argv.slice(1) : [...argv];
  const first = args[0];
  if (first === undefined || !/^[0-9]+$/.test(first)) return { runs: DEFAULT_SOAK_RUNS, demoArgs: args };
  const runs = Number(first);
  if (runs < 1) throw new InvalidArgumentError(`the run count must be at least 1, got ${first}`);
  return { runs, demoArgs: args.slice(1) };
}

/** Whether the demo arguments already choose where the report goes. */
export function choosesReport(demoArgs: readonly string[]): boolean {
  return demoArgs.some((arg) => arg === "--report" || arg.startsWith("--report="));
}

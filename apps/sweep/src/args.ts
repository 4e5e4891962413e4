import { availableParallelism } from "node:os";
import { InvalidArgumentError } from "@reliable-channel/interfaces";

/** What `./run sweep` was asked to do. */
export type SweepArgs =
  | {
      readonly mode: "sweep";
      readonly first: number;
      readonly count: number;
      /** Worker threads. @default the number of CPUs */
      readonly workers: number;
    }
  | {
      readonly mode: "replay";
      readonly seed: number;
      /** Whose channel events the trace shows. */
      readonly participant: string | undefined;
    }
  | { readonly mode: "help" };

/** The seeds a bare `./run sweep` runs: 1–300, the ones the CI test runs too. */
export const DEFAULT_SEEDS = { first: 1, count: 300 } as const;

/** The usage text. */
export const USAGE = `usage: ./run sweep [--seeds <first>:<count>] [--workers <n>]
       ./run sweep --seed <n> [--trace <participant>]

  --seeds <first>:<count>  sweep these seeds (default ${DEFAULT_SEEDS.first}:${DEFAULT_SEEDS.count})
  --workers <n>            worker threads (default: the number of CPUs)
  --seed <n>               replay one seed, printing its schedule, every action and its violations
  --trace <participant>    with --seed: print that participant's events too (u0, u1, …, n0, …)`;

const integer = (name: string, value: string | undefined, min: number): number => {
  const n = Number(value);
  if (value === undefined || !Number.isSafeInteger(n) || n < min)
    throw new InvalidArgumentError(`${name} needs an integer ≥ ${min}, got ${value ?? "nothing"}`);
  return n;
};

/** Parses the command line (pnpm's `--` separators are ignored). @throws InvalidArgumentError on bad input. */
export function parseSweepArgs(argv: readonly string[]): SweepArgs {
  const args = argv.filter((a) => a !== "--");
  const values = new Map<string, string | undefined>();
  for (let i = 0; i < args.length; i += 1) {
    const flag = args[i] ?? "";
    if (flag === "--help" || flag === "-h") return { mode: "help" };
    if (!["--seeds", "--workers", "--seed", "--trace"].includes(flag))
      throw new InvalidArgumentError(`unknown argument ${flag}`);
    values.set(flag, args[i + 1]);
    i += 1;
  }
  if (values.has("--seed")) {
    if (values.has("--seeds") || values.has("--workers"))
      throw new InvalidArgumentError("--seed replays one seed: no --seeds or --workers with it");
    return {
      mode: "replay",
      seed: integer("--seed", values.get("--seed"), 0),
      participant: values.get("--trace"),
    };
  }
  if (values.has("--trace")) throw new InvalidArgumentError("--trace needs --seed <n>");
  const workers = values.has("--workers")
    ? integer("--workers", values.get("--workers"), 1)
    : availableParallelism();
  const range = values.get("--seeds");
  if (!values.has("--seeds")) return { mode: "sweep", ...DEFAULT_SEEDS, workers };
  const [first, count, extra] = (range ?? "").split(":");
  if (extra !== undefined) throw new InvalidArgumentError(`--seeds needs <first>:<count>, got ${range}`);
  return {
    mode: "sweep",
    first: integer("--seeds first", first, 0),
    count: integer("--seeds count", count, 1),
    workers,
  };
}

import { InvalidArgumentError } from "@reliable-channel/interfaces";

/** What `./run fuzz` was asked to do. */
export interface FuzzArgs {
  readonly help: boolean;
  readonly seed: number;
  /** Fuzz inputs per target and wire profile. */
  readonly inputs: number;
  readonly targets: readonly ("decoder" | "channel")[];
  /** Channel inputs per round (a fresh network and fresh channels each round). */
  readonly round: number;
}

/** The defaults of a bare `./run fuzz`. */
export const DEFAULT_FUZZ_ARGS: FuzzArgs = Object.freeze({
  help: false,
  seed: 1,
  inputs: 100_000,
  targets: Object.freeze(["decoder", "channel"] as const),
  round: 2_000,
});

/** The usage text. */
export const USAGE = `usage: ./run fuzz [--inputs <n>] [--seed <n>] [--target decoder|channel|all] [--round <n>]

  --inputs <n>   fuzz inputs per target and wire profile (default ${DEFAULT_FUZZ_ARGS.inputs})
  --seed <n>     the seed every input is drawn from (default ${DEFAULT_FUZZ_ARGS.seed}); the same seed, the same run
  --target <t>   decoder, channel or all (default all)
  --round <n>    channel inputs per round: a fresh network and fresh channels each (default ${DEFAULT_FUZZ_ARGS.round})`;

const integer = (name: string, value: string | undefined, min: number): number => {
  const n = Number(value);
  if (value === undefined || !Number.isSafeInteger(n) || n < min)
    throw new InvalidArgumentError(`${name} needs an integer ≥ ${min}, got ${value ?? "nothing"}`);
  return n;
};

/** Parses the command line (pnpm's `--` separators are ignored). @throws InvalidArgumentError on bad input. */
export function parseFuzzArgs(argv: readonly string[]): FuzzArgs {
  const args = argv.filter((a) => a !== "--");
  let result: FuzzArgs = DEFAULT_FUZZ_ARGS;
  for (let i = 0; i < args.length; i += 1) {
    const flag = args[i] ?? "";
    const value = args[i + 1];
    i += 1;
    if (flag === "--help" || flag === "-h") return { ...result, help: true };
    else if (flag === "--inputs") result = { ...result, inputs: integer(flag, value, 1) };
    else if (flag === "--seed") result = { ...result, seed: integer(flag, value, 0) };
    else if (flag === "--round") result = { ...result, round: integer(flag, value, 1) };
    else if (flag === "--target") {
      if (value !== "decoder" && value !== "channel" && value !== "all")
        throw new InvalidArgumentError(`--target needs decoder, channel or all, got ${value ?? "nothing"}`);
      result = { ...result, targets: value === "all" ? DEFAULT_FUZZ_ARGS.targets : [value] };
    } else throw new InvalidArgumentError(`unknown argument ${flag}`);
  }
  return result;
}

import { InvalidArgumentError } from "@reliable-channel/interfaces";
import { describe, expect, it } from "vitest";
import { DEFAULT_SEEDS, parseSweepArgs } from "../src/args.js";

describe("parseSweepArgs", () => {
  it("sweeps the default seeds on every CPU when given nothing", () => {
    expect(parseSweepArgs([])).toMatchObject({ mode: "sweep", ...DEFAULT_SEEDS });
  });

  it("reads --seeds <first>:<count>, --workers, --seed and --trace (pnpm's -- ignored)", () => {
    expect(parseSweepArgs(["--", "--seeds", "500000:10000", "--workers", "3"])).toEqual({
      mode: "sweep",
      first: 500_000,
      count: 10_000,
      workers: 3,
    });
    expect(parseSweepArgs(["--seed", "17", "--trace", "u2"])).toEqual({
      mode: "replay",
      seed: 17,
      participant: "u2",
    });
    expect(parseSweepArgs(["--seed", "17"])).toEqual({ mode: "replay", seed: 17, participant: undefined });
    expect(parseSweepArgs(["--help"])).toEqual({ mode: "help" });
  });

  it.each([
    [["--seeds", "10"]],
    [["--seeds", "a:3"]],
    [["--seeds", "1:0"]],
    [["--workers", "0"]],
    [["--trace", "u1"]],
    [["--seed", "1", "--seeds", "1:2"]],
    [["--seed"]],
    [["--bogus"]],
  ])("refuses %j", (argv) => {
    expect(() => parseSweepArgs(argv)).toThrow(InvalidArgumentError);
  });
});

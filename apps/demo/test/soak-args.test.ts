import { InvalidArgumentError } from "@reliable-channel/interfaces";
import { describe, expect, it } from "vitest";
import { choosesReport, DEFAULT_SOAK_RUNS, parseSoakArgs } from "../src/soak/soak-args.js";

describe("parseSoakArgs", () => {
  it("takes a leading whole number as the run count and passes the rest to the demo", () => {
    expect(parseSoakArgs(["30", "--seed", "1"])).toEqual({ runs: 30, demoArgs: ["--seed", "1"] });
    expect(parseSoakArgs(["--", "5"])).toEqual({ runs: 5, demoArgs: [] });
  });

  it("runs the demo DEFAULT_SOAK_RUNS times when no count is given", () => {
    expect(DEFAULT_SOAK_RUNS).toBe(100);
    expect(parseSoakArgs([])).toEqual({ runs: 100, demoArgs: [] });
    expect(parseSoakArgs(["--", "-m", "50"])).toEqual({ runs: 100, demoArgs: ["-m", "50"] });
  });

  it("refuses zero runs", () => {
    expect(() => parseSoakArgs(["0"])).toThrow(InvalidArgumentError);
  });
});

describe("choosesReport", () => {
  it("sees --report in either form", () => {
    expect(choosesReport(["--report", "r.html"])).toBe(true);
    expect(choosesReport(["--report=r.html"])).toBe(true);
    expect(choosesReport(["--seed", "1"])).toBe(false);
  });
});

import { DecodeError, type SdsMessage } from "@reliable-channel/interfaces";
import { jsWakuWire, type WireProfileName } from "@reliable-channel/sds";
import { WIRE_PROFILES } from "@reliable-channel/sds/nim-sds";
import { describe, expect, it } from "vitest";
import { parseFuzzArgs } from "../src/args.js";
import { fuzzChannelRound } from "../src/channel-target.js";
import { fuzzDecoder } from "../src/decoder-target.js";

// A small seeded run of `./run fuzz` in CI; `./run fuzz --inputs 250000` is the 10^6-input run.
const SEED = 20_261_202;

describe.each(Object.keys(WIRE_PROFILES) as WireProfileName[])("fuzz, %s wire (seed 20261202)", (name) => {
  it("the decoder throws nothing but DecodeError and round-trips what it decodes", () => {
    const report = fuzzDecoder(WIRE_PROFILES[name], { seed: SEED, inputs: 3_000 });
    expect(report.failures, `seed ${SEED}`).toEqual([]);
    expect(report.crashes + report.roundTripFailures).toBe(0);
    expect(report.decoded).toBeGreaterThan(100); // the mutations reach past the first bytes
  });

  it("the channel keeps delivering honest messages exactly once, in order, beside a fuzzing publisher", async () => {
    const report = await fuzzChannelRound({ seed: SEED, inputs: 600, profile: name, perTick: 20 });
    expect(report.violations, `seed ${SEED}`).toEqual([]);
    expect(report.honestSent).toBeGreaterThan(0);
    expect(report.dropped).toBeGreaterThan(100);
  });
});

describe("the fuzz checks can fail", () => {
  it("counts a throw other than DecodeError as a crash, and a lossy codec as a round-trip failure", () => {
    let calls = 0;
    const throwing = {
      ...jsWakuWire,
      decode: () => {
        calls += 1;
        throw calls % 2 === 0 ? new RangeError("boom") : new DecodeError("bad");
      },
    };
    expect(fuzzDecoder(throwing, { seed: 1, inputs: 50 }).crashes).toBeGreaterThan(0);
    const dropContent = ({ content: _, ...rest }: SdsMessage): SdsMessage => rest;
    const lossy = { ...jsWakuWire, encode: (m: SdsMessage) => jsWakuWire.encode(dropContent(m)) };
    expect(fuzzDecoder(lossy, { seed: 1, inputs: 50 }).roundTripFailures).toBeGreaterThan(0);
  });
});

describe("./run fuzz arguments", () => {
  it("parses flags and refuses unknown ones", () => {
    expect(parseFuzzArgs(["--", "--inputs", "10", "--target", "decoder"])).toMatchObject({
      inputs: 10,
      targets: ["decoder"],
    });
    expect(() => parseFuzzArgs(["--inputs", "0"])).toThrow(/integer ≥ 1/);
    expect(() => parseFuzzArgs(["--bogus"])).toThrow(/unknown argument/);
  });
});

import { InvalidArgumentError } from "@reliable-channel/interfaces";
import { describe, expect, it } from "vitest";
import { createFaults } from "../src/faults.js";

const push = {
  peerId: "peer",
  pubsubTopic: "/waku/2/rs/1/0",
  message: { payload: new Uint8Array([1]), contentTopic: "/a/1/b/c" },
  hashHex: "00",
};

describe("createFaults", () => {
  it("drops a seeded fraction: the same seed drops the same pushes, near the rate", () => {
    const run = (seed: number): boolean[] => {
      const faults = createFaults(seed);
      faults.dropFilterPush(0.3);
      return Array.from({ length: 1_000 }, () => faults.shouldDropFilterPush(push));
    };
    const first = run(42);
    expect(run(42), "seed 42").toEqual(first);
    expect(run(43), "seed 43").not.toEqual(first);
    const dropped = first.filter(Boolean).length;
    expect(dropped, "seed 42").toBeGreaterThan(250);
    expect(dropped, "seed 42").toBeLessThan(350);
  });

  it("fails exactly the next `count` light pushes with the default status", () => {
    const faults = createFaults(1);
    faults.failLightPush(2);
    expect([1, 2, 3].map(() => faults.lightPushFailure(push)?.statusCode)).toEqual([503, 503, undefined]);
  });

  it("removes one rule with its handle and all with clear()", () => {
    const faults = createFaults(1);
    const removeDrop = faults.dropFilterPush(() => true);
    faults.failLightPush(() => true, { statusCode: 500, statusDesc: "boom" });
    expect(faults.lightPushFailure(push)).toEqual({ statusCode: 500, statusDesc: "boom" });
    removeDrop();
    expect(faults.shouldDropFilterPush(push)).toBe(false);
    faults.clear();
    expect(faults.lightPushFailure(push)).toBeUndefined();
  });

  it.each([-0.1, 1.5, Number.NaN])("refuses the drop rate %s", (rate) => {
    expect(() => createFaults(1).dropFilterPush(rate)).toThrow(InvalidArgumentError);
  });

  it.each([-1, 1.5])("refuses the failure count %s", (count) => {
    expect(() => createFaults(1).failLightPush(count)).toThrow(InvalidArgumentError);
  });
});

import { InvalidArgumentError } from "@reliable-channel/interfaces";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
// @waku/sds 0.0.8 does not export its repair manager; read it from its dist to compare formulas.
import { RepairManager } from "../node_modules/@waku/sds/dist/message_channel/repair/repair.js";
import {
  backoffMultiplier,
  isInResponseGroup,
  requestOffsetMs,
  responseGroupCount,
  responseOffsetMs,
  sdsrHash,
} from "../src/index.js";

const SEED = 0x5d5_2026;
const runs = { seed: SEED, numRuns: 300 };
const id = fc.string({ minLength: 1, maxLength: 40 });
const hexId = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString("hex"));
const window = fc
  .tuple(fc.integer({ min: 0, max: 600_000 }), fc.integer({ min: 1, max: 600_000 }))
  .map(([tMinMs, span]) => ({ tMinMs, tMaxMs: tMinMs + span }));

describe(`SDS-R formulas (fast-check seed ${SEED})`, () => {
  it("hash is the first 8 bytes of sha256, big-endian (known vector)", () => {
    // sha256("abc") = ba7816bf8f01cfea 414140de...
    expect(sdsrHash("abc")).toBe(0xba7816bf8f01cfean);
  });

  it("T_req offset lies in [T_min, T_max) and is deterministic", () => {
    fc.assert(
      fc.property(id, hexId, window, (p, m, w) => {
        const offset = requestOffsetMs(p, m, w);
        expect(offset).toBeGreaterThanOrEqual(w.tMinMs);
        expect(offset).toBeLessThan(w.tMaxMs);
        expect(Number.isInteger(offset)).toBe(true);
        expect(requestOffsetMs(p, m, w)).toBe(offset);
      }),
      runs,
    );
  });

  it("T_req offsets of different participants spread over the window", () => {
    const offsets = new Set<number>();
    for (let i = 0; i < 200; i++)
      offsets.add(requestOffsetMs(`p${i}`, "m", { tMinMs: 30_000, tMaxMs: 120_000 }));
    expect(offsets.size).toBeGreaterThan(190);
    expect(Math.min(...offsets)).toBeLessThan(40_000);
    expect(Math.max(...offsets)).toBeGreaterThan(110_000);
  });

  it("T_resp offset lies in [0, T_max), is deterministic, and is 0 only for the sender here", () => {
    fc.assert(
      fc.property(id, id, hexId, fc.integer({ min: 1, max: 600_000 }), (p, s, m, tMax) => {
        const offset = responseOffsetMs(p, s, m, tMax);
        expect(offset).toBeGreaterThanOrEqual(0);
        expect(offset).toBeLessThan(tMax);
        expect(responseOffsetMs(p, s, m, tMax)).toBe(offset);
        expect(responseOffsetMs(s, s, m, tMax)).toBe(0);
      }),
      runs,
    );
  });

  it("the original sender answers first: its T_resp is never later than anyone else's", () => {
    fc.assert(
      fc.property(fc.uniqueArray(id, { minLength: 2, maxLength: 30 }), hexId, (ids, m) => {
        const [sender, ...others] = ids;
        if (sender === undefined) return;
        const mine = responseOffsetMs(sender, sender, m, 120_000);
        for (const other of others)
          expect(responseOffsetMs(other, sender, m, 120_000)).toBeGreaterThanOrEqual(mine);
      }),
      runs,
    );
  });

  it("groups: max(1, floor(n / 128)); one group means everyone; the sender is always in its group", () => {
    expect(responseGroupCount(0, 128)).toBe(1);
    expect(responseGroupCount(127, 128)).toBe(1);
    expect(responseGroupCount(256, 128)).toBe(2);
    expect(responseGroupCount(1000, 128)).toBe(7);
    fc.assert(
      fc.property(id, id, hexId, fc.integer({ min: 1, max: 64 }), (p, s, m, groups) => {
        expect(isInResponseGroup(s, s, m, groups)).toBe(true);
        if (groups === 1) expect(isInResponseGroup(p, s, m, groups)).toBe(true);
      }),
      runs,
    );
  });

  it("groups split participants about evenly", () => {
    const groups = 4;
    let members = 0;
    for (let i = 0; i < 1000; i++) if (isInResponseGroup(`p${i}`, "sender", "msg", groups)) members++;
    expect(members).toBeGreaterThan(180);
    expect(members).toBeLessThan(320);
  });

  it("rejects bad participant counts with InvalidArgumentError", () => {
    expect(() => responseGroupCount(-1, 128)).toThrow(InvalidArgumentError);
    expect(() => responseGroupCount(1.5, 128)).toThrow(InvalidArgumentError);
    expect(() => responseGroupCount(10, 0)).toThrow(InvalidArgumentError);
  });

  it("backoff: exponential doubles, linear adds, both capped and never below 1", () => {
    expect([0, 1, 2, 3, 4, 5].map((r) => backoffMultiplier(r, "exponential", 8))).toEqual([1, 2, 4, 8, 8, 8]);
    expect([0, 1, 2, 3, 4, 5].map((r) => backoffMultiplier(r, "linear", 4))).toEqual([1, 2, 3, 4, 4, 4]);
    fc.assert(
      fc.property(
        fc.nat(2000),
        fc.constantFrom("exponential" as const, "linear" as const),
        fc.integer({ min: 1, max: 64 }),
        (r, b, cap) => {
          const k = backoffMultiplier(r, b, cap);
          expect(k).toBeGreaterThanOrEqual(1);
          expect(k).toBeLessThanOrEqual(cap);
          expect(backoffMultiplier(r + 1, b, cap)).toBeGreaterThanOrEqual(k);
        },
      ),
      runs,
    );
  });

  it("agrees with @waku/sds 0.0.8 on T_req, T_resp and groups", () => {
    fc.assert(
      fc.property(id, id, hexId, fc.integer({ min: 1, max: 600 }), (p, s, m, n) => {
        const theirs = new RepairManager(p, { tMin: 30_000, tMax: 120_000 });
        theirs.updateResponseGroups(n);
        const groups = responseGroupCount(n, 128);
        expect(requestOffsetMs(p, m, { tMinMs: 30_000, tMaxMs: 120_000 })).toBe(theirs.calculateTReq(m, 0));
        expect(responseOffsetMs(p, s, m, 120_000)).toBe(theirs.calculateTResp(s, m, 0));
        expect(isInResponseGroup(p, s, m, groups)).toBe(theirs.isInResponseGroup(s, m));
      }),
      { ...runs, numRuns: 200 },
    );
  });
});

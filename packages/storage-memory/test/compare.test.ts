import { describe, expect, it } from "vitest";
import { compareBigints, compareMessageIds } from "../src/index.js";

const utf8 = new TextEncoder();

function byBytes(a: string, b: string): number {
  return Buffer.compare(utf8.encode(a), utf8.encode(b));
}

describe("compareMessageIds", () => {
  it("orders by UTF-8 bytes, unlike JavaScript's code-unit order", () => {
    expect("\u{10000}" < "\uffff").toBe(true);
    expect(compareMessageIds("\uffff", "\u{10000}")).toBeLessThan(0);
    expect(compareMessageIds("a", "ab")).toBeLessThan(0);
    expect(compareMessageIds("ab", "ab")).toBe(0);
  });

  it("agrees with a byte-wise comparison on tricky strings", () => {
    const samples = [
      "",
      "a",
      "\u007f",
      "\u0080",
      "\u07ff",
      "\u0800",
      "\ud7ff",
      "\ue000",
      "\uffff",
      "\u{10000}",
    ];
    const extended = samples.flatMap((x) => samples.map((y) => x + y));
    for (const a of extended) {
      for (const b of extended) {
        expect(Math.sign(compareMessageIds(a, b)), `${escape(a)} vs ${escape(b)}`).toBe(
          Math.sign(byBytes(a, b)),
        );
      }
    }
  });
});

describe("compareBigints", () => {
  it("orders numerically", () => {
    expect([10n, 2n ** 64n - 1n, 0n, 9n].sort(compareBigints)).toStrictEqual([0n, 9n, 10n, 2n ** 64n - 1n]);
  });
});

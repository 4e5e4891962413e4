import { readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import * as sds from "../src/index.js";

/** The first ```ts block of the README, with its import turned into a parameter. */
function readmeExample(): string {
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (block === undefined) throw new Error("README has no ts example");
  return block.replace(/^import .*$/m, "");
}

describe("README example", () => {
  it("runs and prints what its comments say", () => {
    const lines: unknown[] = [];
    const log = vi.fn((value: unknown) => lines.push(value));
    // The example is plain JS once its import is removed (no type annotations in it).
    new Function("createSdsCore", "compactBloom", "console", readmeExample())(
      sds.createSdsCore,
      sds.compactBloom,
      {
        log,
      },
    );
    expect(lines).toEqual(["buffered", ["hello", "again"], 2]);
  });
});

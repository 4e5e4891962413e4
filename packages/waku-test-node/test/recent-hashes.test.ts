import { describe, expect, it } from "vitest";
import { createRecentHashes } from "../src/recent-hashes.js";

describe("createRecentHashes", () => {
  it("forgets the oldest hash beyond its capacity", () => {
    const recent = createRecentHashes(2);
    recent.add("a");
    recent.add("b");
    recent.add("c");
    expect(["a", "b", "c"].map((hash) => recent.has(hash))).toEqual([false, true, true]);
  });
});

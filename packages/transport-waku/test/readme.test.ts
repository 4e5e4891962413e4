import { readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), "utf8");

describe("README", () => {
  it("shows examples/quick-start.ts verbatim", () => {
    expect(read("../README.md")).toContain(read("../examples/quick-start.ts").trim());
  });

  it("runs examples/quick-start.ts against the loopback test node with the output it promises", async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
      lines.push(args.join(" "));
    });
    try {
      await import("../examples/quick-start.js");
    } finally {
      spy.mockRestore();
    }
    expect(lines.filter((line) => line.startsWith("bob "))).toEqual([
      "bob online: true",
      "bob received: hello over Waku",
      "bob retrieved by hint: hello over Waku",
      "bob found in the range: hello over Waku",
    ]);
  }, 30_000);
});

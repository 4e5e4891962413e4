import { readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), "utf8");

describe("README", () => {
  it("shows examples/quick-start.ts verbatim", () => {
    expect(read("../README.md")).toContain(read("../examples/quick-start.ts").trim());
  });

  it("runs examples/quick-start.ts with the output the README promises", async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
      lines.push(args.join(" "));
    });
    try {
      await import("../examples/quick-start.js");
    } finally {
      spy.mockRestore();
    }
    expect(lines).toEqual([
      "waiting until +10000 ms",
      "ephemeral dropped: quota reached",
      "waiting until +10000 ms",
      "drained after 20000 ms",
      "published this epoch: 5 of 10",
    ]);
  });
});

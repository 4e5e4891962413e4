import { readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), "utf8");

/** Runs an example module with `console.log` captured; returns the lines it printed. */
async function printed(run: () => Promise<unknown>): Promise<string[]> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
    lines.push(args.join(" "));
  });
  try {
    await run();
  } finally {
    spy.mockRestore();
  }
  return lines;
}

describe("README", () => {
  it.each(["quick-start.ts", "reliable-channel.ts"])("shows examples/%s verbatim", (file) => {
    expect(read("../README.md")).toContain(read(`../examples/${file}`).trim());
  });

  it("runs examples/quick-start.ts against the loopback test node with the output it promises", async () => {
    const lines = await printed(() => import("../examples/quick-start.js"));
    expect(lines.filter((line) => line.startsWith("bob "))).toEqual([
      "bob online: true",
      "bob received: hello over Waku",
      "bob retrieved by hint: hello over Waku",
      "bob found in the range: hello over Waku",
    ]);
  }, 30_000);

  it("runs examples/reliable-channel.ts: a channel over two light nodes", async () => {
    const lines = await printed(() => import("../examples/reliable-channel.js"));
    expect(lines).toEqual(["bob received from alice: hello over Waku", "acknowledged by bob"]);
  }, 30_000);
});

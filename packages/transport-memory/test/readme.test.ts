import { readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), "utf8");

describe("README", () => {
  it("shows examples/quick-start.ts verbatim", () => {
    expect(read("../README.md")).toContain(read("../examples/quick-start.ts").trim());
  });

  it("shows examples/catch-up-by-range.ts verbatim", () => {
    expect(read("../README.md")).toContain(read("../examples/catch-up-by-range.ts").trim());
  });

  it("the compliance README's transport example is test/compliance-readme.test.ts verbatim (so it runs)", () => {
    const example = read("./compliance-readme.test.ts").trim();
    expect(read("../../compliance/README.md")).toContain(example);
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
    expect(lines).toEqual(["bob retrieved: while you were away", "still stored after retention: false"]);
  });

  it("runs examples/catch-up-by-range.ts with the output the README promises", async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
      lines.push(args.join(" "));
    });
    try {
      await import("../examples/catch-up-by-range.js");
    } finally {
      spy.mockRestore();
    }
    expect(lines).toEqual([
      "bob online: true",
      "bob online: false",
      "bob online: true",
      "page: one, two",
      "page: three",
    ]);
  });
});

import { runReadmeExample } from "@reliable-channel/vitest-preset/readme-example";
import { expect, it, vi } from "vitest";

it("the README's first example runs and prints what the README says", async () => {
  const lines: string[] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
    lines.push(args.join(" "));
  });
  try {
    await runReadmeExample(new URL("../", import.meta.url), "@reliable-channel/encryption");
  } finally {
    spy.mockRestore();
  }
  expect(lines).toEqual(["bob read: meet at noon", "readable on the wire: false"]);
});

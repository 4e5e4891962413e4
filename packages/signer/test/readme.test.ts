import { runReadmeExample } from "@reliable-channel/vitest-preset/readme-example";
import { afterEach, expect, it, vi } from "vitest";

afterEach(() => {
  vi.restoreAllMocks();
});

it("runs the README's example: bob reads alice's signed message, nothing is dropped", async () => {
  const lines: string[] = [];
  vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void lines.push(args.join(" ")));
  await runReadmeExample(new URL("../", import.meta.url), "@reliable-channel/signer");
  expect(lines).toEqual(["alice: signed hello"]);
});

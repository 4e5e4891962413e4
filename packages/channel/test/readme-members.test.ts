import { readFile, rm, writeFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { expect, it, vi } from "vitest";

// The README's "Who has it" example, as written (imports pointed at the sources): it must compile and work.
it("the README's roster example runs and says what it promises", async () => {
  const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
  const section = readme.slice(readme.indexOf("## Who has it"));
  const example = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  expect(example).toBeDefined();
  const source = (example ?? "")
    .replaceAll(
      '"@reliable-channel/channel"',
      JSON.stringify(fileURLToPath(new URL("../src/index.ts", import.meta.url))),
    )
    .replaceAll(
      '"@reliable-channel/transport-memory"',
      JSON.stringify(fileURLToPath(new URL("../../transport-memory/src/index.ts", import.meta.url))),
    );
  const file = fileURLToPath(new URL("readme-members.generated.ts", import.meta.url));
  const logs: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
    logs.push(args.map((arg) => (typeof arg === "string" ? arg : JSON.stringify(arg))).join(" "));
  });
  await writeFile(file, `${source}\nexport {};\n`);
  try {
    await import(pathToFileURL(file).href);
  } finally {
    log.mockRestore();
    await rm(file);
  }
  expect(logs).toEqual([
    '["bob: known","carol: unknown"]',
    "delivered to bob and carol",
    "1 of alice's messages are everyone's",
    "delivered to bob",
    "2 of alice's messages are everyone's",
  ]);
});

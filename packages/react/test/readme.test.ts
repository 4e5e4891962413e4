import { readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { expect, it, vi } from "vitest";

// The README's ```tsx example, with its import of this package pointed at src/: it must compile and work.
it("the README example runs and prints what it says", async () => {
  const here = dirname(fileURLToPath(import.meta.url)); // paths, not URLs: happy-dom replaces URL
  const readme = await readFile(join(here, "../README.md"), "utf8");
  const example = /```tsx\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
  expect(example).not.toBe("");
  const file = join(here, "readme-example.generated.tsx");
  const source = example.replaceAll(
    '"@reliable-channel/react"',
    JSON.stringify(join(here, "../src/index.ts")),
  );
  await writeFile(file, source);
  const logs: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((line: string) => logs.push(line));
  try {
    await import(pathToFileURL(file).href);
  } finally {
    log.mockRestore();
    await rm(file);
  }
  expect(logs).toEqual(["waveme: acknowledged by bobsynced", "wavealice: hi from alicesynced"]);
});

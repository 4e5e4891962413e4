import { readFile, rm, writeFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { expect, it } from "vitest";

it("runs the README's example", async () => {
  const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
  const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(example).toBeDefined();
  const source = (example ?? "").replaceAll(
    '"@reliable-channel/storage-indexeddb"',
    JSON.stringify(fileURLToPath(new URL("../src/index.ts", import.meta.url))),
  );
  const file = fileURLToPath(new URL("./readme-example.generated.ts", import.meta.url));
  await writeFile(file, source);
  try {
    await import(pathToFileURL(file).href);
  } finally {
    await rm(file);
  }
});

import { readFile, rm, writeFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * Runs the first ```ts block of a package's README as a module, with imports of `packageName` pointed at the
 * package's source, so the README's example is compiled and executed by the tests. Rejects when the README
 * has no ```ts block or the example throws.
 *
 * @param packageDir - the package folder as a file URL ending in `/` (e.g. `new URL("../", import.meta.url)`)
 * @param packageName - the name the example imports, e.g. `@reliable-channel/storage-sqlite`
 */
export async function runReadmeExample(packageDir: URL, packageName: string): Promise<void> {
  const readme = await readFile(new URL("README.md", packageDir), "utf8");
  const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (example === undefined) throw new Error(`${packageName}: README.md has no \`\`\`ts example`);
  const source = example.replaceAll(
    JSON.stringify(packageName),
    JSON.stringify(fileURLToPath(new URL("src/index.ts", packageDir))),
  );
  const file = fileURLToPath(new URL("test/readme-example.generated.ts", packageDir));
  await writeFile(file, source);
  try {
    await import(pathToFileURL(file).href);
  } finally {
    await rm(file);
  }
}

/**
 * `./run docs [--out <dir>]`: the API reference of every publishable package (default `docs/api`), from the
 * doc comments. Exits non-zero, listing them, when an export is undocumented or a link is broken.
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { repoRoot } from "@reliable-channel/release";
import { buildApiReference, entryPoints } from "./api-reference.js";

const { values } = parseArgs({ options: { out: { type: "string" } } });
const out = values.out ?? join(repoRoot, "docs", "api");
const { problems } = await buildApiReference(out);
for (const problem of problems) console.error(problem);
if (problems.length > 0) {
  console.error(`${problems.length} problem(s) in the API reference`);
  process.exit(1);
}
console.log(`API reference of ${entryPoints().length} modules written to ${out}`);

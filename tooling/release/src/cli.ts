/**
 * `./run release [--dry-run] [--out <dir>]`: packs every publishable package (each `prepack` builds it
 * first), checks every tarball as a user would install it, prints what was packed, and then — unless
 * `--dry-run` — publishes the packages whose version is not on the registry yet (`changeset publish`).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { packAll } from "./pack.js";
import { verifyPacked } from "./verify.js";
import { publishablePackages, repoRoot } from "./workspace.js";

const { values } = parseArgs({
  options: { "dry-run": { type: "boolean", default: false }, out: { type: "string" } },
});
const destination = values.out ?? mkdtempSync(join(tmpdir(), "reliable-channel-release-"));
const packages = publishablePackages();
console.log(`packing ${packages.length} packages into ${destination}`);

let failed = 0;
for (const packed of await packAll(packages, destination)) {
  const problems = verifyPacked(packed);
  const kb = (packed.bytes / 1024).toFixed(1);
  const label = `${packed.manifest.name}@${packed.manifest.version}`;
  console.log(
    `${problems.length === 0 ? "ok " : "BAD"} ${label.padEnd(44)} ${String(packed.files.size).padStart(4)} files ${kb.padStart(7)} kB  ${relative(destination, packed.tarball)}`,
  );
  for (const problem of problems) console.log(`      ${problem}`);
  if (problems.length > 0) failed += 1;
}

if (failed > 0) {
  console.error(`${failed} of ${packages.length} packages have problems; nothing published`);
  process.exit(1);
}
if (values["dry-run"]) {
  console.log(`dry run: ${packages.length} packages packed and checked; nothing published`);
} else {
  const result = spawnSync("pnpm", ["exec", "changeset", "publish"], { cwd: repoRoot, stdio: "inherit" });
  process.exit(result.status ?? 1);
}

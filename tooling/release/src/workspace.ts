import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The repository root (this file is `tooling/release/src/workspace.ts`). */
export const repoRoot: string = fileURLToPath(new URL("../../../", import.meta.url));

/** A package's manifest, as far as the release path reads it. */
export interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly private?: boolean;
  readonly [field: string]: unknown;
}

/** A publishable workspace package. */
export interface WorkspacePackage {
  /** Its folder relative to the root, e.g. `packages/channel`. */
  readonly dir: string;
  /** Its absolute folder, ending without a slash. */
  readonly path: string;
  readonly manifest: Manifest;
}

/** Reads a JSON file. */
export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, "utf8")) as T;
}

/**
 * Every publishable package: each `packages/*` folder with a package.json that is not `private`, sorted by
 * folder name. Found anew on every call, so packages added later are released (and checked) too.
 */
export function publishablePackages(root: string = repoRoot): WorkspacePackage[] {
  const found: WorkspacePackage[] = [];
  const entries = readdirSync(`${root}packages`, { withFileTypes: true }).filter((entry) =>
    entry.isDirectory(),
  );
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = `${root}packages/${entry.name}`;
    if (!existsSync(`${path}/package.json`)) continue;
    const manifest = readJson<Manifest>(`${path}/package.json`);
    if (manifest.private === true) continue;
    found.push({ dir: `packages/${entry.name}`, path, manifest });
  }
  return found;
}

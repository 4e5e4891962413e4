import { execFile } from "node:child_process";
import { mkdirSync, readdirSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { readTarball, type TarballFiles } from "./tarball.js";
import type { Manifest, WorkspacePackage } from "./workspace.js";

const run = promisify(execFile);

/** One package packed as it would be published. */
export interface PackedPackage {
  readonly source: WorkspacePackage;
  /** The tarball's absolute path. */
  readonly tarball: string;
  /** Its size in bytes. */
  readonly bytes: number;
  /** The files in it (paths without `package/`). */
  readonly files: TarballFiles;
  /** The package.json in it: `publishConfig` applied, `workspace:` ranges replaced. */
  readonly manifest: Manifest;
}

/**
 * Packs one package with `pnpm pack` into its own folder under `destination`. The package's `prepack`
 * script removes `dist` and builds it first, so a tarball never ships stale or missing output.
 *
 * @throws Error (the pnpm output) when the build or the pack fails
 */
export async function packPackage(pkg: WorkspacePackage, destination: string): Promise<PackedPackage> {
  const folder = join(destination, pkg.dir.replaceAll("/", "-"));
  mkdirSync(folder, { recursive: true });
  try {
    await run("pnpm", ["pack", "--pack-destination", folder], { cwd: pkg.path });
  } catch (error) {
    const output = error as { stdout?: string; stderr?: string };
    throw new Error(`pnpm pack failed in ${pkg.dir}:\n${output.stdout ?? ""}${output.stderr ?? ""}`, {
      cause: error,
    });
  }
  const name = readdirSync(folder).find((file) => file.endsWith(".tgz"));
  if (name === undefined) throw new Error(`pnpm pack wrote no tarball for ${pkg.dir}`);
  const tarball = join(folder, name);
  const files = readTarball(tarball);
  const manifestBytes = files.get("package.json");
  if (manifestBytes === undefined) throw new Error(`${tarball} has no package.json`);
  const manifest = JSON.parse(manifestBytes.toString("utf8")) as Manifest;
  return { source: pkg, tarball, bytes: statSync(tarball).size, files, manifest };
}

/**
 * Packs every package, `concurrency` at a time (one build per core by default), in the given order.
 *
 * @throws Error when any package fails to build or pack
 */
export async function packAll(
  packages: readonly WorkspacePackage[],
  destination: string,
  concurrency: number = availableParallelism(),
): Promise<PackedPackage[]> {
  const packed: PackedPackage[] = new Array(packages.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < packages.length; i = next++) {
      const pkg = packages[i];
      if (pkg !== undefined) packed[i] = await packPackage(pkg, destination);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return packed;
}

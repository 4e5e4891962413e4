import { builtinModules } from "node:module";
import { posix } from "node:path";
import { importedSpecifiers, packageOf } from "./imports.js";
import type { PackedPackage } from "./pack.js";

/** The license every package is published under, and the texts each tarball carries. */
export const LICENSE = "MIT OR Apache-2.0";
export const LICENSE_FILES: readonly string[] = ["LICENSE-MIT", "LICENSE-APACHE"];

type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

/** Every path string in an `exports` map (conditions and subpaths, nested to any depth). */
function exportTargets(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (value === null || typeof value !== "object") return [];
  return Object.values(value as Record<string, Json>).flatMap(exportTargets);
}

function declared(manifest: PackedPackage["manifest"]): Set<string> {
  const names = new Set<string>();
  for (const field of ["dependencies", "peerDependencies", "optionalDependencies"]) {
    const deps = manifest[field];
    if (deps !== null && typeof deps === "object") for (const name of Object.keys(deps)) names.add(name);
  }
  return names;
}

/**
 * What is wrong with a packed package, as a user installing it would find it: every path its `exports`,
 * `main`, `types` and `bin` name is in the tarball and is built output; no `workspace:` range is left; the
 * license texts, README and repository fields are there; every relative import of its built files resolves
 * inside the tarball and every package they import (code and types) is a dependency or peer dependency.
 * Empty when nothing is.
 */
export function verifyPacked(packed: PackedPackage): string[] {
  const { manifest, files } = packed;
  const problems: string[] = [];
  const has = (path: string) => files.has(posix.normalize(path.replace(/^\.\//, "")));
  const targets = [
    ...exportTargets(manifest.exports),
    ...exportTargets(manifest.main),
    ...exportTargets(manifest.types),
    ...exportTargets(manifest.bin),
  ];
  if (manifest.exports === undefined) problems.push("no exports map");
  for (const target of targets) {
    if (!has(target)) problems.push(`${target} is named by the manifest but not in the tarball`);
    if (/\.(ts|tsx|mts|cts)$/.test(target) && !/\.d\.(ts|mts|cts)$/.test(target)) {
      problems.push(`${target} is TypeScript source, not built output`);
    }
  }
  const text = JSON.stringify(manifest);
  if (/"(workspace|catalog|link|file):/.test(text)) problems.push("a workspace:/link:/file: range is left");
  if (manifest.license !== LICENSE) problems.push(`license is ${String(manifest.license)}, not ${LICENSE}`);
  for (const file of [...LICENSE_FILES, "README.md"]) if (!has(file)) problems.push(`${file} is missing`);
  for (const field of ["repository", "homepage", "bugs", "description", "sideEffects", "types"]) {
    if (manifest[field] === undefined) problems.push(`no ${field} field`);
  }
  const deps = declared(manifest);
  for (const [path, body] of files) {
    if (!/\.(js|d\.ts)$/.test(path) || !path.startsWith("dist/")) continue;
    for (const specifier of importedSpecifiers(body.toString("utf8"))) {
      if (specifier.startsWith(".")) {
        const resolved = posix.join(posix.dirname(path), specifier);
        const candidates = [resolved, resolved.replace(/\.js$/, ".d.ts")];
        if (!candidates.some((candidate) => files.has(candidate))) {
          problems.push(`${path} imports ${specifier}, which is not in the tarball`);
        }
        continue;
      }
      const name = packageOf(specifier);
      if (name === undefined || builtinModules.includes(specifier) || name === manifest.name) continue;
      if (!deps.has(name))
        problems.push(`${path} imports ${name}, which is not a dependency or peer dependency`);
    }
  }
  return [...new Set(problems)];
}

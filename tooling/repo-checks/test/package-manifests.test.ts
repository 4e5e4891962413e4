import { existsSync, readFileSync } from "node:fs";
import { LICENSE, LICENSE_FILES, publishablePackages, readJson, repoRoot } from "@reliable-channel/release";
import { describe, expect, it } from "vitest";
import { sourceImports, sourceText } from "./source-imports.js";

interface Manifest {
  readonly name: string;
  readonly license?: string;
  readonly files?: readonly string[];
  readonly repository?: { readonly type?: string; readonly url?: string; readonly directory?: string };
  readonly homepage?: string;
  readonly bugs?: { readonly url?: string };
  readonly types?: string;
  readonly exports?: Record<string, { readonly types?: string; readonly default?: string }>;
  readonly publishConfig?: {
    readonly exports?: Record<string, { readonly types?: string; readonly default?: string }>;
    readonly types?: string;
    readonly main?: string;
  };
  readonly sideEffects?: boolean | readonly string[];
  readonly engines?: { readonly node?: string };
  readonly scripts?: Record<string, string>;
  readonly dependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
}

const root = readJson<Manifest>(`${repoRoot}package.json`);
const BUILD = "tsc -p tsconfig.build.json";
const NODE_SQLITE = ">=22.13 <23 || >=23.4";
const packages = publishablePackages().map((pkg) => ({
  ...pkg,
  manifest: pkg.manifest as unknown as Manifest,
  toString: () => pkg.dir,
}));

describe("package manifests", () => {
  it("finds the packages, and the root names the repository and carries both license texts", () => {
    expect(packages.map((pkg) => pkg.manifest.name)).toContain("@reliable-channel/channel");
    expect(root.license).toBe(LICENSE);
    expect(root.repository?.url).toMatch(/^git\+https:\/\/.+\.git$/);
    for (const file of LICENSE_FILES) expect(existsSync(`${repoRoot}${file}`), file).toBe(true);
  });

  it.each(packages)("%s: license, its texts, repository, homepage, bugs", ({ dir, path, manifest }) => {
    expect(manifest.license).toBe(LICENSE);
    for (const file of LICENSE_FILES) {
      expect(existsSync(`${path}/${file}`), `${dir}/${file} (a copy of the root's)`).toBe(true);
      expect(readFileSync(`${path}/${file}`, "utf8"), `${dir}/${file} differs from the root's`).toBe(
        readFileSync(`${repoRoot}${file}`, "utf8"),
      );
      expect(manifest.files, `${dir}: "files" must list ${file}`).toContain(file);
    }
    expect(manifest.files).toContain("dist");
    expect(manifest.repository).toEqual({ type: "git", url: root.repository?.url, directory: dir });
    const web = (root.repository?.url ?? "").replace(/^git\+/, "").replace(/\.git$/, "");
    expect(manifest.homepage).toBe(`${web}/tree/main/${dir}#readme`);
    expect(manifest.bugs).toEqual({ url: `${web}/issues` });
  });

  it.each(packages)(
    "%s: builds before it is packed; exports, types and their published form",
    ({ dir, path, manifest }) => {
      expect(manifest.scripts?.build, `${dir}: scripts.build`).toBe(BUILD);
      expect(manifest.scripts?.prepack, `${dir}: scripts.prepack must remove dist and build`).toMatch(
        /rmSync\('dist'.*&& (tsc -p tsconfig\.build\.json|pnpm run build)$/,
      );
      expect(existsSync(`${path}/tsconfig.build.json`), `${dir}/tsconfig.build.json`).toBe(true);
      const dev = manifest.exports ?? {};
      const published = manifest.publishConfig?.exports ?? {};
      expect(Object.keys(dev).length, `${dir}: an exports map`).toBeGreaterThan(0);
      expect(Object.keys(published), `${dir}: publishConfig.exports has the same subpaths`).toEqual(
        Object.keys(dev),
      );
      for (const [subpath, target] of Object.entries(dev)) {
        expect(target.types, `${dir} exports[${subpath}]`).toMatch(/^\.\/src\/.+\.ts$/);
        expect(target.default).toBe(target.types);
        expect(existsSync(`${path}/${target.types}`), `${dir}: ${target.types}`).toBe(true);
        const built = (target.types ?? "").replace(/^\.\/src\//, "./dist/").replace(/\.ts$/, "");
        expect(published[subpath]).toEqual({ types: `${built}.d.ts`, default: `${built}.js` });
      }
      expect(manifest.types).toBe(dev["."]?.types);
      expect(manifest.publishConfig?.types).toBe(published["."]?.types);
      expect(manifest.publishConfig?.main).toBe(published["."]?.default);
      expect(manifest.sideEffects, `${dir}: sideEffects (false, or the files that have them)`).toBeDefined();
    },
  );

  it.each(packages)(
    "%s: runtime dependencies are the packages its source imports",
    ({ dir, path, manifest }) => {
      const used = sourceImports(`${path}/src`);
      const imported = [...used.values, ...used.types];
      const dependencies = Object.keys(manifest.dependencies ?? {});
      const peers = Object.keys(manifest.peerDependencies ?? {});
      for (const name of dependencies) {
        expect(imported, `${dir}: ${name} is a dependency, but src never imports it (tests only?)`).toContain(
          name,
        );
      }
      for (const name of imported) {
        expect(
          [...dependencies, ...peers],
          `${dir}: src imports ${name}, which it does not depend on`,
        ).toContain(name);
      }
    },
  );

  it.each(packages)("%s: engines say which Node its node: imports need", ({ dir, path, manifest }) => {
    const src = sourceText(`${path}/src`);
    if (/from "node:/.test(src)) {
      expect(
        manifest.engines?.node,
        `${dir} imports node: modules, so engines.node must say which Node`,
      ).toBeDefined();
    }
    if (/from "node:sqlite"/.test(src)) {
      // node:sqlite works without a flag from 22.13 and 23.4 on
      expect(manifest.engines?.node).toBe(NODE_SQLITE);
    }
  });
});

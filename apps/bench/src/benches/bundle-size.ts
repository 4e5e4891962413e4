import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { build, type Metafile } from "esbuild";

/** What an app that already runs a `@waku/sdk` light node imports; both stacks are measured on top of it. */
const BASE = `import { createLightNode } from "@waku/sdk";\nexport { createLightNode };\n`;

/** The apps measured: the base, the base plus js-waku's reliable channel, the base plus ours (issue 21's stack). */
const ENTRIES = {
  base: BASE,
  "js-waku": `${BASE}export { ReliableChannel } from "@waku/sdk";\n`,
  ours: `${BASE}export { createReliableChannel } from "@reliable-channel/channel";
export { sdsRepair } from "@reliable-channel/sds-repair";
export { indexedDbStorage } from "@reliable-channel/storage-indexeddb";
export { wakuTransport } from "@reliable-channel/transport-waku";
`,
} as const;

/** One app's browser bundle: min+gzip of what loads first and of everything, and the minified size. */
export interface BundleSize {
  /** The entry chunk and what it imports statically, each chunk gzipped on its own (bytes). */
  readonly initialGzip: number;
  /** Every chunk, including those loaded on demand, each gzipped on its own (bytes). */
  readonly totalGzip: number;
  /** Every chunk, minified, not gzipped (bytes). */
  readonly totalMinified: number;
}

/** The three bundles and what each stack adds to the base app (bytes, min+gzip). */
export interface BundleSizeReport {
  readonly sizes: Readonly<Record<keyof typeof ENTRIES, BundleSize>>;
  /** js-waku's `ReliableChannel` (with `@waku/sds`) on top of the base, initial load = total (one chunk). */
  readonly referenceAdds: number;
  /** Ours on top of the base: the initial load, and everything including the on-demand chunks. */
  readonly oursAddsInitial: number;
  readonly oursAddsTotal: number;
}

/**
 * Bundles the three apps with esbuild (minified ESM for browsers, code splitting on, as Vite builds them)
 * from a temporary directory inside this package, so that the workspace's packages and `@waku/sdk` resolve.
 */
export async function measureBundleSizes(): Promise<BundleSizeReport> {
  const dir = mkdtempSync(join(import.meta.dirname, ".bundle-size-"));
  try {
    const sizes = {} as Record<keyof typeof ENTRIES, BundleSize>;
    for (const [name, source] of Object.entries(ENTRIES) as [keyof typeof ENTRIES, string][]) {
      const entry = join(dir, `${name}.ts`);
      writeFileSync(entry, source);
      sizes[name] = await measure(entry, join(tmpdir(), "bundle-size-out"));
    }
    return {
      sizes,
      referenceAdds: sizes["js-waku"].totalGzip - sizes.base.totalGzip,
      oursAddsInitial: sizes.ours.initialGzip - sizes.base.initialGzip,
      oursAddsTotal: sizes.ours.totalGzip - sizes.base.totalGzip,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measure(entry: string, outdir: string): Promise<BundleSize> {
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: import.meta.dirname,
    bundle: true,
    splitting: true,
    outdir,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    metafile: true,
    write: false,
    logLevel: "silent",
  });
  const outputs = result.metafile.outputs;
  const gzipped = new Map<string, number>();
  let totalMinified = 0;
  for (const file of result.outputFiles) {
    if (!file.path.endsWith(".js")) continue;
    gzipped.set(file.path, gzipSync(file.contents, { level: 9 }).byteLength);
    totalMinified += file.contents.byteLength;
  }
  const gzipOf = (path: string): number => gzipped.get(resolve(import.meta.dirname, path)) ?? 0;
  const entryPath = Object.keys(outputs).find((path) => outputs[path]?.entryPoint !== undefined);
  if (entryPath === undefined) throw new Error(`no entry chunk for ${entry}`);
  const initial = staticClosure(outputs, entryPath);
  return {
    initialGzip: [...initial].reduce((sum, path) => sum + gzipOf(path), 0),
    totalGzip: [...gzipped.values()].reduce((sum, n) => sum + n, 0),
    totalMinified,
  };
}

/** `entry` and every chunk it imports statically, transitively (what a browser fetches before it runs). */
function staticClosure(outputs: Metafile["outputs"], entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (path: string): void => {
    if (seen.has(path) || outputs[path] === undefined) return;
    seen.add(path);
    for (const imported of outputs[path]?.imports ?? []) {
      if (imported.kind === "import-statement" && !imported.external) visit(imported.path);
    }
  };
  visit(entry);
  return seen;
}

/**
 * The browser bundle cost of a reliable channel for an app that already runs a `@waku/sdk` light node: ours
 * (channel, sds, sds-repair, transport-waku, storage-indexeddb) against js-waku's `ReliableChannel` with
 * `@waku/sds`, both bundled in this run with the same settings. The last line is
 * `ratio bundle-size <ours initial / js-waku>` (lower is better).
 */
export async function runBundleSizeBench(print: (line: string) => void = console.log): Promise<void> {
  const report = await measureBundleSizes();
  const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;
  print("bundle-size: esbuild, minified ESM for browsers, code splitting, each chunk gzipped (level 9)");
  for (const [name, size] of Object.entries(report.sizes)) {
    print(
      `  ${name.padEnd(8)} initial ${kb(size.initialGzip)}  total ${kb(size.totalGzip)} min+gzip  (${kb(size.totalMinified)} minified)`,
    );
  }
  print(`  js-waku ReliableChannel + @waku/sds add ${kb(report.referenceAdds)} to the base`);
  print(
    `  ours add ${kb(report.oursAddsInitial)} to the initial load, ${kb(report.oursAddsTotal)} with the on-demand chunks`,
  );
  print(`ratio bundle-size ${(report.oursAddsInitial / report.referenceAdds).toFixed(2)}`);
}

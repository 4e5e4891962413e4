/**
 * Browser bundle sizes, measured the way a web app ships them: esbuild, minified ESM for browsers, code
 * splitting on (as Vite builds), each chunk gzipped on its own at level 9 (as a browser fetches them).
 * Used by the web app's bundle budget and by the `bundle-size` benchmark.
 * @packageDocumentation
 */
import { basename, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { build, type Metafile } from "esbuild";

/** One chunk of a bundle. */
export interface BundleChunk {
  /** The chunk's file name. */
  readonly name: string;
  readonly minified: number;
  readonly gzip: number;
  /** Minified bytes by source package (`@scope/name` or the workspace package's folder name), largest first. */
  readonly bySource: readonly (readonly [string, number])[];
  /** The chunk's code. */
  readonly text: string;
}

/** A bundle, split into what loads first and what loads on demand. */
export interface BundleSize {
  /** The entry chunk and the chunks it imports statically, transitively: what a browser fetches first. */
  readonly initial: readonly BundleChunk[];
  /** The chunks loaded only by a dynamic `import()`. */
  readonly onDemand: readonly BundleChunk[];
  /** Sum of the initial chunks' gzipped sizes (bytes). */
  readonly initialGzip: number;
  /** Sum of the initial chunks' minified sizes (bytes). */
  readonly initialMinified: number;
  /** Sum of every chunk's gzipped size (bytes). */
  readonly totalGzip: number;
  /** Minified bytes of the initial load by source package, largest first. */
  readonly initialBySource: readonly (readonly [string, number])[];
}

/** What to bundle. */
export interface MeasureBundleOptions {
  /** The entry file (absolute path). */
  readonly entry: string;
  /** Packages left out (import paths, `*` wildcards as esbuild takes them). */
  readonly external?: readonly string[];
}

/** Bundles `entry` (nothing is written to disk) and measures every chunk. */
export async function measureBundle(options: MeasureBundleOptions): Promise<BundleSize> {
  const workingDir = resolve(options.entry, "..");
  const result = await build({
    entryPoints: [options.entry],
    absWorkingDir: workingDir,
    bundle: true,
    splitting: true,
    outdir: "bundle", // not written (write: false); names the chunks
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    external: [...(options.external ?? [])],
    metafile: true,
    write: false,
    logLevel: "silent",
  });
  const outputs = result.metafile.outputs;
  const files = new Map(result.outputFiles.map((file) => [file.path, file]));
  const chunk = (path: string): BundleChunk => {
    const file = files.get(resolve(workingDir, path));
    if (file === undefined) throw new Error(`no output file for ${path}`);
    return {
      name: basename(path),
      minified: file.contents.byteLength,
      gzip: gzipSync(file.contents, { level: 9 }).byteLength,
      bySource: bySource(outputs[path]?.inputs ?? {}),
      text: file.text,
    };
  };
  const entry = Object.keys(outputs).find((path) => outputs[path]?.entryPoint !== undefined);
  if (entry === undefined) throw new Error(`no entry chunk for ${options.entry}`);
  const closure = staticClosure(outputs, entry);
  const js = Object.keys(outputs).filter((path) => path.endsWith(".js"));
  const initial = js.filter((path) => closure.has(path)).map(chunk);
  const onDemand = js.filter((path) => !closure.has(path)).map(chunk);
  const sum = (chunks: readonly BundleChunk[], size: (c: BundleChunk) => number): number =>
    chunks.reduce((total, c) => total + size(c), 0);
  return {
    initial,
    onDemand,
    initialGzip: sum(initial, (c) => c.gzip),
    initialMinified: sum(initial, (c) => c.minified),
    totalGzip: sum(initial, (c) => c.gzip) + sum(onDemand, (c) => c.gzip),
    initialBySource: merge(initial.map((c) => c.bySource)),
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

function bySource(inputs: Metafile["outputs"][string]["inputs"]): [string, number][] {
  const byPackage = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(inputs)) {
    const name = /^.*(?:packages|node_modules)\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? input;
    byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
  }
  return [...byPackage].filter(([, bytes]) => bytes > 0).sort((a, b) => b[1] - a[1]);
}

function merge(lists: readonly (readonly (readonly [string, number])[])[]): [string, number][] {
  const total = new Map<string, number>();
  for (const list of lists) for (const [name, bytes] of list) total.set(name, (total.get(name) ?? 0) + bytes);
  return [...total].sort((a, b) => b[1] - a[1]);
}

/** `bytes` as kilobytes with one decimal, e.g. `46.4 KB`. */
export function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

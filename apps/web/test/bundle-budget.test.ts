import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build, type Metafile } from "esbuild";
import { expect, it } from "vitest";

/** The target of issue 21 for the channel stack in a browser bundle, minified and gzipped (bytes). */
const TARGET_BYTES = 30 * 1024;

/**
 * What CI enforces (bytes, min+gzip) on the initial load: the entry chunk and the chunks it imports
 * statically, each gzipped on its own (as a browser fetches them). The stack measured 50.0 KB in one chunk
 * on 2026-12-02; with segmentation, the nim-sds profile and signing loaded on demand and idb and
 * @noble/hashes gone from the initial load, 45.1 KB the same day (142.2 KB minified, 4 chunks). Loading the
 * roster's delivery tracking on demand was tried and saved 1.1 KB, but made `deliveryState` and the roster's
 * events wait for an import; it was left out. With the delivered floors kept as rows and re-sends answered by
 * name (issue 16) and the channel parts' explicit components (issue 17), 46.4 KB the same day (146.4 KB
 * minified: channel 49.6, sds 43.8, transport-waku 17.3, storage-indexeddb 10.2, sds-repair 9.6,
 * storage-memory 8.5 KB). Still over TARGET_BYTES by about 16 KB: what is left is code a
 * default channel runs (the SDS core and its wire, retrieval and catch-up, the Waku transport, IndexedDB
 * storage with its checksums, SDS-Repair), already compact; about 0.9 KB of it is the cost of gzipping the
 * split chunks apart. This ceiling stops growth while that is worked on; lower it as the stack shrinks.
 */
const CEILING_BYTES = 47 * 1024;

/**
 * The budget is on the initial load. Loaded on demand, each in a chunk of its own that this test prints:
 * - segmentation (the profiles, Keccak-256, the parity codes, the segmenter and the reassembly): on the
 *   first send of a payload over the segment size or the first segment received, or at start on the
 *   nim-sds wire, with an explicit profile, or with partial messages in storage;
 * - the nim-sds wire profile (`@reliable-channel/sds/nim-sds`): when a channel on that wire is created;
 * - signed envelopes (authenticated senders): when a channel is created with a `signer`.
 * Split chunks shared by the entry and an on-demand chunk are part of the initial load.
 */
it("the channel with sds, sds-repair, transport-waku and storage-indexeddb stays under its ceiling, min+gzip (@waku/sdk excluded)", async () => {
  const result = await build({
    entryPoints: [fileURLToPath(new URL("./bundle-entry.ts", import.meta.url))],
    bundle: true,
    splitting: true,
    outdir: "bundle-budget", // not written (write: false); names the chunks
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    external: ["@waku/sdk"], // the app's own copy (a peer dependency of transport-waku), not ours to count
    metafile: true,
    write: false,
    logLevel: "silent",
  });
  const outputs = result.metafile.outputs;
  const entry = Object.keys(outputs).find((path) => outputs[path]?.entryPoint !== undefined);
  if (entry === undefined) throw new Error("no entry chunk");
  const initial = staticClosure(outputs, entry);
  const files = new Map(result.outputFiles.map((file) => [file.path, file]));
  const fileOf = (path: string) => [...files.values()].find((file) => file.path.endsWith(path));
  const gzipped = (path: string) =>
    gzipSync(fileOf(path)?.contents ?? new Uint8Array(), { level: 9 }).byteLength;
  const initialGzipped = [...initial].reduce((sum, path) => sum + gzipped(path), 0);
  const initialMinified = [...initial].reduce((sum, path) => sum + (outputs[path]?.bytes ?? 0), 0);
  const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;
  const bySource = (paths: Iterable<string>): string => {
    const byPackage = new Map<string, number>();
    for (const path of paths) {
      for (const [input, { bytesInOutput }] of Object.entries(outputs[path]?.inputs ?? {})) {
        const name = /^.*(?:packages|node_modules)\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? input;
        byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
      }
    }
    return [...byPackage]
      .filter(([, bytes]) => bytes > 0)
      .sort((a, b) => b[1] - a[1])
      .map(([name, bytes]) => `${name} ${kb(bytes)}`)
      .join(", ");
  };
  const lazy = Object.keys(outputs).filter((path) => !initial.has(path) && path.endsWith(".js"));
  console.log(
    `bundle budget: ${kb(initialGzipped)} min+gzip initial load (${kb(initialMinified)} minified, ${initial.size} chunk(s)); ceiling ${kb(CEILING_BYTES)}, target ${kb(TARGET_BYTES)}${initialGzipped > TARGET_BYTES ? ` (over the target by ${kb(initialGzipped - TARGET_BYTES)})` : ""}; minified by source: ${bySource(initial)}`,
  );
  for (const path of lazy) {
    console.log(
      `  on demand: ${basename(path)} ${kb(gzipped(path))} min+gzip (${kb(outputs[path]?.bytes ?? 0)} minified): ${bySource([path])}`,
    );
  }
  const initialText = [...initial].map((path) => fileOf(path)?.text ?? "").join("\n");
  expect(initialText).not.toMatch(/from\s*"@waku\/(?!sdk")/); // nothing else of Waku's slipped in
  expect(initialText).not.toContain("Leopard"); // segmentation stays out of the initial load
  expect(lazy.length).toBeGreaterThan(0);
  expect(initialGzipped).toBeGreaterThan(5 * 1024); // the stack was really bundled
  expect(initialGzipped).toBeLessThan(CEILING_BYTES);
});

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

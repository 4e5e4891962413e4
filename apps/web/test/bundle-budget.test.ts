import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { expect, it } from "vitest";

/** The target of issue 21 for the channel stack in a browser bundle, minified and gzipped (bytes). */
const TARGET_BYTES = 30 * 1024;

/**
 * What CI enforces today (bytes, min+gzip). The stack measured 47.1 KB on 2026-12-02, over the 30 KB target
 * (segmentation on by default, both SDS wire profiles, option validation): this ceiling stops it from growing
 * while that is worked on; lower it to TARGET_BYTES once the stack fits.
 */
const CEILING_BYTES = 50 * 1024;

it("the channel with sds, sds-repair, transport-waku and storage-indexeddb stays under its ceiling, min+gzip (@waku/sdk excluded)", async () => {
  const result = await build({
    entryPoints: [fileURLToPath(new URL("./bundle-entry.ts", import.meta.url))],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    external: ["@waku/sdk"], // the app's own copy (a peer dependency of transport-waku), not ours to count
    metafile: true,
    write: false,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  const gzipped = gzipSync(code, { level: 9 }).byteLength;
  const inputs = Object.entries(result.metafile.outputs).flatMap(([, o]) => Object.entries(o.inputs));
  const byPackage = new Map<string, number>();
  for (const [path, { bytesInOutput }] of inputs) {
    const name = /^.*(?:packages|node_modules)\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? path;
    byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
  }
  const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;
  console.log(
    `bundle budget: ${kb(gzipped)} min+gzip (${kb(code.byteLength)} minified); ceiling ${kb(CEILING_BYTES)}, target ${kb(TARGET_BYTES)}${gzipped > TARGET_BYTES ? ` (over the target by ${kb(gzipped - TARGET_BYTES)})` : ""}; minified by source: ${[
      ...byPackage,
    ]
      .sort((a, b) => b[1] - a[1])
      .map(([name, bytes]) => `${name} ${kb(bytes)}`)
      .join(", ")}`,
  );
  expect(result.outputFiles[0]?.text).not.toMatch(/from\s*"@waku\/(?!sdk")/); // nothing else of Waku's slipped in
  expect(gzipped).toBeGreaterThan(5 * 1024); // the stack was really bundled
  expect(gzipped).toBeLessThan(CEILING_BYTES);
});

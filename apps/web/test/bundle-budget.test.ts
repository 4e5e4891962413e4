import { fileURLToPath } from "node:url";
import { kb, measureBundle } from "@reliable-channel/test-kit/bundle-size";
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
 * storage-memory 8.5 KB); 46.8 KB once a delivered segment was stored before its delivery commits and more
 * options were checked (147.5 KB minified). Still over TARGET_BYTES by about 17 KB: what is left is code a
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
  const bundle = await measureBundle({
    entry: fileURLToPath(new URL("./bundle-entry.ts", import.meta.url)),
    external: ["@waku/sdk"], // the app's own copy (a peer dependency of transport-waku), not ours to count
  });
  const bySource = (list: readonly (readonly [string, number])[]): string =>
    list.map(([name, bytes]) => `${name} ${kb(bytes)}`).join(", ");
  const { initialGzip } = bundle;
  console.log(
    `bundle budget: ${kb(initialGzip)} min+gzip initial load (${kb(bundle.initialMinified)} minified, ${bundle.initial.length} chunk(s)); ceiling ${kb(CEILING_BYTES)}, target ${kb(TARGET_BYTES)}${initialGzip > TARGET_BYTES ? ` (over the target by ${kb(initialGzip - TARGET_BYTES)})` : ""}; minified by source: ${bySource(bundle.initialBySource)}`,
  );
  for (const chunk of bundle.onDemand) {
    console.log(
      `  on demand: ${chunk.name} ${kb(chunk.gzip)} min+gzip (${kb(chunk.minified)} minified): ${bySource(chunk.bySource)}`,
    );
  }
  const initialText = bundle.initial.map((chunk) => chunk.text).join("\n");
  expect(initialText).not.toMatch(/from\s*"@waku\/(?!sdk")/); // nothing else of Waku's slipped in
  expect(initialText).not.toContain("Leopard"); // segmentation stays out of the initial load
  expect(bundle.onDemand.length).toBeGreaterThan(0);
  expect(initialGzip).toBeGreaterThan(5 * 1024); // the stack was really bundled
  expect(initialGzip).toBeLessThan(CEILING_BYTES);
});

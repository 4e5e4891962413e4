import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type BundleSize, kb, measureBundle } from "@reliable-channel/test-kit/bundle-size";

/** What an app that already runs a `@waku/sdk` light node imports; both stacks are measured on top of it. */
const BASE = `import { createLightNode } from "@waku/sdk";\nexport { createLightNode };\n`;

/** The apps measured: the base, the base plus js-waku's reliable channel, the base plus ours (issue 21's stack). */
const APPS = {
  base: BASE,
  "js-waku": `${BASE}export { ReliableChannel } from "@waku/sdk";\n`,
  ours: `${BASE}export { createReliableChannel } from "@reliable-channel/channel";
export { sdsRepair } from "@reliable-channel/sds-repair";
export { indexedDbStorage } from "@reliable-channel/storage-indexeddb";
export { wakuTransport } from "@reliable-channel/transport-waku";
`,
} as const;

/** The three bundles and what each stack adds to the base app (bytes, min+gzip). */
export interface BundleSizeReport {
  readonly sizes: Readonly<Record<keyof typeof APPS, BundleSize>>;
  /** js-waku's `ReliableChannel` (with `@waku/sds`) on top of the base; it loads nothing on demand. */
  readonly referenceAdds: number;
  /** Ours on top of the base: the initial load. */
  readonly oursAddsInitial: number;
  /** Ours on top of the base, with the chunks loaded on demand (segmentation, the nim-sds profile, signing). */
  readonly oursAddsTotal: number;
}

/**
 * Bundles the three apps (see `measureBundle`: esbuild, minified, code splitting, each chunk gzipped), from
 * entry files written to a temporary folder inside this package so that the workspace's packages and
 * `@waku/sdk` resolve.
 */
export async function measureBundleSizes(): Promise<BundleSizeReport> {
  const dir = mkdtempSync(join(import.meta.dirname, ".bundle-size-"));
  try {
    const sizes = {} as Record<keyof typeof APPS, BundleSize>;
    for (const [name, source] of Object.entries(APPS) as [keyof typeof APPS, string][]) {
      const entry = join(dir, `${name}.ts`);
      writeFileSync(entry, source);
      sizes[name] = await measureBundle({ entry });
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

/**
 * The browser bundle cost of a reliable channel for an app that already runs a `@waku/sdk` light node: ours
 * (channel, sds, sds-repair, transport-waku, storage-indexeddb) against js-waku's `ReliableChannel` with
 * `@waku/sds`, both bundled in this run with the same settings. The last line is
 * `ratio bundle-size <what ours adds to the initial load / what js-waku's adds>` (lower is better).
 */
export async function runBundleSizeBench(print: (line: string) => void = console.log): Promise<void> {
  const report = await measureBundleSizes();
  print("bundle-size: esbuild, minified ESM for browsers, code splitting, each chunk gzipped (level 9)");
  for (const [name, size] of Object.entries(report.sizes)) {
    print(
      `  ${name.padEnd(8)} initial ${kb(size.initialGzip)}, with on-demand chunks ${kb(size.totalGzip)} min+gzip`,
    );
  }
  print(`  js-waku ReliableChannel + @waku/sds add ${kb(report.referenceAdds)} to the base`);
  print(
    `  ours add ${kb(report.oursAddsInitial)} to the initial load, ${kb(report.oursAddsTotal)} with the on-demand chunks`,
  );
  print(`ratio bundle-size ${(report.oursAddsInitial / report.referenceAdds).toFixed(2)}`);
}

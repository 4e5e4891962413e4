import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentationCodeBlocks } from "../src/code-blocks.js";
import { type PackedPackage, packAll } from "../src/pack.js";
import { ourTypeErrors, runPlain, writeSmokeApp } from "../src/smoke-app.js";
import { verifyPacked } from "../src/verify.js";
import { publishablePackages, readJson, repoRoot } from "../src/workspace.js";

// The smoke test of a release, as a new user meets it: every publishable package is packed (each built
// by its prepack), the tarballs are installed with npm into an app outside the workspace, every TypeScript
// block of the documentation is type-checked there (moduleResolution nodenext and bundler) and run with
// plain node — the channel quickstart over the memory network and over the loopback Waku test node among
// them. Nothing of the workspace is visible to the app but the tarballs.

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const blocks = documentationCodeBlocks();

/** What the examples import besides our packages, at the versions the workspace tests. */
function extraDependencies(): Record<string, string> {
  const dev = (dir: string) =>
    readJson<{ devDependencies: Record<string, string> }>(`${repoRoot}${dir}/package.json`).devDependencies;
  const pick = (deps: Record<string, string>, name: string) => {
    const version = deps[name];
    if (version === undefined) throw new Error(`no ${name} in the workspace`);
    return version;
  };
  return {
    "@waku/sdk": pick(dev("packages/transport-waku"), "@waku/sdk"),
    "@waku/message-encryption": pick(dev("packages/transport-waku"), "@waku/message-encryption"),
    "fake-indexeddb": pick(dev("packages/storage-indexeddb"), "fake-indexeddb"),
    "@types/node": pick(dev("."), "@types/node"),
  };
}

/** Lines some examples must print (beyond exiting with 0), by block id. */
const EXPECTED_OUTPUT: Readonly<Record<string, RegExp>> = {
  "packages-channel-readme-1": /^alice: hello$/m,
  "packages-encryption-readme-1": /^bob read: meet at noon\nreadable on the wire: false$/m,
  "docs-migrating-from-js-waku-3":
    /^carol read: hello from alice\nalice read from carol: hello from carol\ncarol's message acknowledged$/m,
  "packages-transport-waku-readme-1": /^bob received: hello over Waku$/m,
  "packages-transport-waku-readme-2": /^bob received from alice: hello over Waku\nacknowledged by bob$/m,
};

describe("the packed packages in an app outside the workspace", () => {
  const work = mkdtempSync(join(tmpdir(), "reliable-channel-smoke-"));
  const app = join(work, "app");
  let packed: PackedPackage[] = [];

  beforeAll(async () => {
    packed = await packAll(publishablePackages(), join(work, "tarballs"));
    writeSmokeApp(app, packed, blocks, extraDependencies());
    const args = ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"];
    const install = await runPlain("npm", args, app, 480_000);
    expect(install.code, `npm install failed:\n${install.stdout}${install.stderr}`).toBe(0);
  });

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("every tarball is complete: built files, declared dependencies, license texts", () => {
    expect(packed.length).toBeGreaterThan(0);
    const problems = packed.flatMap((p) =>
      verifyPacked(p).map((problem) => `${p.manifest.name}: ${problem}`),
    );
    expect(problems).toEqual([]);
  });

  it("the documentation has TypeScript examples that run", () => {
    expect(blocks.filter((block) => block.run).map((block) => block.id)).toEqual(
      expect.arrayContaining(Object.keys(EXPECTED_OUTPUT)),
    );
  });

  it.each(["nodenext", "bundler"])(
    "every documentation example type-checks (moduleResolution %s)",
    async (mode) => {
      const result = await runPlain(process.execPath, [tsc, "-p", `tsconfig.${mode}.json`], app, 180_000);
      expect(result.stderr).toBe("");
      expect(ourTypeErrors(result.stdout), result.stdout).toEqual([]);
    },
  );

  // Concurrently: the Waku examples mostly wait on the network, not the CPU.
  it.concurrent.each(
    blocks.filter((block) => block.run).map((block) => ({ ...block, toString: () => block.id })),
  )("%s runs with plain node", async (block) => {
    const result = await runPlain(process.execPath, [join("out", `${block.id}.js`)], app, 90_000);
    const where = `${block.file}:${block.line}\n${result.stdout}${result.stderr}`;
    expect(result.code, where).toBe(0);
    const expected = EXPECTED_OUTPUT[block.id];
    if (expected !== undefined) expect(result.stdout, where).toMatch(expected);
  });
});

import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import type { CodeBlock } from "./code-blocks.js";
import type { PackedPackage } from "./pack.js";

const exec = promisify(execFile);

/** The result of a command run in the smoke app. */
export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Variables a test runner or a package manager's script sets, which a user's shell does not have. */
const RUNNER_VARIABLES =
  /^(NODE_ENV|NODE_OPTIONS|VITEST.*|TEST|TINYPOOL.*|npm_lifecycle_.*|npm_package_.*|npm_command|npm_execpath|npm_node_execpath|PNPM_SCRIPT_SRC_DIR|INIT_CWD)$/;

/** This process's environment without what the test runner and pnpm added (proxies and CA settings stay). */
function plainEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !RUNNER_VARIABLES.test(name)) env[name] = value;
  }
  return env;
}

/**
 * Runs a command with the environment of a plain shell: no `NODE_ENV`, no vitest variables, so the code
 * behaves as it does for a user (`@waku/sdk` filters loopback addresses unless `NODE_ENV=test`, for one).
 */
export async function runPlain(
  command: string,
  args: readonly string[],
  cwd: string,
  timeoutMs: number,
): Promise<CommandResult> {
  const env = plainEnvironment();
  try {
    const { stdout, stderr } = await exec(command, [...args], {
      cwd,
      env,
      timeout: timeoutMs,
      killSignal: "SIGKILL",
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string; killed?: boolean };
    const code = typeof failed.code === "number" ? failed.code : 1;
    const note = failed.killed === true ? `\n(killed after ${timeoutMs} ms)` : "";
    return { code, stdout: failed.stdout ?? "", stderr: `${failed.stderr ?? ""}${note}` };
  }
}

/** Extra packages a documentation example imports besides ours, with the versions the workspace uses. */
export type ExtraDependencies = Readonly<Record<string, string>>;

const COMMON = {
  target: "ES2023",
  lib: ["ES2023", "DOM"],
  types: ["node"],
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  verbatimModuleSyntax: true,
  skipLibCheck: false,
};

/**
 * Writes an app outside the workspace that depends on every tarball (and `extra`), with the documentation's
 * code blocks as its modules (`src/<id>.ts`) and two tsconfigs: `tsconfig.nodenext.json` (emits to `out/`,
 * what node runs) and `tsconfig.bundler.json` (type-check only, as a bundled web app resolves).
 */
export function writeSmokeApp(
  dir: string,
  packed: readonly PackedPackage[],
  blocks: readonly CodeBlock[],
  extra: ExtraDependencies,
): void {
  mkdirSync(join(dir, "src"), { recursive: true });
  const ours = Object.fromEntries(packed.map((p) => [p.manifest.name, `file:${p.tarball}`]));
  const manifest = {
    name: "reliable-channel-smoke-app",
    private: true,
    type: "module",
    dependencies: { ...ours, ...extra },
    overrides: ours,
  };
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const nodenext = { module: "NodeNext", moduleResolution: "NodeNext", outDir: "out", rootDir: "src" };
  // Our declaration files are checked under nodenext (skipLibCheck off); bundler checks resolution only.
  const bundler = { module: "Preserve", moduleResolution: "Bundler", noEmit: true, skipLibCheck: true };
  for (const [name, options] of [
    ["nodenext", nodenext],
    ["bundler", bundler],
  ] as const) {
    const config = { compilerOptions: { ...COMMON, ...options }, include: ["src"] };
    writeFileSync(join(dir, `tsconfig.${name}.json`), `${JSON.stringify(config, null, 2)}\n`);
  }
  for (const block of blocks) {
    const header = `// ${block.file}:${block.line}\n`;
    writeFileSync(join(dir, "src", `${block.id}.ts`), `${header}${block.code}\nexport {};\n`);
  }
}

/**
 * The errors of a `tsc` run that are ours: in the examples (`src/`), in our packages' declaration files, or
 * about the configuration. Errors inside third-party declaration files (js-waku's and libp2p's do not all
 * compile under `exactOptionalPropertyTypes`) are theirs, and an app would set `skipLibCheck` for them.
 */
export function ourTypeErrors(output: string): string[] {
  const errors: string[] = [];
  for (const line of output.split("\n")) {
    const located = /^(.+?)\(\d+,\d+\): error TS\d+/.exec(line);
    if (located === null) {
      if (/^error TS\d+/.test(line)) errors.push(line);
      continue;
    }
    const file = located[1] ?? "";
    if (!file.startsWith("node_modules/") || file.startsWith("node_modules/@reliable-channel/"))
      errors.push(line);
  }
  return errors;
}

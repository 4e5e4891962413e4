/**
 * `./run soak [N] [demo args...]`: N consecutive `./run demo` runs (same arguments) beside a busy-loop
 * child process on one core, one line per run, the counts at the end. The output of every failed run (and
 * its HTML report, unless `--report` was given) is kept under `apps/demo/out/soak-<time>/`.
 * Exits 0 when every run passed, 1 when one failed, 2 on invalid arguments, 130 on Ctrl-C.
 */
import { appendFileSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { InvalidArgumentError } from "@reliable-channel/interfaces";
import { startCpuHog } from "./soak/cpu-hog.js";
import { type DemoRunResult, runDemoOnce } from "./soak/run-once.js";
import { choosesReport, parseSoakArgs, type SoakArgs } from "./soak/soak-args.js";

const RUN_SCRIPT = fileURLToPath(new URL("../../../run", import.meta.url));
const OUT_DIR = fileURLToPath(new URL("../out", import.meta.url));

/** Where one soak keeps what its failed runs left. */
interface SoakFiles {
  readonly directory: string;
  readonly failures: string;
  /** The report path of run `run`, or undefined when the demo arguments choose one. */
  report(run: number): string | undefined;
}

function soakFiles(demoArgs: readonly string[]): SoakFiles {
  const directory = join(OUT_DIR, `soak-${new Date().toISOString().replace(/[:.]/g, "-")}`);
  mkdirSync(directory, { recursive: true });
  const ownReport = !choosesReport(demoArgs);
  return {
    directory,
    failures: join(directory, "failures.log"),
    report: (run) => (ownReport ? join(directory, `run-${String(run).padStart(3, "0")}.html`) : undefined),
  };
}

function verdictLine(run: number, runs: number, result: DemoRunResult): string {
  const verdict = result.code === 0 ? "pass" : `FAIL (${result.signal ?? `exit ${result.code}`})`;
  return `run ${run}/${runs}  ${verdict}  ${(result.durationMs / 1000).toFixed(1)} s`;
}

async function soak({ runs, demoArgs }: SoakArgs): Promise<number> {
  const files = soakFiles(demoArgs);
  const command = ["./run demo", ...demoArgs].join(" ");
  process.stdout.write(`soak: ${runs} × \`${command}\` beside a CPU hog on one core\n`);
  const hog = startCpuHog();
  process.once("SIGINT", () => {
    hog.stop();
    process.exit(130);
  });
  let failed = 0;
  try {
    for (let run = 1; run <= runs; run += 1) {
      const report = files.report(run);
      const result = await runDemoOnce(
        RUN_SCRIPT,
        report === undefined ? demoArgs : [...demoArgs, "--report", report],
      );
      const line = verdictLine(run, runs, result);
      process.stdout.write(`${line}\n`);
      if (result.code === 0) {
        if (report !== undefined) rmSync(report, { force: true });
        continue;
      }
      failed += 1;
      const where = report === undefined ? "" : ` · report ${report}`;
      appendFileSync(files.failures, `===== ${line} · ${command}${where}\n${result.output}\n`);
    }
  } finally {
    hog.stop();
  }
  process.stdout.write(`\nsoak: ${runs - failed} passed, ${failed} failed of ${runs} runs\n`);
  if (failed === 0) {
    rmSync(files.directory, { recursive: true, force: true });
    return 0;
  }
  process.stdout.write(`output of the failed runs: ${files.failures}\n`);
  return 1;
}

function main(argv: readonly string[]): Promise<number> {
  try {
    return soak(parseSoakArgs(argv));
  } catch (error) {
    if (!(error instanceof InvalidArgumentError)) throw error;
    process.stderr.write(`error: ${error.message}\n`);
    return Promise.resolve(2);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`soak failed: ${text}\n`);
    process.exit(1);
  },
);

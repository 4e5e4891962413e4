import { spawn } from "node:child_process";

/** The outcome of one `./run demo`. */
export interface DemoRunResult {
  /** Exit code, or `null` when the process was killed by a signal. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** stdout and stderr, interleaved in the order they arrived. */
  readonly output: string;
  /** Wall time of the run (ms). */
  readonly durationMs: number;
}

/** Runs `<runScript> demo <args>` and resolves when it exits (never rejects on a failed run). */
export function runDemoOnce(runScript: string, args: readonly string[]): Promise<DemoRunResult> {
  const startedAt = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(runScript, ["demo", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.on("error", reject);
    child.on("close", (code, signal) =>
      resolve({
        code,
        signal,
        output: Buffer.concat(chunks).toString(),
        durationMs: performance.now() - startedAt,
      }),
    );
  });
}

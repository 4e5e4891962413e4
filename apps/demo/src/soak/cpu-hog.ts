import { spawn } from "node:child_process";

/** A child process that keeps one core busy until stopped. */
export interface CpuHog {
  /** Kills the child; safe to call more than once. */
  stop(): void;
}

/**
 * Starts a busy-loop Node.js child process: the load of another build or test on the same machine, so
 * that timers fire late and network callbacks queue up behind it.
 */
export function startCpuHog(): CpuHog {
  const child = spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" });
  const stop = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };
  // The hog must never outlive the soak, whatever way the soak ends.
  process.once("exit", stop);
  return { stop };
}

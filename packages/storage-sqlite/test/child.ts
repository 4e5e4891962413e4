import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const COMMITTER = fileURLToPath(new URL("./fixtures/committer.ts", import.meta.url));

/** A child Node process running the committer fixture (through tsx), with its stdout lines as events. */
export interface Child {
  readonly process: ChildProcess;
  /** Resolves with the first stdout line that `matches` accepts. */
  line(matches: (line: string) => boolean): Promise<string>;
  /** SIGKILLs the child and waits for it to exit. */
  kill(): Promise<void>;
}

/** Starts the committer fixture in `mode` on `directory`/`channelId`. */
export function startCommitter(directory: string, channelId: string, mode: "hold" | "commit"): Child {
  const child = spawn(process.execPath, ["--import", "tsx", COMMITTER, directory, channelId, mode], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout });
  const exited = once(child, "exit");
  return {
    process: child,
    line: (matches) =>
      new Promise((resolve, reject) => {
        const onLine = (line: string) => {
          if (!matches(line)) return;
          lines.off("line", onLine);
          resolve(line);
        };
        lines.on("line", onLine);
        void exited.then(() => reject(new Error(`child exited before printing the expected line`)));
      }),
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}

import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import type { ChildMessage, ParentMessage } from "./protocol.js";

/** Bundles the participant (and the workspace sources it imports) into one ES module in `directory`. */
export async function bundleParticipant(directory: string): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL("./participant.ts", import.meta.url))],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    write: false,
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
  });
  const file = join(directory, "participant.mjs");
  await writeFile(file, result.outputFiles[0]?.text ?? "");
  return file;
}

/** A running participant process. */
export interface Participant {
  readonly process: ChildProcess;
  send(message: ParentMessage): void;
  /** SIGKILLs it (if still alive) and waits for it to be gone. */
  kill(): Promise<void>;
  /** Resolves when it exits by itself or is killed. */
  readonly exited: Promise<unknown>;
}

/** Starts the bundled participant on `directory`; every IPC message goes to `onMessage`. */
export function startParticipant(
  bundle: string,
  directory: string,
  onMessage: (message: ChildMessage) => void,
): Participant {
  const child = fork(bundle, [directory], {
    execArgv: [],
    serialization: "advanced",
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  child.on("message", (message) => onMessage(message as ChildMessage));
  const exited = once(child, "exit");
  return {
    process: child,
    send: (message) => {
      // A message to a child that is being killed is simply lost, as on a real crash.
      if (child.connected) child.send(message, () => {});
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
    exited,
  };
}

import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { guard } from "./light-node.js";

const example = fileURLToPath(new URL("../examples/readme-example.ts", import.meta.url));

it("runs the README example, which prints what it sent and exits on its own (clean teardown)", async () => {
  const child = spawn(process.execPath, ["--import", "tsx", example], {
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    env: { ...process.env, NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  try {
    const code = await guard(exited, "the example to exit", 30_000);
    expect(output).toBe("filter: hello\nstore: hello\n");
    expect(code).toBe(0);
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
  }
});

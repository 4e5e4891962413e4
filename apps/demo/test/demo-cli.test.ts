import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { expectConsistentReport } from "./report-parser.js";

const DEMO_DIR = fileURLToPath(new URL("..", import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), "demo-cli-test-"));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

interface DemoRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the demo as `./run demo` does and resolves when the process exits (no sleeps, no polling). */
function runDemo(args: readonly string[]): Promise<DemoRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/index.ts", ...args], {
      cwd: DEMO_DIR,
      env: { ...process.env, INIT_CWD: outDir },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

function expectAllDelivered(html: string, participants: number, messages: number): void {
  const report = expectConsistentReport(html);
  expect(report.data.run).toMatchObject({ participants, messages });
  expect(report.data.total.sent).toBe(messages);
  expect(report.data.total.delivered).toBe(messages * (participants - 1));
  expect(report.data.total.acknowledged).toBe(messages);
  expect(report.data.total.latencyP95).toBeGreaterThanOrEqual(report.data.total.latencyP50 ?? 0);
  expect(report.verdict).toBe("All guarantees held");
}

describe("the demo, run as a new user would", () => {
  it("prints --help and exits 0", async () => {
    const run = await runDemo(["--", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("--participants");
    expect(run.stdout).toContain("--connect");
  });

  it("rejects bad options with exit code 2 and a clear message", async () => {
    const run = await runDemo(["--loss", "2"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('error: --loss must be below 1 (100%): nothing would ever arrive, got "2"\n');
  });

  it("runs the deterministic simulation (seed 5), exits 0 and writes a consistent report", async () => {
    const run = await runDemo([
      "--transport",
      "memory",
      "-p",
      "5",
      "-m",
      "50",
      "--seed",
      "5",
      "--live",
      "plain",
      "--report",
      "memory.html",
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("All guarantees held · 5 participants · 50 messages · seed 5");
    expect(run.stdout).toContain("p2 crashes");
    expect(run.stdout).toContain("p3 goes offline");
    expectAllDelivered(readFileSync(join(outDir, "memory.html"), "utf8"), 5, 50);
  }, 60_000);

  it("gives the same numbers for the same seed on the memory transport", async () => {
    const args = [
      "--transport",
      "memory",
      "-p",
      "4",
      "-m",
      "30",
      "--seed",
      "11",
      "--loss",
      "30%",
      "--live",
      "plain",
    ];
    const first = await runDemo([...args, "--report", "same-a.html"]);
    const second = await runDemo([...args, "--report", "same-b.html"]);
    expect([first.code, second.code]).toEqual([0, 0]);
    const a = expectConsistentReport(readFileSync(join(outDir, "same-a.html"), "utf8")).data;
    const b = expectConsistentReport(readFileSync(join(outDir, "same-b.html"), "utf8")).data;
    expect(b.participants).toEqual(a.participants);
    expect(b.total).toEqual(a.total);
    expect((a.total.retrieved ?? 0) + (a.total.duplicates ?? 0)).toBeGreaterThan(0);
  }, 60_000);

  // Real sockets and real timers, over the loopback test node dropping 20 % of filter pushes, with the crash
  // and the offline participant: the run must hold every guarantee, as the deterministic run above does.
  it("runs real @waku/sdk light nodes over the loopback test node and holds every guarantee", async () => {
    const run = await runDemo(["-m", "50", "--live", "plain", "--report", "waku.html"]);
    // On failure, show the end of the output: the table and the violated guarantees.
    expect(run.code, `${run.stdout.slice(-4_000)}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toContain("loopback Waku test node");
    expect(run.stdout).toContain("p2 crashes");
    expect(run.stdout).toContain("p3 goes offline");
    expect(run.stdout).toContain("All guarantees held · 5 participants · 50 messages · seed 1");
    expectAllDelivered(readFileSync(join(outDir, "waku.html"), "utf8"), 5, 50);
  }, 60_000);
});

import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { decodeSdsMessage } from "@reliable-channel/sds";
import type { DemoOptions } from "./cli/options.js";
import {
  BAR_FRAME_INTERVAL_MS,
  createLiveView,
  type LiveOutput,
  PLAIN_LINE_INTERVAL_MS,
} from "./live/live-view.js";
import type { FrameContext } from "./live/progress-frame.js";
import { allPassed, checkGuarantees } from "./metrics/guarantees.js";
import { createMetricsRecorder } from "./metrics/recorder.js";
import type { DemoReport } from "./report/demo-report.js";
import { renderHtmlReport } from "./report/html-report.js";
import { renderTextTable } from "./report/text-table.js";
import type { DemoEnvironment } from "./scenario/environment.js";
import { createMemoryEnvironment } from "./scenario/memory-environment.js";
import { type DemoParticipant, demoRoster } from "./scenario/participant.js";
import { runScenario } from "./scenario/run-scenario.js";
import { createWakuEnvironment } from "./scenario/waku-environment.js";
import { createWireLedger } from "./scenario/wire-ledger.js";

/** Where the report goes when `--report` is not given: `apps/demo/out/report.html`. */
export const DEFAULT_REPORT_PATH = fileURLToPath(new URL("../out/report.html", import.meta.url));

/** Exit code of a run where every guarantee held. */
export const EXIT_OK = 0;
/** Exit code of a run where a guarantee failed. */
export const EXIT_GUARANTEE_FAILED = 1;
/** Exit code of a run stopped with Ctrl-C (128 + SIGINT). */
export const EXIT_INTERRUPTED = 130;

/** Where the demo writes: the live view and the final table go to `out`. */
export interface DemoIo {
  readonly out: LiveOutput;
  /** The directory relative `--report` paths are resolved against. */
  readonly cwd: string;
}

/**
 * Runs the demo end to end: the environment, the scenario, the guarantee checks, the final table and
 * the HTML report. Resolves with the process exit code.
 */
export async function runDemo(options: DemoOptions, io: DemoIo): Promise<number> {
  const startedAt = new Date();
  const wallStart = performance.now();
  const env = await createEnvironment(options);
  // Ctrl-C: stop the nodes and remove the run's files before leaving.
  const onInterrupt = (): void => {
    void env.close().finally(() => process.exit(EXIT_INTERRUPTED));
  };
  process.once("SIGINT", onInterrupt);
  const ids = Array.from({ length: options.participants }, (_, i) => `p${i + 1}`);
  const recorder = createMetricsRecorder({
    participants: ids,
    roster: demoRoster(options.participants) !== undefined,
  });
  const ledger = createWireLedger(decodeSdsMessage);
  const view = createLiveView(io.out, options.live);
  let participants: readonly DemoParticipant[] = [];
  const frame = (): FrameContext => ({
    elapsedMs: env.now(),
    plannedMessages: options.messages,
    states: new Map(participants.filter((p) => p.state !== "online").map((p) => [p.id, p.state])),
  });
  const plain = view.mode === "plain";
  const timer = setInterval(
    () => view.render(recorder.snapshot(), frame()),
    plain ? PLAIN_LINE_INTERVAL_MS : BAR_FRAME_INTERVAL_MS,
  );
  timer.unref();
  let outcome: Awaited<ReturnType<typeof runScenario>>;
  try {
    outcome = await runScenario({
      options,
      env,
      recorder,
      ledger,
      onStarted: (started) => {
        participants = started;
      },
      ...(plain ? { tell: (line: string) => io.out.write(`[demo] ${line}\n`) } : {}),
    });
  } finally {
    clearInterval(timer);
  }
  const runMs = env.now();
  await Promise.allSettled(outcome.participants.map((participant) => participant.stop()));
  await env.close();
  process.off("SIGINT", onInterrupt);
  const metrics = recorder.snapshot();
  view.finish(metrics, frame());
  const guarantees = checkGuarantees(recorder.trace(), ledger.dependencies);
  const report: DemoReport = {
    run: {
      transport: options.transport,
      participants: options.participants,
      messages: options.messages,
      loss: options.loss,
      seed: options.seed,
      ...(options.connect === undefined ? {} : { connect: options.connect }),
      startedAt: startedAt.toISOString(),
      wallMs: performance.now() - wallStart,
      runMs,
    },
    scenario: outcome.story,
    metrics,
    guarantees,
    passed: allPassed(guarantees),
  };
  const path = options.report === undefined ? DEFAULT_REPORT_PATH : resolve(io.cwd, options.report);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, renderHtmlReport(report));
  io.out.write(summary(report, path, plain).join("\n"));
  return report.passed ? EXIT_OK : EXIT_GUARANTEE_FAILED;
}

function createEnvironment(options: DemoOptions): Promise<DemoEnvironment> {
  if (options.transport === "memory") {
    return Promise.resolve(createMemoryEnvironment({ seed: options.seed, loss: options.loss }));
  }
  return createWakuEnvironment({
    seed: options.seed,
    loss: options.loss,
    ...(options.connect === undefined ? {} : { connect: options.connect }),
  });
}

function summary(report: DemoReport, path: string, storyPrinted: boolean): string[] {
  const { run } = report;
  const time =
    run.transport === "memory"
      ? `${(run.runMs / 1000).toFixed(1)} s of virtual time in ${(run.wallMs / 1000).toFixed(1)} s`
      : `${(run.wallMs / 1000).toFixed(1)} s`;
  return [
    "",
    ...(storyPrinted ? [] : ["What happened:", ...report.scenario.map((line) => `  ${line}`), ""]),
    ...renderTextTable(report.metrics),
    "",
    ...report.guarantees.map((check) => {
      const head = `${check.passed ? "✔" : "✘"} ${check.title}`;
      return [head, ...check.violations.map((violation) => `    ${violation}`)].join("\n");
    }),
    "",
    `${report.passed ? "All guarantees held" : "A GUARANTEE FAILED"} · ${run.participants} participants · ${run.messages} messages · seed ${run.seed} · ${time}`,
    `report: ${path}`,
    "",
  ];
}

import { describe, expect, it } from "vitest";
import { allPassed, checkGuarantees } from "../src/metrics/guarantees.js";
import { createMetricsRecorder } from "../src/metrics/recorder.js";
import type { DemoReport } from "../src/report/demo-report.js";
import { renderHtmlReport } from "../src/report/html-report.js";
import { renderTextTable } from "../src/report/text-table.js";
import { expectConsistentReport } from "./report-parser.js";
import { syntheticRun } from "./synthetic-run.js";

function report(dropAck = false): DemoReport {
  const run = syntheticRun();
  const recorder = createMetricsRecorder({ participants: run.participants });
  for (const event of run.events) {
    if (!(dropAck && event.kind === "acknowledged" && event.messageId === "m2")) recorder.record(event);
  }
  const guarantees = checkGuarantees(recorder.trace(), run.dependencies);
  return {
    run: {
      transport: "memory",
      participants: 3,
      messages: 2,
      loss: 0.3,
      seed: 9,
      startedAt: "2026-01-01T00:00:00.000Z",
      wallMs: 12,
      runMs: 100,
    },
    scenario: ["c went offline at 0.015 s <b>"],
    metrics: recorder.snapshot(),
    guarantees,
    passed: allPassed(guarantees),
  };
}

describe("renderHtmlReport", () => {
  it("renders a self-contained page whose table, JSON and verdict agree", () => {
    const html = renderHtmlReport(report());
    const parsed = expectConsistentReport(html);
    expect(parsed.verdict).toBe("All guarantees held");
    expect(parsed.data.total).toMatchObject({
      sent: 2,
      delivered: 4,
      retrieved: 1,
      repaired: 1,
      duplicates: 1,
    });
    expect(parsed.totalRow).toMatchObject({ latencyP50: "10", latencyP95: "60", delivered: "4/4" });
    expect(parsed.rows.map((row) => row.participant)).toEqual(["a", "b", "c"]);
    expect(html).toContain("<svg");
    expect(html).toContain("c went offline at 0.015 s &lt;b&gt;");
    expect(html).toContain("<title>c c offline</title>");
    expect(html).toContain('fill="#c0392b">c c offline</text>');
  });

  it("shows a failed guarantee and its violations", () => {
    const html = renderHtmlReport(report(true));
    const parsed = expectConsistentReport(html);
    expect(parsed.verdict).toBe("A guarantee failed");
    expect(parsed.guaranteeItems.find((g) => g.id === "all-acknowledged")?.passed).toBe(false);
    expect(html).toContain("b never saw m2 acknowledged");
  });
});

describe("renderTextTable", () => {
  it("aligns a row per participant and the total", () => {
    const lines = renderTextTable(report().metrics);
    expect(lines[0]).toMatch(
      /^participant\s+sent\s+delivered\s+dups\s+store\s+repair\s+acked\s+all\s+p50 ms\s+p95 ms$/,
    );
    expect(lines).toHaveLength(7);
    // No roster in this run: the delivered-to-all column says "-".
    expect(lines[6]).toMatch(/^total\s+2\s+4\/4\s+1\s+1\s+1\s+2\/2\s+-\s+10\s+60$/);
    expect(new Set(lines.map((line) => line.length)).size).toBeLessThanOrEqual(2);
  });

  it("cuts long tables short and says how many rows are hidden", () => {
    const lines = renderTextTable(report().metrics, 1);
    expect(lines).toContain("… 2 more participants (all of them are in the HTML report)");
    expect(lines.at(-1)).toMatch(/^total/);
  });
});

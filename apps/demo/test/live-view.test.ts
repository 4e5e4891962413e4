import { describe, expect, it } from "vitest";
import { createLiveView } from "../src/live/live-view.js";
import { progressBar, renderBarFrame, renderPlainLine } from "../src/live/progress-frame.js";
import { createMetricsRecorder } from "../src/metrics/recorder.js";
import { syntheticRun } from "./synthetic-run.js";

function metrics() {
  const run = syntheticRun();
  const recorder = createMetricsRecorder({ participants: run.participants });
  for (const event of run.events) recorder.record(event);
  return recorder.snapshot();
}

function sink(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, out: { isTTY, columns: 100, write: (text: string) => writes.push(text) } };
}

describe("progress frames", () => {
  it("draws proportional bars", () => {
    expect(progressBar(1, 4, 8)).toBe("██░░░░░░");
    expect(progressBar(9, 4, 4)).toBe("████");
    expect(progressBar(0, 0, 3)).toBe("███");
  });

  it("draws one bar per participant with its state, and a footer of totals", () => {
    const lines = renderBarFrame(metrics(), {
      elapsedMs: 1234,
      plannedMessages: 3,
      states: new Map([["c", "offline"]]),
    });
    expect(lines[0]).toBe("t=1.2s  sent 2/3");
    expect(lines[1]).toMatch(/^a {5}█+░* +1\/2 {2}acked 1\/1$/);
    expect(lines[3]).toMatch(/2\/2 {2}acked 0\/0 {2}\[offline]$/);
    expect(lines.at(-1)).toBe("dups suppressed 1 · from store 1 · repaired by peers 1 · acked 2/2");
  });

  it("summarises many participants in two lines", () => {
    const lines = renderBarFrame(metrics(), { elapsedMs: 0, plannedMessages: 2, maxRows: 2 });
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^all +█+ +4\/4$/);
    expect(lines[2]?.trim()).toBe("3/3 participants have everything so far");
  });

  it("prints plain numbers for logs", () => {
    expect(renderPlainLine(metrics(), { elapsedMs: 2500, plannedMessages: 2 })).toBe(
      "[demo] t=2.5s sent 2/2 delivered 4/4 (100.0%) acked 2/2 store 1 repaired 1 dups 1",
    );
  });
});

describe("createLiveView", () => {
  it("redraws bars in place on a terminal", () => {
    const { writes, out } = sink(true);
    const view = createLiveView(out);
    expect(view.mode).toBe("bars");
    view.render(metrics(), { elapsedMs: 0, plannedMessages: 2 });
    view.render(metrics(), { elapsedMs: 100, plannedMessages: 2 });
    expect(writes[0]?.startsWith("\x1b[")).toBe(false);
    expect(writes[1]?.startsWith("\x1b[5F\x1b[J")).toBe(true);
  });

  it("falls back to plain lines when stdout is not a terminal, and can be forced", () => {
    const { writes, out } = sink(false);
    const view = createLiveView(out);
    expect(view.mode).toBe("plain");
    view.finish(metrics(), { elapsedMs: 0, plannedMessages: 2 });
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatch(/^\[demo] .*\n$/);
    expect(createLiveView(sink(true).out, "plain").mode).toBe("plain");
  });
});

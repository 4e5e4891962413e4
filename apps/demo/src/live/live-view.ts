import type { DemoLiveMode } from "../cli/options.js";
import type { DemoMetrics } from "../metrics/metrics.js";
import { type FrameContext, renderBarFrame, renderPlainLine } from "./progress-frame.js";

/** Where the live view writes: a subset of `process.stdout`. */
export interface LiveOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** Draws progress: redrawn bars on a terminal, or plain lines (at most one per `render` call). */
export interface LiveView {
  /** `bars` or `plain`, after resolving `auto`. */
  readonly mode: "bars" | "plain";
  /** Draws the current state (bars replace the previous frame; plain appends one line). */
  render(metrics: DemoMetrics, context: FrameContext): void;
  /** Draws the last frame and leaves the cursor below it. */
  finish(metrics: DemoMetrics, context: FrameContext): void;
}

/** How often the runner should call `render` (ms of wall time) for bars. @default 100 (ms) */
export const BAR_FRAME_INTERVAL_MS = 100;
/** How often the runner should call `render` (ms of wall time) for plain lines. @default 1_000 (ms) */
export const PLAIN_LINE_INTERVAL_MS = 1_000;

/** Creates the live view; `auto` picks bars when `out` is a terminal, plain lines otherwise. */
export function createLiveView(out: LiveOutput, mode: DemoLiveMode = "auto"): LiveView {
  const resolved = mode === "auto" ? (out.isTTY === true ? "bars" : "plain") : mode;
  let drawn = 0;
  const draw = (metrics: DemoMetrics, context: FrameContext): void => {
    const columns = out.columns ?? context.columns ?? 80;
    const lines = renderBarFrame(metrics, { ...context, columns }).map((line) => line.slice(0, columns - 1));
    // Move to the start of the previous frame, clear to the end of the screen, draw.
    const rewind = drawn > 0 ? `\x1b[${drawn}F\x1b[J` : "";
    out.write(`${rewind}${lines.join("\n")}\n`);
    drawn = lines.length;
  };
  return {
    mode: resolved,
    render(metrics, context) {
      if (resolved === "bars") draw(metrics, context);
      else out.write(`${renderPlainLine(metrics, context)}\n`);
    },
    finish(metrics, context) {
      this.render(metrics, context);
      drawn = 0;
    },
  };
}

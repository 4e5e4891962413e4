import type { DemoMetrics, ParticipantMetrics } from "../metrics/metrics.js";

/** What one frame of the live view shows besides the metrics. */
export interface FrameContext {
  /** Run clock (ms) shown in the header. */
  readonly elapsedMs: number;
  /** Messages the conversation will send in all. */
  readonly plannedMessages: number;
  /** Participant state shown after its bar, e.g. `offline`, `crashed`; absent = online. */
  readonly states?: ReadonlyMap<string, string>;
  /** Terminal width in columns. @default 80 */
  readonly columns?: number;
  /** Participants drawn one bar each before the view switches to a summary. @default 16 */
  readonly maxRows?: number;
}

/** Draws a bar of `width` cells filled to `done / target`. */
export function progressBar(done: number, target: number, width: number): string {
  const share = target <= 0 ? 1 : Math.min(done / target, 1);
  const full = Math.round(share * width);
  return "█".repeat(full) + "░".repeat(Math.max(width - full, 0));
}

/** Delivered share of the messages the others plan to send (sends still to come count as not delivered). */
function target(row: ParticipantMetrics, context: FrameContext, participants: number): number {
  const planned = Math.round(context.plannedMessages * ((participants - 1) / participants));
  return Math.max(row.expected, planned);
}

/** The lines of one frame of the bar view: a header, one bar per participant (or a summary), a footer. */
export function renderBarFrame(metrics: DemoMetrics, context: FrameContext): string[] {
  const columns = context.columns ?? 80;
  const maxRows = context.maxRows ?? 16;
  const count = metrics.participants.length;
  const nameWidth = Math.max(
    5,
    ...metrics.participants.slice(0, maxRows).map((row) => row.participant.length),
  );
  const barWidth = Math.max(10, Math.min(40, columns - nameWidth - 40));
  const lines = [header(metrics, context)];
  if (count <= maxRows) {
    for (const row of metrics.participants) {
      const goal = target(row, context, count);
      const state = context.states?.get(row.participant);
      lines.push(
        `${row.participant.padEnd(nameWidth)} ${progressBar(row.delivered, goal, barWidth)} ${`${row.delivered}/${goal}`.padStart(9)}  acked ${row.acknowledged}/${row.sent}${state === undefined ? "" : `  [${state}]`}`,
      );
    }
  } else {
    lines.push(...summaryRows(metrics, context, barWidth, nameWidth));
  }
  lines.push(footer(metrics.total));
  return lines;
}

function summaryRows(
  metrics: DemoMetrics,
  context: FrameContext,
  barWidth: number,
  nameWidth: number,
): string[] {
  const count = metrics.participants.length;
  const done = metrics.participants.filter((row) => row.delivered >= target(row, context, count)).length;
  const total = metrics.total;
  const goal = Math.max(total.expected, context.plannedMessages * (count - 1));
  const offline = [...(context.states?.values() ?? [])].length;
  return [
    `${"all".padEnd(nameWidth)} ${progressBar(total.delivered, goal, barWidth)} ${`${total.delivered}/${goal}`.padStart(9)}`,
    `${"".padEnd(nameWidth)} ${done}/${count} participants have everything so far${offline > 0 ? `, ${offline} not online` : ""}`,
  ];
}

function header(metrics: DemoMetrics, context: FrameContext): string {
  return `t=${(context.elapsedMs / 1000).toFixed(1)}s  sent ${metrics.total.sent}/${context.plannedMessages}`;
}

function footer(total: ParticipantMetrics): string {
  return `dups suppressed ${total.duplicates} · from store ${total.retrieved} · repaired by peers ${total.repaired} · acked ${total.acknowledged}/${total.sent}`;
}

/** One line for non-terminal output (CI logs, pipes): the run's progress in numbers. */
export function renderPlainLine(metrics: DemoMetrics, context: FrameContext): string {
  const total = metrics.total;
  const count = metrics.participants.length;
  const goal = Math.max(total.expected, context.plannedMessages * (count - 1));
  const share = goal === 0 ? 100 : (total.delivered / goal) * 100;
  return `[demo] t=${(context.elapsedMs / 1000).toFixed(1)}s sent ${total.sent}/${context.plannedMessages} delivered ${total.delivered}/${goal} (${share.toFixed(1)}%) acked ${total.acknowledged}/${total.sent} store ${total.retrieved} repaired ${total.repaired} dups ${total.duplicates}`;
}

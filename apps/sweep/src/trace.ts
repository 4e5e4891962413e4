import type { MessageId } from "@reliable-channel/interfaces";
import type { RecordedEvent } from "./observation.js";
import type { Schedule } from "./schedule.js";

/** `t=12.345s`: a run time (ms since the start) as traces print it. */
export const stamp = (ms: number): string => `t=${(ms / 1000).toFixed(3)}s`;

const spellText = (s: { fromMs: number; toMs: number }) =>
  `${stamp(s.fromMs)}–${(s.toMs / 1000).toFixed(3)}s`;

/** The schedule in a few lines: what a replayed seed prints first. */
export function describeSchedule(schedule: Schedule): string[] {
  const lines = [
    `seed ${schedule.seed}: ${schedule.participants.length} participants, ${schedule.sendsAtMs.length} messages ` +
      `over ${((schedule.sendsAtMs.at(-1) ?? 0) / 1000).toFixed(1)} s, loss ${schedule.loss}, ` +
      `dup ${schedule.duplication}, reorder ${schedule.reorder}, latency ${schedule.latency.minMs}–${schedule.latency.maxMs} ms, ` +
      `retention ${(schedule.retentionMs / 60_000).toFixed(1)} min, SDS-R ${schedule.repair ? "on" : "off"}, ` +
      (schedule.batchMs === 0 ? "one timer at a time" : `timers in batches of ${schedule.batchMs} ms`),
  ];
  for (const p of schedule.participants) {
    const parts = [p.joinAtMs === 0 ? "founder" : `joins ${stamp(p.joinAtMs)}`, `${p.storage} storage`];
    if (p.offline.length > 0) parts.push(`offline ${p.offline.map(spellText).join(", ")}`);
    if (p.stopped.length > 0) parts.push(`stopped ${p.stopped.map(spellText).join(", ")}`);
    lines.push(`  ${p.id}: ${parts.join("; ")}`);
  }
  for (const cut of schedule.partitions)
    lines.push(`  partition {${cut.groupA.join(",")}} | {${cut.groupB.join(",")}} ${spellText(cut)}`);
  return lines;
}

/**
 * One channel event as a trace line (without the time and participant); `origin` is the clock's time at
 * the start of the run, for the clock times some events carry.
 */
export function describeEvent(
  event: RecordedEvent,
  label: (id: MessageId) => string,
  origin: number,
): string {
  const list = (ids: readonly MessageId[]) => `[${ids.map(label).join(", ")}]`;
  switch (event.type) {
    case "message-received":
      return `received ${label(event.detail.messageId)}${event.detail.history ? " (history)" : ""}`;
    case "irretrievable":
      return `irretrievable (${event.detail.reason}) ${list(event.detail.messageIds)} released ${list(event.detail.released)}`;
    case "missing":
      return `missing ${list(event.detail.missing.map((m) => m.messageId))}`;
    case "sync-status": {
      const d = event.detail;
      return `sync-status ${d.status} missing=${d.missing} lost=${d.lost} received=${d.received}`;
    }
    case "sending":
    case "sent":
      return `${event.type} ${label(event.detail.messageId)} attempt ${event.detail.attempt}`;
    case "caught-up":
      return `caught-up ${stamp(event.detail.from - origin)}..${stamp(event.detail.to - origin)} found ${event.detail.found}`;
    case "error":
      return `error during ${event.detail.operation}: ${String(event.detail.error)}`;
    case "message-dropped":
      return `message-dropped (${event.detail.reason}) ${event.detail.detail}`;
    case "ephemeral-received":
      return `ephemeral-received ${label(event.detail.messageId)}`;
    default:
      return `${event.type} ${label(event.detail.messageId)}`;
  }
}

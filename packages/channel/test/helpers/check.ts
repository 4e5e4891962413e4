import type { MessageId } from "@reliable-channel/interfaces";
import type { ScenarioRun } from "./scenario.js";

/**
 * Violations of the delivery promise in a run (empty when it holds): a message delivered twice, an own
 * message delivered, a message never delivered nor declared irretrievable (unless `excused`), a message
 * delivered before one of its causal dependencies (unless that one was declared irretrievable).
 */
export function deliveryViolations(
  run: ScenarioRun,
  excused: (memberId: string, id: MessageId) => boolean = () => false,
): string[] {
  const problems: string[] = [];
  for (const member of run.members) {
    const received = member.recorder.of("message-received").map((event) => event.messageId);
    const lost = new Set(member.recorder.of("irretrievable").flatMap((event) => event.messageIds));
    const position = new Map<MessageId, number>();
    received.forEach((id, index) => {
      if (position.has(id)) problems.push(`${member.id} delivered ${id.slice(0, 8)} twice`);
      position.set(id, index);
      if (run.sentBy.get(id) === member.id) problems.push(`${member.id} delivered its own ${id.slice(0, 8)}`);
    });
    for (const [id, sender] of run.sentBy) {
      if (sender !== member.id && !position.has(id) && !lost.has(id) && !excused(member.id, id)) {
        problems.push(`${member.id} never got ${id.slice(0, 8)} from ${sender}`);
      }
    }
    problems.push(...causalViolations(run, member.id, received, position, lost));
  }
  return problems;
}

function causalViolations(
  run: ScenarioRun,
  memberId: string,
  received: readonly MessageId[],
  position: ReadonlyMap<MessageId, number>,
  lost: ReadonlySet<MessageId>,
): string[] {
  const problems: string[] = [];
  for (const id of received) {
    const at = position.get(id) ?? 0;
    for (const dep of run.deps.get(id) ?? []) {
      const sender = run.sentBy.get(dep);
      if (sender === undefined || sender === memberId || lost.has(dep)) continue;
      const depAt = position.get(dep);
      if (depAt === undefined || depAt > at)
        problems.push(`${memberId} delivered ${id.slice(0, 8)} before ${dep.slice(0, 8)}`);
    }
  }
  return problems;
}

/** Messages whose sender never saw `acknowledged` (empty when every send was acknowledged). */
export function unacknowledged(run: ScenarioRun): string[] {
  const problems: string[] = [];
  for (const member of run.members) {
    const acked = new Set(member.recorder.of("acknowledged").map((event) => event.messageId));
    for (const [id, sender] of run.sentBy) {
      if (sender === member.id && !acked.has(id))
        problems.push(`${member.id}: ${id.slice(0, 8)} not acknowledged`);
    }
  }
  return problems;
}

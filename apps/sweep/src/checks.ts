import type { MessageId } from "@reliable-channel/interfaces";
import { type Observation, type ParticipantLog, type SentMessage, short } from "./observation.js";

/** What the checks need of one participant's log, indexed. */
interface Indexed {
  readonly log: ParticipantLog;
  /** Delivery order: message id → index of its first `message-received`. */
  readonly position: ReadonlyMap<MessageId, number>;
  /** Ids in delivery order (repeats included). */
  readonly received: readonly MessageId[];
  /** Id → how many deliveries were made before it was declared irretrievable (first declaration). */
  readonly givenUpAt: ReadonlyMap<MessageId, number>;
}

function index(log: ParticipantLog): Indexed {
  const received: MessageId[] = [];
  const position = new Map<MessageId, number>();
  const givenUpAt = new Map<MessageId, number>();
  for (const event of log.events) {
    if (event.type === "message-received") {
      if (!position.has(event.detail.messageId)) position.set(event.detail.messageId, received.length);
      received.push(event.detail.messageId);
    } else if (event.type === "irretrievable") {
      for (const id of event.detail.messageIds) if (!givenUpAt.has(id)) givenUpAt.set(id, received.length);
    }
  }
  return { log, position, received, givenUpAt };
}

/** Whether `id` was declared irretrievable at this participant before its delivery number `at`. */
const givenUpBefore = (p: Indexed, id: MessageId, at: number): boolean =>
  (p.givenUpAt.get(id) ?? at + 1) <= at;

/** The run time (ms since the start) a message counts as created at: its Lamport timestamp when it was on the wire. */
function createdAt(obs: Observation, message: SentMessage): number {
  const wire = obs.wire.get(message.messageId);
  return wire === undefined ? message.createdAt : Number(wire.lamportTimestamp) - obs.startedAt;
}

/** Exactly once: no message delivered twice, no own message delivered. */
function exactlyOnce(obs: Observation, p: Indexed): string[] {
  const problems: string[] = [];
  const senders = new Map(obs.sent.map((m) => [m.messageId, m]));
  const seen = new Set<MessageId>();
  for (const id of p.received) {
    const label = senders.get(id)?.label ?? short(id);
    if (seen.has(id)) problems.push(`${p.log.id} delivered ${label} twice`);
    if (senders.get(id)?.senderId === p.log.id) problems.push(`${p.log.id} delivered its own ${label}`);
    seen.add(id);
  }
  return problems;
}

/** The participant's join point as the channel takes it: the whole millisecond it joined in (relative). */
function joinMillisecond(obs: Observation, p: Indexed): number {
  return Math.floor(obs.startedAt + p.log.joinedAt) - obs.startedAt;
}

/**
 * Everything from after its join delivered, nothing from before it. Both sides at the wire's resolution:
 * Lamport time is whole milliseconds, so the join point is the millisecond the participant joined in (a
 * message created in that same millisecond counts as after the join, as the channel counts it).
 */
function joinAndCompleteness(obs: Observation, p: Indexed): string[] {
  const problems: string[] = [];
  const joinedAt = joinMillisecond(obs, p);
  for (const message of obs.sent) {
    if (message.senderId === p.log.id) continue;
    const at = createdAt(obs, message);
    const delivered = p.position.has(message.messageId);
    if (at < joinedAt && delivered)
      problems.push(`${p.log.id} delivered ${message.label} from before its join (${at} < ${joinedAt} ms)`);
    if (at >= joinedAt && !delivered)
      problems.push(
        `${p.log.id} never delivered ${message.label} (sent at ${message.createdAt} ms, within retention)`,
      );
  }
  return problems;
}

/** Never delivered before a declared dependency from after its join, unless that one was given up first. */
function causalOrder(obs: Observation, p: Indexed): string[] {
  const problems: string[] = [];
  const joinedAt = joinMillisecond(obs, p);
  const sent = new Map(obs.sent.map((m) => [m.messageId, m]));
  for (const [id, at] of p.position) {
    for (const dep of obs.wire.get(id)?.deps ?? []) {
      const message = sent.get(dep);
      if (message === undefined || message.senderId === p.log.id) continue;
      if (createdAt(obs, message) < joinedAt || givenUpBefore(p, dep, at)) continue;
      const depAt = p.position.get(dep);
      if (depAt === undefined || depAt > at)
        problems.push(
          `${p.log.id} delivered ${sent.get(id)?.label ?? short(id)} before its dependency ${message.label}` +
            (depAt === undefined ? " (never delivered)" : ""),
        );
    }
  }
  return problems;
}

/** Each sender's messages in its send order, unless the earlier one was given up before the later came. */
function senderOrder(obs: Observation, p: Indexed): string[] {
  const problems: string[] = [];
  const sent = new Map(obs.sent.map((m) => [m.messageId, m]));
  const latest = new Map<string, SentMessage>();
  p.received.forEach((id, at) => {
    const message = sent.get(id);
    if (message === undefined || p.position.get(id) !== at) return;
    const before = latest.get(message.senderId);
    if (before === undefined || before.senderIndex < message.senderIndex) {
      latest.set(message.senderId, message);
      return;
    }
    if (!givenUpBefore(p, id, p.position.get(before.messageId) ?? at))
      problems.push(
        `${p.log.id} delivered ${message.label} after ${before.label}: out of ${message.senderId}'s send order`,
      );
  });
  return problems;
}

/** Every sent message ends exactly once at its sender: `acknowledged` or `send-failed`. */
function endings(obs: Observation, byId: ReadonlyMap<string, Indexed>): string[] {
  const problems: string[] = [];
  const ends = new Map<MessageId, string[]>();
  for (const p of byId.values()) {
    for (const event of p.log.events) {
      if (event.type !== "acknowledged" && event.type !== "send-failed") continue;
      ends.set(event.detail.messageId, [...(ends.get(event.detail.messageId) ?? []), event.type]);
    }
  }
  for (const message of obs.sent) {
    const ended = ends.get(message.messageId) ?? [];
    if (ended.length !== 1)
      problems.push(
        `${message.senderId}'s ${message.label} ended ${ended.length} times [${ended.join(", ")}]`,
      );
  }
  return problems;
}

/** Background failures the channel reported (`error` events): none are expected on the memory network. */
function errors(p: Indexed): string[] {
  return p.log.events.flatMap((event) =>
    event.type === "error"
      ? [
          `${p.log.id} error during ${event.detail.operation} at ${event.at} ms: ${String(event.detail.error)}`,
        ]
      : [],
  );
}

/**
 * Every violation of the channel's promise in `obs` (empty when it held), one line each: exactly once,
 * nothing from before a join, everything from after it, causal order, each sender's order, one ending per
 * sent message, no channel error, the live judgments (`irretrievable`), quiescence, no timer after `stop`.
 */
export function violations(obs: Observation): string[] {
  const byId = new Map(obs.participants.map((log) => [log.id, index(log)]));
  const problems = [...obs.live];
  for (const p of byId.values()) {
    problems.push(...exactlyOnce(obs, p), ...joinAndCompleteness(obs, p), ...causalOrder(obs, p));
    problems.push(...senderOrder(obs, p), ...errors(p));
  }
  problems.push(...endings(obs, byId));
  if (obs.notQuiescent !== undefined) problems.push(`no quiescence: ${obs.notQuiescent}`);
  if (obs.pendingAfterStop > 0)
    problems.push(`${obs.pendingAfterStop} timers pending after every channel stopped`);
  return problems;
}

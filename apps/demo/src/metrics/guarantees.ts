import type { MessageId, ParticipantId } from "@reliable-channel/interfaces";
import type { DeliveryTrace } from "./metrics.js";

/** The outcome of one guarantee check. */
export interface GuaranteeResult {
  /** Stable short name, e.g. `all-delivered`. */
  readonly id: GuaranteeId;
  /** What was checked, for people. */
  readonly title: string;
  readonly passed: boolean;
  /** How many violations were found. */
  readonly violationCount: number;
  /** The first few violations, for people. */
  readonly violations: readonly string[];
}

/** The guarantees the demo checks. */
export type GuaranteeId = "all-delivered" | "exactly-once" | "causal-order" | "all-acknowledged";

/** The most violations kept per check (the count is always exact). @default 5 */
export const MAX_VIOLATIONS_SHOWN = 5;

/**
 * Checks a run's trace against the channel's promise:
 * every participant delivered every message the others sent, each exactly once, never before a
 * dependency it delivered at all (causal order; `dependencies` = the causal history each message
 * declared on the wire), and every message was acknowledged to its sender.
 */
export function checkGuarantees(
  trace: DeliveryTrace,
  dependencies: ReadonlyMap<MessageId, readonly MessageId[]>,
): readonly GuaranteeResult[] {
  return [
    result("all-delivered", "every participant delivered every message", allDelivered(trace)),
    result("exactly-once", "no message was delivered twice to a participant", exactlyOnce(trace)),
    result(
      "causal-order",
      "no message was delivered before its dependencies",
      causalOrder(trace, dependencies),
    ),
    result("all-acknowledged", "every sender saw every message acknowledged", allAcknowledged(trace)),
  ];
}

/** True when every check passed. */
export function allPassed(results: readonly GuaranteeResult[]): boolean {
  return results.every((check) => check.passed);
}

function result(id: GuaranteeId, title: string, violations: readonly string[]): GuaranteeResult {
  return {
    id,
    title,
    passed: violations.length === 0,
    violationCount: violations.length,
    violations: violations.slice(0, MAX_VIOLATIONS_SHOWN),
  };
}

const short = (id: MessageId): string => (id.length > 12 ? `${id.slice(0, 12)}…` : id);

function allDelivered(trace: DeliveryTrace): string[] {
  const violations: string[] = [];
  for (const participant of trace.participants) {
    const seen = new Set(trace.deliveries.get(participant) ?? []);
    const lost = trace.irretrievable.get(participant);
    let missing = 0;
    let example: MessageId | undefined;
    for (const [messageId, sender] of trace.sent) {
      if (sender === participant || seen.has(messageId)) continue;
      missing += 1;
      example ??= messageId;
    }
    if (missing > 0 && example !== undefined) {
      const why = lost?.has(example) ? " (declared irretrievable)" : "";
      const from = trace.sent.get(example) ?? "?";
      violations.push(
        `${participant} is missing ${missing} message(s), e.g. ${short(example)} from ${from}${why}`,
      );
    }
    for (const messageId of seen) {
      if (!trace.sent.has(messageId))
        violations.push(`${participant} delivered ${short(messageId)}, never sent`);
    }
  }
  return violations;
}

function exactlyOnce(trace: DeliveryTrace): string[] {
  const violations: string[] = [];
  for (const [participant, order] of trace.deliveries) {
    const seen = new Set<MessageId>();
    for (const messageId of order) {
      if (seen.has(messageId)) violations.push(`${participant} delivered ${short(messageId)} more than once`);
      seen.add(messageId);
    }
    for (const messageId of order) {
      if (trace.sent.get(messageId) === participant) {
        violations.push(`${participant} delivered its own message ${short(messageId)}`);
      }
    }
  }
  return violations;
}

function causalOrder(
  trace: DeliveryTrace,
  dependencies: ReadonlyMap<MessageId, readonly MessageId[]>,
): string[] {
  const violations: string[] = [];
  for (const [participant, order] of trace.deliveries) {
    const position = positions(order);
    const own = (messageId: MessageId): boolean => trace.sent.get(messageId) === participant;
    const lost = trace.irretrievable.get(participant);
    order.forEach((messageId, index) => {
      for (const dependency of dependencies.get(messageId) ?? []) {
        // A dependency given up as irretrievable released its dependents; it may still turn up later.
        if (own(dependency) || lost?.has(dependency)) continue;
        const at = position.get(dependency);
        if (at === undefined || at < index) continue;
        violations.push(
          `${participant} delivered ${short(messageId)} before its dependency ${short(dependency)}`,
        );
      }
    });
    violations.push(...undeliveredDependencies(participant, order, dependencies, trace, own));
  }
  return violations;
}

/** A dependency delivered after its dependent is caught above; one never delivered must be irretrievable. */
function undeliveredDependencies(
  participant: ParticipantId,
  order: readonly MessageId[],
  dependencies: ReadonlyMap<MessageId, readonly MessageId[]>,
  trace: DeliveryTrace,
  own: (messageId: MessageId) => boolean,
): string[] {
  const delivered = new Set(order);
  const lost = trace.irretrievable.get(participant) ?? new Set<MessageId>();
  const violations: string[] = [];
  for (const messageId of delivered) {
    for (const dependency of dependencies.get(messageId) ?? []) {
      if (own(dependency) || delivered.has(dependency) || lost.has(dependency)) continue;
      if (!trace.sent.has(dependency)) continue;
      violations.push(
        `${participant} delivered ${short(messageId)} without its dependency ${short(dependency)}`,
      );
    }
  }
  return violations;
}

function positions(order: readonly MessageId[]): Map<MessageId, number> {
  const position = new Map<MessageId, number>();
  order.forEach((messageId, index) => {
    if (!position.has(messageId)) position.set(messageId, index);
  });
  return position;
}

function allAcknowledged(trace: DeliveryTrace): string[] {
  const violations: string[] = [];
  for (const [messageId, sender] of trace.sent) {
    if (trace.acknowledged.has(messageId)) continue;
    const why = trace.failed.has(messageId) ? " (send failed)" : "";
    violations.push(`${sender} never saw ${short(messageId)} acknowledged${why}`);
  }
  return violations;
}

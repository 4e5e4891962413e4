import type { MessageId, ParticipantId } from "@reliable-channel/interfaces";
import { InvalidArgumentError } from "@reliable-channel/interfaces";
import type { DemoEvent } from "./demo-event.js";
import type { DeliveryTrace, DemoMetrics, FaultMark, ParticipantMetrics } from "./metrics.js";
import { percentileOfSorted } from "./percentile.js";

/** Collects {@link DemoEvent}s and derives the run's metrics and delivery trace. */
export interface MetricsRecorder {
  record(event: DemoEvent): void;
  /** The numbers so far (computed on demand: call it for each frame, not for each event). */
  snapshot(): DemoMetrics;
  /** Who sent and delivered what, in order, for the guarantee checks. */
  trace(): DeliveryTrace;
  /** Messages sent so far. */
  readonly sentCount: number;
  /** Distinct (participant, message) deliveries so far. */
  readonly deliveredCount: number;
  /** Distinct messages acknowledged so far. */
  readonly acknowledgedCount: number;
  /** Calls `listener` after every recorded event; returns a function that removes it. */
  onChange(listener: () => void): () => void;
}

/** The running counts of one participant. */
interface Tally {
  sent: number;
  duplicates: number;
  retrieved: number;
  repaired: number;
  acknowledged: number;
  irretrievable: number;
  sendFailed: number;
  readonly deliveredToAll: Set<MessageId>;
  readonly delivered: Set<MessageId>;
  readonly order: MessageId[];
  readonly latencies: number[];
  readonly lost: Set<MessageId>;
}

function newTally(): Tally {
  return {
    sent: 0,
    duplicates: 0,
    retrieved: 0,
    repaired: 0,
    acknowledged: 0,
    irretrievable: 0,
    sendFailed: 0,
    deliveredToAll: new Set(),
    delivered: new Set(),
    order: [],
    latencies: [],
    lost: new Set(),
  };
}

/** Creates a recorder for a run with these participants (events of unknown participants are rejected). */
export function createMetricsRecorder(init: {
  readonly participants: readonly ParticipantId[];
  /** The participants' channels have a roster: the table shows `delivered-to-all` counts. */
  readonly roster?: boolean;
}): MetricsRecorder {
  const tallies = new Map<ParticipantId, Tally>(init.participants.map((id) => [id, newTally()]));
  const sentAt = new Map<MessageId, number>();
  const senderOf = new Map<MessageId, ParticipantId>();
  const acked = new Set<MessageId>();
  const failed = new Set<MessageId>();
  const deliveryTimes: number[] = [];
  const ackTimes: number[] = [];
  const faults: FaultMark[] = [];
  const listeners = new Set<() => void>();
  let deliveredCount = 0;
  let lastEventAt = 0;

  const tallyOf = (participant: ParticipantId): Tally => {
    const tally = tallies.get(participant);
    if (tally === undefined) throw new InvalidArgumentError(`unknown participant "${participant}"`);
    return tally;
  };

  const apply = (event: DemoEvent): void => {
    switch (event.kind) {
      case "sent": {
        tallyOf(event.participant).sent += 1;
        sentAt.set(event.messageId, event.at);
        senderOf.set(event.messageId, event.participant);
        return;
      }
      case "delivered": {
        const tally = tallyOf(event.participant);
        tally.order.push(event.messageId);
        if (tally.delivered.has(event.messageId)) return;
        tally.delivered.add(event.messageId);
        deliveredCount += 1;
        deliveryTimes.push(event.at);
        const start = sentAt.get(event.messageId);
        if (start !== undefined) tally.latencies.push(event.at - start);
        return;
      }
      case "duplicate":
        tallyOf(event.participant).duplicates += 1;
        return;
      case "retrieved":
        tallyOf(event.participant).retrieved += 1;
        return;
      case "repaired":
        tallyOf(event.participant).repaired += 1;
        return;
      case "acknowledged": {
        const tally = tallyOf(event.participant);
        if (acked.has(event.messageId)) return;
        acked.add(event.messageId);
        tally.acknowledged += 1;
        ackTimes.push(event.at);
        return;
      }
      case "delivered-to-all":
        tallyOf(event.participant).deliveredToAll.add(event.messageId);
        return;
      case "irretrievable": {
        const tally = tallyOf(event.participant);
        if (!tally.lost.has(event.messageId)) tally.irretrievable += 1;
        tally.lost.add(event.messageId);
        return;
      }
      case "send-failed":
        tallyOf(event.participant).sendFailed += 1;
        failed.add(event.messageId);
        return;
      case "fault":
        faults.push(
          event.participant === undefined
            ? { at: event.at, label: event.label }
            : { at: event.at, participant: event.participant, label: event.label },
        );
        return;
    }
  };

  return {
    record(event) {
      apply(event);
      lastEventAt = Math.max(lastEventAt, event.at);
      for (const listener of listeners) listener();
    },
    snapshot() {
      const rows = [...tallies].map(([id, tally]) =>
        participantRow(id, tally, sentAt.size, init.roster === true),
      );
      return {
        participants: rows,
        total: totalRow(rows, [...tallies.values()]),
        lastEventAt,
        deliveryTimes: [...deliveryTimes].sort((a, b) => a - b),
        acknowledgementTimes: [...ackTimes].sort((a, b) => a - b),
        faults: [...faults],
      };
    },
    trace() {
      return {
        participants: [...tallies.keys()],
        sent: new Map(senderOf),
        deliveries: new Map([...tallies].map(([id, tally]) => [id, [...tally.order]])),
        acknowledged: new Set(acked),
        failed: new Set(failed),
        irretrievable: new Map([...tallies].map(([id, tally]) => [id, new Set(tally.lost)])),
      };
    },
    get sentCount() {
      return sentAt.size;
    },
    get deliveredCount() {
      return deliveredCount;
    },
    get acknowledgedCount() {
      return acked.size;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function participantRow(
  id: ParticipantId,
  tally: Tally,
  totalSent: number,
  roster: boolean,
): ParticipantMetrics {
  const sorted = Float64Array.from(tally.latencies).sort();
  return withLatency(
    {
      participant: id,
      sent: tally.sent,
      expected: totalSent - tally.sent,
      delivered: tally.delivered.size,
      duplicates: tally.duplicates,
      retrieved: tally.retrieved,
      repaired: tally.repaired,
      acknowledged: tally.acknowledged,
      irretrievable: tally.irretrievable,
      sendFailed: tally.sendFailed,
      ...(roster ? { deliveredToAll: tally.deliveredToAll.size } : {}),
    },
    sorted,
  );
}

function totalRow(rows: readonly ParticipantMetrics[], tallies: readonly Tally[]): ParticipantMetrics {
  const sum = (pick: (row: ParticipantMetrics) => number): number =>
    rows.reduce((acc, row) => acc + pick(row), 0);
  const all = Float64Array.from(tallies.flatMap((tally) => tally.latencies)).sort();
  return withLatency(
    {
      participant: "total",
      sent: sum((row) => row.sent),
      expected: sum((row) => row.expected),
      delivered: sum((row) => row.delivered),
      duplicates: sum((row) => row.duplicates),
      retrieved: sum((row) => row.retrieved),
      repaired: sum((row) => row.repaired),
      acknowledged: sum((row) => row.acknowledged),
      irretrievable: sum((row) => row.irretrievable),
      sendFailed: sum((row) => row.sendFailed),
      ...(rows.some((row) => row.deliveredToAll !== undefined)
        ? { deliveredToAll: sum((row) => row.deliveredToAll ?? 0) }
        : {}),
    },
    all,
  );
}

function withLatency(row: ParticipantMetrics, sorted: Float64Array): ParticipantMetrics {
  const p50 = percentileOfSorted(sorted, 50);
  const p95 = percentileOfSorted(sorted, 95);
  return {
    ...row,
    ...(p50 === undefined ? {} : { latencyP50: p50 }),
    ...(p95 === undefined ? {} : { latencyP95: p95 }),
  };
}

import type { MessageId } from "@reliable-channel/interfaces";
import { describe, expect, it } from "vitest";
import { violations } from "../src/checks.js";
import type { Observation, RecordedEvent, SentMessage } from "../src/observation.js";
import type { WireMessage } from "../src/wire.js";

// Each check of the sweep, on hand-made observations: a clean run passes, and each broken promise is
// reported in one line.

const ORIGIN = 1_000_000;
const id = (n: number): MessageId => n.toString(16).padStart(64, "0");
const A1 = id(1);
const A2 = id(2);
const B1 = id(3);

const sent: SentMessage[] = [
  { messageId: A1, senderId: "a", senderIndex: 0, createdAt: 10, label: "a#0" },
  { messageId: A2, senderId: "a", senderIndex: 1, createdAt: 20, label: "a#1" },
  { messageId: B1, senderId: "b", senderIndex: 0, createdAt: 30, label: "b#2" },
];
const wire = (senderId: string, at: number, deps: MessageId[]): WireMessage => ({
  senderId,
  lamportTimestamp: BigInt(ORIGIN + at),
  deps,
  hints: new Set(),
});
const WIRE = new Map<MessageId, WireMessage>([
  [A1, wire("a", 10, [])],
  [A2, wire("a", 20, [A1])],
  [B1, wire("b", 30, [A2])],
]);

const received = (messageId: MessageId, at = 0): RecordedEvent => ({
  type: "message-received",
  at,
  session: 0,
  detail: { messageId, senderId: "x", lamportTimestamp: 0n, payload: new Uint8Array([1]) },
});
const acked = (messageId: MessageId): RecordedEvent => ({
  type: "acknowledged",
  at: 0,
  session: 0,
  detail: { messageId },
});
const givenUp = (messageIds: MessageId[]): RecordedEvent => ({
  type: "irretrievable",
  at: 0,
  session: 0,
  detail: { messageIds, reason: "timeout", released: [] },
});

/** a sent a#0, a#1; b sent b#2 (naming a#1); c got all three in order; every message acknowledged. */
function clean(): Observation {
  return {
    participants: [
      { id: "a", joinedAt: 0, events: [acked(A1), acked(A2), received(B1)] },
      { id: "b", joinedAt: 0, events: [received(A1), received(A2), acked(B1)] },
      { id: "c", joinedAt: 0, events: [received(A1), received(A2), received(B1)] },
    ],
    sent,
    wire: WIRE,
    startedAt: ORIGIN,
    live: [],
    notQuiescent: undefined,
    pendingAfterStop: 0,
  };
}

const withEvents = (participant: string, events: RecordedEvent[]): Observation => {
  const obs = clean();
  return {
    ...obs,
    participants: obs.participants.map((p) => (p.id === participant ? { ...p, events } : p)),
  };
};

describe("the sweep's checks", () => {
  it("pass a clean run", () => {
    expect(violations(clean())).toEqual([]);
  });

  it("report a message delivered twice, and an own message delivered", () => {
    expect(violations(withEvents("c", [received(A1), received(A1), received(A2), received(B1)]))).toEqual([
      "c delivered a#0 twice",
    ]);
    expect(violations(withEvents("a", [acked(A1), acked(A2), received(B1), received(A1)]))).toEqual([
      "a delivered its own a#0",
    ]);
  });

  it("report a message never delivered, and one from before the join delivered", () => {
    expect(violations(withEvents("c", [received(A1), received(A2)]))).toEqual([
      "c never delivered b#2 (sent at 30 ms, within retention)",
    ]);
    const obs = clean();
    const late = {
      ...obs,
      participants: [
        ...obs.participants.slice(0, 2),
        { id: "c", joinedAt: 15, events: [received(A1), received(A2), received(B1)] },
      ],
    };
    expect(violations(late)).toEqual(["c delivered a#0 from before its join (10 < 15 ms)"]);
  });

  it("report a delivery before a declared dependency, unless that one was given up first", () => {
    expect(violations(withEvents("c", [received(A1), received(B1), received(A2)]))).toEqual([
      "c delivered b#2 before its dependency a#1",
    ]);
    expect(violations(withEvents("c", [givenUp([A2]), received(A1), received(B1), received(A2)]))).toEqual(
      [],
    );
  });

  it("report a sender's messages out of its send order", () => {
    // a#1 names a#0 on the wire, so the causal check fires too; the order check names the pair.
    expect(violations(withEvents("c", [received(A2), received(A1), received(B1)]))).toEqual([
      "c delivered a#1 before its dependency a#0",
      "c delivered a#0 after a#1: out of a's send order",
    ]);
  });

  it("report a sent message that ended twice or never", () => {
    expect(violations(withEvents("a", [acked(A1), acked(A1), acked(A2), received(B1)]))).toEqual([
      "a's a#0 ended 2 times [acknowledged, acknowledged]",
    ]);
    expect(violations(withEvents("a", [acked(A2), received(B1)]))).toEqual(["a's a#0 ended 0 times []"]);
  });

  it("report channel errors, live judgments, no quiescence and timers left after stop", () => {
    const error: RecordedEvent = {
      type: "error",
      at: 5,
      session: 0,
      detail: { error: "boom", operation: "commit" },
    };
    expect(violations(withEvents("a", [acked(A1), acked(A2), received(B1), error]))).toEqual([
      "a error during commit at 5 ms: boom",
    ]);
    const obs = {
      ...clean(),
      live: ["c declared a#0 irretrievable"],
      notQuiescent: "c: outbox 1",
      pendingAfterStop: 2,
    };
    expect(violations(obs)).toEqual([
      "c declared a#0 irretrievable",
      "no quiescence: c: outbox 1",
      "2 timers pending after every channel stopped",
    ]);
  });
});

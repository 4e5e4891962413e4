import type { MessageId, ReliableChannelEvents, SdsMessage } from "@reliable-channel/interfaces";
import { describe, expect, it } from "vitest";
import { MemberDelivery } from "../src/member-delivery.js";

// The roster's delivery tracking: created with the first roster, it answers at once (no load to wait for).

/** A content message of `sender` naming `history`. */
function message(sender: string, id: MessageId, history: MessageId[]): SdsMessage {
  return {
    messageId: id,
    channelId: "room",
    senderId: sender,
    lamportTimestamp: 1n,
    causalHistory: history.map((messageId) => ({ messageId })),
    repairRequest: [],
    content: new Uint8Array([1]),
  };
}

function delivery(members?: string[]) {
  const events: { type: keyof ReliableChannelEvents; detail: unknown }[] = [];
  const tracker = new MemberDelivery({
    self: "p0",
    encryption: undefined,
    members,
    maxPending: 100,
    bloom: undefined,
    emit: (type, detail) => events.push({ type, detail }),
  });
  return { tracker, events, types: () => events.map((event) => event.type) };
}

describe("MemberDelivery", () => {
  it("without a roster tracks nothing and says nothing", async () => {
    const { tracker, events } = delivery();
    tracker.sent(message("p0", "o1", []));
    tracker.observe(message("p1", "r1", ["o1"]));
    await tracker.ready();
    expect(tracker.members).toBeUndefined();
    expect(tracker.state("o1")).toBeUndefined();
    expect(tracker.checkpoint()).toEqual([]);
    expect(events).toEqual([]);
  });

  it("tracks at once with a roster: the state is there right after the send, the events in order", () => {
    const { tracker, types } = delivery(["p0", "p1", "p2"]);
    expect(tracker.members).toEqual(["p0", "p1", "p2"]); // the roster applies at once
    tracker.sent(message("p0", "o1", []));
    expect(tracker.state("o1")?.members.map((m) => m.state)).toEqual(["unknown", "unknown"]);
    tracker.observe(message("p1", "r1", ["o1"]));
    tracker.observe(message("p2", "r2", ["o1"]));
    expect(types()).toEqual(["delivery-state", "delivery-state", "delivered-to-all", "stability-watermark"]);
    expect(tracker.tracked).toBe(0); // stable: dropped
    expect(tracker.checkpoint()).toHaveLength(1);
  });

  it("a roster set later starts tracking the messages sent after it", () => {
    const { tracker, types } = delivery();
    tracker.sent(message("p0", "o0", [])); // before any roster: not tracked
    void tracker.setMembers(["p0", "p1"]);
    tracker.sent(message("p0", "o1", []));
    expect(tracker.state("o0")).toBeUndefined();
    expect(tracker.state("o1")?.members).toEqual([{ participantId: "p1", state: "unknown" }]);
    tracker.observe(message("p1", "r1", ["o1"]));
    expect(types()).toContain("delivered-to-all");
  });

  it("counts a member that the roster removed while loading as it was when each call was made", async () => {
    const { tracker, events } = delivery(["p0", "p1", "p2"]);
    tracker.sent(message("p0", "o1", [])); // expected: p1 and p2
    const removed = tracker.setMembers(["p0", "p1"]); // p2 no longer counts
    tracker.observe(message("p1", "r1", ["o1"]));
    await removed;
    const done = events.filter((event) => event.type === "delivered-to-all").map((event) => event.detail);
    expect(done).toEqual([{ messageId: "o1", members: ["p1"], epoch: 1 }]);
  });
});

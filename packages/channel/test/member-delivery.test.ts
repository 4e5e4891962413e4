import type { MessageId, ReliableChannelEvents, SdsMessage } from "@reliable-channel/interfaces";
import { describe, expect, it } from "vitest";
import { MemberDelivery } from "../src/member-delivery.js";

// The roster's delivery tracking is loaded on demand: what happens before it is there is replayed in order.

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
  it("without a roster loads nothing and says nothing", async () => {
    const { tracker, events } = delivery();
    tracker.sent(message("p0", "o1", []));
    tracker.observe(message("p1", "r1", ["o1"]));
    await tracker.ready();
    expect(tracker.members).toBeUndefined();
    expect(tracker.state("o1")).toBeUndefined();
    expect(tracker.checkpoint()).toEqual([]);
    expect(events).toEqual([]);
  });

  it("replays, in order, what was sent and received while the tracking loaded", async () => {
    const { tracker, types } = delivery(["p0", "p1", "p2"]);
    expect(tracker.members).toEqual(["p0", "p1", "p2"]); // the roster applies at once
    tracker.sent(message("p0", "o1", []));
    tracker.observe(message("p1", "r1", ["o1"]));
    tracker.observe(message("p2", "r2", ["o1"]));
    expect(tracker.state("o1")).toBeUndefined(); // not loaded yet
    expect(types()).toEqual([]);
    await tracker.ready();
    expect(types()).toEqual(["delivery-state", "delivery-state", "delivered-to-all", "stability-watermark"]);
    expect(tracker.tracked).toBe(0); // stable: dropped
    expect(tracker.checkpoint()).toHaveLength(1);
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

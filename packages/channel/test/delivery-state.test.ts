import type { MessageId, SdsMessage } from "@reliable-channel/interfaces";
import { bloomPositions, jsWakuWire } from "@reliable-channel/sds";
import { setBit } from "@reliable-channel/sds/internals";
import { describe, expect, it } from "vitest";
import { bloomCheck } from "../src/bloom-check.js";
import { DeliveryTracker } from "../src/delivery-state.js";

const members = new Set(["p0", "p1", "p2"]);
const isMember = (id: string): boolean => members.has(id);

function content(senderId: string, messageId: MessageId, history: readonly MessageId[], bloom?: Uint8Array) {
  const message: SdsMessage = {
    senderId,
    messageId,
    channelId: "room",
    lamportTimestamp: 1n,
    causalHistory: history.map((id) => ({ messageId: id })),
    repairRequest: [],
    content: new Uint8Array([1]),
    ...(bloom === undefined ? {} : { bloomFilter: bloom }),
  };
  return message;
}

/** A js-waku filter holding `ids`. */
function filterOf(...ids: MessageId[]): Uint8Array {
  const filter = new Uint8Array(jsWakuWire.bloom.byteLength);
  for (const id of ids) for (const p of bloomPositions(jsWakuWire.bloom, id)) setBit(filter, p);
  return filter;
}

describe("DeliveryTracker", () => {
  it("follows causal histories back through others' messages, ours and syncs", () => {
    const tracker = new DeliveryTracker({ self: "p0" });
    tracker.sent(content("p0", "a1", []), 1, ["p1", "p2"]);
    tracker.sent(content("p0", "a2", ["b1"]), 1, ["p1", "p2"]);
    // p1's message b1 names a1; our a2 names b1. p2 names only a2: it has b1, hence a1.
    expect(tracker.observe(content("p1", "b1", ["a1"]), isMember).map((o) => o.messageId)).toEqual([]);
    // p1 had a1 (b1 named it); now p2 has it too.
    expect(tracker.observe(content("p2", "c1", ["a2"]), isMember).map((o) => o.messageId)).toEqual(["a1"]);
    expect([...(tracker.get("a1")?.known ?? [])].sort()).toEqual(["p1", "p2"]);
    expect([...(tracker.get("a2")?.known ?? [])]).toEqual(["p2"]);
    // p1's sync names c1 (p2's message, which names a2): a2 is everyone's now.
    const { content: _content, ...sync } = content("p1", "s1", ["c1"]);
    expect(tracker.observe(sync, isMember).map((o) => o.messageId)).toEqual(["a2"]);
  });

  it("learns a history that arrives after a member was known to have its message", () => {
    const tracker = new DeliveryTracker({ self: "p0" });
    tracker.sent(content("p0", "a1", []), 1, ["p1", "p2"]);
    tracker.observe(content("p1", "b1", ["a1"]), isMember);
    // p2 names x1 before we have x1; when x1 arrives (it names a1), p2 has a1.
    tracker.observe(content("p2", "c1", ["x1"]), isMember);
    expect(tracker.get("a1")?.known.has("p2")).toBe(false);
    expect(tracker.observe(content("p1", "x1", ["a1"]), isMember).map((o) => o.messageId)).toEqual(["a1"]);
  });

  it("takes a bloom hit for possibly, never for known; ignores what a non-member names", () => {
    const tracker = new DeliveryTracker({ self: "p0", bloom: bloomCheck(jsWakuWire) });
    tracker.sent(content("p0", "a1", []), 1, ["p1", "p2"]);
    tracker.sent(content("p0", "a2", []), 1, ["p1", "p2"]);
    tracker.observe(content("p1", "b1", [], filterOf("a1")), isMember);
    expect([...(tracker.get("a1")?.possibly ?? [])]).toEqual(["p1"]);
    expect(tracker.get("a1")?.known.size).toBe(0);
    expect(tracker.get("a2")?.possibly.size).toBe(0);
    expect(tracker.observe(content("stranger", "z1", ["a1", "a2"]), isMember)).toEqual([]);
    expect(tracker.get("a1")?.known.size).toBe(0);
    tracker.observe(content("p1", "b2", ["a1"]), isMember);
    expect(tracker.get("a1")?.known.has("p1")).toBe(true);
    expect(tracker.get("a1")?.possibly.has("p1")).toBe(false);
  });

  it("drops the oldest pending message at its cap and says so", () => {
    const tracker = new DeliveryTracker({ self: "p0", maxPending: 2 });
    tracker.sent(content("p0", "a1", []), 1, ["p1"]);
    tracker.sent(content("p0", "a2", []), 1, ["p1"]);
    expect(tracker.sent(content("p0", "a3", []), 1, ["p1"]).evicted).toBe(true);
    expect(tracker.get("a1")).toBeUndefined();
    expect(tracker.size).toBe(2);
    expect(tracker.evicted).toBe(1);
  });
});

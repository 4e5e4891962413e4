import { describe, expect, it } from "vitest";
import { createSdsCore } from "../src/index.js";

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const nonce = (n: number): Uint8Array => new Uint8Array([n]);

describe("createSdsCore basics", () => {
  it("delivers a message from another participant and acknowledges it through causal history", () => {
    const alice = createSdsCore({ channelId: "room", participantId: "alice" });
    const bob = createSdsCore({ channelId: "room", participantId: "bob" });
    const a1 = alice.send(text("hi"), { now: 1_000, nonce: nonce(1) });
    expect(a1.message.messageId).toMatch(/^[0-9a-f]{64}$/);
    const got = bob.receive(a1.bytes, { now: 1_001 });
    expect(got.outcome).toBe("delivered");
    expect(got.delivered.map((d) => new TextDecoder().decode(d.content))).toEqual(["hi"]);
    const b1 = bob.send(text("hello"), { now: 1_002, nonce: nonce(2) });
    const back = alice.receive(b1.bytes, { now: 1_003 });
    expect(back.acknowledged).toEqual([a1.message.messageId]);
    expect(alice.outgoing()).toEqual([]);
  });

  it("buffers a message until its dependency arrives, then delivers both in causal order", () => {
    const alice = createSdsCore({ channelId: "room", participantId: "alice" });
    const bob = createSdsCore({ channelId: "room", participantId: "bob", joinFrontier: false, joinedAt: 0 });
    const m1 = alice.send(text("1"), { now: 10, nonce: nonce(1) });
    const m2 = alice.send(text("2"), { now: 11, nonce: nonce(2) });
    const first = bob.receive(m2.bytes, { now: 12 });
    expect(first.outcome).toBe("buffered");
    expect(first.missing.map((e) => e.messageId)).toEqual([m1.message.messageId]);
    const second = bob.receive(m1.bytes, { now: 13 });
    expect(second.delivered.map((d) => d.messageId)).toEqual([m1.message.messageId, m2.message.messageId]);
  });
});

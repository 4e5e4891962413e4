import { describe, expect, it } from "vitest";
import { createSdsCore, wakuCompatBloom } from "../src/index.js";
import { nonce, peer, str, text } from "./support/peers.js";

describe("join point", () => {
  it("a newcomer delivers the first messages it hears without waiting for history from before it joined", () => {
    const a = peer("a", { causalHistorySize: 2 });
    for (let i = 0; i < 5; i++) a.send(text(`old${i}`), { now: 1_000 + i, nonce: nonce(i) });
    const newcomer = createSdsCore({
      channelId: "room",
      participantId: "n",
      bloom: wakuCompatBloom,
      joinFrontier: true,
    });
    newcomer.sweep({ now: 2_000 }); // joins at 2 000 ms
    const fresh = a.send(text("fresh"), { now: 2_001, nonce: nonce(9) });
    const got = newcomer.receive(fresh.bytes, { now: 2_002 });
    expect(got.outcome).toBe("delivered");
    expect(got.missing).toEqual([]);
    expect(got.delivered[0]?.skippedDependencies).toHaveLength(2);
    // later messages from the same sender wait for real gaps again
    a.send(text("gap"), { now: 2_003, nonce: nonce(10) });
    const after = a.send(text("after"), { now: 2_004, nonce: nonce(11) });
    expect(newcomer.receive(after.bytes, { now: 2_005 }).outcome).toBe("buffered");
  });

  it("history from before the join (Lamport below it) is delivered when it turns up, without blocking", () => {
    const a = peer("a", { causalHistorySize: 2 });
    a.send(text("older"), { now: 1_000, nonce: nonce(1) });
    const old = a.send(text("old"), { now: 1_001, nonce: nonce(2) });
    const n = createSdsCore({
      channelId: "room",
      participantId: "n",
      bloom: wakuCompatBloom,
      joinedAt: 2_000,
      joinFrontier: true,
    });
    const got = n.receive(old.bytes, { now: 2_500 });
    expect(got.delivered.map((d) => str(d.content))).toEqual(["old"]);
    expect(got.missing).toEqual([]);
    // it was not the sender's first contact: the sender's first live message still marks the frontier
    a.send(text("unseen"), { now: 2_600, nonce: nonce(3) });
    const live = a.send(text("live"), { now: 2_601, nonce: nonce(4) });
    expect(n.receive(live.bytes, { now: 2_602 }).outcome).toBe("delivered");
  });

  it("by default (no frontier) a newcomer waits for a live dependency it has not seen", () => {
    const a = peer("a", { causalHistorySize: 2 });
    const b = peer("b", { causalHistorySize: 2 });
    const n = createSdsCore({
      channelId: "room",
      participantId: "n",
      bloom: wakuCompatBloom,
      joinedAt: 2_000,
    });
    const first = a.send(text("first"), { now: 2_100, nonce: nonce(1) });
    b.receive(first.bytes, { now: 2_101 });
    const reply = b.send(text("reply"), { now: 2_102, nonce: nonce(2) });
    // the reply reaches the newcomer before the message it answers, which is live (after the join)
    const early = n.receive(reply.bytes, { now: 2_103 });
    expect(early.outcome).toBe("buffered");
    expect(early.missing.map((m) => m.messageId)).toEqual([first.message.messageId]);
    const late = n.receive(first.bytes, { now: 2_104 });
    expect(late.delivered.map((d) => str(d.content))).toEqual(["first", "reply"]);
  });

  it("survives export and restore with the join point, clock, log and buffer", () => {
    const a = peer("a", { causalHistorySize: 1 });
    const m1 = a.send(text("1"), { now: 10, nonce: nonce(1) });
    const m2 = a.send(text("2"), { now: 11, nonce: nonce(2) });
    const b = peer("b");
    b.receive(m2.bytes, { now: 12 });
    const mine = b.send(text("b"), { now: 13, nonce: nonce(3) });
    const state = b.exportState();
    const again = peer("b", { restore: state });
    expect(again.lamportTimestamp).toBe(b.lamportTimestamp);
    expect(again.exportState()).toEqual(state);
    expect(again.outgoing().map((o) => o.messageId)).toEqual([mine.message.messageId]);
    expect(again.receive(m1.bytes, { now: 14 }).delivered.map((d) => str(d.content))).toEqual(["1", "2"]);
    expect(again.send(text("b2"), { now: 0, nonce: nonce(3) }).sequence).toBe(2n);
    expect(() => peer("c", { restore: state })).toThrow(/another channel or participant/);
    const slim = again.exportState({ omitLogAndHandled: true, omitOutgoingBytes: true });
    expect([slim.log, slim.handled]).toEqual([[], []]);
    expect(slim.outgoing.map((o) => o.entry.bytes.length)).toEqual([0, 0]);
    expect(slim.lamportTimestamp).toBe(again.lamportTimestamp);
  });

  it("history before `historyFrom` is seen, satisfies its dependents and is never delivered", () => {
    const a = peer("a", { causalHistorySize: 2 });
    const older = a.send(text("older"), { now: 1_000, nonce: nonce(1) });
    const old = a.send(text("old"), { now: 1_500, nonce: nonce(2) });
    const live = a.send(text("live"), { now: 2_100, nonce: nonce(3) });
    const n = peer("n", { joinedAt: 2_000, historyFrom: 2_000 });
    const early = n.receive(live.bytes, { now: 2_101 });
    expect(early.outcome).toBe("buffered");
    const first = n.receive(older.bytes, { now: 2_102 });
    expect([first.outcome, first.delivered]).toEqual(["pre-join", []]);
    const seen = n.receive(old.bytes, { now: 2_103 });
    expect(seen.outcome).toBe("pre-join");
    expect(seen.delivered.map((d) => [str(d.content), d.history])).toEqual([["live", undefined]]);
    expect(n.receive(old.bytes, { now: 2_104 }).outcome).toBe("duplicate");
    expect(n.exportState().historyFrom).toBe(2_000n);
    expect(peer("n", { restore: n.exportState(), historyFrom: 0 }).exportState().historyFrom).toBe(2_000n);
  });

  it("history at or after `historyFrom` is delivered and marked as history", () => {
    const a = peer("a", { causalHistorySize: 2 });
    const older = a.send(text("older"), { now: 1_000, nonce: nonce(1) });
    const old = a.send(text("old"), { now: 1_500, nonce: nonce(2) });
    const n = peer("n", { joinedAt: 2_000, historyFrom: 1_200 });
    expect(n.receive(older.bytes, { now: 2_001 }).outcome).toBe("pre-join");
    const got = n.receive(old.bytes, { now: 2_002 });
    expect(got.delivered.map((d) => [str(d.content), d.history])).toEqual([["old", true]]);
  });

  it("wantHistoryFrom lowers the start of the wanted history, never raises it", () => {
    const a = peer("a", { causalHistorySize: 2 });
    const older = a.send(text("older"), { now: 1_000, nonce: nonce(1) });
    const old = a.send(text("old"), { now: 1_500, nonce: nonce(2) });
    const n = peer("n", { joinedAt: 2_000, historyFrom: 2_000 });
    n.wantHistoryFrom(1_500n);
    n.wantHistoryFrom(1_900n);
    expect(n.exportState().historyFrom).toBe(1_500n);
    expect(n.receive(older.bytes, { now: 2_001 }).outcome).toBe("pre-join");
    expect(n.receive(old.bytes, { now: 2_002 }).delivered.map((d) => d.history)).toEqual([true]);
  });

  it("history asked for is delivered in causal order: it waits for the history it names", () => {
    const a = peer("a", { causalHistorySize: 2 });
    const first = a.send(text("first"), { now: 1_000, nonce: nonce(1) });
    const second = a.send(text("second"), { now: 1_100, nonce: nonce(2) });
    const n = peer("n", { joinedAt: 2_000, historyFrom: 900 });
    const early = n.receive(second.bytes, { now: 2_001 });
    expect([early.outcome, early.missing.map((m) => m.messageId)]).toEqual([
      "buffered",
      [first.message.messageId],
    ]);
    const late = n.receive(first.bytes, { now: 2_002 });
    expect(late.delivered.map((d) => [str(d.content), d.history])).toEqual([
      ["first", true],
      ["second", true],
    ]);
  });
});

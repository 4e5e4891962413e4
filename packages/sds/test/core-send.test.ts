import { InvalidArgumentError } from "@reliable-channel/interfaces";
import { describe, expect, it } from "vitest";
import {
  createSdsCore,
  DEFAULT_CAUSAL_HISTORY_SIZE,
  decodeSdsMessage,
  sdsMessageKind,
  wakuCompatBloom,
} from "../src/index.js";
import { nonce, peer, text } from "./support/peers.js";

describe("send", () => {
  it("stamps max(now, clock + 1) and never goes backwards", () => {
    const a = peer("a");
    expect(a.send(text("1"), { now: 100, nonce: nonce(1) }).message.lamportTimestamp).toBe(100n);
    expect(a.send(text("2"), { now: 100, nonce: nonce(2) }).message.lamportTimestamp).toBe(101n);
    expect(a.send(text("3"), { now: 50, nonce: nonce(3) }).message.lamportTimestamp).toBe(102n);
    expect(a.send(text("4"), { now: 500, nonce: nonce(4) }).message.lamportTimestamp).toBe(500n);
    expect(a.lamportTimestamp).toBe(500n);
  });

  it("gives identical payloads distinct 64-hex ids, from sequence and nonce", () => {
    const a = peer("a");
    const one = a.send(text("same"), { now: 1, nonce: nonce(7) });
    const two = a.send(text("same"), { now: 1, nonce: nonce(7) });
    expect(one.message.messageId).not.toBe(two.message.messageId);
    expect([one.sequence, two.sequence]).toEqual([1n, 2n]);
    for (const id of [one.message.messageId, two.message.messageId]) expect(id).toMatch(/^[0-9a-f]{64}$/);
    // same inputs on a fresh core give the same id (stable across restarts with the same sequence)
    expect(peer("a").send(text("same"), { now: 9, nonce: nonce(7) }).message.messageId).toBe(
      one.message.messageId,
    );
  });

  it("carries the last causalHistorySize log entries, the bloom filter and the content", () => {
    const a = peer("a");
    const sent = Array.from({ length: 5 }, (_, i) => a.send(text(`m${i}`), { now: i + 1, nonce: nonce(i) }));
    const last = sent[4];
    expect(last?.message.causalHistory.map((e) => e.messageId)).toEqual(
      sent.slice(4 - DEFAULT_CAUSAL_HISTORY_SIZE, 4).map((s) => s.message.messageId),
    );
    expect(last?.message.causalHistory.every((e) => e.senderId === "a")).toBe(true);
    const decoded = decodeSdsMessage(last?.bytes ?? new Uint8Array());
    expect(sdsMessageKind(decoded)).toBe("content");
    expect(decoded.bloomFilter?.length).toBe(1_800);
    expect(a.outgoing().map((o) => o.messageId)).toEqual(sent.map((s) => s.message.messageId));
  });

  it("attaches the bloom filter to every sendEvery-th content message and to every sync message", () => {
    const a = peer("a", { bloom: wakuCompatBloom });
    const sizes = [1, 2, 3, 4].map(
      (i) => a.send(text(`${i}`), { now: i, nonce: nonce(i) }).message.bloomFilter?.length,
    );
    expect(sizes).toEqual([18_752, undefined, 18_752, undefined]);
    expect(a.sync({ now: 5 }).message.bloomFilter?.length).toBe(18_752);
    const every = peer("b");
    expect(every.send(text("x"), { now: 1, nonce: nonce(1) }).message.bloomFilter?.length).toBe(1_800);
    expect(every.send(text("y"), { now: 2, nonce: nonce(2) }).message.bloomFilter?.length).toBe(1_800);
  });

  it("puts a recorded retrieval hint in later causal histories", () => {
    const a = peer("a", { causalHistorySize: 1 });
    const first = a.send(text("1"), { now: 1, nonce: nonce(1) });
    a.recordRetrievalHint(first.message.messageId, new Uint8Array([9, 9]));
    const second = a.send(text("2"), { now: 2, nonce: nonce(2) });
    expect(second.message.causalHistory).toEqual([
      { messageId: first.message.messageId, retrievalHint: new Uint8Array([9, 9]), senderId: "a" },
    ]);
  });

  it("rejects empty content and bad options with InvalidArgumentError", () => {
    const a = peer("a");
    expect(() => a.send(new Uint8Array(), { now: 1, nonce: nonce(1) })).toThrow(InvalidArgumentError);
    expect(() => a.ephemeral(new Uint8Array(), { nonce: nonce(1) })).toThrow(InvalidArgumentError);
    expect(() => createSdsCore({ channelId: "", participantId: "a" })).toThrow(InvalidArgumentError);
    expect(() => peer("a", { causalHistorySize: 0 })).toThrow(InvalidArgumentError);
  });
});

describe("sync and ephemeral messages", () => {
  it("sync carries Lamport, history and bloom, and is neither stored nor put in later histories", () => {
    const a = peer("a");
    const m1 = a.send(text("1"), { now: 10, nonce: nonce(1) });
    const s = a.sync({ now: 10 });
    expect(sdsMessageKind(s.message)).toBe("sync");
    expect(s.message.lamportTimestamp).toBe(11n);
    expect(s.message.causalHistory.map((e) => e.messageId)).toEqual([m1.message.messageId]);
    const m2 = a.send(text("2"), { now: 10, nonce: nonce(2) });
    expect(m2.message.causalHistory.map((e) => e.messageId)).toEqual([m1.message.messageId]);
    expect(a.outgoing()).toHaveLength(2);
  });

  it("ephemeral has content only and is delivered at once, never logged or acknowledged", () => {
    const a = peer("a");
    const b = peer("b");
    const e = a.ephemeral(text("typing"), { nonce: nonce(1) });
    expect(e.message.lamportTimestamp).toBeUndefined();
    expect(e.message.causalHistory).toEqual([]);
    expect(e.message.bloomFilter).toBeUndefined();
    expect(a.outgoing()).toEqual([]);
    const got = b.receive(e.bytes, { now: 1 });
    expect(got.outcome).toBe("ephemeral");
    expect(got.delivered.map((d) => d.messageId)).toEqual([e.message.messageId]);
    const next = b.send(text("x"), { now: 2, nonce: nonce(2) });
    expect(next.message.causalHistory).toEqual([]);
  });
});
